"""Every element-wise op of the registry against torch eager, on a BERT-base activation (8x128x768, TILE).

eltwise_bench.py times a few ops over several shapes; this one times all of them over one shape, so that no
op of the catalogue is slower than eager unnoticed. The op list comes from the registry: an element-wise op
with no torch counterpart below stops the run, so a new op gets timed as soon as it is added.
Run: PYTHONPATH=.:python python benchmarks/eltwise_sweep.py [--dtypes bfloat16,float32] [--ops relu,add]
    [--torch-isa avx2] [--cpu-time]
"""

from __future__ import annotations

import argparse
import os
import time

from benchmarks import torch_env  # before torch: GOMP_SPINCOUNT, --torch-isa

# isort: split
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import ttnn  # noqa: E402

from benchmarks import bench_ops  # noqa: E402
from benchmarks.bench_ops import median_us  # noqa: E402

SHAPE = (8, 128, 768)
FAMILIES = ("eltwise_unary", "eltwise_binary", "eltwise_ternary")

# name -> (torch call, ttnn call, input kind); both calls take the same positional tensors.
# Kinds: "any" standard normal, "positive" |x| + 0.1 (log, sqrt: NaN costs torch 10x), "int" integers.
UNARY_SAME = "relu sigmoid tanh exp log sqrt rsqrt reciprocal neg abs sin cos erf floor ceil round sign square"
PARAMS = {
    "gelu": (F.gelu, ttnn.gelu),
    "silu": (F.silu, ttnn.silu),
    "hardsigmoid": (F.hardsigmoid, ttnn.hardsigmoid),
    "hardswish": (F.hardswish, ttnn.hardswish),
    "leaky_relu": (lambda x: F.leaky_relu(x, 0.1), lambda x: ttnn.leaky_relu(x, negative_slope=0.1)),
    "elu": (F.elu, ttnn.elu),
    "softplus": (F.softplus, ttnn.softplus),
    "clamp": (lambda x: torch.clamp(x, -0.5, 0.5), lambda x: ttnn.clamp(x, -0.5, 0.5)),
    "clip": (lambda x: torch.clip(x, -0.5, 0.5), lambda x: ttnn.clip(x, -0.5, 0.5)),
    "hardtanh": (F.hardtanh, ttnn.hardtanh),
    "pow": (lambda x: torch.pow(x, 1.5), lambda x: ttnn.pow(x, 1.5)),
    "rsub": (lambda a, b: torch.rsub(a, b), ttnn.rsub),
    "div": (torch.div, ttnn.div),
    "where": (lambda c, a, b: torch.where(c != 0, a, b), ttnn.where),
}
POSITIVE = {"log", "sqrt", "rsqrt", "pow"}
INTEGER = {"bitwise_not", "bitwise_and", "bitwise_or"}
BINARY_SAME = "add sub mul remainder maximum minimum eq ne lt le gt ge logical_and logical_or logical_xor"


def calls(name: str):
    if name in PARAMS:
        return PARAMS[name]
    if name in UNARY_SAME.split() or name in BINARY_SAME.split() or name in INTEGER:
        return getattr(torch, name), getattr(ttnn, name)
    if name in ("logical_not", "isnan", "isinf"):
        return getattr(torch, name), getattr(ttnn, name)
    raise SystemExit(f"eltwise_sweep: no torch counterpart for registry op '{name}'; add it to this file")


def inputs(name: str, arity: int, torch_dtype):
    if name in INTEGER:
        return [torch.randint(-1000, 1000, SHAPE, dtype=torch.int32) for _ in range(arity)]
    data = [torch.randn(SHAPE) for _ in range(arity)]
    if name in POSITIVE:
        data = [d.abs() + 0.1 for d in data]
    return [d.to(torch_dtype) for d in data]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--dtypes", default="bfloat16,float32")
    parser.add_argument("--ops", default=None, help="a comma list; default: every element-wise registry op")
    torch_env.add_argument(parser)
    parser.add_argument("--cpu-time", action="store_true", help="one thread each, timed in CPU time")
    args = parser.parse_args()
    if args.cpu_time:
        bench_ops.CLOCK = time.thread_time
        torch.set_num_threads(1)
        os.environ["TTNN_NUM_THREADS"] = "1"
    entries = [e for e in ttnn.operations.registry() if e["family"] in FAMILIES]
    arity = {
        e["name"]: sum(
            p["name"] in ("input_tensor", "condition") or "tensor_" in p["name"] or p["name"].endswith("_value")
            for p in e["params"]
        )
        for e in entries
    }
    names = args.ops.split(",") if args.ops else [e["name"] for e in entries]
    clock = "cpu time" if args.cpu_time else "wall time"
    print(f"torch threads {torch.get_num_threads()}, ttnn isa {ttnn.get_isa()}, {clock}, load {os.getloadavg()[0]:.1f}")
    print(torch_env.describe())
    print(f"{'op':12} {'dtype':9} {'ttnn us':>8} {'torch us':>9} {'ratio':>6} {'best':>6}")
    below = []
    with ttnn.manage_device(device_id=0) as device:
        for name in names:
            torch_fn, ttnn_fn = calls(name)
            for dtype_name in ["int32"] if name in INTEGER else args.dtypes.split(","):
                data = inputs(name, arity[name], getattr(torch, dtype_name))
                tensors = [
                    ttnn.from_torch(d, dtype=getattr(ttnn, dtype_name), layout=ttnn.TILE_LAYOUT, device=device)
                    for d in data
                ]

                def run_ttnn(fn=ttnn_fn, tensors=tensors):
                    ttnn.deallocate(fn(*tensors))

                m = median_us({"ttnn": run_ttnn, "torch": lambda fn=torch_fn, d=data: fn(*d)}, 0.05, args.repeat)
                ratio, best = m["torch"] / m["ttnn"], m["torch best"] / m["ttnn best"]
                print(f"{name:12} {dtype_name:9} {m['ttnn']:8.0f} {m['torch']:9.0f} {ratio:6.2f} {best:6.2f}")
                if ratio < 1.0:
                    below.append(f"{name} {dtype_name} {ratio:.2f}")
                for t in tensors:
                    ttnn.deallocate(t)
    print(f"below 1: {', '.join(below) if below else 'none'}")


if __name__ == "__main__":
    main()
