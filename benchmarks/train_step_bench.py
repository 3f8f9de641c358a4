"""Training steps of the suite's training rows, eager fp32 and bf16 against torch_ttnn, taking turns step by step.

    PYTHONPATH=python:. python benchmarks/train_step_bench.py ["Mnist (Train)" ...] [--size report|test]
        [--runs 15] [--threads 1] [--cpu-time]

One step is what the report times: zero_grad, forward, loss, backward and an SGD update. Each round runs one step
of each variant, so background load falls on all alike; medians in ms. Eager bf16 is a copy of the model and its
floating inputs and targets cast to bfloat16 (its loss in bfloat16 too), as a user would train in bf16 on this
CPU. --cpu-time counts process CPU time (with --threads 1, what a loaded machine inflates least).
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import os
import statistics
import time


def _bf16_case(case):
    """The case with its model, floating inputs and targets in bfloat16."""
    import torch

    def cast(x):
        return x.to(torch.bfloat16) if isinstance(x, torch.Tensor) and x.is_floating_point() else x

    return dataclasses.replace(
        case,
        model=copy.deepcopy(case.model).to(torch.bfloat16),
        inputs=tuple(cast(x) for x in case.inputs),
        kwargs={k: cast(v) for k, v in case.kwargs.items()},
        targets=cast(case.targets),
    )


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
        print("| model | eager fp32 ms | eager bf16 ms | torch_ttnn ms | eager fp32 / torch_ttnn | load |")
        print("|---|---|---|---|---|---|")
        for name in args.models:
            case = models.build(name, args.size)
            option = torch_ttnn.TorchTtnnOption(device=device)
            torch._dynamo.reset()
            twin, bf16 = copy.deepcopy(case.model), _bf16_case(case)
            steps = [
                _step(case.model, case),
                _step(torch.compile(twin, backend=torch_ttnn.backend, options=option), case),
                _step(bf16.model, bf16),
            ]
            for step in steps:  # compile and warm up (twice: dynamo may specialise again on the second call)
                step()
                step()
            samples: list[list[float]] = [[], [], []]
            for _ in range(args.runs):
                for i, step in enumerate(steps):
                    start = clock()
                    step()
                    samples[i].append((clock() - start) * 1e3)
            eager, ours, bf16 = (statistics.median(s) for s in samples)
            load = os.getloadavg()[0]
            print(f"| {name} | {eager:.2f} | {bf16:.2f} | {ours:.2f} | {eager / ours:.2f}x | {load:.1f} |")
            option.release()


if __name__ == "__main__":
    main()
