"""Samples of the in-place binary ops (add_, multiply_, gt_, ...): the samples of the op without the underscore
whose result keeps the first operand's shape and dtype (an in-place op cannot grow its target)."""

import torch

from tests.ttnn.op_samples import Sample, eltwise_binary, eltwise_math

_BASES = {**eltwise_binary.SAMPLES, **eltwise_math.SAMPLES}
_OPS = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "rsub",
    "squared_difference",
    "bias_gelu",
    "gt",
    "ge",
    "lt",
    "le",
    "eq",
    "ne",
    "logical_and",
    "logical_or",
    "logical_xor",
    "ldexp",
    "logaddexp",
    "logaddexp2",
]


def _fits(sample: Sample) -> bool:
    first = sample.args[0]
    if not isinstance(first, torch.Tensor) or {"dtype", "output_tensor"} & set(sample.kwargs):
        return False
    shapes = [a.shape for a in sample.args[:2] if isinstance(a, torch.Tensor)]
    return torch.broadcast_shapes(*shapes) == first.shape and all(
        a.dtype == first.dtype for a in sample.args[:2] if isinstance(a, torch.Tensor)
    )


SAMPLES = {f"{op}_": [s for s in _BASES[op] if _fits(s)] for op in _OPS}
