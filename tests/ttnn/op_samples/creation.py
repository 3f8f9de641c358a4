"""Samples of the creation ops. Each sample names its dtype and layout in its arguments, so it runs once
(``dtypes``/``layouts`` pin the test's own parametrisation); ``DEVICE`` stands for the test's device."""

import torch
import ttnn

from tests.ttnn.op_samples import DEVICE, ErrorSample, Sample

torch.manual_seed(0)
_ONCE = {"dtypes": (ttnn.bfloat16,), "layouts": (ttnn.ROW_MAJOR_LAYOUT,)}
_TILE = ttnn.TILE_LAYOUT
_RM = ttnn.ROW_MAJOR_LAYOUT
_PLACES = [
    ("bf16-rm", ttnn.bfloat16, _RM),
    ("bf16-tile", ttnn.bfloat16, _TILE),
    ("fp32-tile", ttnn.float32, _TILE),
    ("int32-rm", ttnn.int32, _RM),
    ("uint8-tile", ttnn.uint8, _TILE),
    ("bfp8-tile", ttnn.bfloat8_b, _TILE),
]
_SHAPES = [(1,), (7,), (45, 65), (2, 3, 33, 7), (0, 5)]


def _filled(op: str, value=None):
    cases = []
    for name, dtype, layout in _PLACES:
        for shape in _SHAPES:
            args = ([*shape],) if value is None else ([*shape], value)
            kwargs = {"dtype": dtype, "layout": layout, "device": DEVICE}
            cases.append(Sample(f"{name}-{'x'.join(map(str, shape))}", args, kwargs, **_ONCE))
    cases.append(Sample("host-default", ([3, 4],) if value is None else ([3, 4], value), {}, **_ONCE))
    return cases


def _like(value=None):
    cases = []
    for shape in ((7,), (45, 65), (2, 3, 33, 7)):
        args = (torch.randn(shape),) if value is None else (torch.randn(shape), value)
        cases.append(Sample("x".join(map(str, shape)), args))
    args = (torch.randn(45, 65),) if value is None else (torch.randn(45, 65), value)
    cases.append(Sample("to-fp32-rm", args, {"dtype": ttnn.float32, "layout": _RM}, dtypes=(ttnn.bfloat16,)))
    cases.append(
        Sample("int32", (torch.randint(0, 9, (45, 65)),) + (() if value is None else (7,)), dtypes=(ttnn.int32,))
    )
    return cases


SAMPLES = {
    "full": _filled("full", 3.3)
    + [Sample("negative-int", ([45, 65], -7), {"dtype": ttnn.int32, "device": DEVICE}, **_ONCE)],
    "zeros": _filled("zeros"),
    "ones": _filled("ones"),
    "empty": _filled("empty"),
    "full_like": _like(-2.7),
    "zeros_like": _like(),
    "ones_like": _like(),
    "arange": [
        Sample("end-only", (10,), {"device": DEVICE}, **_ONCE),
        Sample("fp32-fraction", (0.0, 1.0, 0.1), {"dtype": ttnn.float32, "device": DEVICE}, **_ONCE),
        Sample("bf16-negative-step", (5, -6, -2), {"device": DEVICE}, **_ONCE),
        Sample("int32", (-3, 100, 7), {"dtype": ttnn.int32, "device": DEVICE}, **_ONCE),
        Sample("int32-tile", (0, 45), {"dtype": ttnn.int32, "layout": _TILE, "device": DEVICE}, **_ONCE),
        Sample("fp32-tile-host", (1.5, 40.0, 0.5), {"dtype": ttnn.float32, "layout": _TILE}, **_ONCE),
        Sample("empty-range", (3, 3), {"device": DEVICE}, **_ONCE),
        Sample("large", (0, 4096 * 8), {"dtype": ttnn.float32, "device": DEVICE}, **_ONCE),
    ],
}

ERRORS = {
    "arange": [
        ErrorSample("zero-step", (0, 10, 0), {}, ValueError, r"ttnn.arange: step must be non-zero"),
        ErrorSample("wrong-sign", (0, 10, -1), {}, ValueError, r"ttnn.arange: the range \[0, 10\) is inconsistent"),
    ],
    "full": [
        ErrorSample("negative-dim", ([3, -1], 1.0), {}, ValueError, r"ttnn.full: dims must be non-negative"),
        ErrorSample(
            "bfp8-row-major", ([3, 4], 1.0), {"dtype": ttnn.bfloat8_b}, ValueError, r"bfloat8_b exists only in TILE"
        ),
    ],
}
