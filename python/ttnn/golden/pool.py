"""Goldens of the pool family: torch's NCHW pools and interpolate, with NHWC <-> NCHW permutes.

Inputs follow the ops' two forms ([N, H, W, C], or [1, 1, N*H*W, C] read with batch_size, input_h, input_w);
results come back in the input's form. Indices are torch's flat h * w index per (n, c) plane.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ttnn.golden import golden
from ttnn.golden.conv import _from_nchw, _is_flat, _pair, _to_nchw


def _padding(padding):
    if padding is None:
        return (0, 0)
    if not isinstance(padding, int) and len(padding) == 4:
        return (padding[0], padding[2])
    return _pair(padding, 0)


def _window(kernel_size, stride, padding):
    kernel = _pair(kernel_size, 1)
    stride = kernel if stride is None or stride == 0 else _pair(stride, 1)
    return kernel, stride, _padding(padding)


def _max_pool(input_tensor, batch_size, input_h, input_w, kernel_size, stride, padding, dilation, ceil_mode):
    flat = _is_flat(input_tensor, batch_size, input_h, input_w)
    x = _to_nchw(input_tensor, batch_size, input_h, input_w)
    kernel, stride, padding = _window(kernel_size, stride, padding)
    values, indices = F.max_pool2d(
        x, kernel, stride, padding, _pair(dilation, 1), ceil_mode=bool(ceil_mode), return_indices=True
    )
    return _from_nchw(values, flat), _from_nchw(indices.to(torch.int32), flat)


@golden("max_pool2d")
def max_pool2d(input_tensor, batch_size=None, input_h=None, input_w=None, channels=None, kernel_size=None,
               stride=None, padding=0, dilation=1, ceil_mode=False, memory_config=None,
               applied_shard_scheme=None):  # fmt: skip
    args = (batch_size, input_h, input_w, kernel_size, stride, padding, dilation, ceil_mode)
    return _max_pool(input_tensor, *args)[0]


@golden("max_pool2d_with_indices")
def max_pool2d_with_indices(input_tensor, batch_size=None, input_h=None, input_w=None, channels=None,
                            kernel_size=None, stride=None, padding=0, dilation=1, ceil_mode=False,
                            memory_config=None, applied_shard_scheme=None):  # fmt: skip
    return _max_pool(input_tensor, batch_size, input_h, input_w, kernel_size, stride, padding, dilation, ceil_mode)


@golden("max_pool2d_backward")
def max_pool2d_backward(grad_output, indices, batch_size=None, input_h=None, input_w=None, channels=None,
                        kernel_size=None, stride=None, padding=0, dilation=1, ceil_mode=False,
                        memory_config=None, applied_shard_scheme=None):  # fmt: skip
    kernel, stride, padding = _window(kernel_size, stride, padding)
    x = torch.zeros(batch_size, grad_output.shape[-1], input_h, input_w)
    values_shape = F.max_pool2d(x, kernel, stride, padding, _pair(dilation, 1), ceil_mode=bool(ceil_mode)).shape
    oh, ow = values_shape[2], values_shape[3]
    flat = tuple(grad_output.shape[:3]) != (batch_size, oh, ow)
    go, idx = (_to_nchw(t, batch_size, oh, ow) for t in (grad_output, indices))
    grad = torch.ops.aten.max_pool2d_with_indices_backward(
        go.contiguous(), x, list(kernel), list(stride), list(padding), list(_pair(dilation, 1)), bool(ceil_mode),
        idx.long().contiguous(),
    )  # fmt: skip
    return _from_nchw(grad, flat)


@golden("avg_pool2d")
def avg_pool2d(input_tensor, batch_size=None, input_h=None, input_w=None, channels=None, kernel_size=None,
               stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None,
               memory_config=None, applied_shard_scheme=None):  # fmt: skip
    flat = _is_flat(input_tensor, batch_size, input_h, input_w)
    x = _to_nchw(input_tensor, batch_size, input_h, input_w)
    kernel, stride, padding = _window(kernel_size, stride, padding)
    include = True if count_include_pad is None else bool(count_include_pad)
    y = F.avg_pool2d(x, kernel, stride, padding, bool(ceil_mode), include, divisor_override)
    return _from_nchw(y, flat)


@golden("global_avg_pool2d")
def global_avg_pool2d(input_tensor, memory_config=None):
    return input_tensor.mean(dim=(1, 2), keepdim=True)


@golden("adaptive_avg_pool2d")
def adaptive_avg_pool2d(input_tensor, batch_size=None, input_h=None, input_w=None, channels=None,
                        output_size=None, memory_config=None):  # fmt: skip
    flat = _is_flat(input_tensor, batch_size, input_h, input_w)
    x = _to_nchw(input_tensor, batch_size, input_h, input_w)
    return _from_nchw(F.adaptive_avg_pool2d(x, _pair(output_size, 1)), flat)


@golden("adaptive_max_pool2d")
def adaptive_max_pool2d(input_tensor, batch_size=None, input_h=None, input_w=None, channels=None,
                        output_size=None, memory_config=None):  # fmt: skip
    flat = _is_flat(input_tensor, batch_size, input_h, input_w)
    x = _to_nchw(input_tensor, batch_size, input_h, input_w)
    return _from_nchw(F.adaptive_max_pool2d(x, _pair(output_size, 1)), flat)


@golden("upsample")
def upsample(input_tensor, scale_factor=None, mode="nearest", memory_config=None):
    x = input_tensor.permute(0, 3, 1, 2)
    scale = _pair(scale_factor, 1)
    if mode == "bilinear":
        y = F.interpolate(x, scale_factor=scale, mode="bilinear", align_corners=False)
    else:
        y = F.interpolate(x, scale_factor=scale, mode="nearest")
    return _from_nchw(y, False)


@golden("grid_sample")
def grid_sample(input_tensor, grid, mode="bilinear", padding_mode="zeros", align_corners=False,
                use_precomputed_grid=False, batch_output_channels=False, memory_config=None):  # fmt: skip
    n, gh, gw, pairs = grid.shape
    k = pairs // 2
    points = grid.reshape(n, gh, gw * k, 2)
    y = F.grid_sample(input_tensor.permute(0, 3, 1, 2), points, mode=mode, padding_mode=padding_mode,
                      align_corners=align_corners).permute(0, 2, 3, 1)  # fmt: skip
    return y.reshape(n, gh, gw, k * y.shape[-1]) if batch_output_channels else y
