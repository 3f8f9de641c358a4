"""Device memory and first-call time of compiled CNNs: MobileNetV2 and ResNet18 of the suite (report size) and
a densely connected CNN with squeeze-excitation blocks and many 1x1 convs, built here.

Usage: PYTHONPATH=python:. python benchmarks/cnn_memory_bench.py [MODEL ...]
Per model, one fresh compile on a fresh device: the parameters' size in bf16, what the device holds after a
call (parameters in device form and values folded from them), the device's peak during the first call, the
first call's wall time and how much of it the device instructions took, the first call of the same model
under torch.compile(backend="aot_eager") (dynamo and aot_autograd's tracing alone, which every backend pays),
and the median of 5 later calls.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
import torch_ttnn
import ttnn
from torch import nn
from torch_ttnn import models


class SqueezeExcite(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.fc1, self.fc2 = nn.Conv2d(c, c // 4, 1), nn.Conv2d(c // 4, c, 1)

    def forward(self, x):
        return x * torch.sigmoid(self.fc2(torch.relu(self.fc1(x.mean((2, 3), keepdim=True)))))


class DenseLayer(nn.Module):
    def __init__(self, c, growth):
        super().__init__()
        self.bn1, self.conv1 = nn.BatchNorm2d(c), nn.Conv2d(c, 4 * growth, 1, bias=False)
        self.bn2, self.conv2 = nn.BatchNorm2d(4 * growth), nn.Conv2d(4 * growth, growth, 3, padding=1, bias=False)

    def forward(self, x):
        y = self.conv2(torch.relu(self.bn2(self.conv1(torch.relu(self.bn1(x))))))
        return torch.cat([x, y], 1)


def dense_se_cnn():
    """DenseNet-style blocks (BN-ReLU-1x1-BN-ReLU-3x3, concatenated), 1x1 transitions with squeeze-excitation,
    and a 1x1 head to 1280 channels: 1.9 M parameters, most in 1x1 convs."""
    torch.manual_seed(0)
    layers, c = [nn.Conv2d(3, 64, 3, 2, 1), nn.BatchNorm2d(64), nn.ReLU()], 64
    for i in range(12):
        layers.append(DenseLayer(c, 32))
        c += 32
        if i % 4 == 3:
            layers += [nn.Conv2d(c, c, 1), nn.BatchNorm2d(c), SqueezeExcite(c), nn.AvgPool2d(2)]
    layers += [nn.Conv2d(c, 1280, 1), nn.BatchNorm2d(1280), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    model = nn.Sequential(*layers, nn.Linear(1280, 10)).eval()
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
    return model, (torch.randn(1, 3, 128, 128),)


def build(name):
    if name == "DenseSE":
        return dense_se_cnn()
    case = models.build(name, "report")
    return case.model, case.inputs


def aot_eager_first_call(model, inputs) -> float:
    torch._dynamo.reset()
    compiled = torch.compile(model, backend="aot_eager")
    with torch.no_grad():
        start = time.perf_counter()
        compiled(*inputs)
        return time.perf_counter() - start


def measure(name) -> list[str]:
    model, inputs = build(name)
    tracing = aot_eager_first_call(model, inputs)
    params = 2 * sum(t.numel() for t in (*model.parameters(), *model.buffers()) if t.is_floating_point())
    torch._dynamo.reset()
    with ttnn.open_device(device_id=0) as device:
        option = torch_ttnn.TorchTtnnOption(device=device, profile=True)
        compiled = torch.compile(model, backend=torch_ttnn.backend, options=option)
        with torch.no_grad():
            start = time.perf_counter()
            out = compiled(*inputs)
            first = time.perf_counter() - start
            instructions = sum(r["ns"] for r in option.profile_rows()) / 1e9
            stats = device.memory_stats()["DRAM"]
            times = []
            for _ in range(5):
                start = time.perf_counter()
                compiled(*inputs)
                times.append((time.perf_counter() - start) * 1e3)
            ref = model(*inputs)
        pcc = torch.corrcoef(torch.stack([ref.flatten().float(), out.flatten().float()]))[0, 1].item()
        option.release()
    mib = 2.0**20
    return [name, f"{params / mib:.1f}", f"{stats['in_use'] / mib:.1f}", f"{stats['peak'] / mib:.1f}",
            f"{first:.2f}", f"{instructions:.2f}", f"{tracing:.2f}", f"{statistics.median(times):.1f}",
            f"{pcc:.5f}"]  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", default=["MobileNetV2", "ResNet18", "DenseSE"])
    args = parser.parse_args()
    header = ["model", "params bf16 MiB", "held MiB", "peak MiB", "first call s", "of which device s",
              "aot_eager first call s", "later calls ms", "PCC"]  # fmt: skip
    print(f"load average {__import__('os').getloadavg()[0]:.1f}")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name in args.models:
        print("| " + " | ".join(measure(name)) + " |", flush=True)


if __name__ == "__main__":
    main()
