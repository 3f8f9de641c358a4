"""Samples of TT-NN's composite element-wise ops: addalpha, subalpha, prelu, logit, comparisons with zero."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)

_ALPHA = [
    Sample("45x65-alpha2.5", (torch.randn(45, 65), torch.randn(45, 65), 2.5)),
    Sample("broadcast-2x33x7+7", (torch.randn(2, 33, 7), torch.randn(7), -0.5)),
    Sample("rank1-7", (torch.randn(7), torch.randn(7), 1.0)),
    Sample("empty", (torch.randn(0, 5), torch.randn(5), 3.0)),
    Sample(
        "bfloat8_b",
        (torch.randn(2, 45, 65), torch.randn(45, 65), 0.5),
        dtypes=(ttnn.bfloat8_b,),
        layouts=(ttnn.TILE_LAYOUT,),
    ),
]

SAMPLES = {
    "addalpha": _ALPHA,
    "subalpha": _ALPHA,
    "prelu": [
        Sample("number-weight", (torch.randn(45, 65) * 3, 0.25)),
        Sample("one-value", (torch.randn(2, 33, 7), torch.tensor([0.1]))),
        Sample("per-channel-2x3x33x7", (torch.randn(2, 3, 33, 7), torch.tensor([0.1, -0.5, 2.0]))),
        Sample("per-channel-rank2", (torch.randn(45, 65), torch.rand(65))),
        Sample("empty", (torch.randn(0, 3), 0.2)),
    ],
    "logit": [
        Sample("inside-45x65", (torch.rand(45, 65) * 0.98 + 0.01,)),
        Sample("eps-clamps", (torch.rand(2, 33, 7) * 1.4 - 0.2,), {"eps": 0.05}),
        Sample("rank1-7", (torch.tensor([0.5, 0.25, 0.75, 0.1, 0.9, 0.3, 0.6]),)),
        Sample("empty", (torch.rand(0, 5),)),
    ],
}

_SIGNS = torch.tensor([-2.0, -0.0, 0.0, 1.5, float("nan"), float("inf"), -float("inf")])
for _op in ("gtz", "ltz", "gez", "lez", "eqz", "nez"):
    SAMPLES[_op] = [
        Sample("coarse-45x65", (torch.randint(-2, 3, (45, 65)).float(),)),
        Sample("specials", (_SIGNS,)),
        Sample("empty", (torch.randn(0, 4),)),
        Sample("bfloat8_b", (torch.randn(2, 33, 7),), dtypes=(ttnn.bfloat8_b,), layouts=(ttnn.TILE_LAYOUT,)),
    ]

ERRORS = {
    "prelu": [
        ErrorSample(
            "channels", (torch.randn(2, 3, 4), torch.randn(5)), {}, ValueError, r"ttnn.prelu: weight must hold"
        ),
    ],
}
