"""ttnn.conv2d against torch eager on the same inputs: median µs, GFLOP/s and the ratio to torch.

Usage: PYTHONPATH=python:. python benchmarks/conv_bench.py [--threads 2] [--repeat N] [--dtype float32|bfloat16]
       [--filter TEXT] [--cpu-time]
torch runs F.conv2d on a contiguous NCHW fp32 copy of the input (its usual eager layout) with its default
threads set to --threads; ttnn runs on a device with that many threads, input NHWC ROW_MAJOR on device.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
import torch.nn.functional as F
import ttnn

from benchmarks.op_cases.conv import CASES, ConvCase


def paired_medians_us(first, second, repeat: int, clock=time.perf_counter) -> tuple[float, float]:
    """Medians of `first` and `second` timed alternately, call by call, so that load from other processes
    (this machine is shared) falls on both sides alike."""
    for _ in range(2):
        first()
        second()
    a, b = [], []
    for _ in range(repeat):
        for fn, samples in ((first, a), (second, b)):
            start = clock()
            fn()
            samples.append(clock() - start)
    return statistics.median(a) * 1e6, statistics.median(b) * 1e6


def bench_case(case: ConvCase, device, dtype, repeat: int, clock) -> tuple[float, float, float]:
    torch.manual_seed(0)
    x = torch.randn(case.batch, case.height, case.width, case.in_channels)
    w = torch.randn(case.out_channels, case.in_channels // case.groups, case.kernel, case.kernel)
    b = torch.randn(case.out_channels)
    x_nchw = x.permute(0, 3, 1, 2).contiguous()
    tx = ttnn.from_torch(x, dtype=dtype, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)
    tw = ttnn.from_torch(w, dtype=dtype, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)
    tb = ttnn.from_torch(b, dtype=dtype, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)

    def run_ttnn():
        ttnn.deallocate(ttnn.conv2d(tx, tw, device=device, bias_tensor=tb, stride=case.stride,
                                    padding=case.padding, groups=case.groups))  # fmt: skip

    def run_torch():
        F.conv2d(x_nchw, w, b, case.stride, case.padding, 1, case.groups)

    ours, theirs = paired_medians_us(run_ttnn, run_torch, repeat, clock)
    for t in (tx, tw, tb):
        ttnn.deallocate(t)
    return ours, theirs, case.flops


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--dtype", default="float32", choices=["float32", "bfloat16"])
    parser.add_argument("--filter", default="")
    parser.add_argument("--threads", type=int, default=2, help="threads for both torch and the ttnn device")
    parser.add_argument(
        "--cpu-time",
        action="store_true",
        help="time with the calling thread's CPU clock (only with --threads 1): robust when other processes share "
        "the cores, since time spent descheduled is not counted",
    )
    args = parser.parse_args()
    if args.cpu_time and args.threads != 1:
        parser.error("--cpu-time measures one thread; use it with --threads 1")
    clock = time.thread_time if args.cpu_time else time.perf_counter
    dtype = getattr(ttnn, args.dtype)
    torch.set_num_threads(args.threads)
    device = ttnn.open_device(device_id=0, num_threads=args.threads)
    print(
        f"threads: torch {torch.get_num_threads()}, ttnn {device.num_threads()}; "
        f"ttnn dtype {args.dtype}, isa {ttnn.get_isa()}, clock {'thread CPU' if args.cpu_time else 'wall'}"
    )
    header = f"{'case':40} {'ttnn µs':>10} {'torch µs':>10} {'ttnn GF/s':>10} {'torch GF/s':>10} {'torch/ttnn':>10}"
    print(header)
    print("-" * len(header))
    try:
        for case in CASES:
            if args.filter not in case.name:
                continue
            ours, theirs, flops = bench_case(case, device, dtype, args.repeat, clock)
            print(
                f"{case.name:40} {ours:10.1f} {theirs:10.1f} {flops / ours / 1e3:10.1f} "
                f"{flops / theirs / 1e3:10.1f} {theirs / ours:10.2f}"
            )
    finally:
        ttnn.close_device(device)


if __name__ == "__main__":
    main()
