"""Samples of the normalization family: softmax variants, layer_norm, rms_norm, group_norm, batch_norm."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)

_BFP8 = dict(dtypes=(ttnn.bfloat8_b,), layouts=(ttnn.TILE_LAYOUT,))


def _softmax_samples():
    return [
        Sample("2x3x45x65-last", (torch.randn(2, 3, 45, 65),)),
        Sample("2x3x45x65-dim-2", (torch.randn(2, 3, 45, 65),), {"dim": -2}),
        Sample("2x3x45x65-dim0", (torch.randn(2, 3, 45, 65),), {"dim": 0}),
        Sample("rank1-7", (torch.randn(7) * 4,)),
        Sample("1", (torch.randn(1),)),
        Sample("33x1-dim1", (torch.randn(33, 1),), {"dim": 1}),
        Sample("empty-0x5", (torch.randn(0, 5),)),
        Sample("large-4x12x128x128", (torch.randn(4, 12, 128, 128) * 3,)),
        Sample("bfp8", (torch.randn(2, 64, 96),), **_BFP8),
    ]


SAMPLES = {
    "softmax": _softmax_samples(),
    "log_softmax": _softmax_samples()[:-1],
    "scale_mask_softmax": [
        Sample("mask-broadcast", (torch.randn(2, 3, 45, 65), 0.125, torch.randn(2, 1, 1, 65))),
        Sample("mask-full", (torch.randn(2, 45, 65), 0.5, torch.randn(2, 45, 65))),
        Sample("mask-neg-inf", (torch.randn(7, 33), 1.0, torch.where(torch.rand(7, 33) > 0.3, 0.0, float("-inf")))),
        Sample("no-mask-no-scale", (torch.randn(7, 33),)),
    ],
    "transformer.attention_softmax": [
        Sample(
            "head64-mask",
            (torch.randn(1, 12, 33, 33) * 8,),
            {"head_size": 64, "attention_mask": torch.randn(1, 1, 1, 33)},
        ),
        Sample("no-head-size", (torch.randn(2, 7, 45),)),
    ],
    "layer_norm": [
        Sample(
            "2x45x65-affine",
            (torch.randn(2, 45, 65) * 3 + 1,),
            {"epsilon": 1e-5, "weight": torch.randn(65), "bias": torch.randn(65)},
        ),
        Sample("plain-7", (torch.randn(7),), {"epsilon": 1e-5}),
        Sample(
            "residual",
            (torch.randn(3, 33, 64),),
            {"residual_input_tensor": torch.randn(3, 33, 64), "weight": torch.randn(1, 64)},
        ),
        Sample("1x1", (torch.randn(1, 1),), {"epsilon": 1e-5}),
        Sample("empty-0x5", (torch.randn(0, 5),), {"epsilon": 1e-5}),
        Sample(
            "large-256x1024",
            (torch.randn(256, 1024),),
            {"epsilon": 1e-12, "weight": torch.randn(1024), "bias": torch.randn(1024)},
        ),
        Sample("bfp8", (torch.randn(64, 96),), {"epsilon": 1e-5}, **_BFP8),
    ],
    "rms_norm": [
        Sample("2x45x65-weight", (torch.randn(2, 45, 65),), {"epsilon": 1e-6, "weight": torch.randn(65)}),
        Sample(
            "bias-residual",
            (torch.randn(3, 33, 64),),
            {"weight": torch.randn(64), "bias": torch.randn(64), "residual_input_tensor": torch.randn(3, 33, 64)},
        ),
        Sample("rank1-7", (torch.randn(7),)),
        Sample("empty-0x5", (torch.randn(0, 5),)),
    ],
    "group_norm": [
        Sample(
            "2x1x49x32-g8",
            (torch.randn(2, 1, 49, 32),),
            {"num_groups": 8, "epsilon": 1e-5, "weight": torch.randn(32), "bias": torch.randn(32)},
        ),
        Sample("2x7x5x12-g3", (torch.randn(2, 7, 5, 12) * 2 + 1,), {"num_groups": 3, "epsilon": 1e-5}),
        Sample("3x45-g1", (torch.randn(3, 45),), {"num_groups": 1, "epsilon": 1e-5}),
    ],
    "batch_norm": [
        Sample(
            "train-4x3x7x9",
            (torch.randn(4, 3, 7, 9) * 2 + 1,),
            {
                "running_mean": torch.zeros(3),
                "running_var": torch.ones(3),
                "training": True,
                "weight": torch.randn(3),
                "bias": torch.randn(3),
            },
        ),
        Sample("train-no-stats-16x5", (torch.randn(16, 5),), {"training": True}),
        Sample(
            "eval-2x33x5",
            (torch.randn(2, 33, 5),),
            {"running_mean": torch.randn(33), "running_var": torch.rand(33) + 0.5, "eps": 1e-3},
        ),
        Sample(
            "eval-tt-shape-stats",
            (torch.randn(2, 4, 6, 6),),
            {
                "running_mean": torch.randn(1, 4, 1, 1),
                "running_var": torch.rand(1, 4, 1, 1) + 0.5,
                "weight": torch.randn(4),
            },
        ),
    ],
}
# The statistics entry point takes the same inputs.
SAMPLES["batch_norm_with_stats"] = SAMPLES["batch_norm"]


ERRORS = {
    "softmax": [
        ErrorSample(
            "dim",
            (torch.randn(4, 5),),
            {"dim": 2},
            IndexError,
            r"ttnn.softmax: dim out of range; expected -2 <= dim < 2, got 2",
        )
    ],
    "layer_norm": [
        ErrorSample(
            "weight-size",
            (torch.randn(4, 5), 1e-5, torch.randn(4)),
            {},
            ValueError,
            r"ttnn.layer_norm: weight must hold one value per channel; expected 5 values",
        )
    ],
    "scale_mask_softmax": [
        ErrorSample(
            "mask-shape",
            (torch.randn(4, 5), 1.0, torch.randn(3, 5)),
            {},
            ValueError,
            r"ttnn.scale_mask_softmax: mask must broadcast to the input",
        )
    ],
    "group_norm": [
        ErrorSample(
            "groups",
            (torch.randn(2, 4, 6),),
            {"num_groups": 4},
            ValueError,
            r"ttnn.group_norm: num_groups must divide the channels \(last dim\); expected a divisor of 6, got 4",
        )
    ],
    "batch_norm": [
        ErrorSample(
            "eval-no-stats",
            (torch.randn(2, 3, 4),),
            {},
            ValueError,
            r"ttnn.batch_norm: inference needs running_mean and running_var",
        )
    ],
}
