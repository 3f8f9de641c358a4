"""bf16 GEMM benchmark: ttnn's matmul on the BERT-base shapes under each kernel tier this CPU has, against torch's
bf16 and fp32 matmul, side by side in one run.

Prints GFLOP/s of the medians (interleaved runs, benchmarks/bench_ops.py's median_us) and ours / torch bf16 for
the fastest tier. Linear rows multiply by a prepared weight (ttnn.prepare_linear_weight, as compiled models
do); the attention rows are activation x activation products (Q K^T with transpose_b, then P V).

    PYTHONPATH=python:. python benchmarks/gemm_bench.py [--threads N] [--quick] [--torch-isa avx2]
        [--filter bert-large] [--threads 1 --cpu-time]
"""

from __future__ import annotations

import argparse
import os

from benchmarks import torch_env  # before torch: GOMP_SPINCOUNT, --torch-isa

# isort: split
import torch  # noqa: E402
import ttnn  # noqa: E402

from benchmarks import bench_ops  # noqa: E402
from benchmarks.bench_ops import median_us  # noqa: E402

# (label, batch, M, K, N, transpose_b, weight)
SHAPES = [
    ("linear qkv/out", 1, 128, 768, 768, False, True),
    ("linear ffn up", 1, 128, 768, 3072, False, True),
    ("linear ffn down", 1, 128, 3072, 768, False, True),
    ("attn Q K^T", 12, 128, 64, 128, True, False),
    ("attn P V", 12, 128, 128, 64, False, False),
    ("bert-large qkv", 1, 384, 1024, 1024, False, True),
    ("bert-large up", 1, 384, 1024, 4096, False, True),
    ("bert-large down", 1, 384, 4096, 1024, False, True),
]


def time_shape(device, tiers, shape, args) -> str:
    label, batch, m, k, n, transpose_b, weight = shape
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(batch, m, k, generator=gen).squeeze(0)
    b = torch.randn(batch, *((n, k) if transpose_b else (k, n)), generator=gen).squeeze(0)
    ta = ttnn.from_torch(a, dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    tb = ttnn.from_torch(b, dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    if weight:
        ttnn.prepare_linear_weight(tb, transpose_b=transpose_b)
    a16, b16 = a.bfloat16(), b.bfloat16()
    bt16, bt32 = (b16.transpose(-1, -2), b.transpose(-1, -2)) if transpose_b else (b16, b)

    def ours(isa):
        def run():
            ttnn.set_isa(isa)
            ttnn.deallocate(ttnn.matmul(ta, tb, transpose_b=transpose_b))

        return run

    fns = {isa: ours(isa) for isa in tiers}
    if weight:  # as nn.Linear runs: F.linear on the [N, K] weight
        w16, w32 = bt16.transpose(-1, -2).contiguous(), bt32.transpose(-1, -2).contiguous()
        fns["torch bf16"] = lambda: torch.nn.functional.linear(a16, w16)
        fns["torch fp32"] = lambda: torch.nn.functional.linear(a, w32)
    else:
        fns["torch bf16"] = lambda: torch.matmul(a16, bt16)
        fns["torch fp32"] = lambda: torch.matmul(a, bt32)
    t = median_us(fns, args.min_time, args.min_runs)
    flops = 2 * batch * m * k * n
    rates = {name: flops / t[name] / 1e3 for name in fns}
    best = max(tiers, key=lambda isa: rates[isa])
    cells = " | ".join(f"{rates[name]:8.0f}" for name in fns)
    ttnn.deallocate(ta)
    ttnn.deallocate(tb)
    shape_text = f"{batch} x {m} x {k} x {n}"
    return f"| {label:<15} | {shape_text:<18} | {cells} | {rates[best] / rates['torch bf16']:8.2f} ({best}) |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter timing")
    parser.add_argument("--threads", type=int, default=0, help="threads for ttnn and torch (default: the device's)")
    parser.add_argument("--filter", default="", help="only the GEMMs whose label contains this text")
    parser.add_argument(
        "--cpu-time", action="store_true", help="time CPU time of the calling thread (with --threads 1; under load)"
    )
    torch_env.add_argument(parser)
    args = parser.parse_args()
    args.min_time, args.min_runs = (0.1, 3) if args.quick else (0.5, 9)
    device, threads = bench_ops.open_device(args)
    tiers = [isa for isa in ttnn.available_isas() if isa != "scalar"] or ["scalar"]
    previous = ttnn.get_isa()
    load = f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"
    print(f"bf16 GEMM, GFLOP/s of medians; threads {threads}, load average {load}; {torch_env.describe()}")
    names = [*tiers, "torch bf16", "torch fp32"]
    header = (
        "| GEMM            | batch x M x K x N  | " + " | ".join(f"{n:>8}" for n in names) + " | ours / torch bf16 |"
    )
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    try:
        for shape in [s for s in (SHAPES[:2] if args.quick else SHAPES) if args.filter in s[0]]:
            print(time_shape(device, tiers, shape, args), flush=True)
    finally:
        ttnn.set_isa(previous)
        ttnn.close_device(device)


if __name__ == "__main__":
    main()
