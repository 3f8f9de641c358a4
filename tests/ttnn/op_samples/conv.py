"""Samples of the conv family: conv2d and the three pieces of its backward.

Activations are NHWC ([N, H, W, C]) or TT-NN's flattened [1, 1, N*H*W, C] (with batch_size, input_height and
input_width given); weights OIHW scaled by 1/sqrt(fan_in) so outputs stay near 1 and bf16 tolerances hold.
bfloat8_b weights with bf16 activations are tested in tests/ttnn/test_conv.py (the harness gives
every tensor one dtype).
"""

import torch
import ttnn

from tests.ttnn.op_samples import DEVICE, ErrorSample, Sample, Tolerance

torch.manual_seed(0)


def _weight(out_c, in_c_per_group, kh, kw):
    return torch.randn(out_c, in_c_per_group, kh, kw) / (in_c_per_group * kh * kw) ** 0.5


def _out(size, k, s=1, p=0, d=1):
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


# (name, N, H, W, C, OC, k, kwargs): the geometry every conv op is sampled on. No DEVICE in the first case:
# the unsupported-dtype test passes its kwargs as they are.
_CASES = [
    ("7x7x3-k3-pad1", 1, 7, 7, 3, 5, 3, {"padding": 1}),
    ("3x33x17x5-k3-s2-pad1-d2", 3, 33, 17, 5, 17, 3, {"stride": 2, "padding": 1, "dilation": 2}),
    ("9x9x6-groups2", 1, 9, 9, 6, 4, 3, {"groups": 2, "padding": [1, 1]}),
    ("9x9x17-depthwise", 1, 9, 9, 17, 17, 3, {"groups": 17, "padding": 1}),
    ("2x8x8x16-1x1", 2, 8, 8, 16, 33, 1, {}),
    ("1x5x7x5-k2x3-s2", 1, 5, 7, 5, 3, 3, {"stride": [2, 1]}),
]


def _conv_kwargs(n, h, w, c, oc, k, extra):
    return {"in_channels": c, "out_channels": oc, "batch_size": n, "input_height": h,
            "input_width": w, "kernel_size": [k, k], **extra}  # fmt: skip


