"""Samples of the pool family: max/avg/adaptive/global pools, max_pool2d's indices and backward, upsample.

Inputs are NHWC ([N, H, W, C]) or TT-NN's flattened [1, 1, N*H*W, C] with batch_size, input_h, input_w.
"""

import torch
import torch.nn.functional as F
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)

# (name, N, H, W, C, window kwargs) for max_pool2d and its indices/backward.
_MAX = [
    ("1x7x7x3-k3-s2-p1", 1, 7, 7, 3, {"kernel_size": [3, 3], "stride": [2, 2], "padding": [1, 1]}),
    ("3x33x17x5-k2", 3, 33, 17, 5, {"kernel_size": [2, 2]}),
    ("1x9x9x17-k3-d2", 1, 9, 9, 17, {"kernel_size": [3, 3], "stride": [1, 1], "dilation": [2, 2]}),
    ("2x8x8x16-k3-s2-ceil", 2, 8, 8, 16, {"kernel_size": [3, 3], "stride": [2, 2], "ceil_mode": True}),
    ("1x12x12x8-k3-s2-p1-ceil", 1, 12, 12, 8, {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}),
    # ceil_mode lets a kernel exceed the input: one window, clipped to it (as torch does).
    ("1x3x2x4-k5-s5-ceil", 1, 3, 2, 4, {"kernel_size": 5, "stride": 5, "ceil_mode": True}),
]


def _sizes(n, h, w, c):
    return {"batch_size": n, "input_h": h, "input_w": w, "channels": c}


def _max_samples():
    samples = [Sample(name, (torch.randn(n, h, w, c),), {**_sizes(n, h, w, c), **kw}) for name, n, h, w, c, kw in _MAX]
    samples += [
        Sample("flat-3x7x7x5-k2-s1", (torch.randn(1, 1, 147, 5),),
               {**_sizes(3, 7, 7, 5), "kernel_size": [2, 2], "stride": [1, 1]}),
        Sample("empty-batch", (torch.randn(0, 7, 7, 3),), {"kernel_size": [2, 2]}, layouts=(ttnn.ROW_MAJOR_LAYOUT,)),
        Sample("resnet18-1x112x112x64-k3-s2-p1", (torch.randn(1, 112, 112, 64),),
               {"kernel_size": [3, 3], "stride": [2, 2], "padding": [1, 1]}, layouts=(ttnn.ROW_MAJOR_LAYOUT,)),
    ]  # fmt: skip
    return samples


def _max_backward_samples():
    samples = []
    for name, n, h, w, c, kw in _MAX:
        x = torch.randn(n, c, h, w)
        stride = kw.get("stride", kw["kernel_size"])
        window = (kw["kernel_size"], stride, kw.get("padding", 0), kw.get("dilation", 1))
        _, idx = F.max_pool2d(x, *window, ceil_mode=kw.get("ceil_mode", False), return_indices=True)
        grad = torch.randn(idx.shape).permute(0, 2, 3, 1).contiguous()
        indices = idx.permute(0, 2, 3, 1).contiguous().to(torch.int32)
        samples.append(Sample(name, (grad, indices), {**_sizes(n, h, w, c), **kw}))
    return samples


_AVG = [
    ("1x7x7x3-k3-s2-p1", 1, 7, 7, 3, {"kernel_size": [3, 3], "stride": [2, 2], "padding": [1, 1]}),
    ("1x7x7x3-k3-s2-p1-exclude-pad", 1, 7, 7, 3,
     {"kernel_size": [3, 3], "stride": [2, 2], "padding": [1, 1], "count_include_pad": False}),
    ("3x33x17x5-k2", 3, 33, 17, 5, {"kernel_size": [2, 2]}),
    ("2x8x8x16-k3-s2-p1-ceil", 2, 8, 8, 16, {"kernel_size": [3, 3], "stride": [2, 2], "padding": [1, 1],
                                              "ceil_mode": True}),
    ("1x9x9x17-k3-divisor5", 1, 9, 9, 17, {"kernel_size": [3, 3], "stride": [1, 1], "divisor_override": 5}),
    # EfficientNet's head: AvgPool2d(1280, ceil_mode=True) on a 7x7 map is a mean over the map.
    ("1x7x7x6-k20-ceil", 1, 7, 7, 6, {"kernel_size": [20, 20], "ceil_mode": True}),
]  # fmt: skip

