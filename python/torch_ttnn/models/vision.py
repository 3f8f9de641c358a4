"""ResNet18 and MobileNetV2, re-implemented exactly as torchvision defines them.

PyPI's torchvision does not import beside the CPU build of torch 2.13.0, so the architectures are written
here layer for layer (same module order, shapes, defaults and initialisation scheme); a test checks the
parameter counts against torchvision's published figures (11,689,512 and 3,504,872).
"""

from __future__ import annotations

from torch_ttnn.models import ModelCase, register


def _nn():
    import torch.nn as nn

    return nn


def _basic_block(in_planes: int, planes: int, stride: int):
    nn = _nn()

    class BasicBlock(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(in_planes, planes, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(planes)
            self.relu = nn.ReLU(inplace=True)
            self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(planes)
            self.downsample = None
            if stride != 1 or in_planes != planes:
                self.downsample = nn.Sequential(
                    nn.Conv2d(in_planes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes)
                )

        def forward(self, x):
            identity = x if self.downsample is None else self.downsample(x)
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            return self.relu(out + identity)

    return BasicBlock()


def resnet18(num_classes: int = 1000, width: int = 64):
    """torchvision.models.resnet18 (BasicBlock, layers [2, 2, 2, 2]); `width` scales the channels."""
    nn = _nn()

    class ResNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, width, 7, 2, 3, bias=False)
            self.bn1 = nn.BatchNorm2d(width)
            self.relu = nn.ReLU(inplace=True)
            self.maxpool = nn.MaxPool2d(3, 2, 1)
            planes = [width, width * 2, width * 4, width * 8]
            in_planes = width
            for index, (p, stride) in enumerate(zip(planes, [1, 2, 2, 2], strict=True), 1):
                setattr(self, f"layer{index}", nn.Sequential(_basic_block(in_planes, p, stride), _basic_block(p, p, 1)))
                in_planes = p
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(in_planes, num_classes)
            for m in self.modules():
                if isinstance(m, nn.Conv2d):
                    nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

        def forward(self, x):
            x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
            x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
            return self.fc(self.avgpool(x).flatten(1))

    return ResNet()


def _make_divisible(value: float, divisor: int = 8) -> int:
    new = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return new + divisor if new < 0.9 * value else new


def _conv_bn_relu6(nn, cin: int, cout: int, kernel: int, stride: int, groups: int = 1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, stride, (kernel - 1) // 2, groups=groups, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU6(inplace=True),
    )


def mobilenet_v2(num_classes: int = 1000, width_mult: float = 1.0):
    """torchvision.models.mobilenet_v2 (inverted residuals, ReLU6, dropout 0.2 classifier)."""
    nn = _nn()

    class InvertedResidual(nn.Module):
        def __init__(self, cin: int, cout: int, stride: int, expand: int):
            super().__init__()
            hidden = round(cin * expand)
            self.use_res_connect = stride == 1 and cin == cout
            layers = [] if expand == 1 else [_conv_bn_relu6(nn, cin, hidden, 1, 1)]
            layers += [
                _conv_bn_relu6(nn, hidden, hidden, 3, stride, groups=hidden),
                nn.Conv2d(hidden, cout, 1, 1, 0, bias=False),
                nn.BatchNorm2d(cout),
            ]
            self.conv = nn.Sequential(*layers)

        def forward(self, x):
            return x + self.conv(x) if self.use_res_connect else self.conv(x)

    settings = [
        (1, 16, 1, 1),
        (6, 24, 2, 2),
        (6, 32, 3, 2),
        (6, 64, 4, 2),
        (6, 96, 3, 1),
        (6, 160, 3, 2),
        (6, 320, 1, 1),
    ]

    class MobileNetV2(nn.Module):
        def __init__(self):
            super().__init__()
            cin = _make_divisible(32 * width_mult)
            self.last_channel = _make_divisible(1280 * max(1.0, width_mult))
            features = [_conv_bn_relu6(nn, 3, cin, 3, 2)]
            for t, c, n, s in settings:
                cout = _make_divisible(c * width_mult)
                for i in range(n):
                    features.append(InvertedResidual(cin, cout, s if i == 0 else 1, t))
                    cin = cout
            features.append(_conv_bn_relu6(nn, cin, self.last_channel, 1, 1))
            self.features = nn.Sequential(*features)
            self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(self.last_channel, num_classes))
            for m in self.modules():
                if isinstance(m, nn.Conv2d):
                    nn.init.kaiming_normal_(m.weight, mode="fan_out")
                elif isinstance(m, nn.Linear):
                    nn.init.normal_(m.weight, 0, 0.01)
                    nn.init.zeros_(m.bias)

        def forward(self, x):
            x = nn.functional.adaptive_avg_pool2d(self.features(x), (1, 1))
            return self.classifier(x.flatten(1))

    return MobileNetV2()


def _image(size: int):
    import torch

    return torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(1))


@register("MobileNetV2")
def mobilenet(size: str) -> ModelCase:
    if size == "report":
        return ModelCase(mobilenet_v2(), (_image(224),))
    return ModelCase(mobilenet_v2(num_classes=10, width_mult=0.25), (_image(32),))


@register("ResNet18")
def resnet(size: str) -> ModelCase:
    if size == "report":
        return ModelCase(resnet18(), (_image(224),))
    return ModelCase(resnet18(num_classes=10, width=8), (_image(32),))
