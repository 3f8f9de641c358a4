"""Samples of ttnn.conv_transpose2d: NHWC inputs ([N, H, W, C] or the flattened [1, 1, N*H*W, C]) and
[C, O/groups, kh, kw] weights scaled by 1/sqrt(fan_in), over stride, padding, output_padding (below and above
the padding), dilation, groups (depthwise included), 1x1 kernels, odd sizes and an empty batch."""

import torch
import ttnn

from tests.ttnn.op_samples import DEVICE, ErrorSample, Sample, Tolerance

torch.manual_seed(0)


def _weight(c, o_per_group, kh, kw):
    return torch.randn(c, o_per_group, kh, kw) / (c * kh * kw / max(1, o_per_group)) ** 0.5


# (name, N, H, W, C, O/groups, kernel, kwargs)
_CASES = [
    ("1x5x7x16-k4-s2-p1", 1, 5, 7, 16, 8, (4, 4), {"stride": 2, "padding": 1}),
    ("2x3x5x8-k3-s2-p1-op1", 2, 3, 5, 8, 4, (3, 3), {"stride": 2, "padding": 1, "output_padding": 1}),
    ("1x4x6x6-k3-s3-op2-nopad", 1, 4, 6, 6, 5, (3, 3), {"stride": 3, "output_padding": 2}),
    ("1x6x5x6-groups3-d2-p2", 1, 6, 5, 6, 2, (3, 3), {"groups": 3, "dilation": 2, "padding": 2}),
    ("1x7x9x5-depthwise-s2", 1, 7, 9, 5, 1, (3, 3), {"groups": 5, "stride": 2, "padding": 1}),
    ("3x4x4x17-1x1", 3, 4, 4, 17, 33, (1, 1), {}),
    ("1x1x33x4-conv1d-k5-s3-groups2", 1, 1, 33, 4, 1, (1, 5), {"stride": [1, 3], "padding": [0, 2], "groups": 2}),
    ("1x5x6x3-k2x3-s2x1", 1, 5, 6, 3, 4, (2, 3), {"stride": [2, 1], "padding": [1, 0], "output_padding": [1, 0]}),
]


def _samples():
    samples = []
    for name, n, h, w, c, og, (kh, kw), extra in _CASES:
        groups = extra.get("groups", 1)
        kwargs = {"in_channels": c, "out_channels": og * groups, "batch_size": n, "input_height": h,
                  "input_width": w, "kernel_size": [kh, kw], "bias_tensor": torch.randn(og * groups),
                  **extra}  # fmt: skip
        samples.append(Sample(name, (torch.randn(n, h, w, c), _weight(c, og, kh, kw)), kwargs))
    x = torch.randn(2, 3, 4, 6)
    samples += [
        Sample("flat-2x3x4x6-k3-s2", (x.reshape(1, 1, 24, 6), _weight(6, 4, 3, 3)),
               {"batch_size": 2, "input_height": 3, "input_width": 4, "kernel_size": [3, 3], "stride": [2, 2],
                "device": DEVICE}),
        Sample("rows-weight-1x4x4x8-k3-s2", (torch.randn(1, 4, 4, 8), _weight(8, 3, 3, 3).reshape(8, 27)),
               {"kernel_size": [3, 3], "stride": 2, "padding": 1, "output_padding": 1}),
        Sample("empty-batch", (torch.randn(0, 4, 4, 3), _weight(3, 2, 3, 3)), {"stride": 2},
               layouts=(ttnn.ROW_MAJOR_LAYOUT,)),
        Sample("unet-up-1x16x16x64-k2-s2", (torch.randn(1, 16, 16, 64), _weight(64, 32, 2, 2)),
               {"stride": 2, "bias_tensor": torch.randn(32)}, layouts=(ttnn.ROW_MAJOR_LAYOUT,)),
    ]  # fmt: skip
    return samples


SAMPLES = {"conv_transpose2d": _samples()}

ERRORS = {
    "conv_transpose2d": [
        ErrorSample("output-padding-too-large", (torch.randn(1, 4, 4, 3), torch.randn(3, 2, 3, 3)),
                    {"stride": 2, "output_padding": 2}, ValueError,
                    r"ttnn.conv_transpose2d: output_padding must be smaller than stride or dilation"),
        ErrorSample("weight-channels", (torch.randn(1, 4, 4, 3), torch.randn(4, 2, 3, 3)), {}, ValueError,
                    r"ttnn.conv_transpose2d: weight shape does not match the input; expected \[3, "),
        ErrorSample("padding-leaves-nothing", (torch.randn(1, 1, 1, 3), torch.randn(3, 2, 1, 1)), {"padding": 1},
                    ValueError, r"ttnn.conv_transpose2d: padding leaves no output along height"),
        ErrorSample("zero-stride", (torch.randn(1, 4, 4, 3), torch.randn(3, 2, 3, 3)), {"stride": 0}, ValueError,
                    r"ttnn.conv_transpose2d: stride, dilation and groups must be positive"),
    ],
}  # fmt: skip

TOLERANCES = {"conv_transpose2d": Tolerance(rtol=1.6e-2, atol=1e-4, pcc=0.999)}
