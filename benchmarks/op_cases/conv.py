"""Conv-family benchmark cases: ResNet18's convolutions and MobileNetV2's depthwise/pointwise layers as
ttnn.conv2d on an NHWC ROW_MAJOR input, against torch's F.conv2d on the NCHW fp32 copy. `LAYERS` is the
geometry table (also used by benchmarks/conv_bench.py); `CASES` the bench_ops.py cases made from it."""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
import ttnn

from benchmarks.op_cases import OpCase, Setup, on_device


@dataclass(frozen=True)
class ConvLayer:
    name: str
    batch: int
    height: int
    width: int
    in_channels: int
    out_channels: int
    kernel: int
    stride: int = 1
    padding: int = 0
    groups: int = 1

    @property
    def out_hw(self) -> tuple[int, int]:
        def size(n: int) -> int:
            return (n + 2 * self.padding - self.kernel) // self.stride + 1

        return size(self.height), size(self.width)

    @property
    def flops(self) -> int:
        """Two per multiply-add."""
        oh, ow = self.out_hw
        macs = self.batch * oh * ow * self.out_channels * (self.in_channels // self.groups) * self.kernel**2
        return 2 * macs

    def inputs(self):
        """NHWC input, OIHW weight (scaled by 1/sqrt(fan_in)) and bias, seeded."""
        g = torch.Generator().manual_seed(0)
        fan_in = self.in_channels // self.groups * self.kernel**2
        x = torch.randn(self.batch, self.height, self.width, self.in_channels, generator=g)
        w = torch.randn(self.out_channels, fan_in // self.kernel**2, self.kernel, self.kernel, generator=g)
        return x, w / fan_in**0.5, torch.randn(self.out_channels, generator=g)

    def setup(self, device, dtype, layout=None, prepare=True) -> Setup:
        """prepare: mark the weight constant (ttnn.prepare_conv_weights) as the compiler does for a model's
        weights, so the timed call is the steady state; torch eager reorders its weights on every call."""
        x, w, b = self.inputs()
        x_nchw = x.permute(0, 3, 1, 2).contiguous()
        layout = layout or ttnn.ROW_MAJOR_LAYOUT
        tx, tw, tb = (on_device(t, dtype, device, layout) for t in (x, w, b))
        if prepare:
            ttnn.prepare_conv_weights(tw, groups=self.groups)
        return Setup(
            ttnn=lambda: ttnn.conv2d(
                tx, tw, device=device, bias_tensor=tb, stride=self.stride, padding=self.padding, groups=self.groups
            ),  # fmt: skip
            # NHWC view of torch's NCHW result (no copy), so bench_ops' PCC check compares like with like.
            torch=lambda: F.conv2d(x_nchw, w, b, self.stride, self.padding, 1, self.groups).permute(0, 2, 3, 1),
            free=[tx, tw, tb],
        )


LAYERS = [
    ConvLayer("resnet18.conv1 224x224x3 7x7/2", 1, 224, 224, 3, 64, 7, 2, 3),
    ConvLayer("resnet18.layer1 56x56x64 3x3", 1, 56, 56, 64, 64, 3, 1, 1),
    ConvLayer("resnet18.layer2 56x56x64 3x3/2", 1, 56, 56, 64, 128, 3, 2, 1),
    ConvLayer("resnet18.layer2 28x28x128 3x3", 1, 28, 28, 128, 128, 3, 1, 1),
    ConvLayer("resnet18.layer2.down 56x56x64 1x1/2", 1, 56, 56, 64, 128, 1, 2, 0),
    ConvLayer("resnet18.layer3 14x14x256 3x3", 1, 14, 14, 256, 256, 3, 1, 1),
    ConvLayer("resnet18.layer4 7x7x512 3x3", 1, 7, 7, 512, 512, 3, 1, 1),
    ConvLayer("mobilenetv2 112x112x32 dw3x3", 1, 112, 112, 32, 32, 3, 1, 1, 32),
    ConvLayer("mobilenetv2 112x112x96 dw3x3/2", 1, 112, 112, 96, 96, 3, 2, 1, 96),
    ConvLayer("mobilenetv2 14x14x384 dw3x3", 1, 14, 14, 384, 384, 3, 1, 1, 384),
    ConvLayer("mobilenetv2 56x56x24 pw1x1 ->144", 1, 56, 56, 24, 144, 1),
    ConvLayer("mobilenetv2 14x14x384 pw1x1 ->64", 1, 14, 14, 384, 64, 1),
    ConvLayer("mobilenetv2 7x7x320 pw1x1 ->1280", 1, 7, 7, 320, 1280, 1),
]

_QUICK = {"resnet18.layer1 56x56x64 3x3", "mobilenetv2 112x112x32 dw3x3"}

CASES = [
    OpCase(
        "conv2d",
        layer.name,
        lambda device, dtype, layer=layer: layer.setup(device, dtype),
        flops=layer.flops,
        quick=layer.name in _QUICK,
    )
    for layer in LAYERS
]
