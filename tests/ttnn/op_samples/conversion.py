"""Samples of the conversion ops (to_layout, typecast, reshape, clone)."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)
_ODD = [(1,), (7,), (33,), (45, 65), (2, 3, 33, 7)]


def _shape_name(shape) -> str:
    return "x".join(map(str, shape))


SAMPLES = {
    "to_layout": [Sample(_shape_name(s), (torch.randn(s), ttnn.TILE_LAYOUT)) for s in _ODD]
    + [Sample(f"{_shape_name(s)}-to-rm", (torch.randn(s), ttnn.ROW_MAJOR_LAYOUT)) for s in _ODD[-2:]],
    "typecast": [
        Sample("45x65-to-fp32", (torch.randn(45, 65), ttnn.float32)),
        Sample("45x65-to-bf16", (torch.randn(45, 65), ttnn.bfloat16)),
        Sample("7x33-to-int32", (torch.randn(7, 33) * 100, ttnn.int32), golden_kwargs=None),
    ],
    "reshape": [
        Sample("45x65-flat", (torch.randn(45, 65), [-1])),
        Sample("2x3x33x7-merge", (torch.randn(2, 3, 33, 7), [6, 231])),
        Sample("empty", (torch.randn(0, 5), [5, 0])),
    ],
    "clone": [Sample(_shape_name(s), (torch.randn(s),)) for s in _ODD],
}

ERRORS = {
    "reshape": [
        ErrorSample("bad-volume", (torch.randn(4, 5), [3, 7]), {}, ValueError, r"reshape"),
    ],
    "typecast": [
        ErrorSample("not-a-dtype", (torch.randn(4, 5), "float32"), {}, TypeError, r"ttnn.typecast: argument 'dtype'"),
    ],
}