SAMPLES = {
    "max_pool2d": _max_samples(),
    "max_pool2d_with_indices": _max_samples(),
    "max_pool2d_backward": _max_backward_samples(),
    "avg_pool2d": [
        Sample(name, (torch.randn(n, h, w, c),), {**_sizes(n, h, w, c), **kw}) for name, n, h, w, c, kw in _AVG
    ]
    + [Sample("flat-3x7x7x5-k2", (torch.randn(1, 1, 147, 5),), {**_sizes(3, 7, 7, 5), "kernel_size": [2, 2]})],
    "global_avg_pool2d": [
        Sample("1x7x7x3", (torch.randn(1, 7, 7, 3),)),
        Sample("3x33x17x5", (torch.randn(3, 33, 17, 5),)),
        Sample("2x7x7x512", (torch.randn(2, 7, 7, 512),)),
    ],
    "adaptive_avg_pool2d": [
        Sample("1x7x7x3-to-1x1", (torch.randn(1, 7, 7, 3),), {"output_size": [1, 1]}),
        Sample("3x33x17x5-to-5x3", (torch.randn(3, 33, 17, 5),), {"output_size": [5, 3]}),
        Sample("1x9x9x16-to-4x4", (torch.randn(1, 9, 9, 16),), {"output_size": [4, 4]}),
        Sample("1x5x5x7-to-7x7", (torch.randn(1, 5, 5, 7),), {"output_size": [7, 7]}),
        Sample("flat-3x7x7x5-to-2x2", (torch.randn(1, 1, 147, 5),), {**_sizes(3, 7, 7, 5), "output_size": [2, 2]}),
    ],
    "adaptive_max_pool2d": [
        Sample("1x7x5x3-to-4x3-uneven", (torch.randn(1, 7, 5, 3),), {"output_size": [4, 3]}),
        Sample("3x33x17x5-to-5x3", (torch.randn(3, 33, 17, 5),), {"output_size": [5, 3]}),
        Sample("2x6x9x16-to-2x3-even", (torch.randn(2, 6, 9, 16),), {"output_size": [2, 3]}),
        Sample("1x5x5x7-to-7x7-upscale", (torch.randn(1, 5, 5, 7),), {"output_size": [7, 7]}),
        Sample("flat-3x7x7x5-to-3x2", (torch.randn(1, 1, 147, 5),), {**_sizes(3, 7, 7, 5), "output_size": [3, 2]}),
        Sample("nan", (torch.tensor([1.0, float("nan"), 2.0, 0.5]).reshape(1, 2, 2, 1),), {"output_size": [1, 1]}),
        Sample("empty-batch", (torch.randn(0, 5, 5, 3),), {"output_size": [2, 2]}, layouts=(ttnn.ROW_MAJOR_LAYOUT,)),
    ],
    "upsample": [
        Sample("1x7x7x3-nearest-x2", (torch.randn(1, 7, 7, 3),), {"scale_factor": 2}),
        Sample("3x5x4x5-nearest-x2x3", (torch.randn(3, 5, 4, 5),), {"scale_factor": [2, 3], "mode": "nearest"}),
        Sample("1x7x7x3-bilinear-x2", (torch.randn(1, 7, 7, 3),), {"scale_factor": 2, "mode": "bilinear"}),
        Sample("2x8x8x17-bilinear-x2x3", (torch.randn(2, 8, 8, 17),), {"scale_factor": [2, 3], "mode": "bilinear"}),
        Sample("1x1x1x4-bilinear-x3", (torch.randn(1, 1, 1, 4),), {"scale_factor": 3, "mode": "bilinear"}),
        Sample(
            "1x56x56x64-nearest-x2",
            (torch.randn(1, 56, 56, 64),),
            {"scale_factor": 2},
            layouts=(ttnn.ROW_MAJOR_LAYOUT,),
        ),
    ],
    # Points past the edges too (zeros there), both corner conventions, odd sizes, and K = 2 pairs per position.
    "grid_sample": [
        Sample("2x7x9x5-bilinear", (torch.randn(2, 7, 9, 5), torch.rand(2, 4, 6, 2) * 2.4 - 1.2), {}),
        Sample(
            "1x14x14x16-bilinear-corners",
            (torch.randn(1, 14, 14, 16), torch.rand(1, 300, 4, 2) * 2 - 1),
            {"align_corners": True},
        ),
        Sample("1x5x6x3-nearest", (torch.randn(1, 5, 6, 3), torch.rand(1, 3, 3, 2) * 2.2 - 1.1), {"mode": "nearest"}),
        Sample("1x8x8x4-k2", (torch.randn(1, 8, 8, 4), torch.rand(1, 3, 5, 4) * 2 - 1), {}),
        Sample(
            "1x8x8x4-k2-channels",
            (torch.randn(1, 8, 8, 4), torch.rand(1, 3, 5, 4) * 2 - 1),
            {"batch_output_channels": True},
        ),
        Sample("empty-grid", (torch.randn(1, 4, 4, 3), torch.rand(1, 0, 5, 2)), {}, layouts=(ttnn.ROW_MAJOR_LAYOUT,)),
    ],  # fmt: skip
}

