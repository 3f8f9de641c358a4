"""Benchmark cases of the conv family: ResNet18's convolutions and MobileNetV2's depthwise/pointwise layers.

Each case is one ttnn.conv2d call on an NHWC input; `flops` counts a multiply-add as two.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ConvCase:
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
        oh, ow = self.out_hw
        macs = self.batch * oh * ow * self.out_channels * (self.in_channels // self.groups) * self.kernel**2
        return 2 * macs


CASES = [
    ConvCase("resnet18.conv1 224x224x3 7x7/2", 1, 224, 224, 3, 64, 7, 2, 3),
    ConvCase("resnet18.layer1 56x56x64 3x3", 1, 56, 56, 64, 64, 3, 1, 1),
    ConvCase("resnet18.layer2 56x56x64 3x3/2", 1, 56, 56, 64, 128, 3, 2, 1),
    ConvCase("resnet18.layer2 28x28x128 3x3", 1, 28, 28, 128, 128, 3, 1, 1),
    ConvCase("resnet18.layer2.down 56x56x64 1x1/2", 1, 56, 56, 64, 128, 1, 2, 0),
    ConvCase("resnet18.layer3 14x14x256 3x3", 1, 14, 14, 256, 256, 3, 1, 1),
    ConvCase("resnet18.layer4 7x7x512 3x3", 1, 7, 7, 512, 512, 3, 1, 1),
    ConvCase("mobilenetv2 112x112x32 dw3x3", 1, 112, 112, 32, 32, 3, 1, 1, 32),
    ConvCase("mobilenetv2 112x112x96 dw3x3/2", 1, 112, 112, 96, 96, 3, 2, 1, 96),
    ConvCase("mobilenetv2 14x14x384 dw3x3", 1, 14, 14, 384, 384, 3, 1, 1, 384),
    ConvCase("mobilenetv2 56x56x24 pw1x1 ->144", 1, 56, 56, 24, 144, 1),
    ConvCase("mobilenetv2 14x14x384 pw1x1 ->64", 1, 14, 14, 384, 64, 1),
    ConvCase("mobilenetv2 7x7x320 pw1x1 ->1280", 1, 7, 7, 320, 1280, 1),
]
