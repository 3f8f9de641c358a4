"""The zoo's vision models from ``transformers`` (see models.zoo): ViT-family and windowed-attention
transformers, hybrid and convolutional classifiers, and segmenters. Test size: a 32x32 image (64x64 where
the architecture downsamples by 32 or more), two narrow stages."""

from __future__ import annotations

from torch_ttnn.models.zoo import TEXT_TEST, Spec, register_table

_VIT_TEST = TEXT_TEST | {"image_size": 32, "patch_size": 8}
_VIT_BASE = {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072}
_SWIN = {"embed_dim": 96, "depths": [2, 2, 6, 2], "num_heads": [3, 6, 12, 24]}
_SWIN_TEST = {"image_size": 32, "patch_size": 4, "embed_dim": 16, "depths": [2, 2], "num_heads": [1, 2]}
_SWIN_TEST |= {"window_size": 4, "num_labels": 10}
_CONVNEXT_TEST = {"hidden_sizes": [8, 16], "depths": [1, 1], "num_stages": 2, "num_labels": 10}
_RESNET_TEST = {"embedding_size": 8, "hidden_sizes": [16, 32], "depths": [1, 1], "num_labels": 10}

_STAGES = {"out_features": ["stage1", "stage2", "stage3", "stage4"]}  # UperNet reads all four stages
_CONVNEXT_TINY = _STAGES | {"hidden_sizes": [96, 192, 384, 768]}


def _image(config: str, model: str, published: dict, test: dict, side: int = 224, test_side: int = 32, **kw):
    return Spec(config, model, published, test, "image", side, test_side, **kw)


