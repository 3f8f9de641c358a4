"""Attention benchmark: ttnn.transformer.scaled_dot_product_attention in bf16 under each kernel tier this CPU has,
against torch's bf16 F.scaled_dot_product_attention, side by side in one run, on the suite's transformer shapes.

Prints median ms (interleaved runs, benchmarks/bench_ops.py's median_us), GFLOP/s (4 * heads * Sq * Sk * D) of the
fastest tier, torch bf16 / ours of the medians (> 1: ttnn is faster) and the largest difference of each output from
torch's fp32 SDPA on the same (bf16-rounded) inputs.

    PYTHONPATH=python:. python benchmarks/attention_bench.py [--threads 1 --cpu-time] [--filter yolos]
"""

from __future__ import annotations

import argparse
import os

from benchmarks import torch_env  # before torch: GOMP_SPINCOUNT, --torch-isa

# isort: split
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import ttnn  # noqa: E402

from benchmarks import bench_ops  # noqa: E402

# (label, batch, heads, sequence, head dim): bert-large at the suite's 384 tokens, YOLOS at its report size, DeiT-base.
SHAPES = [
    ("bert-large", 1, 16, 384, 64),
    ("yolos", 1, 3, 1829, 64),
    ("deit-base", 1, 12, 197, 64),
]


def time_shape(device, tiers, shape, args) -> str:
    label, b, h, s, d = shape
    gen = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(b, h, s, d, generator=gen).bfloat16() for _ in range(3))
    tq, tk, tv = (ttnn.from_torch(x, dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device) for x in (q, k, v))

    def ours(isa):
        def run():
            ttnn.set_isa(isa)
            ttnn.deallocate(ttnn.transformer.scaled_dot_product_attention(tq, tk, tv))

        return run

    fns = {isa: ours(isa) for isa in tiers}
    fns["torch bf16"] = lambda: F.scaled_dot_product_attention(q, k, v)
    t = bench_ops.median_us(fns, args.min_time, args.min_runs)
    golden = F.scaled_dot_product_attention(q.float(), k.float(), v.float())
    errors = {}
    for isa in tiers:
        ttnn.set_isa(isa)
        out = ttnn.transformer.scaled_dot_product_attention(tq, tk, tv)
        errors[isa] = (ttnn.to_torch(out).float() - golden).abs().max().item()
        ttnn.deallocate(out)
    errors["torch bf16"] = (F.scaled_dot_product_attention(q, k, v).float() - golden).abs().max().item()
    for x in (tq, tk, tv):
        ttnn.deallocate(x)
    best = min(tiers, key=lambda isa: t[isa])
    gflops = 4 * b * h * s * s * d / t[best] / 1e3
    cells = " | ".join(f"{t[name] / 1e3:8.2f}" for name in fns)
    errs = " | ".join(f"{errors[name]:.1e}" for name in fns)
    ratio = t["torch bf16"] / t[best]
    return f"| {label:<10} | {b}x{h}x{s}x{d:<4} | {cells} | {gflops:6.0f} | {ratio:5.2f} ({best}) | {errs} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0, help="threads for ttnn and torch (default: the device's)")
    parser.add_argument("--filter", default="", help="only the shapes whose label contains this text")
    parser.add_argument(
        "--cpu-time", action="store_true", help="time CPU time of the calling thread (with --threads 1; under load)"
    )
    torch_env.add_argument(parser)
    args = parser.parse_args()
    args.min_time, args.min_runs = 0.5, 7
    device, threads = bench_ops.open_device(args)
    tiers = [isa for isa in ttnn.available_isas() if isa != "scalar"] or ["scalar"]
    previous = ttnn.get_isa()
    load = f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"
    clock = "CPU time" if args.cpu_time else "wall time"
    print(f"bf16 SDPA, median ms ({clock}); threads {threads}, load average {load}; {torch_env.describe()}")
    names = [*tiers, "torch bf16"]
    header = (
        "| shape      | BxHxSxD       | "
        + " | ".join(f"{n:>8}" for n in names)
        + " | GFLOP/s | torch / ours | "
        + " | ".join(f"err {n}" for n in names)
        + " |"
    )
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    try:
        for shape in [s for s in SHAPES if args.filter in s[0]]:
            print(time_shape(device, tiers, shape, args), flush=True)
    finally:
        ttnn.set_isa(previous)
        ttnn.close_device(device)


if __name__ == "__main__":
    main()
