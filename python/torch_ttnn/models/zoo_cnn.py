"""The zoo's torchvision CNNs that transformers lacks: DenseNet-121 (densely connected), ResNeXt-50 32x4d
(grouped bottlenecks) and ShuffleNetV2 x1.0 (channel split and shuffle), written layer for layer as
torchvision defines them (its wheel does not import beside the CPU torch 2.13.0; see models.vision). A test
checks torchvision's published parameter counts."""

from __future__ import annotations

from torch_ttnn.models import ModelCase, register
from torch_ttnn.models.vision import _image


def _init(nn, model) -> None:
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)


def densenet(growth: int = 32, blocks=(6, 12, 24, 16), init: int = 64, bn_size: int = 4, classes: int = 1000):
    """torchvision.models.densenet121 (defaults)."""
    import torch
    import torch.nn as nn

    class DenseLayer(nn.Module):
        def __init__(self, cin: int):
            super().__init__()
            self.norm1, self.relu1 = nn.BatchNorm2d(cin), nn.ReLU(inplace=True)
            self.conv1 = nn.Conv2d(cin, bn_size * growth, 1, 1, bias=False)
            self.norm2, self.relu2 = nn.BatchNorm2d(bn_size * growth), nn.ReLU(inplace=True)
            self.conv2 = nn.Conv2d(bn_size * growth, growth, 3, 1, 1, bias=False)

        def forward(self, features):
            x = self.conv1(self.relu1(self.norm1(torch.cat(features, 1))))
            return self.conv2(self.relu2(self.norm2(x)))

    class DenseBlock(nn.ModuleDict):
        def forward(self, x):
            features = [x]
            for layer in self.values():
                features.append(layer(features))
            return torch.cat(features, 1)

    stem = [nn.Conv2d(3, init, 7, 2, 3, bias=False), nn.BatchNorm2d(init), nn.ReLU(True), nn.MaxPool2d(3, 2, 1)]
    features, channels = nn.Sequential(*stem), init
    for index, count in enumerate(blocks, 1):
        block = DenseBlock({f"denselayer{i + 1}": DenseLayer(channels + i * growth) for i in range(count)})
        features.add_module(f"denseblock{index}", block)
        channels += count * growth
        if index != len(blocks):
            transition = [nn.BatchNorm2d(channels), nn.ReLU(True), nn.Conv2d(channels, channels // 2, 1, bias=False)]
            features.add_module(f"transition{index}", nn.Sequential(*transition, nn.AvgPool2d(2, 2)))
            channels //= 2
    features.add_module("norm5", nn.BatchNorm2d(channels))
    model = nn.Sequential(features, nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, classes))
    _init(nn, model)
    nn.init.zeros_(model[-1].bias)
    return model


def resnext(layers=(3, 4, 6, 3), groups: int = 32, width_per_group: int = 4, base: int = 64, classes: int = 1000):
    """torchvision.models.resnext50_32x4d (defaults): bottlenecks with a grouped 3x3 convolution."""
    import torch.nn as nn

    class Bottleneck(nn.Module):
        def __init__(self, cin: int, planes: int, stride: int):
            super().__init__()
            width = planes * width_per_group // 64 * groups
            self.conv1, self.bn1 = nn.Conv2d(cin, width, 1, bias=False), nn.BatchNorm2d(width)
            self.conv2 = nn.Conv2d(width, width, 3, stride, 1, groups=groups, bias=False)
            self.bn2 = nn.BatchNorm2d(width)
            self.conv3, self.bn3 = nn.Conv2d(width, planes * 4, 1, bias=False), nn.BatchNorm2d(planes * 4)
            self.relu = nn.ReLU(inplace=True)
            self.downsample = None
            if stride != 1 or cin != planes * 4:
                conv = nn.Conv2d(cin, planes * 4, 1, stride, bias=False)
                self.downsample = nn.Sequential(conv, nn.BatchNorm2d(planes * 4))

        def forward(self, x):
            identity = x if self.downsample is None else self.downsample(x)
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.bn3(self.conv3(self.relu(self.bn2(self.conv2(out)))))
            return self.relu(out + identity)

    stem = [nn.Conv2d(3, base, 7, 2, 3, bias=False), nn.BatchNorm2d(base), nn.ReLU(True), nn.MaxPool2d(3, 2, 1)]
    stages, cin = [], base
    for index, count in enumerate(layers):
        planes = base * 2**index
        blocks = [Bottleneck(cin if i == 0 else planes * 4, planes, 2 if index and not i else 1) for i in range(count)]
        stages.append(nn.Sequential(*blocks))
        cin = planes * 4
    head = [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    model = nn.Sequential(*stem, *stages, *head)
    _init(nn, model)
    return model


def shufflenet_v2(repeats=(4, 8, 4), channels=(24, 116, 232, 464, 1024), classes: int = 1000):
    """torchvision.models.shufflenet_v2_x1_0 (defaults)."""
    import torch
    import torch.nn as nn

    def conv_bn(cin: int, cout: int, kernel: int = 1, stride: int = 1, groups: int = 1, relu: bool = True):
        layers = [nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
        return layers + [nn.ReLU(inplace=True)] if relu else layers

    class InvertedResidual(nn.Module):
        def __init__(self, cin: int, cout: int, stride: int):
            super().__init__()
            self.stride, half = stride, cout // 2
            if stride > 1:
                self.branch1 = nn.Sequential(*conv_bn(cin, cin, 3, stride, cin, False), *conv_bn(cin, half))
            first = cin if stride > 1 else half
            depthwise = conv_bn(half, half, 3, stride, half, False)
            self.branch2 = nn.Sequential(*conv_bn(first, half), *depthwise, *conv_bn(half, half))

        def forward(self, x):
            if self.stride == 1:
                x1, x2 = x.chunk(2, dim=1)
                out = torch.cat((x1, self.branch2(x2)), dim=1)
            else:
                out = torch.cat((self.branch1(x), self.branch2(x)), dim=1)
            n, c, h, w = out.shape  # channel shuffle over 2 groups
            return out.view(n, 2, c // 2, h, w).transpose(1, 2).contiguous().view(n, c, h, w)

    layers, cin = [*conv_bn(3, channels[0], 3, 2), nn.MaxPool2d(3, 2, 1)], channels[0]
    for count, cout in zip(repeats, channels[1:4], strict=True):
        layers += [InvertedResidual(cin, cout, 2)] + [InvertedResidual(cout, cout, 1) for _ in range(count - 1)]
        cin = cout
    layers += conv_bn(cin, channels[-1])

    class ShuffleNetV2(nn.Module):
        def __init__(self):
            super().__init__()
            self.features, self.fc = nn.Sequential(*layers), nn.Linear(channels[-1], classes)

        def forward(self, x):
            return self.fc(self.features(x).mean([2, 3]))

    return ShuffleNetV2()


_BUILDERS = {
    "densenet121": (densenet, {"growth": 8, "blocks": (2, 2), "init": 16, "classes": 10}),
    "resnext50_32x4d": (resnext, {"layers": (1, 1), "groups": 4, "width_per_group": 16, "base": 8, "classes": 10}),
    "shufflenet_v2_x1_0": (shufflenet_v2, {"repeats": (1, 1, 1), "channels": (8, 16, 32, 64, 64), "classes": 10}),
}


def _case(builder, test_kwargs):
    def build(size: str) -> ModelCase:
        model = builder() if size == "report" else builder(**test_kwargs)
        return ModelCase(model, (_image(224 if size == "report" else 32),))

    return build


for _name, (_builder, _test) in _BUILDERS.items():
    register(f"torchvision/{_name}", zoo=__name__)(_case(_builder, _test))