TABLE = {
    "google/vit-base-patch16-224": _image(
        "ViTConfig", "ViTForImageClassification", _VIT_BASE | {"num_labels": 1000}, _VIT_TEST | {"num_labels": 10}
    ),
    "facebook/deit-small-distilled-patch16-224": _image(
        "DeiTConfig",
        "DeiTForImageClassificationWithTeacher",
        {"hidden_size": 384, "num_hidden_layers": 12, "num_attention_heads": 6, "intermediate_size": 1536},
        _VIT_TEST | {"num_labels": 10},
    ),
    "facebook/dinov2-small": _image(
        "Dinov2Config",
        "Dinov2Model",
        {"hidden_size": 384, "num_hidden_layers": 12, "num_attention_heads": 6, "image_size": 518}
        | {"patch_size": 14, "layerscale_value": 1.0},
        _VIT_TEST,
        side=518,
    ),
    "microsoft/swin-tiny-patch4-window7-224": _image(
        "SwinConfig", "SwinForImageClassification", _SWIN | {"window_size": 7, "num_labels": 1000}, _SWIN_TEST
    ),
    "microsoft/swinv2-tiny-patch4-window8-256": _image(
        "Swinv2Config",
        "Swinv2ForImageClassification",
        _SWIN | {"window_size": 8, "image_size": 256, "num_labels": 1000},
        _SWIN_TEST,
        side=256,
    ),
    "facebook/convnext-tiny-224": _image(
        "ConvNextConfig",
        "ConvNextForImageClassification",
        {"hidden_sizes": [96, 192, 384, 768], "depths": [3, 3, 9, 3], "num_labels": 1000},
        _CONVNEXT_TEST,
    ),
    "facebook/convnextv2-tiny-1k-224": _image(
        "ConvNextV2Config",
        "ConvNextV2ForImageClassification",
        {"hidden_sizes": [96, 192, 384, 768], "depths": [3, 3, 9, 3], "num_labels": 1000},
        _CONVNEXT_TEST,
    ),
    "microsoft/resnet-50": _image(
        "ResNetConfig",
        "ResNetForImageClassification",
        {"embedding_size": 64, "hidden_sizes": [256, 512, 1024, 2048], "depths": [3, 4, 6, 3]}
        | {"layer_type": "bottleneck", "num_labels": 1000},
        _RESNET_TEST,
    ),
    # RegNetY: grouped bottlenecks with squeeze-and-excitation.
    "facebook/regnet-y-040": _image(
        "RegNetConfig",
        "RegNetForImageClassification",
        {"embedding_size": 32, "hidden_sizes": [128, 192, 512, 1088], "depths": [2, 6, 12, 2]}
        | {"groups_width": 64, "layer_type": "y", "num_labels": 1000},
        _RESNET_TEST | {"groups_width": 8},
    ),
    "google/bit-50": _image(
        "BitConfig",
        "BitForImageClassification",
        {"embedding_size": 64, "hidden_sizes": [256, 512, 1024, 2048], "depths": [3, 4, 6, 3]}
        | {"layer_type": "preactivation", "global_padding": None, "num_labels": 1000},
        _RESNET_TEST | {"embedding_size": 32, "hidden_sizes": [128, 256]},  # group norm: 32 groups
    ),
    "google/efficientnet-b0": _image(
        "EfficientNetConfig",
        "EfficientNetForImageClassification",
        {"width_coefficient": 1.0, "depth_coefficient": 1.0, "image_size": 224, "hidden_dim": 1280}
        | {"dropout_rate": 0.2, "num_labels": 1000},
        {"width_coefficient": 0.25, "depth_coefficient": 0.25, "image_size": 32, "hidden_dim": 320, "num_labels": 10},
    ),
    "google/mobilenet_v1_1.0_224": _image(
        "MobileNetV1Config",
        "MobileNetV1ForImageClassification",
        {"depth_multiplier": 1.0, "num_labels": 1001},
        {"depth_multiplier": 0.25, "num_labels": 10},
    ),
    "sail/poolformer_s12": _image(
        "PoolFormerConfig",
        "PoolFormerForImageClassification",
        {"num_labels": 1000},  # the config's defaults are poolformer_s12
        {"hidden_sizes": [8, 16], "depths": [1, 1], "num_encoder_blocks": 2, "patch_sizes": [7, 3]}
        | {"strides": [4, 2], "padding": [2, 1], "num_labels": 10},
    ),
    "apple/mobilevit-small": _image(
        "MobileViTConfig",
        "MobileViTForImageClassification",
        {"num_labels": 1000},  # the config's defaults are mobilevit-small
        {"hidden_sizes": [16, 16, 16], "neck_hidden_sizes": [8, 8, 16, 16, 16, 16, 32], "num_labels": 10}
        | {"image_size": 64},
        side=256,
        test_side=64,
    ),
    # Segmenters.
    "nvidia/segformer-b0-finetuned-ade-512-512": _image(
        "SegformerConfig",
        "SegformerForSemanticSegmentation",
        {"num_labels": 150},  # the config's defaults are mit-b0
        {"hidden_sizes": [8, 16, 16, 32], "depths": [1, 1, 1, 1], "num_attention_heads": [1, 1, 2, 2]}
        | {"decoder_hidden_size": 32, "num_labels": 10},
        side=512,
        test_side=64,
    ),
    "apple/deeplabv3-mobilevit-small": _image(
        "MobileViTConfig",
        "MobileViTForSemanticSegmentation",
        {"num_labels": 21},
        {"hidden_sizes": [16, 16, 16], "neck_hidden_sizes": [8, 8, 16, 16, 16, 16, 32], "num_labels": 10}
        | {"image_size": 64, "aspp_out_channels": 16},
        side=512,
        test_side=64,
    ),
    "openmmlab/upernet-convnext-tiny": _image(
        "UperNetConfig",
        "UperNetForSemanticSegmentation",
        # hidden_sizes given as a list: ConvNextConfig's default is a tuple, which its backbone cannot prepend to.
        {"num_labels": 150, "backbone_config": {"model_type": "convnext", "depths": [3, 3, 9, 3]} | _CONVNEXT_TINY}
        | {"hidden_size": 512, "auxiliary_in_channels": 384},
        {"num_labels": 10, "hidden_size": 16, "auxiliary_in_channels": 16}
        | {
            "backbone_config": {"model_type": "convnext", "hidden_sizes": [8, 16, 16, 16], "depths": [1, 1, 1, 1]}
            | _STAGES
        },
        side=512,
        test_side=64,
    ),
    # A training row: one step of fine-tuning a ViT classifier.
    "google/vit-base-patch16-224 (Train)": _image(
        "ViTConfig",
        "ViTForImageClassification",
        _VIT_BASE | {"num_labels": 1000, "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0},
        _VIT_TEST | {"num_labels": 10},
        train=True,
    ),
    # A training row with batch normalization in training mode.
    "microsoft/resnet-50 (Train)": _image(
        "ResNetConfig",
        "ResNetForImageClassification",
        {"embedding_size": 64, "hidden_sizes": [256, 512, 1024, 2048], "depths": [3, 4, 6, 3]}
        | {"layer_type": "bottleneck", "num_labels": 1000},
        _RESNET_TEST,
        train=True,
    ),
}

register_table(__name__, TABLE)
