"""Goldens of the normalization family: fp32 PyTorch on the stored inputs (the harness rounds the output)."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from ttnn.golden import golden


def _flat(t):
    return None if t is None else t.reshape(-1).float()


@golden("softmax")
def softmax(input_tensor, dim=-1, memory_config=None, compute_kernel_config=None, numeric_stable=True):
    return torch.softmax(input_tensor.float(), dim=dim)


@golden("log_softmax")
def log_softmax(input_tensor, dim=-1, memory_config=None, compute_kernel_config=None, numeric_stable=True):
    return torch.log_softmax(input_tensor.float(), dim=dim)


@golden("scale_mask_softmax")
def scale_mask_softmax(
    input_tensor, scale=None, mask=None, memory_config=None, compute_kernel_config=None, numeric_stable=True
):
    x = input_tensor.float() * (1.0 if scale is None else scale)
    if mask is not None:
        x = x + mask.float()
    return torch.softmax(x, dim=-1)


@golden("transformer.attention_softmax")
def attention_softmax(
    input_tensor,
    head_size=None,
    attention_mask=None,
    memory_config=None,
    compute_kernel_config=None,
    numeric_stable=True,
):
    scale = 1.0 if head_size is None else 1.0 / math.sqrt(head_size)
    return scale_mask_softmax(input_tensor, scale, attention_mask)


def _row_norm(x, epsilon, weight, bias, residual, rms):
    x = (x.float() if residual is None else x.float() + residual.float()).double()
    center = 0 if rms else x.mean(-1, keepdim=True)
    y = (x - center) * torch.rsqrt((x - center).pow(2).mean(-1, keepdim=True) + epsilon)
    if weight is not None:
        y = y * _flat(weight).double()
    if bias is not None:
        y = y + _flat(bias).double()
    return y.float()


@golden("layer_norm")
def layer_norm(
    input_tensor,
    epsilon=1e-12,
    weight=None,
    bias=None,
    residual_input_tensor=None,
    memory_config=None,
    compute_kernel_config=None,
):
    return _row_norm(input_tensor, epsilon, weight, bias, residual_input_tensor, rms=False)


@golden("rms_norm")
def rms_norm(
    input_tensor,
    epsilon=1e-12,
    weight=None,
    bias=None,
    residual_input_tensor=None,
    memory_config=None,
    compute_kernel_config=None,
):
    return _row_norm(input_tensor, epsilon, weight, bias, residual_input_tensor, rms=True)


@golden("group_norm")
def group_norm(input_tensor, num_groups, epsilon=1e-12, weight=None, bias=None, memory_config=None):
    x = input_tensor.float()
    channels_first = x.movedim(-1, 1)  # TT-NN's channels-last [N, ..., C] -> torch's [N, C, ...]
    y = F.group_norm(channels_first, num_groups, _flat(weight), _flat(bias), epsilon)
    return y.movedim(1, -1)


@golden("batch_norm")
def batch_norm(input, *args, **kwargs):
    return batch_norm_with_stats(input, *args, **kwargs)[0]


@golden("batch_norm_with_stats")
def batch_norm_with_stats(
    input,
    running_mean=None,
    running_var=None,
    training=False,
    eps=1e-5,
    momentum=0.1,
    weight=None,
    bias=None,
    memory_config=None,
    compute_kernel_config=None,
):
    x = input.float()
    dims = [0, *range(2, x.dim())]
    if training:
        mean = x.double().mean(dims)
        var = x.double().var(dims, unbiased=False)
    else:
        mean, var = _flat(running_mean).double(), _flat(running_var).double()
    shape = [1, -1] + [1] * (x.dim() - 2)
    invstd = torch.rsqrt(var + eps)
    y = (x.double() - mean.reshape(shape)) * invstd.reshape(shape)
    if weight is not None:
        y = y * _flat(weight).double().reshape(shape)
    if bias is not None:
        y = y + _flat(bias).double().reshape(shape)
    return y.float(), mean.float(), invstd.float()
