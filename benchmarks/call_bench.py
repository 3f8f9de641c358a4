"""Per-call cost of a `ttnn.<op>` call from Python, on ops whose kernel does next to nothing.

Prints the median nanoseconds per call of: a Python function that does nothing (the floor), ttnn.reshape of a
small tensor (a view: no kernel), a one-element ttnn.add, ttnn.permute of a [1, 1, 1, 1] tensor, and the same
calls one layer down (the generic entry point the `ttnn.<op>` functions wrap), so the Python wrapper, the
argument conversion and the op itself can be told apart.
Run: PYTHONPATH=python python benchmarks/call_bench.py [--calls N] [--repeats N] [--cpu-time]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import torch
import ttnn
from ttnn import _ttnn


def per_call_ns(fn, calls: int, repeats: int, clock) -> float:
    for _ in range(calls // 10):
        fn()
    samples = []
    for _ in range(repeats):
        start = clock()
        for _ in range(calls):
            fn()
        samples.append((clock() - start) / calls * 1e9)
    return statistics.median(samples)


def entry_point(name: str):
    """The generic entry point `_ttnn._call` for op `name`, the layer under the `ttnn.<op>` function."""
    index = [e["name"] for e in _ttnn.op_registry()].index(name)
    return lambda *args: _ttnn._call(index, args, None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--cpu-time", action="store_true", help="thread CPU time instead of wall time")
    args = parser.parse_args()
    clock = time.thread_time if args.cpu_time else time.perf_counter
    device = ttnn.open_device(device_id=0)
    small = ttnn.from_torch(torch.randn(2, 32, 32), dtype=ttnn.bfloat16, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)
    one = ttnn.from_torch(torch.randn(1), dtype=ttnn.bfloat16, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)
    tiny = ttnn.from_torch(torch.randn(1, 1, 1, 1), dtype=ttnn.bfloat16, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)
    reshape, add, permute = entry_point("reshape"), entry_point("add"), entry_point("permute")

    def nothing(*_args, **_kwargs):
        return None

    cases = [
        ("python function, 2 args", lambda: nothing(small, [64, 32])),
        ("ttnn.reshape [2,32,32]->[64,32]", lambda: ttnn.reshape(small, [64, 32])),
        ("  entry point", lambda: reshape(small, [64, 32])),
        ("ttnn.add 1 element", lambda: ttnn.add(one, one)),
        ("  entry point", lambda: add(one, one)),
        ("ttnn.permute [1,1,1,1]", lambda: ttnn.permute(tiny, [0, 2, 1, 3])),
        ("  entry point", lambda: permute(tiny, [0, 2, 1, 3])),
        ("ttnn.add keyword args", lambda: ttnn.add(input_tensor_a=one, input_tensor_b=one)),
    ]
    print(f"{'cpu' if args.cpu_time else 'wall'} time, load {os.getloadavg()[0]:.1f}, isa {ttnn.get_isa()}")
    for name, fn in cases:
        print(f"{name:34} {per_call_ns(fn, args.calls, args.repeats, clock):8.0f} ns")
    ttnn.close_device(device)


if __name__ == "__main__":
    main()
