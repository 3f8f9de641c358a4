"""Reduction and data-movement ops vs torch eager on BERT-base sizes, bf16, same process and threads.

Prints median microseconds per call and GB/s (bytes read + written by the op) for each side.
Run: PYTHONPATH=python python benchmarks/movement_bench.py [--repeats N] [--layout rm|tile] [--threads N]
"""

from __future__ import annotations

import argparse
import os

import torch
import ttnn

from benchmarks.eltwise_bench import paired_us


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
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--layout", choices=["rm", "tile"], default="rm")
    parser.add_argument("--threads", type=int, default=0, help="threads for both sides (0: each side's default)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
        os.environ["TTNN_NUM_THREADS"] = str(args.threads)  # read when the device opens
    layout = ttnn.TILE_LAYOUT if args.layout == "tile" else ttnn.ROW_MAJOR_LAYOUT
    device = ttnn.open_device(device_id=0)
    print(f"torch threads {torch.get_num_threads()}, isa {ttnn.get_isa()}, layout {args.layout}")
    print(f"{'op':32} {'ttnn us':>9} {'GB/s':>7} {'torch us':>9} {'GB/s':>7} {'ratio':>6}")
    for name, ours, theirs, moved in cases(device, layout):
        t_ours, t_torch, ratio = paired_us(ours, theirs, args.repeats)
        print(
            f"{name:32} {t_ours:9.1f} {moved / t_ours / 1e3:7.2f} {t_torch:9.1f} {moved / t_torch / 1e3:7.2f}"
            f" {ratio:6.2f}"
        )
    ttnn.close_device(device)


if __name__ == "__main__":
    main()
