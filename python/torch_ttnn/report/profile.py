"""``torch-ttnn profile MODEL``: where a compiled model's time goes, instruction by instruction.

The runtime times every instruction of a compiled graph when ``TorchTtnnOption(profile=True)``; this command
runs one model of the suite eager and compiled (warm-up, then ``--runs`` profiled calls; a training case's call
is a whole SGD step: forward, loss, backward and update) and prints the time per call by ttnn op (data movement
and host calls included), then the slowest single instructions, and with ``--eager`` the same breakdown of
eager PyTorch by aten op from ``torch.profiler``, for comparison.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict


def add_arguments(sub) -> None:
    parser = sub.add_parser("profile", help="per-op time of one compiled model, next to eager")
    parser.add_argument(
        "model", help="a model name of the suite (torch-ttnn report --list), or any MODEL of torch-ttnn run"
    )
    parser.add_argument("--size", choices=("report", "test"), default="report")
    parser.add_argument("--runs", type=int, default=3, help="profiled calls after one warm-up call")
    parser.add_argument("--top", type=int, default=15, help="rows in each table")
    parser.add_argument("--eager", action="store_true", help="also break eager down by aten op (torch.profiler)")


def by_op(rows: list[dict]) -> list[tuple[str, int, float]]:
    """(kind/op, instructions, ms per call) summed over instructions, slowest first."""
    totals, counts = defaultdict(float), defaultdict(int)
    for row in rows:
        key = row["op"] if row["kind"] == "ttnn" else f"{row['kind']} {row['op']}".strip()
        totals[key] += row["ns"] / max(row["calls"], 1) / 1e6
        counts[key] += 1
    return sorted(((k, counts[k], v) for k, v in totals.items()), key=lambda r: -r[2])


def _table(title: str, header: tuple, rows: list[tuple], total_ms: float) -> str:
    lines = [title, f"| {' | '.join(header)} | ms/call | share |", "|" + "---|" * (len(header) + 2)]
    for *cells, ms in rows:
        lines.append(f"| {' | '.join(str(c) for c in cells)} | {ms:.3f} | {100 * ms / max(total_ms, 1e-9):.1f}% |")
    return "\n".join(lines)


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def _eager_ops(call, top: int) -> list[tuple[str, int, float]]:
    import torch

    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        call()
    events = [e for e in prof.key_averages() if e.key.startswith("aten::")]
    events.sort(key=lambda e: -e.self_cpu_time_total)
    return [(e.key, e.count, e.self_cpu_time_total / 1e3) for e in events[:top]]


def _step(model, case):
    """One call of the case: inference, or for a training case a whole SGD step (forward, loss, backward, update)."""
    import torch

    if not case.train:
        return lambda: model(*case.inputs, **case.kwargs)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

    def train_step():
        optimizer.zero_grad()
        case.loss(model(*case.inputs, **case.kwargs), case.targets).backward()
        optimizer.step()

    return train_step


def run_profile(args) -> int:
    import contextlib
    import copy

    import torch
    import ttnn

    import torch_ttnn
    from torch_ttnn import models

    if args.model in models.names():
        case = models.build(args.model, args.size)
    else:
        from torch_ttnn.tools import sources

        case = sources.resolve(args.model, sources.SourceOptions(small=args.size == "test"))
    grad_mode = contextlib.nullcontext() if case.train else torch.no_grad()
    with ttnn.open_device(device_id=0) as device, grad_mode, models.compiling(case):
        option = torch_ttnn.TorchTtnnOption(device=device, profile=True)
        torch._dynamo.reset()
        twin = copy.deepcopy(case.model) if case.train else case.model
        compiled = torch.compile(twin, backend=torch_ttnn.backend, options=option)
        eager = _step(case.model, case)
        ours = _step(compiled, case)  # an OptimizedModule's parameters are the twin's

        ours()  # compile and warm up (twice: dynamo may specialise again on the second call); not profiled
        ours()
        for record in option._records:
            if record.compiled is not None:
                record.compiled.reset_profile()
        eager_ms = _median_ms(eager, args.runs + 1)
        compiled_ms = _median_ms(ours, args.runs)
        rows = option.profile_rows()
        eager_rows = _eager_ops(eager, args.top) if args.eager else []
        option.release()
    profiled = sum(r["ns"] / max(r["calls"], 1) for r in rows) / 1e6
    print(
        f"{args.model} ({args.size}): eager {eager_ms:.2f} ms, compiled {compiled_ms:.2f} ms per call "
        f"({eager_ms / compiled_ms:.2f}x); instructions account for {profiled:.2f} ms"
    )
    print()
    print(_table("Compiled, by op", ("op", "instructions"), by_op(rows)[: args.top], profiled))
    slowest = sorted(rows, key=lambda r: -r["ns"])[: args.top]
    print()
    print(
        _table(
            "Compiled, slowest instructions",
            ("#", "graph", "op", "output shape"),
            [
                (r["index"], r["graph"], f"{r['kind']} {r['op']}".strip(), r["shape"], r["ns"] / r["calls"] / 1e6)
                for r in slowest
            ],
            profiled,
        )
    )
    if eager_rows:
        print()
        print(_table("Eager, by aten op (self time, one call)", ("aten op", "calls"), eager_rows, eager_ms))
    return 0
