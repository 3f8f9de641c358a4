"""ttnn.conv2d against torch eager on the same inputs: median µs, GFLOP/s and the ratio to torch.

Usage: PYTHONPATH=python:. python benchmarks/conv_bench.py [--threads 2] [--repeat N] [--dtype float32|bfloat16]
       [--filter TEXT] [--cpu-time] [--no-prepare]
torch runs F.conv2d on a contiguous NCHW fp32 copy of the input (its usual eager layout) on --threads threads;
ttnn runs on a device with as many threads, input NHWC ROW_MAJOR on the device. Cases: op_cases/conv.py.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
import ttnn

from benchmarks.op_cases.conv import LAYERS, ConvLayer


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


def bench_case(layer: ConvLayer, device, dtype, repeat: int, clock, prepare: bool) -> tuple[float, float]:
    setup = layer.setup(device, dtype, prepare=prepare)

    def run_ttnn():
        ttnn.deallocate(setup.ttnn())

    try:
        return paired_medians_us(run_ttnn, setup.torch, repeat, clock)
    finally:
        for t in setup.free:
            ttnn.deallocate(t)


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
    parser.add_argument(
        "--no-prepare", action="store_true", help="pack the weights on every call (no ttnn.prepare_conv_weights)"
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
        f"ttnn dtype {args.dtype}, isa {ttnn.get_isa()}, weights {'per call' if args.no_prepare else 'prepared'}, "
        f"clock {'thread CPU' if args.cpu_time else 'wall'}"
    )
    header = f"{'case':40} {'ttnn µs':>10} {'torch µs':>10} {'ttnn GF/s':>10} {'torch GF/s':>10} {'torch/ttnn':>10}"
    print(header)
    print("-" * len(header))
    try:
        for layer in LAYERS:
            if args.filter not in layer.name:
                continue
            ours, theirs = bench_case(layer, device, dtype, args.repeat, clock, not args.no_prepare)
            flops = layer.flops
            print(
                f"{layer.name:40} {ours:10.1f} {theirs:10.1f} {flops / ours / 1e3:10.1f} "
                f"{flops / theirs / 1e3:10.1f} {theirs / ours:10.2f}"
            )
    finally:
        ttnn.close_device(device)


if __name__ == "__main__":
    main()
