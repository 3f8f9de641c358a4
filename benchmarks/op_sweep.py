"""Every element-wise and reduction op of the registry against torch eager, on a BERT-base activation
(8x128x768, TILE); reductions over the last dim, the first, and two dims at once.

eltwise_bench.py and movement_bench.py time a few ops over several shapes; this one times all of them over
one shape, so that no op of the catalogue is slower than eager unnoticed. The op list comes from the
registry: an op of these families with no torch counterpart below stops the run, so a new op gets timed as
soon as it is added.
Run: PYTHONPATH=.:python python benchmarks/op_sweep.py [--family eltwise|reduction] [--dtypes bfloat16,float32]
    [--ops relu,add] [--torch-isa avx2] [--cpu-time]
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


REDUCTIONS = {
    "sum": (lambda x, d: x.sum(d, keepdim=True), lambda t, d: ttnn.sum(t, dim=d, keepdim=True)),
    "mean": (lambda x, d: x.mean(d, keepdim=True), lambda t, d: ttnn.mean(t, dim=d, keepdim=True)),
    "max": (lambda x, d: x.amax(d, keepdim=True), lambda t, d: ttnn.max(t, dim=d, keepdim=True)),
    "min": (lambda x, d: x.amin(d, keepdim=True), lambda t, d: ttnn.min(t, dim=d, keepdim=True)),
    "prod": (lambda x, d: x.prod(d, keepdim=True), lambda t, d: ttnn.prod(t, dim=d, keepdim=True)),
    "all": (lambda x, d: x.all(d, keepdim=True), lambda t, d: ttnn.all(t, dim=d, keepdim=True)),
    "any": (lambda x, d: x.any(d, keepdim=True), lambda t, d: ttnn.any(t, dim=d, keepdim=True)),
    "argmax": (lambda x, d: x.argmax(d, keepdim=True), lambda t, d: ttnn.argmax(t, dim=d, keepdim=True)),
    "argmin": (lambda x, d: x.argmin(d, keepdim=True), lambda t, d: ttnn.argmin(t, dim=d, keepdim=True)),
    "var": (lambda x, d: x.var(d, keepdim=True), lambda t, d: ttnn.var(t, dim=d, keepdim=True)),
    "std": (lambda x, d: x.std(d, keepdim=True), lambda t, d: ttnn.std(t, dim=d, keepdim=True)),
    "cumsum": (lambda x, d: x.cumsum(d), lambda t, d: ttnn.cumsum(t, dim=d)),
    "topk": (lambda x, d: x.topk(8, d), lambda t, d: ttnn.topk(t, 8, dim=d)),
    "sum_to_shape": (
        lambda x, d: x.sum(tuple(i for i in range(x.dim()) if i not in d), keepdim=True),
        lambda t, d: ttnn.sum_to_shape(t, [n if i in d else 1 for i, n in enumerate(SHAPE)]),
    ),
}
# Dims each reduction runs over (argmax, prod, cumsum and topk take one dim in torch; sum_to_shape the kept ones).
ONE_DIM = {"prod", "argmax", "argmin", "cumsum", "topk"}
DIMS = {"last": -1, "first": 0, "two": [0, 1]}


def inputs(name: str, arity: int, torch_dtype):
    if name in INTEGER:
        return [torch.randint(-1000, 1000, SHAPE, dtype=torch.int32) for _ in range(arity)]
    data = [torch.randn(SHAPE) for _ in range(arity)]
    if name in POSITIVE:
        data = [d.abs() + 0.1 for d in data]
    if name == "prod":
        data = [1 + d / 1000 for d in data]  # products of 768 values that neither overflow nor vanish
    return [d.to(torch_dtype) for d in data]


def eltwise_cases(names):
    """(label, dtype, torch call, ttnn call, input name, arity) for each element-wise op and dtype."""
    entries = {e["name"]: e for e in ttnn.operations.registry() if e["family"] in FAMILIES}
    for name in names or entries:
        if name not in entries:
            continue
        torch_fn, ttnn_fn = calls(name)
        arity = sum(
            p["name"] in ("input_tensor", "condition") or "tensor_" in p["name"] or p["name"].endswith("_value")
            for p in entries[name]["params"]
        )
        for dtype in ["int32"] if name in INTEGER else DTYPES:
            yield name, dtype, torch_fn, ttnn_fn, name, arity


def reduction_cases(names):
    registry = [e["name"] for e in ttnn.operations.registry() if e["family"] == "reduction"]
    missing = set(registry) - set(REDUCTIONS)
    if missing:
        raise SystemExit(f"op_sweep: no torch counterpart for reduction(s) {sorted(missing)}; add them here")
    for name in names or registry:
        if name not in REDUCTIONS:
            continue
        torch_fn, ttnn_fn = REDUCTIONS[name]
        for where, dim in DIMS.items():
            if name in ONE_DIM and isinstance(dim, list):
                continue
            kept = dim if isinstance(dim, list) else [dim % len(SHAPE)]
            d = kept if name == "sum_to_shape" else dim
            for dtype in DTYPES:
                yield (
                    f"{name}({where})",
                    dtype,
                    (lambda x, f=torch_fn, d=d: f(x, d)),
                    (lambda t, f=ttnn_fn, d=d: f(t, d)),
                    name,
                    1,
                )


DTYPES = ["bfloat16", "float32"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--family", choices=["eltwise", "reduction", "all"], default="all")
    parser.add_argument("--dtypes", default=",".join(DTYPES))
    parser.add_argument("--ops", default=None, help="a comma list; default: every registry op of the families")
    torch_env.add_argument(parser)
    parser.add_argument("--cpu-time", action="store_true", help="one thread each, timed in CPU time")
    args = parser.parse_args()
    if args.cpu_time:
        bench_ops.CLOCK = time.thread_time
        torch.set_num_threads(1)
        os.environ["TTNN_NUM_THREADS"] = "1"
    DTYPES[:] = args.dtypes.split(",")
    names = args.ops.split(",") if args.ops else None
    cases = []
    if args.family in ("eltwise", "all"):
        cases += list(eltwise_cases(names))
    if args.family in ("reduction", "all"):
        cases += list(reduction_cases(names))
    clock = "cpu time" if args.cpu_time else "wall time"
    print(f"torch threads {torch.get_num_threads()}, ttnn isa {ttnn.get_isa()}, {clock}, load {os.getloadavg()[0]:.1f}")
    print(torch_env.describe())
    print(f"{'op':18} {'dtype':9} {'ttnn us':>8} {'torch us':>9} {'ratio':>6} {'best':>6}")
    below = []
    with ttnn.manage_device(device_id=0) as device:
        for label, dtype_name, torch_fn, ttnn_fn, name, arity in cases:
            data = inputs(name, arity, getattr(torch, dtype_name))
            tensors = [
                ttnn.from_torch(d, dtype=getattr(ttnn, dtype_name), layout=ttnn.TILE_LAYOUT, device=device)
                for d in data
            ]

            def run_ttnn(fn=ttnn_fn, tensors=tensors):
                out = fn(*tensors)
                for t in out if isinstance(out, (list, tuple)) else [out]:
                    ttnn.deallocate(t)

            m = median_us({"ttnn": run_ttnn, "torch": lambda fn=torch_fn, d=data: fn(*d)}, 0.05, args.repeat)
            ratio, best = m["torch"] / m["ttnn"], m["torch best"] / m["ttnn best"]
            print(f"{label:18} {dtype_name:9} {m['ttnn']:8.0f} {m['torch']:9.0f} {ratio:6.2f} {best:6.2f}")
            if ratio < 1.0:
                below.append(f"{label} {dtype_name} {ratio:.2f}")
            for t in tensors:
                ttnn.deallocate(t)
    print(f"below 1: {', '.join(below) if below else 'none'}")


if __name__ == "__main__":
    main()