ERRORS = {
    "max_pool2d": [
        ErrorSample("kernel-larger-than-input", (torch.randn(1, 4, 4, 3),), {"kernel_size": [7, 7]}, ValueError,
                    r"ttnn.max_pool2d: kernel is larger than the padded input along height"),
        ErrorSample("zero-stride", (torch.randn(1, 4, 4, 3),), {"kernel_size": [2, 2], "stride": [0, 1]}, ValueError,
                    r"ttnn.max_pool2d: stride must be positive"),
        ErrorSample("no-kernel", (torch.randn(1, 4, 4, 3),), {}, ValueError,
                    r"ttnn.max_pool2d: kernel_size is required"),
        ErrorSample("channels-disagree", (torch.randn(1, 4, 4, 3),), {"kernel_size": 2, "channels": 4}, ValueError,
                    r"ttnn.max_pool2d: channels disagrees with the input shape \[1, 4, 4, 3\]"),
    ],
    "avg_pool2d": [
        ErrorSample("padding-over-half-kernel", (torch.randn(1, 8, 8, 3),), {"kernel_size": [3, 3], "padding": [2, 2]},
                    ValueError, r"ttnn.avg_pool2d: padding must be at most half the \(dilated\) kernel along height"),
    ],
    "grid_sample": [
        ErrorSample("bad-padding", (torch.randn(1, 4, 4, 3), torch.rand(1, 2, 2, 2)), {"padding_mode": "border"},
                    NotImplementedError, r"ttnn.grid_sample: only padding_mode 'zeros' is supported; got 'border'"),
        ErrorSample("odd-grid", (torch.randn(1, 4, 4, 3), torch.rand(1, 2, 2, 3)), {}, ValueError,
                    r"ttnn.grid_sample: grid must be \[N, H_grid, W_grid, 2K\]"),
    ],
    "upsample": [
        ErrorSample("bad-mode", (torch.randn(1, 4, 4, 3),), {"scale_factor": 2, "mode": "bicubic"}, ValueError,
                    r"ttnn.upsample: unsupported mode; expected 'nearest' or 'bilinear', got 'bicubic'"),
    ],
}  # fmt: skip
