"""Golden of ttnn.conv_transpose2d: torch's conv_transpose2d with NHWC <-> NCHW permutes (and TT-NN's flattened
[1, 1, N*H*W, C] form when the input is not literally [batch_size, input_height, input_width, C])."""

from __future__ import annotations

import torch.nn.functional as F

from ttnn.golden import golden
from ttnn.golden.conv import _from_nchw, _is_flat, _pair, _to_nchw


@golden("conv_transpose2d")
def conv_transpose2d(input_tensor, weight_tensor, device=None, in_channels=None, out_channels=None, batch_size=None,
                     input_height=None, input_width=None, kernel_size=None, stride=1, padding=0, output_padding=0,
                     dilation=1, groups=1, bias_tensor=None, **options):  # fmt: skip
    flat = _is_flat(input_tensor, batch_size, input_height, input_width)
    x = _to_nchw(input_tensor, batch_size, input_height, input_width)
    if weight_tensor.dim() == 2:  # rows flattened: [C, O/groups*kh*kw]
        weight_tensor = weight_tensor.reshape(weight_tensor.shape[0], -1, *_pair(kernel_size, 1))
    bias = None if bias_tensor is None else bias_tensor.reshape(-1)
    y = F.conv_transpose2d(x, weight_tensor, bias, _pair(stride, 1), _pair(padding, 0), _pair(output_padding, 0),
                           groups or 1, _pair(dilation, 1))  # fmt: skip
    return _from_nchw(y, flat)
