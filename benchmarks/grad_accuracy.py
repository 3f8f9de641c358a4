"""Gradient accuracy of one compiled training step against eager fp32, per parameter, by norm:
|g - g_ref| / |g_ref|. PCC says nothing about scale, and a gradient that is zero in exact arithmetic (a
BatchNorm bias followed by a 1x1 conv and another BatchNorm, which removes any channel shift) has an eager
reference of rounding noise, so the table gives the worst error over all parameters and over those whose
reference norm is at least 1 % of the largest. Eager bf16 (the model and input cast to bfloat16) shows what
bf16 itself costs.

Usage: PYTHONPATH=python:. python benchmarks/grad_accuracy.py [--list]
Models: a ShuffleNet-like CNN (channel split and shuffle, depthwise and 1x1 convs, BatchNorm; batch 4, 64x64)
and the suite's MNIST CNN (Mnist (Train), test size).
"""

from __future__ import annotations

import argparse
import copy

import torch
import torch_ttnn
import ttnn
from torch import nn
from torch_ttnn import models


def channel_shuffle(x, groups):
    n, c, h, w = x.shape
    return x.view(n, groups, c // groups, h, w).transpose(1, 2).reshape(n, c, h, w)


class ShuffleUnit(nn.Module):
    def __init__(self, c):
        super().__init__()
        b = c // 2
        self.branch = nn.Sequential(
            nn.Conv2d(b, b, 1, bias=False), nn.BatchNorm2d(b), nn.ReLU(),
            nn.Conv2d(b, b, 3, padding=1, groups=b, bias=False), nn.BatchNorm2d(b),
            nn.Conv2d(b, b, 1, bias=False), nn.BatchNorm2d(b), nn.ReLU(),
        )  # fmt: skip

    def forward(self, x):
        a, b = x.chunk(2, 1)
        return channel_shuffle(torch.cat([a, self.branch(b)], 1), 2)


def shufflenet_like():
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(3, 24, 3, 2, 1, bias=False), nn.BatchNorm2d(24), nn.ReLU(), nn.MaxPool2d(3, 2, 1),
        ShuffleUnit(24), ShuffleUnit(24), nn.Conv2d(24, 48, 1, bias=False), nn.BatchNorm2d(48), nn.ReLU(),
        ShuffleUnit(48), ShuffleUnit(48), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(48, 10),
    ).train()  # fmt: skip
    torch.manual_seed(1)
    x, target = torch.randn(4, 3, 64, 64), torch.randint(0, 10, (4,))
    return model, x, lambda out: nn.functional.cross_entropy(out, target)


def mnist_train():
    case = models.build("Mnist (Train)", "test")
    model = case.model
    model.eval()  # dropout's masks would differ between the runs
    return model, case.inputs[0], lambda out: case.loss(out, case.targets)


CASES = {"ShuffleNet-like": shufflenet_like, "Mnist (Train)": mnist_train}


def pair(values) -> str:
    return f"{values[0]:.3g} / {values[1]:.3g}"


def errors(model, reference):
    pairs = [(p.grad.float(), q.grad) for p, q in zip(model.parameters(), reference.parameters(), strict=True)]
    top = max(ref.norm().item() for _, ref in pairs)
    rel = [((g - ref).norm() / ref.norm().clamp_min(1e-30)).item() for g, ref in pairs]
    meaningful = [r for r, (_, ref) in zip(rel, pairs, strict=True) if ref.norm().item() >= 0.01 * top]
    return max(rel), max(meaningful)


def step(model, x, loss):
    loss(model(x)).backward()


def run(name, device) -> list[str]:
    model, x, loss = CASES[name]()
    reference = copy.deepcopy(model)
    step(reference, x, loss)
    eager_bf16 = copy.deepcopy(model).bfloat16()
    step(eager_bf16, x.bfloat16(), lambda out: loss(out.float()))
    cells = [name, pair(errors(eager_bf16, reference))]
    for dtype in (ttnn.bfloat16, ttnn.float32):
        torch._dynamo.reset()
        ours = copy.deepcopy(model)
        option = torch_ttnn.TorchTtnnOption(device=device, dtype=dtype)
        step(torch.compile(ours, backend=torch_ttnn.backend, options=option), x, loss)
        host = sum(sum(m["ops_remaining"].values()) for m in option.metrics())
        cells.append(pair(errors(ours, reference)) + f" ({host} host ops)")
        option.release()
    return cells


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", default=list(CASES))
    args = parser.parse_args()
    header = ["model", "eager bf16 (all / meaningful)", "device bf16", "device fp32"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    with ttnn.open_device(device_id=0) as device:
        for name in args.models:
            print("| " + " | ".join(run(name, device)) + " |", flush=True)


if __name__ == "__main__":
    main()
