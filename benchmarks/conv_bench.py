"""ttnn.conv2d against torch eager on the same inputs: median µs, GFLOP/s and the ratio to torch.

Usage: PYTHONPATH=python:. python benchmarks/conv_bench.py [--threads 2] [--repeat N] [--dtype float32|bfloat16]
       [--filter TEXT]
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


def median_us(fn, repeat: int) -> float:
    fn()
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


def bench_case(case: ConvCase, device, dtype, repeat: int) -> tuple[float, float, float]:
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

    ours, theirs = [], []
    for _ in range(3):  # interleave so load from other processes hits both sides alike
        ours.append(median_us(run_ttnn, repeat))
        theirs.append(median_us(run_torch, repeat))
    for t in (tx, tw, tb):
        ttnn.deallocate(t)
    return min(ours), min(theirs), case.flops


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--dtype", default="float32", choices=["float32", "bfloat16"])
    parser.add_argument("--filter", default="")
    parser.add_argument("--threads", type=int, default=2, help="threads for both torch and the ttnn device")
    args = parser.parse_args()
    dtype = getattr(ttnn, args.dtype)
    torch.set_num_threads(args.threads)
    device = ttnn.open_device(device_id=0, num_threads=args.threads)
    print(
        f"threads: torch {torch.get_num_threads()}, ttnn {device.num_threads()}; "
        f"ttnn dtype {args.dtype}, isa {ttnn.get_isa()}"
    )
    header = f"{'case':40} {'ttnn µs':>10} {'torch µs':>10} {'ttnn GF/s':>10} {'torch GF/s':>10} {'torch/ttnn':>10}"
    print(header)
    print("-" * len(header))
    try:
        for case in CASES:
            if args.filter not in case.name:
                continue
            ours, theirs, flops = bench_case(case, device, dtype, args.repeat)
            print(
                f"{case.name:40} {ours:10.1f} {theirs:10.1f} {flops / ours / 1e3:10.1f} "
                f"{flops / theirs / 1e3:10.1f} {theirs / ours:10.2f}"
            )
    finally:
        ttnn.close_device(device)


if __name__ == "__main__":
    main()
