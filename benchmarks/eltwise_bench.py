"""Element-wise ops on BERT-base sized tensors: ttnn (CPU device, TILE layout) against torch eager.

Prints the median time per call and the bandwidth (bytes of the inputs plus the output over the time) for
add, mul, gelu (both forms) and exp in bfloat16 and float32 (add and mul also in int32), on the same data in the
same run; `best` is the ratio of the fastest runs, which background load moves less than the medians.
Run: PYTHONPATH=.:python python benchmarks/eltwise_bench.py [--repeat N] [--isa scalar|avx2] [--threads N]
    [--ops add,gelu] [--cpu-time]
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
from benchmarks.bench_ops import median_us  # noqa: E402

# The third: TILE rows of 2 values and 30 of padding; the compiler keeps such values in ROW_MAJOR (the fourth).
SHAPES = [
    ((8, 128, 768), ttnn.TILE_LAYOUT),
    ((128, 3072), ttnn.TILE_LAYOUT),
    ((196, 196, 2), ttnn.TILE_LAYOUT),
    ((196, 196, 2), ttnn.ROW_MAJOR_LAYOUT),
]
OPS = {
    "add": (2, torch.add, ttnn.add),
    "mul": (2, torch.mul, ttnn.mul),
    "neg": (1, torch.neg, ttnn.neg),
    "relu": (1, torch.relu, ttnn.relu),
    "gelu": (1, torch.nn.functional.gelu, ttnn.gelu),
    "exp": (1, torch.exp, ttnn.exp),
    "log": (1, torch.log, ttnn.log),
    "erf": (1, torch.erf, ttnn.erf),
    "sin": (1, torch.sin, ttnn.sin),
    "pow": (1, lambda x: torch.pow(x, 1.5), lambda x: ttnn.pow(x, 1.5)),
    "gelu_tanh": (
        1,
        lambda x: torch.nn.functional.gelu(x, approximate="tanh"),
        lambda x: ttnn.gelu(x, fast_and_approximate_mode=True),
    ),
}
DTYPES = [(ttnn.bfloat16, torch.bfloat16, 2), (ttnn.float32, torch.float32, 4), (ttnn.int32, torch.int32, 4)]
INT_OPS = {"add", "mul"}


def paired_us(ours, theirs, repeat: int) -> tuple[float, float, float, float]:
    """Median us of each side, the ratio of the medians (theirs / ours) and that of the best runs, timed in
    alternating blocks after a settle period (bench_ops.median_us): alternating single calls would charge each
    side the other library's wake-up and spin-down (torch's OpenMP workers spin for milliseconds after a call)."""
    medians = median_us({"ttnn": ours, "torch": theirs}, min_time=0.05, min_runs=repeat)
    best = medians["torch best"] / medians["ttnn best"]
    return medians["ttnn"], medians["torch"], medians["torch"] / medians["ttnn"], best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--isa", default=None)
    parser.add_argument("--threads", type=int, default=None, help="threads for both torch and the ttnn device")
    parser.add_argument("--ops", default=",".join(OPS))
    torch_env.add_argument(parser)
    parser.add_argument(
        "--cpu-time",
        action="store_true",
        help="one thread each, timed in CPU time: holds up when the machine is loaded",
    )
    args = parser.parse_args()
    if args.cpu_time:
        bench_ops.CLOCK = time.thread_time
        args.threads = 1
    if args.threads:
        torch.set_num_threads(args.threads)
        os.environ["TTNN_NUM_THREADS"] = str(args.threads)
    if args.isa:
        ttnn.set_isa(args.isa)
    clock = "cpu time" if args.cpu_time else "wall time"
    print(f"torch threads {torch.get_num_threads()}, ttnn isa {ttnn.get_isa()}, {clock}, load {os.getloadavg()[0]:.1f}")
    print(torch_env.describe())
    columns = f"{'ttnn us':>9} {'GB/s':>6} {'torch us':>9} {'GB/s':>6} {'ratio':>6} {'best':>6}"
    print(f"{'op':9} {'shape':12} {'dtype':9} {columns}")
    with ttnn.manage_device(device_id=0) as device:
        for name in args.ops.split(","):
            arity, torch_fn, ttnn_fn = OPS[name]
            for shape, layout in SHAPES:
                for tt_dtype, torch_dtype, size in DTYPES:
                    if torch_dtype == torch.int32 and name not in INT_OPS:
                        continue
                    scale = 100 if torch_dtype == torch.int32 else 1  # ints spread over more than -3..3
                    data = [(torch.randn(shape) * scale).to(torch_dtype) for _ in range(arity)]
                    if name in ("log", "pow"):
                        data = [d.abs() for d in data]  # NaN results cost torch 10x: time the usual case
                    tensors = [ttnn.from_torch(d, dtype=tt_dtype, layout=layout, device=device) for d in data]

                    def run_ttnn(fn=ttnn_fn, inputs=tensors):
                        ttnn.deallocate(fn(*inputs))

                    ours, theirs, ratio, best = paired_us(
                        run_ttnn, lambda fn=torch_fn, inputs=data: fn(*inputs), args.repeat
                    )
                    moved = (arity + 1) * data[0].numel() * size
                    dtype = str(tt_dtype).rsplit(".", 1)[-1].lower()
                    where = "x".join(map(str, shape)) + (" rm" if layout == ttnn.ROW_MAJOR_LAYOUT else "")
                    print(
                        f"{name:9} {where:12} {dtype:9} {ours:9.0f} {moved / ours / 1e3:6.1f} "
                        f"{theirs:9.0f} {moved / theirs / 1e3:6.1f} {ratio:6.2f} {best:6.2f}"
                    )
                    for t in tensors:
                        ttnn.deallocate(t)


if __name__ == "__main__":
    main()
