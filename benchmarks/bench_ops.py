"""Op benchmark: every case of benchmarks/op_cases/*.py on the CPU TT-NN device against torch eager.

Prints, per op and shape: median µs of ttnn in bfloat16 and float32, GFLOP/s (or GB/s for memory-bound ops)
of the bf16 run, torch eager fp32 on the same inputs in the same run, and the speed ratio torch / ttnn (> 1:
ttnn is faster) of the medians and of the best runs. With --inductor also torch.compile (inductor). Then
the GEMM choice: our GEMM against OpenBLAS (the one scipy ships, scipy_openblas) and torch on the BERT fp32
shapes, the measurement behind using our own kernel.

    PYTHONPATH=python:. python benchmarks/bench_ops.py [--quick] [--filter linear] [--inductor] [--threads N]
        [--cpu-time]

On a shared machine absolute times swing with the load (printed in the header); the runs are interleaved so
each row's ratios compare like with like, and --threads 1 is the least sensitive to other processes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from benchmarks import torch_env  # before torch: GOMP_SPINCOUNT, --torch-isa

# isort: split
import torch  # noqa: E402
import ttnn  # noqa: E402

from benchmarks import op_cases  # noqa: E402

CLOCK = time.perf_counter  # --cpu-time: time.thread_time (CPU time of the calling thread, one thread)


def open_device(args):
    """The device and its thread count, torch set to the same count; with ``args.cpu_time`` one thread each and
    CLOCK the calling thread's CPU time (what other processes on the cores do not inflate)."""
    global CLOCK
    if args.cpu_time:
        CLOCK = time.thread_time
        args.threads = 1
    if args.threads:
        os.environ["TTNN_NUM_THREADS"] = str(args.threads)  # read when the device's pool starts
    device = ttnn.open_device(device_id=0)
    threads = device.num_threads() if callable(device.num_threads) else device.num_threads
    torch.set_num_threads(threads)
    return device, threads


def median_us(
    fns: dict, min_time: float, min_runs: int, block: int = 3, settle: float = 0.01, quiesce: float = 0.0
) -> dict:
    """Median µs of each callable, runs interleaved in blocks (a a a, b b b, c c c, a a a, ...): on a shared
    machine every callable then sees the same background load, so their ratio stays meaningful when absolute
    times do not. Each block first runs its callable untimed for `settle` seconds: the switch between
    libraries costs what neither pays inside its own model (torch's OpenMP workers spin for milliseconds
    after each call, taking a core from whatever runs next; a pool that went to sleep must be woken).
    With libgomp's default spin a 2-thread ttnn add of 128x3072 fp32 timed right after a torch burst ran at
    1-thread speed (52 us against 29) until 10 ms had passed: hence GOMP_SPINCOUNT (benchmarks/torch_env.py).
    `quiesce` seconds of sleep before each block let a library whose workers spin longer go idle first
    (OpenBLAS: ~0.1 s)."""
    for fn in fns.values():
        fn()
        fn()
    times: dict = {name: [] for name in fns}
    start = time.perf_counter()
    while len(times[next(iter(fns))]) < min_runs or time.perf_counter() - start < min_time * len(fns):
        for name, fn in fns.items():
            time.sleep(quiesce)
            switch = time.perf_counter()
            fn()
            while time.perf_counter() - switch < settle:
                fn()
            for _ in range(block):
                t0 = CLOCK()
                fn()
                times[name].append(CLOCK() - t0)
    medians = {name: statistics.median(ts) * 1e6 for name, ts in times.items()}
    # The best run of each, for ratios that background load does not move (it only ever adds time).
    medians.update({f"{name} best": min(ts) * 1e6 for name, ts in times.items()})
    return medians


def pcc(a: torch.Tensor, b: torch.Tensor) -> float:
    a, b = a.double().flatten(), b.double().flatten()
    return float(torch.corrcoef(torch.stack([a, b]))[0, 1])


def rate(case, us: float) -> str:
    if case.flops:
        return f"{case.flops / us / 1e3:7.1f} GF/s"
    return f"{case.bytes / us / 1e3:7.1f} GB/s"


def run_case(case, device, args) -> str:
    setups = {label: case.setup(device, dtype) for dtype, label in ((ttnn.bfloat16, "bf16"), (ttnn.float32, "fp32"))}
    for label, setup in setups.items():
        check = pcc(ttnn.to_torch(setup.ttnn()).float(), setup.torch().float())
        if check < 0.99:
            raise AssertionError(f"{case.op} {case.shape} {label}: PCC {check:.4f} against torch")
    fns = {"bf16": setups["bf16"].ttnn, "fp32": setups["fp32"].ttnn, "torch": setups["fp32"].torch}
    if args.inductor:
        fns["inductor"] = torch.compile(setups["fp32"].torch)
    t = median_us(fns, args.min_time, args.min_runs)
    for setup in setups.values():
        for tensor in setup.free:
            ttnn.deallocate(tensor)
    row = (
        f"| {case.op:<12} | {case.shape:<34} | {t['bf16']:12.0f} | {rate(case, t['bf16'])} "
        f"| {t['fp32']:12.0f} | {t['torch']:8.0f} | {t['torch'] / t['bf16']:9.2f}x | {t['torch'] / t['fp32']:9.2f}x "
        f"| {t['torch best'] / t['bf16 best']:13.2f}x | {t['torch best'] / t['fp32 best']:13.2f}x |"
    )
    if args.inductor:
        row += f" {t['inductor']:11.0f} |"
    return row


