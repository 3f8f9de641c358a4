"""Goldens of the reductions: torch's reduction over the stored values in float32 (the harness rounds the
result to the output dtype). Index outputs follow the first occurrence of a tie, as the device does.
Integer inputs arrive as int64; sums are wrapped to int32 as the device's 32-bit adder wraps them."""

import torch

from ttnn.golden import golden


def _dims(x, dim):
    if dim is None or (isinstance(dim, list | tuple) and len(dim) == 0):
        return tuple(range(x.dim()))
    return tuple(dim) if isinstance(dim, list | tuple) else (dim,)


def _fold(fn, x, dim, keepdim):
    """Applies a one-dim torch reduction over several dims (torch.prod takes only one)."""
    dims = sorted({d % max(x.dim(), 1) for d in _dims(x, dim)}, reverse=True)
    shape = [1 if i in dims else n for i, n in enumerate(x.shape) if keepdim or i not in dims]
    for d in dims:
        x = fn(x, d)
    return x.reshape(shape)


def _wrap(result):
    """An integer result modulo 2^32 in int32's range (the device sums int32 that way; torch sums int64)."""
    return result if result.is_floating_point() else result.to(torch.int32).long()


@golden("sum")
def sum_(input_tensor, dim=None, keepdim=False, memory_config=None):
    return _wrap(torch.sum(input_tensor, dim=_dims(input_tensor, dim), keepdim=keepdim))


@golden("mean")
def mean(input_tensor, dim=None, keepdim=False, memory_config=None):
    return torch.mean(input_tensor, dim=_dims(input_tensor, dim), keepdim=keepdim)


@golden("max")
def max_(input_tensor, dim=None, keepdim=False, memory_config=None):
    return _fold(lambda x, d: torch.amax(x, d, keepdim=True), input_tensor, dim, keepdim)


@golden("min")
def min_(input_tensor, dim=None, keepdim=False, memory_config=None):
    return _fold(lambda x, d: torch.amin(x, d, keepdim=True), input_tensor, dim, keepdim)


@golden("prod")
def prod(input_tensor, dim=None, keepdim=False, memory_config=None):
    return _fold(lambda x, d: torch.prod(x, d, keepdim=True), input_tensor, dim, keepdim)


@golden("all")
def all_(input_tensor, dim=None, keepdim=False, memory_config=None):
    return _fold(lambda x, d: torch.all(x != 0, d, keepdim=True), input_tensor, dim, keepdim).float()


@golden("any")
def any_(input_tensor, dim=None, keepdim=False, memory_config=None):
    return _fold(lambda x, d: torch.any(x != 0, d, keepdim=True), input_tensor, dim, keepdim).float()


def _correction(correction, unbiased):
    if unbiased is not None:
        return 1.0 if unbiased else 0.0
    return 1.0 if correction is None else float(correction)


@golden("var")
def var(input_tensor, dim=None, keepdim=False, correction=None, unbiased=None, memory_config=None):
    c = _correction(correction, unbiased)
    return torch.var(input_tensor, dim=_dims(input_tensor, dim), keepdim=keepdim, correction=c)


@golden("std")
def std(input_tensor, dim=None, keepdim=False, correction=None, unbiased=None, memory_config=None):
    c = _correction(correction, unbiased)
    return torch.std(input_tensor, dim=_dims(input_tensor, dim), keepdim=keepdim, correction=c)


def _arg(fn, input_tensor, dim, keepdim):
    if isinstance(dim, list | tuple):
        dim = dim[0] if dim else None
    if dim is None and keepdim:
        return fn(input_tensor.flatten()).reshape([1] * input_tensor.dim())
    return fn(input_tensor) if dim is None else fn(input_tensor, dim, keepdim=keepdim)


@golden("argmax")
def argmax(input_tensor, dim=None, keepdim=False, memory_config=None):
    return _arg(torch.argmax, input_tensor, dim, keepdim)


@golden("argmin")
def argmin(input_tensor, dim=None, keepdim=False, memory_config=None):
    return _arg(torch.argmin, input_tensor, dim, keepdim)


def _accumulation(fn):
    def accumulation_golden(input_tensor, dim, memory_config=None, dtype=None, reverse_order=False, out=None):
        import ttnn

        if dtype is not None:  # the input is converted first: to float32, or truncated to int32
            input_tensor = input_tensor.float() if dtype in (ttnn.float32, ttnn.bfloat16) else input_tensor.long()
        if reverse_order:
            return _wrap(fn(input_tensor.flip(dim), dim).flip(dim))
        return _wrap(fn(input_tensor, dim))

    return accumulation_golden


golden("cumsum")(_accumulation(torch.cumsum))
golden("cumprod")(_accumulation(torch.cumprod))


@golden("topk")
def topk(input_tensor, k, dim=-1, largest=True, sorted=True, memory_config=None):
    # A stable sort ranks tied values by index (torch.topk's own tie order is unspecified).
    values, indices = torch.sort(input_tensor, dim=dim, descending=largest, stable=True)
    return values.narrow(dim, 0, k).contiguous(), indices.narrow(dim, 0, k).contiguous()


@golden("sum_to_shape")
def sum_to_shape(input_tensor, shape, memory_config=None):
    lead = input_tensor.dim() - len(shape)
    dims = list(range(lead)) + [lead + i for i, n in enumerate(shape) if n == 1 and input_tensor.shape[lead + i] != 1]
    summed = input_tensor.sum(dim=dims, keepdim=True) if dims else input_tensor
    return summed.reshape(list(shape))
