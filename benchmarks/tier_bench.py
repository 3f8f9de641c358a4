"""Kernel tiers side by side: each op on the same tensors under every ISA tier asked for (ttnn.set_isa), the
tiers taking turns call by call so background load falls on them alike. Prints the median µs per tier and each
tier's speed-up over the first one; for choosing which tier a family's kernel table gives a kernel to.

    PYTHONPATH=python:. python benchmarks/tier_bench.py [--isas avx2,avx512] [--repeat 31] [--filter softmax]
        [--dtype bfloat16|float32] [--cpu-time]

One device thread (the tiers' single-core speed); --cpu-time counts the calling thread's CPU time, robust when
other processes share the cores.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time

import torch
import ttnn

# The MNIST CNN's second conv (batch 64, 32 -> 64 channels, 3x3 on 26x26) for the convolution gradients: the
# case's tensor is grad_output, the conv input and weight are made once per device.
_MNIST_CONV2 = {"batch_size": 64, "input_height": 26, "input_width": 26, "in_channels": 32, "out_channels": 64,
                "kernel_size": [3, 3], "stride": 1, "padding": 0, "dilation": 1, "groups": 1}  # fmt: skip


@functools.cache
def _mnist_conv2_operands(device) -> tuple:
    gen = torch.Generator().manual_seed(1)
    x = ttnn.from_torch(torch.randn(64, 26, 26, 32, generator=gen), dtype=ttnn.bfloat16, device=device)
    w = ttnn.from_torch(torch.randn(64, 32, 3, 3, generator=gen) * 0.06, dtype=ttnn.bfloat16, device=device)
    return x, w


def _conv2_backward_weight(grad):
    return ttnn.conv2d_backward_weight(grad, _mnist_conv2_operands(grad.device())[0], **_MNIST_CONV2)


def _conv2_backward_input(grad):
    return ttnn.conv2d_backward_input(grad, _mnist_conv2_operands(grad.device())[1], **_MNIST_CONV2)


# (name, shape, call): BERT-base and GPT-2 small rows (768 wide, 128 tokens, 12 heads) and an odd width.
CASES = [
    ("softmax", (12, 128, 128), lambda x: ttnn.softmax(x, dim=-1)),
    ("softmax", (12, 128, 129), lambda x: ttnn.softmax(x, dim=-1)),
    ("scale_mask_softmax", (12, 128, 128), lambda x: ttnn.scale_mask_softmax(x, 0.125, None)),
    ("layer_norm", (128, 768), lambda x: ttnn.layer_norm(x, epsilon=1e-5)),
    ("layer_norm", (128, 1000), lambda x: ttnn.layer_norm(x, epsilon=1e-5)),
    ("rms_norm", (128, 4096), lambda x: ttnn.rms_norm(x, epsilon=1e-6)),
    ("sum", (128, 3072), lambda x: ttnn.sum(x, dim=-1)),
    ("mean", (128, 768), lambda x: ttnn.mean(x, dim=-1)),
    ("max", (128, 3072), lambda x: ttnn.max(x, dim=-1)),
    ("add", (128, 3072), lambda x: ttnn.add(x, x)),
    ("exp", (128, 3072), lambda x: ttnn.exp(x)),
    ("gelu", (128, 3072), lambda x: ttnn.gelu(x)),
    ("conv2d_backward_weight", (64, 24, 24, 64), _conv2_backward_weight),
    ("conv2d_backward_input", (64, 24, 24, 64), _conv2_backward_input),
]


def bench(call, x, isas: list[str], repeat: int, clock) -> list[float]:
    """Median µs of call(x) under each tier, the tiers alternating call by call after two warm-up rounds."""
    samples: list[list[float]] = [[] for _ in isas]
    for round_ in range(repeat + 2):
        for i, isa in enumerate(isas):
            ttnn.set_isa(isa)
            start = clock()
            out = call(x)
            elapsed = clock() - start
            ttnn.deallocate(out)
            if round_ >= 2:
                samples[i].append(elapsed)
    return [statistics.median(s) * 1e6 for s in samples]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--isas", default="avx2,avx512", help="comma list of tiers; the first is the baseline")
    parser.add_argument("--repeat", type=int, default=31)
    parser.add_argument("--filter", default="", help="only cases whose op name contains this text")
    parser.add_argument("--dtype", default="bfloat16", choices=["bfloat16", "float32"])
    parser.add_argument("--cpu-time", action="store_true", help="time with the calling thread's CPU clock")
    args = parser.parse_args()
    isas = args.isas.split(",")
    for isa in isas:
        if not ttnn.isa_available(isa):
            parser.error(f"{isa} kernels are not available on this CPU or build")
    clock = time.thread_time if args.cpu_time else time.perf_counter
    device = ttnn.open_device(device_id=0, num_threads=1)
    previous = ttnn.get_isa()
    print(f"dtype {args.dtype}, TILE layout, 1 device thread, clock {'thread CPU' if args.cpu_time else 'wall'}")
    header = f"| op | shape | {' | '.join(f'{isa} µs' for isa in isas)} | " + " | ".join(
        f"{isa}/{isas[0]}" for isa in isas[1:]
    )
    print(header + " |")
    print("|" + "---|" * (2 + 2 * len(isas) - 1))
    try:
        for name, shape, call in CASES:
            if args.filter not in name:
                continue
            data = torch.randn(shape, generator=torch.Generator().manual_seed(0)) * 3
            x = ttnn.from_torch(data, dtype=getattr(ttnn, args.dtype), layout=ttnn.TILE_LAYOUT, device=device)
            times = bench(call, x, isas, args.repeat, clock)
            ttnn.deallocate(x)
            speedups = " | ".join(f"{times[0] / t:.2f}x" for t in times[1:])
            cells = " | ".join(f"{t:.1f}" for t in times)
            print(f"| {name} | {'x'.join(map(str, shape))} | {cells} | {speedups} |")
    finally:
        ttnn.set_isa(previous)
        ttnn.close_device(device)


if __name__ == "__main__":
    main()
