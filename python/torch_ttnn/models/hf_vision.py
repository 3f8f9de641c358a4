"""Vision transformers from ``transformers``, built from their published configurations (no hub access)."""

from __future__ import annotations

from torch_ttnn.models import ModelCase, register
from torch_ttnn.models.sizes import TEST, dims, hf_config


def _image(batch: int, height: int, width: int):
    import torch

    return torch.randn(batch, 3, height, width, generator=torch.Generator().manual_seed(1))


def _fields(*names: str):
    return lambda out: [getattr(out, n) for n in names]


@register("YOLOS")
def yolos(size: str) -> ModelCase:
    from transformers import YolosConfig, YolosForObjectDetection

    # hustvl/yolos-tiny: 192 wide, 12 layers, 3 heads, 100 detection tokens, no mid-layer position
    # embeddings, evaluated at 512x864.
    report = size == "report"
    config = hf_config(
        YolosConfig,
        dims(size, {"hidden": 192, "layers": 12, "heads": 3, "intermediate": 768, "patch": 16}),
        image_size=[800, 1333] if report else [TEST["image"]] * 2,
        num_detection_tokens=100 if report else 10,
        use_mid_position_embeddings=False,
        num_labels=91,
    )
    height, width = (512, 864) if report else (TEST["image"], TEST["image"])
    model = YolosForObjectDetection(config)
    return ModelCase(model, (_image(1, height, width),), outputs=_fields("logits", "pred_boxes"))


@register("facebook/deit-base-patch16-224")
def deit(size: str) -> ModelCase:
    from transformers import ViTConfig, ViTForImageClassification

    # facebook/deit-base-patch16-224 is a ViT (model_type "vit") trained the DeiT way.
    published = {"hidden": 768, "layers": 12, "heads": 12, "intermediate": 3072, "image": 224, "patch": 16}
    config = hf_config(ViTConfig, dims(size, {**published, "labels": 1000}))
    model = ViTForImageClassification(config)
    return ModelCase(model, (_image(1, config.image_size, config.image_size),), outputs=_fields("logits"))


def _beit(hidden: int, layers: int, heads: int, intermediate: int):
    def builder(size: str) -> ModelCase:
        from transformers import BeitConfig, BeitForImageClassification

        # microsoft/beit-*-patch16-224: relative position bias per layer, layer scale, mean pooling.
        common = {
            "use_relative_position_bias": True,
            "use_absolute_position_embeddings": False,
            "layer_scale_init_value": 0.1,
            "use_mean_pooling": True,
        }
        published = {"hidden": hidden, "layers": layers, "heads": heads, "intermediate": intermediate}
        config = hf_config(BeitConfig, dims(size, {**published, "image": 224, "patch": 16, "labels": 1000}), **common)
        model = BeitForImageClassification(config)
        return ModelCase(model, (_image(1, config.image_size, config.image_size),), outputs=_fields("logits"))

    return builder


register("microsoft/beit-base-patch16-224")(_beit(768, 12, 12, 3072))
register("microsoft/beit-large-patch16-224")(_beit(1024, 24, 16, 4096))
