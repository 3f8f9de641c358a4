"""Vision transformers from ``transformers``, built from their published configurations (no hub access)."""

from __future__ import annotations

from torch_ttnn.models import ModelCase, register

# Test size: the same architecture, two layers, 64 wide, on a small image.
_TEST = {"hidden": 64, "heads": 4, "intermediate": 128, "layers": 2, "image": 32, "patch": 8}


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
    if size == "report":
        config = YolosConfig(
            hidden_size=192,
            num_hidden_layers=12,
            num_attention_heads=3,
            intermediate_size=768,
            image_size=[800, 1333],
            num_detection_tokens=100,
            use_mid_position_embeddings=False,
            num_labels=91,
        )
        height, width = 512, 864
    else:
        t = _TEST
        config = YolosConfig(
            hidden_size=t["hidden"],
            num_hidden_layers=t["layers"],
            num_attention_heads=t["heads"],
            intermediate_size=t["intermediate"],
            image_size=[t["image"], t["image"]],
            patch_size=t["patch"],
            num_detection_tokens=10,
            use_mid_position_embeddings=False,
            num_labels=91,
        )
        height = width = t["image"]
    model = YolosForObjectDetection(config)
    return ModelCase(model, (_image(1, height, width),), outputs=_fields("logits", "pred_boxes"))


@register("facebook/deit-base-patch16-224")
def deit(size: str) -> ModelCase:
    from transformers import ViTConfig, ViTForImageClassification

    # facebook/deit-base-patch16-224 is a ViT (model_type "vit") trained the DeiT way.
    if size == "report":
        config = ViTConfig(
            hidden_size=768,
            num_hidden_layers=12,
            num_attention_heads=12,
            intermediate_size=3072,
            image_size=224,
            patch_size=16,
            num_labels=1000,
        )
    else:
        t = _TEST
        config = ViTConfig(
            hidden_size=t["hidden"],
            num_hidden_layers=t["layers"],
            num_attention_heads=t["heads"],
            intermediate_size=t["intermediate"],
            image_size=t["image"],
            patch_size=t["patch"],
            num_labels=10,
        )
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
        if size == "report":
            config = BeitConfig(
                hidden_size=hidden,
                num_hidden_layers=layers,
                num_attention_heads=heads,
                intermediate_size=intermediate,
                image_size=224,
                patch_size=16,
                num_labels=1000,
                **common,
            )
        else:
            t = _TEST
            config = BeitConfig(
                hidden_size=t["hidden"],
                num_hidden_layers=t["layers"],
                num_attention_heads=t["heads"],
                intermediate_size=t["intermediate"],
                image_size=t["image"],
                patch_size=t["patch"],
                num_labels=10,
                **common,
            )
        model = BeitForImageClassification(config)
        return ModelCase(model, (_image(1, config.image_size, config.image_size),), outputs=_fields("logits"))

    return builder


register("microsoft/beit-base-patch16-224")(_beit(768, 12, 12, 3072))
register("microsoft/beit-large-patch16-224")(_beit(1024, 24, 16, 4096))
