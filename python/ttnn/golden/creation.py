"""Goldens of the creation ops. Values come back as the device returns them (float32 or int64); the harness
rounds them to the output dtype. ``empty`` has no defined values: its golden is marked so the harness checks
only the shape."""

import torch

import ttnn
from ttnn.golden import golden

_INT_DTYPES = (ttnn.int32, ttnn.uint32, ttnn.uint16, ttnn.uint8)


def _kind(dtype, like=None):
    if dtype is None:
        return like.dtype if like is not None else torch.float32
    return torch.int64 if dtype in _INT_DTYPES else torch.float32


@golden("full")
def full(shape, fill_value, dtype=None, layout=None, device=None, memory_config=None):
    return torch.full(list(shape), fill_value, dtype=torch.float64).to(_kind(dtype))


@golden("zeros")
def zeros(shape, dtype=None, layout=None, device=None, memory_config=None):
    return torch.zeros(list(shape), dtype=_kind(dtype))


@golden("ones")
def ones(shape, dtype=None, layout=None, device=None, memory_config=None):
    return torch.ones(list(shape), dtype=_kind(dtype))


@golden("empty")
def empty(shape, dtype=None, layout=None, device=None, memory_config=None):
    result = torch.empty(list(shape), dtype=_kind(dtype))
    result.values_unspecified = True
    return result


@golden("full_like")
def full_like(input_tensor, fill_value, dtype=None, layout=None, device=None, memory_config=None):
    return torch.full(input_tensor.shape, fill_value, dtype=torch.float64).to(_kind(dtype, input_tensor))


@golden("zeros_like")
def zeros_like(input_tensor, dtype=None, layout=None, device=None, memory_config=None):
    return torch.zeros(input_tensor.shape, dtype=_kind(dtype, input_tensor))


@golden("ones_like")
def ones_like(input_tensor, dtype=None, layout=None, device=None, memory_config=None):
    return torch.ones(input_tensor.shape, dtype=_kind(dtype, input_tensor))


@golden("arange")
def arange(start, end=None, step=1, dtype=None, device=None, layout=None, memory_config=None):
    if end is None:
        start, end = 0, start
    kind = _kind(dtype)
    if kind == torch.int64 and all(float(v).is_integer() for v in (start, step)):
        return torch.arange(start, end, step, dtype=torch.int64)
    # float32's accumulate type is double: each value is start + i * step in double, cast once.
    return torch.arange(start, end, step, dtype=torch.float64).float().to(kind)
