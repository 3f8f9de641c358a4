"""Training steps of the suite's training rows, eager fp32 against torch_ttnn, taking turns step by step.

    PYTHONPATH=python:. python benchmarks/train_step_bench.py ["Mnist (Train)" ...] [--size report|test]
        [--runs 15] [--threads 1] [--cpu-time]

One step is what the report times: zero_grad, forward, loss, backward and an SGD update. Each round runs one eager
and one compiled step, so background load falls on both alike; medians in ms. --cpu-time counts process CPU time
(with --threads 1, what a loaded machine inflates least).
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=["Mnist (Train)"])
    parser.add_argument("--size", default="report", choices=["report", "test"])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--threads", type=int, default=0, help="threads for ttnn and torch (default: the device's)")
    parser.add_argument("--cpu-time", action="store_true", help="time steps in process CPU time")
    args = parser.parse_args()
    if args.threads:
        os.environ["TTNN_NUM_THREADS"] = str(args.threads)  # read when the device's pool starts

    import torch
    import torch_ttnn
    import ttnn
    from torch_ttnn import models
    from torch_ttnn.report.profile import _step

    clock = time.process_time if args.cpu_time else time.perf_counter
    with ttnn.open_device(device_id=0) as device:
        threads = device.num_threads() if callable(device.num_threads) else device.num_threads
        torch.set_num_threads(threads)
        print(f"threads {threads}, clock {'process CPU' if args.cpu_time else 'wall'}, medians of {args.runs} rounds")
        print("| model | eager fp32 ms | torch_ttnn ms | eager / torch_ttnn | load |")
        print("|---|---|---|---|---|")
        for name in args.models:
            case = models.build(name, args.size)
            option = torch_ttnn.TorchTtnnOption(device=device)
            torch._dynamo.reset()
            twin = copy.deepcopy(case.model)
            steps = [
                _step(case.model, case),
                _step(torch.compile(twin, backend=torch_ttnn.backend, options=option), case),
            ]
            for step in steps:  # compile and warm up (twice: dynamo may specialise again on the second call)
                step()
                step()
            samples: list[list[float]] = [[], []]
            for _ in range(args.runs):
                for i, step in enumerate(steps):
                    start = clock()
                    step()
                    samples[i].append((clock() - start) * 1e3)
            eager, ours = (statistics.median(s) for s in samples)
            print(f"| {name} | {eager:.2f} | {ours:.2f} | {eager / ours:.2f}x | {os.getloadavg()[0]:.1f} |")
            option.release()


if __name__ == "__main__":
    main()
