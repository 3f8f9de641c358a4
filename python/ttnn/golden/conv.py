"""Goldens of the conv family: torch's NCHW convolution and its aten backward, with NHWC <-> NCHW permutes.

Activations follow ttnn.conv2d's two forms: [N, H, W, C], or TT-NN's flattened [1, 1, N*H*W, C] when the
tensor is not literally [batch_size, input_height, input_width, C]; results come back in the same form.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ttnn.golden import golden


def _pair(value, default):
    if value is None:
        return (default, default)
    if isinstance(value, int):
        return (value, value)
    value = list(value)
    return (value[0], value[-1])


def _padding(padding):
    """(top, bottom, left, right) from an int, [ph, pw] or [top, bottom, left, right]."""
    if padding is None:
        return (0, 0, 0, 0)
    if isinstance(padding, int):
        return (padding,) * 4
    padding = list(padding)
    if len(padding) == 4:
        return tuple(padding)
    ph, pw = _pair(padding, 0)
    return (ph, ph, pw, pw)


def _is_flat(t, batch_size, height, width):
    given = any(v is not None for v in (batch_size, height, width))
    return given and tuple(t.shape[:3]) != (batch_size, height, width)


def _to_nchw(t, batch_size, height, width):
    if _is_flat(t, batch_size, height, width):
        t = t.reshape(batch_size, height, width, t.shape[-1])
    return t.permute(0, 3, 1, 2)


def _from_nchw(y, flat):
    y = y.permute(0, 2, 3, 1).contiguous()
    return y.reshape(1, 1, -1, y.shape[-1]) if flat else y


def _out_size(size, k, s, d, pad_a, pad_b):
    return (size + pad_a + pad_b - d * (k - 1) - 1) // s + 1


def _geometry(kernel_size, stride, padding, dilation):
    return _pair(kernel_size, 1), _pair(stride, 1), _padding(padding), _pair(dilation, 1)


@golden("conv2d")
def conv2d(input_tensor, weight_tensor, device=None, in_channels=None, out_channels=None, batch_size=None,
           input_height=None, input_width=None, kernel_size=None, stride=1, padding=0, dilation=1, groups=1,
           bias_tensor=None, **options):  # fmt: skip
    flat = _is_flat(input_tensor, batch_size, input_height, input_width)
    x = _to_nchw(input_tensor, batch_size, input_height, input_width)
    top, bottom, left, right = _padding(padding)
    x = F.pad(x, (left, right, top, bottom))
    bias = None if bias_tensor is None else bias_tensor.reshape(-1)
    if weight_tensor.dim() == 2:  # the prepared form [O, I/groups*kh*kw]
        weight_tensor = weight_tensor.reshape(weight_tensor.shape[0], -1, *_pair(kernel_size, 1))
    y = F.conv2d(x, weight_tensor, bias, _pair(stride, 1), 0, _pair(dilation, 1), groups or 1)
    config = options.get("conv_config")
    if config is not None and config.activation:  # TT-NN's Conv2dConfig activation: a unary op's golden
        from ttnn.golden import get_golden_function

        y = get_golden_function(str(config.activation))(y)
    return _from_nchw(y, flat)


def _backward(grad_output, input_nchw, weight, stride, padding, dilation, groups, mask):
    """aten.convolution_backward on an explicitly padded input (aten only knows symmetric padding)."""
    top, bottom, left, right = padding
    padded = F.pad(input_nchw, (left, right, top, bottom))
    grads = torch.ops.aten.convolution_backward(
        grad_output, padded, weight, [weight.shape[0]], list(stride), [0, 0], list(dilation), False, [0, 0],
        groups or 1, mask,
    )  # fmt: skip
    grad_input = grads[0]
    if grad_input is not None:
        grad_input = grad_input[:, :, top : top + input_nchw.shape[2], left : left + input_nchw.shape[3]]
    return grad_input, grads[1], grads[2]


@golden("conv2d_backward_input")
def conv2d_backward_input(grad_output, weight_tensor, device=None, in_channels=None, out_channels=None,
                          batch_size=None, input_height=None, input_width=None, kernel_size=None, stride=1, padding=0,
                          dilation=1, groups=1, **options):  # fmt: skip
    groups = groups or 1
    (kh, kw), s, p, d = _geometry(weight_tensor.shape[2:], stride, padding, dilation)
    oh = _out_size(input_height, kh, s[0], d[0], p[0], p[1])
    ow = _out_size(input_width, kw, s[1], d[1], p[2], p[3])
    flat = _is_flat(grad_output, batch_size, oh, ow)
    go = _to_nchw(grad_output, batch_size, oh, ow)
    x = torch.zeros(batch_size, weight_tensor.shape[1] * groups, input_height, input_width)
    grad_input, _, _ = _backward(go, x, weight_tensor, s, p, d, groups, [True, False, False])
    return _from_nchw(grad_input, flat)


@golden("conv2d_backward_weight")
def conv2d_backward_weight(grad_output, input_tensor, device=None, in_channels=None, out_channels=None,
                           batch_size=None, input_height=None, input_width=None, kernel_size=None, stride=1,
                           padding=0, dilation=1, groups=1, **options):  # fmt: skip
    groups = groups or 1
    x = _to_nchw(input_tensor, batch_size, input_height, input_width)
    (kh, kw), s, p, d = _geometry(kernel_size, stride, padding, dilation)
    oh = _out_size(x.shape[2], kh, s[0], d[0], p[0], p[1])
    ow = _out_size(x.shape[3], kw, s[1], d[1], p[2], p[3])
    go = _to_nchw(grad_output, x.shape[0], oh, ow)
    weight = torch.zeros(go.shape[1], x.shape[1] // groups, kh, kw)
    _, grad_weight, _ = _backward(go, x, weight, s, p, d, groups, [False, True, False])
    return grad_weight


@golden("conv2d_backward_bias")
def conv2d_backward_bias(grad_output, **options):
    return grad_output.reshape(-1, grad_output.shape[-1]).sum(0)


@golden("prepare_conv_weights")
def prepare_conv_weights(weight_tensor, **options):
    return weight_tensor.clone()
