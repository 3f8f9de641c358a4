"""Reduction and data-movement ops vs torch eager on BERT-base sizes, bf16, same process and threads.

Prints median microseconds per call and GB/s (bytes read + written by the op) for each side.
Run: PYTHONPATH=.:python python benchmarks/movement_bench.py [--repeats N] [--layout rm|tile] [--threads N]
    [--cpu-time]
--cpu-time (with --threads 1) times calls by the CPU time of the calling thread: on a loaded shared machine
preemption then stops adding to either side (cache sharing with other processes still does).
"""

from __future__ import annotations

import argparse
import os
import time

from benchmarks import torch_env  # before torch: GOMP_SPINCOUNT, --torch-isa

# isort: split
import torch  # noqa: E402
import ttnn  # noqa: E402

from benchmarks import bench_ops  # noqa: E402
from benchmarks.eltwise_bench import paired_us  # noqa: E402


def cases(device, layout):
    a = torch.randn(8, 128, 768).bfloat16()
    h = torch.randn(8, 12, 128, 64).bfloat16()
    p = torch.randn(8, 128, 12, 64).bfloat16()
    on = lambda t: ttnn.from_torch(t, dtype=ttnn.bfloat16, layout=layout, device=device)  # noqa: E731
    ta, th, tp = on(a), on(h), on(p)
    nbytes = lambda t: t.numel() * 2  # noqa: E731
    return [
        ("sum(-1) 8x128x768", lambda: ttnn.sum(ta, dim=-1), lambda: a.sum(-1), nbytes(a) + nbytes(a) // 768),
        ("mean(-1) 8x128x768", lambda: ttnn.mean(ta, dim=-1), lambda: a.mean(-1), nbytes(a) + nbytes(a) // 768),
        ("sum(0) 8x128x768", lambda: ttnn.sum(ta, dim=0), lambda: a.sum(0), nbytes(a) + nbytes(a) // 8),
        (
            "permute(0,2,1,3) 8x128x12x64",
            lambda: ttnn.permute(tp, [0, 2, 1, 3]),
            lambda: p.permute(0, 2, 1, 3).contiguous(),
            2 * nbytes(p),
        ),
        (
            "transpose(-2,-1) 8x12x128x64",
            lambda: ttnn.transpose(th, -2, -1),
            lambda: h.transpose(-2, -1).contiguous(),
            2 * nbytes(h),
        ),
        ("concat(-1) 2x 8x128x768", lambda: ttnn.concat([ta, ta], -1), lambda: torch.cat([a, a], -1), 4 * nbytes(a)),
        ("concat(1) 2x 8x12x128x64", lambda: ttnn.concat([th, th], 1), lambda: torch.cat([h, h], 1), 4 * nbytes(h)),
        *model_cases(device, layout),
    ]


def model_cases(device, layout):
    """The moves BERT-large and GPT-2 run most (torch_ttnn profile): head permutes and reshapes both ways, GPT-2's qkv
    split along the last dim, the residual clone and the token embedding. Eager's slices and splits are views;
    its side here materialises them (.contiguous()), the copy that its next op pays for."""
    q = torch.randn(1, 256, 16, 64).bfloat16()
    k = torch.randn(1, 16, 256, 64).bfloat16()
    qkv = torch.randn(1, 128, 2304).bfloat16()
    r = torch.randn(1, 256, 1024).bfloat16()
    table = torch.randn(50257, 768).bfloat16()
    ids = torch.randint(0, 50257, (1, 128))
    on = lambda t: ttnn.from_torch(t, dtype=ttnn.bfloat16, layout=layout, device=device)  # noqa: E731
    tq, tk, tqkv, tr = on(q), on(k), on(qkv), on(r)
    ttable = ttnn.from_torch(table, dtype=ttnn.bfloat16, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)
    tids = ttnn.from_torch(ids, dtype=ttnn.uint32, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)
    nbytes = lambda t: t.numel() * 2  # noqa: E731
    return [
        (
            "permute(0,2,1,3) 1x256x16x64",
            lambda: ttnn.permute(tq, [0, 2, 1, 3]),
            lambda: q.permute(0, 2, 1, 3).contiguous(),
            2 * nbytes(q),
        ),
        (
            "permute(0,2,1,3) 1x16x256x64",
            lambda: ttnn.permute(tk, [0, 2, 1, 3]),
            lambda: k.permute(0, 2, 1, 3).contiguous(),
            2 * nbytes(k),
        ),
        (
            "slice(-1) 1x128x2304 [768:1536]",
            lambda: ttnn.slice(tqkv, [0, 0, 768], [1, 128, 1536]),
            lambda: qkv[..., 768:1536].contiguous(),
            2 * nbytes(qkv) // 3,
        ),
        (
            "split(768,-1) 1x128x2304",
            lambda: ttnn.split(tqkv, 768, -1),
            lambda: [p.contiguous() for p in qkv.split(768, -1)],
            2 * nbytes(qkv),
        ),
        # A view in eager (its side costs nothing); in TILE the rows move between planes.
        (
            "reshape 1x256x1024 to 1x256x16x64",
            lambda: ttnn.reshape(tr, (1, 256, 16, 64)),
            lambda: r.view(1, 256, 16, 64),
            2 * nbytes(r),
        ),
        (
            "reshape 1x256x16x64 to 1x256x1024",
            lambda: ttnn.reshape(tq, (1, 256, 1024)),
            lambda: q.view(1, 256, 1024),
            2 * nbytes(q),
        ),
        ("clone 1x256x1024", lambda: ttnn.clone(tr), lambda: r.clone(), 2 * nbytes(r)),
        (
            "embedding 128 of 50257x768",
            lambda: ttnn.embedding(tids, ttable, layout=layout),
            lambda: torch.nn.functional.embedding(ids, table),
            2 * 128 * 768 * 2,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--layout", choices=["rm", "tile"], default="rm")
    parser.add_argument("--threads", type=int, default=0, help="threads for both sides (0: each side's default)")
    parser.add_argument("--cpu-time", action="store_true", help="thread CPU time instead of wall time (--threads 1)")
    torch_env.add_argument(parser)
    args = parser.parse_args()
    if args.cpu_time:
        if args.threads != 1:
            parser.error("--cpu-time measures one thread; pass --threads 1")
        bench_ops.CLOCK = time.thread_time
    if args.threads:
        torch.set_num_threads(args.threads)
        os.environ["TTNN_NUM_THREADS"] = str(args.threads)  # read when the device opens
    layout = ttnn.TILE_LAYOUT if args.layout == "tile" else ttnn.ROW_MAJOR_LAYOUT
    device = ttnn.open_device(device_id=0)
    clock = "thread CPU time" if args.cpu_time else "wall time"
    print(
        f"torch threads {torch.get_num_threads()}, isa {ttnn.get_isa()}, layout {args.layout}, {clock}, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    print(torch_env.describe())
    print(f"{'op':34} {'ttnn us':>9} {'GB/s':>7} {'torch us':>9} {'GB/s':>7} {'ratio':>6}")
    for name, ours, theirs, moved in cases(device, layout):
        t_ours, t_torch, ratio, _best = paired_us(ours, theirs, args.repeats)
        print(
            f"{name:34} {t_ours:9.1f} {moved / t_ours / 1e3:7.2f} {t_torch:9.1f} {moved / t_torch / 1e3:7.2f}"
            f" {ratio:6.2f}"
        )
    ttnn.close_device(device)


if __name__ == "__main__":
    main()
