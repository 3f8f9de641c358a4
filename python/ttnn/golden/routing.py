"""Goldens of the routing family (mixture-of-experts layers): sort, histc and the grouped matmul."""

from __future__ import annotations

import torch

from ttnn.golden import golden


@golden("sort")
def sort(input_tensor, dim=-1, descending=False, stable=False, memory_config=None):
    # The op is always stable (a valid unstable order too), so the golden asks torch for the stable order.
    values, indices = torch.sort(input_tensor, dim=dim, descending=descending, stable=True)
    return values, indices


@golden("histc")
def histc(input_tensor, bins=100, min=0, max=0, dtype=None, memory_config=None):  # noqa: A002 - torch's names
    counts = torch.histc(input_tensor.float(), bins=bins, min=min, max=max)
    integer = dtype is not None and dtype.name in ("INT32", "UINT32", "UINT16", "UINT8")
    return counts.int() if integer else counts


@golden("grouped_matmul")
def grouped_matmul(input_tensor_a, input_tensor_b, offsets, transpose_b=False, memory_config=None):
    b = input_tensor_b.float().transpose(-2, -1) if transpose_b else input_tensor_b.float()
    out = torch.zeros(input_tensor_a.shape[0], b.shape[-1])
    start = 0
    for e, end in enumerate(offsets.tolist()):
        out[start:end] = input_tensor_a[start:end].float() @ b[e]
        start = end
    return out


@golden("floor_div")
def floor_div(input_tensor_a, input_tensor_b, memory_config=None):
    if input_tensor_a.dtype.is_floating_point:
        return torch.floor(input_tensor_a.float() / input_tensor_b)
    return torch.floor_divide(input_tensor_a, input_tensor_b)