def gemm_choice(device, args) -> list[str]:
    """fp32 C = A @ B: our GEMM, OpenBLAS sgemm (scipy's; one call per batch matrix), torch.matmul; GFLOP/s
    each. Unbatched rows are linear layers (B a prepared weight); batched rows are attention's activation x
    activation products (nothing prepared)."""
    try:
        from scipy.linalg import blas
    except ImportError:
        blas = None
    shapes = (
        [(1, 128, 768, 768), (1, 256, 1024, 4096), (12, 128, 64, 128)]
        if args.quick
        else [
            (1, 128, 768, 768),
            (1, 128, 768, 3072),
            (1, 128, 3072, 768),
            (1, 256, 1024, 1024),
            (1, 256, 1024, 4096),
            (1, 256, 4096, 1024),
            (12, 128, 64, 128),
            (12, 128, 128, 64),
            (16, 256, 64, 256),
            (16, 256, 256, 64),
        ]
    )
    lines = [
        "",
        "GEMM choice, fp32 A @ B (GFLOP/s of the best interleaved run):",
        "",
        "| batch x M x K x N         | ours (ttnn) | OpenBLAS (scipy) | torch.matmul |",
        "|---------------------------|-------------|------------------|--------------|",
    ]
    for batch, m, k, n in shapes:
        a, b = torch.randn(batch, m, k).squeeze(0), torch.randn(batch, k, n).squeeze(0)
        ta = ttnn.from_torch(a, dtype=ttnn.float32, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)
        tb = ttnn.from_torch(b, dtype=ttnn.float32, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)
        if batch == 1:
            ttnn.prepare_linear_weight(tb)
        flops = 2 * batch * m * k * n
        fns = {"ours": lambda ta=ta, tb=tb: ttnn.matmul(ta, tb), "torch": lambda a=a, b=b: torch.matmul(a, b)}
        if blas is not None:
            an, bn = a.reshape(batch, m, k).numpy(), b.reshape(batch, k, n).numpy()
            # Row-major C = A B is column-major C^T = B^T A^T: the transposed views are Fortran-contiguous.
            fns["openblas"] = lambda an=an, bn=bn: [blas.sgemm(1.0, bi.T, ai.T) for ai, bi in zip(an, bn, strict=True)]
        # OpenBLAS's workers spin for about 2^28 cycles after a call, on the cores the next library needs.
        t = median_us(fns, args.min_time, args.min_runs, quiesce=0.15)
        ours, tt = flops / t["ours best"] / 1e3, flops / t["torch best"] / 1e3
        ob = f"{flops / t['openblas best'] / 1e3:.1f}" if "openblas" in t else "n/a"
        lines.append(f"| {batch:>2} x {m:>4} x {k:>4} x {n:>4}   | {ours:11.1f} | {ob:>16} | {tt:12.1f} |")
        ttnn.deallocate(ta)
        ttnn.deallocate(tb)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the cases marked quick, shorter timing")
    parser.add_argument("--filter", default="", help="only cases whose op or shape contains this text")
    parser.add_argument("--inductor", action="store_true", help="also time torch.compile (inductor)")
    torch_env.add_argument(parser)
    parser.add_argument("--no-gemm-choice", action="store_true", help="skip the GEMM library comparison")
    parser.add_argument("--threads", type=int, default=0, help="threads for ttnn and torch (default: the device's)")
    parser.add_argument(
        "--cpu-time",
        action="store_true",
        help="one thread everywhere, timed in CPU time of the thread: what the kernels cost when other "
        "processes share the cores (they only add wall time)",
    )
    args = parser.parse_args()
    args.min_time, args.min_runs = (0.1, 3) if args.quick else (0.3, 5)
    if args.cpu_time:
        os.environ["OPENBLAS_NUM_THREADS"] = "1"  # read when scipy's OpenBLAS loads (in gemm_choice)
    device, threads = open_device(args)
    load = f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"
    print(
        f"ttnn kernels: {ttnn.get_isa()}, threads: {threads} (torch: {torch.get_num_threads()}), load average: {load}"
    )
    print(torch_env.describe())
    header = (
        "| op           | shape                              | ttnn bf16 µs | bf16 rate    | ttnn fp32 µs "
        "| torch µs | torch/bf16 | torch/fp32 | best torch/bf16 | best torch/fp32 |"
    )
    if args.inductor:
        header += " inductor µs |"
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    try:
        for case in op_cases.load():
            if args.quick and not case.quick:
                continue
            if args.filter and args.filter not in f"{case.op} {case.shape}":
                continue
            print(run_case(case, device, args), flush=True)
        if not args.no_gemm_choice:
            print("\n".join(gemm_choice(device, args)))
    finally:
        ttnn.close_device(device)


if __name__ == "__main__":
    main()
