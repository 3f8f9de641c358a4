"""``torch-ttnn soak``: a compiled model called many times, to show nothing grows and nothing goes stale.

Inference: one compiled MLP called from several threads at once with new input values every call; every
call's output is compared with eager. Training: forward, backward and an SGD step per call; after every step
a probe call (inference graph) must match eager with the updated weights, so a stale device copy of a
parameter fails at the first call after the update. Device memory, host RSS and the parameter cache are
sampled along the way; the command prints their values at the start (after warm-up), middle and end, and
exits 1 when one of them grew or an output differed.
"""

from __future__ import annotations

import threading
import time

import torch
import ttnn

import torch_ttnn

RSS_SLACK_MB = 64.0  # allocator and PyTorch caches settle in the first calls; growth beyond this is a leak
TOL = {"rtol": 3e-2, "atol": 3e-2}  # bf16 device numerics against fp32 eager


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        line = next(ln for ln in f if ln.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def make_model(seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(64, 96), torch.nn.GELU(), torch.nn.LayerNorm(96), torch.nn.Linear(96, 10)
    )


class Samples:
    """Device bytes, host RSS and parameter cache entries at each checkpoint."""

    def __init__(self, device, option):
        self.device, self.option, self.rows = device, option, []

    def take(self, calls: int) -> None:
        in_use = self.device.memory_stats()["DRAM"]["in_use"]
        self.rows.append((calls, in_use, rss_mb(), len(self.option.param_cache())))

    def problems(self) -> list[str]:
        start, end = self.rows[0], self.rows[-1]
        found = []
        if end[1] != start[1]:
            found.append(f"device memory {start[1]} -> {end[1]} bytes")
        if end[2] - start[2] > RSS_SLACK_MB:
            found.append(f"host RSS grew {end[2] - start[2]:.1f} MiB (slack {RSS_SLACK_MB})")
        if end[3] != start[3]:
            found.append(f"parameter cache {start[3]} -> {end[3]} entries")
        return found


def soak_inference(device, calls: int, threads: int) -> tuple[Samples, list[str]]:
    model = make_model().eval()
    option = torch_ttnn.TorchTtnnOption(device=device)
    compiled = torch.compile(model, backend=torch_ttnn.backend, options=option, fullgraph=True, dynamic=False)
    samples, errors, done = Samples(device, option), [], [0]
    lock = threading.Lock()
    with torch.no_grad():
        compiled(torch.randn(8, 64))  # warm-up: compile and upload the parameters
    samples.take(0)

    def worker(index: int, count: int) -> None:
        gen = torch.Generator().manual_seed(index)
        for _ in range(count):
            x = torch.randn(8, 64, generator=gen)
            with torch.no_grad():
                actual, expected = compiled(x), model(x)
            if not torch.allclose(actual, expected, **TOL):
                errors.append(f"thread {index}: max |err| {float((actual - expected).abs().max()):.3g}")
            with lock:
                done[0] += 1
                if done[0] == calls // 2:
                    samples.take(done[0])

    pool = [threading.Thread(target=worker, args=(i, calls // threads)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    samples.take(done[0])
    option.release()
    return samples, errors


def soak_training(device, calls: int) -> tuple[Samples, list[str]]:
    model = make_model(1)
    option = torch_ttnn.TorchTtnnOption(device=device)
    compiled = torch.compile(model, backend=torch_ttnn.backend, options=option, fullgraph=True, dynamic=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    samples, errors = Samples(device, option), []
    gen = torch.Generator().manual_seed(2)
    probe = torch.randn(8, 64, generator=gen)
    for call in range(calls + 1):
        x, target = torch.randn(8, 64, generator=gen), torch.randint(0, 10, (8,), generator=gen)
        loss = torch.nn.functional.cross_entropy(compiled(x), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():  # the next call must see this step's weights
            actual, expected = compiled(probe), model(probe)
        if not torch.allclose(actual, expected, **TOL):
            errors.append(f"call {call}: after the step max |err| {float((actual - expected).abs().max()):.3g}")
        if call in (0, calls // 2, calls):
            samples.take(call)
    option.release()
    return samples, errors


def add_arguments(sub) -> None:
    parser = sub.add_parser("soak", help="call a compiled model many times; memory and caches must stay flat")
    parser.add_argument("--calls", type=int, default=10_000, help="calls per variant (default 10,000)")
    parser.add_argument("--threads", type=int, default=4, help="threads calling the inference model (default 4)")


def run(args) -> int:
    import warnings

    warnings.filterwarnings("ignore")
    failed = 0
    with ttnn.open_device(device_id=0) as device:
        for name, variant in (
            (f"inference, {args.threads} threads", lambda: soak_inference(device, args.calls, args.threads)),
            ("training (SGD step per call)", lambda: soak_training(device, args.calls)),
        ):
            start = time.perf_counter()
            samples, errors = variant()
            print(f"{name}: {args.calls} calls in {time.perf_counter() - start:.1f} s")
            print(f"  {'calls':>7} {'device bytes':>13} {'host RSS MiB':>13} {'param cache':>12}")
            for calls, in_use, rss, cached in samples.rows:
                print(f"  {calls:>7} {in_use:>13} {rss:>13.1f} {cached:>12}")
            problems = samples.problems() + errors[:5]
            print(f"  {'ok' if not problems else 'FAILED: ' + '; '.join(problems)}")
            failed += bool(problems)
    return 1 if failed else 0