def _conv2d_samples():
    samples = []
    for name, n, h, w, c, oc, k, extra in _CASES:
        groups = extra.get("groups", 1)
        args = (torch.randn(n, h, w, c), _weight(oc, c // groups, k, k))
        kwargs = {**_conv_kwargs(n, h, w, c, oc, k, extra), "bias_tensor": torch.randn(oc)}
        samples.append(Sample(name, args, kwargs))
    x = torch.randn(3, 7, 7, 5)
    samples += [
        Sample("flat-3x7x7x5-pad1", (x.reshape(1, 1, 147, 5), _weight(17, 5, 3, 3)),
               {**_conv_kwargs(3, 7, 7, 5, 17, 3, {"padding": 1}), "device": DEVICE}),
        Sample("asym-pad-1x6x6x3", (torch.randn(1, 6, 6, 3), _weight(4, 3, 3, 3)),
               {"padding": [1, 0, 2, 1], "bias_tensor": torch.randn(1, 1, 1, 4)}),
        Sample("prepared-weight-9x9x6-groups2", (torch.randn(1, 9, 9, 6), _weight(4, 3, 3, 3).reshape(4, 27)),
               _conv_kwargs(1, 9, 9, 6, 4, 3, {"groups": 2, "padding": 1})),
        Sample("prepared-weight-2x8x8x16-1x1", (torch.randn(2, 8, 8, 16), _weight(33, 16, 1, 1).reshape(33, 16)),
               {**_conv_kwargs(2, 8, 8, 16, 33, 1, {}), "bias_tensor": torch.randn(33)}),
        Sample("empty-batch", (torch.randn(0, 7, 7, 3), _weight(5, 3, 3, 3)), {"padding": 1},
               layouts=(ttnn.ROW_MAJOR_LAYOUT,)),
        Sample("resnet18-1x56x56x64-k3", (torch.randn(1, 56, 56, 64), _weight(64, 64, 3, 3)),
               {"padding": 1, "bias_tensor": torch.randn(64)}, layouts=(ttnn.ROW_MAJOR_LAYOUT,)),
        Sample("conv-config-relu-1x9x9x8", (torch.randn(1, 9, 9, 8), _weight(16, 8, 3, 3)),
               {"padding": 1, "bias_tensor": torch.randn(16),
                "conv_config": ttnn.Conv2dConfig(weights_dtype=ttnn.bfloat16, activation="relu",
                                                 deallocate_activation=True, act_block_h_override=32)}),
    ]  # fmt: skip
    return samples


def _backward_samples(op):
    samples = []
    for name, n, h, w, c, oc, k, extra in _CASES:
        groups = extra.get("groups", 1)
        s, p, d = (extra.get(key, default) for key, default in (("stride", 1), ("padding", 0), ("dilation", 1)))
        s = s if isinstance(s, list) else [s, s]
        p = p[0] if isinstance(p, list) else p
        grad = torch.randn(n, _out(h, k, s[0], p, d), _out(w, k, s[1], p, d), oc)
        kwargs = _conv_kwargs(n, h, w, c, oc, k, extra)
        if op == "input":
            samples.append(Sample(name, (grad, _weight(oc, c // groups, k, k)), kwargs))
        elif op == "weight":
            samples.append(Sample(name, (grad, torch.randn(n, h, w, c)), kwargs))
        else:
            samples.append(Sample(name, (grad,), kwargs))
    big = torch.randn(1, 56, 56, 64)
    kwargs = {**_conv_kwargs(1, 56, 56, 64, 64, 3, {"padding": 1})}
    second = {"input": _weight(64, 64, 3, 3), "weight": torch.randn(1, 56, 56, 64)}.get(op)
    args = (big,) if second is None else (big, second)
    samples.append(Sample("resnet18-1x56x56x64-k3", args, kwargs, layouts=(ttnn.ROW_MAJOR_LAYOUT,)))
    flat_grad = torch.randn(1, 1, 3 * 7 * 7, 17)
    flat_second = {"input": _weight(17, 5, 3, 3), "weight": torch.randn(1, 1, 147, 5)}.get(op)
    flat_args = (flat_grad,) if flat_second is None else (flat_grad, flat_second)
    samples.append(Sample("flat-3x7x7x5-pad1", flat_args, _conv_kwargs(3, 7, 7, 5, 17, 3, {"padding": 1})))
    return samples


SAMPLES = {
    "conv2d": _conv2d_samples(),
    "prepare_conv_weights": [
        Sample("64x64x3x3", (_weight(64, 64, 3, 3),), {"in_channels": 64, "out_channels": 64, "kernel_size": [3, 3]}),
        Sample("17x1x3x3-depthwise", (_weight(17, 1, 3, 3),), {"groups": 17, "has_bias": True}),
        Sample(
            "17x9-depthwise-prepared", (_weight(17, 1, 3, 3).reshape(17, 9),), {"groups": 17, "kernel_size": [3, 3]}
        ),
    ],
    "conv2d_backward_input": _backward_samples("input"),
    "conv2d_backward_weight": _backward_samples("weight"),
    "conv2d_backward_bias": _backward_samples("bias"),
}

ERRORS = {
    "conv2d": [
        ErrorSample("kernel-larger-than-input", (torch.randn(1, 4, 4, 3), torch.randn(5, 3, 7, 7)), {},
                    ValueError, r"ttnn.conv2d: kernel is larger than the padded input along height"),
        ErrorSample("channels-not-divisible-by-groups", (torch.randn(1, 5, 5, 5), torch.randn(4, 2, 3, 3)),
                    {"groups": 2}, ValueError, r"ttnn.conv2d: in_channels and out_channels must be divisible by"),
        ErrorSample("wrong-weight-shape", (torch.randn(1, 5, 5, 4), torch.randn(4, 3, 3, 3)), {}, ValueError,
                    r"ttnn.conv2d: weight shape does not match .*expected \[4, 4, 3, 3\].*got \[4, 3, 3, 3\]"),
        ErrorSample("zero-stride", (torch.randn(1, 5, 5, 4), torch.randn(4, 4, 3, 3)), {"stride": 0}, ValueError,
                    r"ttnn.conv2d: stride must be positive; got kernel_size"),
        ErrorSample("prepared-weight-without-kernel-size", (torch.randn(1, 5, 5, 4), torch.randn(4, 36)), {},
                    ValueError, r"ttnn.conv2d: weight must be rank 4 \(OIHW\), or rank 2 .*with kernel_size given"),
        ErrorSample("prepared-weight-wrong-width", (torch.randn(1, 5, 5, 4), torch.randn(4, 35)),
                    {"kernel_size": [3, 3]}, ValueError, r"ttnn.conv2d: weight shape does not match"),
        ErrorSample("in-channels-disagree", (torch.randn(1, 5, 5, 4), torch.randn(4, 4, 3, 3)), {"in_channels": 3},
                    ValueError, r"ttnn.conv2d: in_channels disagrees with the input shape"),
    ],
    "conv2d_backward_input": [
        ErrorSample("missing-input-size", (torch.randn(1, 5, 5, 4), torch.randn(4, 4, 3, 3)), {}, ValueError,
                    r"ttnn.conv2d_backward_input: batch_size, input_height, input_width and in_channels are required"),
    ],
    "conv2d_backward_weight": [
        ErrorSample("grad-shape", (torch.randn(1, 5, 5, 4), torch.randn(1, 5, 5, 4)),
                    {"kernel_size": [3, 3], "padding": 0}, ValueError,
                    r"ttnn.conv2d_backward_weight: grad_output shape does not match"),
    ],
}  # fmt: skip

# One tolerance serves both dtypes: bf16 output rounding (rtol) and fp32 sums of up to a few thousand products
# accumulated in another order than torch's (atol; fp32 is checked tighter in tests/ttnn/test_conv.py).
_SUMS = Tolerance(rtol=1.6e-2, atol=1e-4, pcc=0.999)
TOLERANCES = {name: _SUMS for name in SAMPLES}
