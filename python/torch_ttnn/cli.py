"""The ``torch-ttnn`` command.

``torch-ttnn demo`` opens the CPU TT-NN device, moves BERT- and ResNet-sized tensors onto it in each device
dtype and back, and prints what that costs: accuracy against the float32 source, device bytes, and time.

>>> from torch_ttnn.cli import main
>>> main(["demo", "--quick"])  # doctest: +ELLIPSIS
tensor dtype max |err| PCC device KiB round trip us
---...
odd_45x65 float32 0.00000 1.000000 96.0 ...
odd_45x65 bfloat16 ...
odd_45x65 bfloat8_b ...
odd_45x65 bfloat4_b ...
device DRAM in use after the run: 0 bytes; kernels: ...
0
"""

import argparse
import statistics
import sys
import time

SHAPES = {
    "bert_hidden": (1, 128, 768),
    "bert_ffn": (1, 128, 3072),
    "resnet_conv1_out": (1, 64, 112, 112),
    "odd_45x65": (3, 45, 65),
}
QUICK_SHAPES = {"odd_45x65": SHAPES["odd_45x65"]}


def _pcc(a, b) -> float:
    import torch

    a, b = a.double().flatten(), b.double().flatten()
    if torch.equal(a, b):
        return 1.0
    return float(torch.corrcoef(torch.stack([a, b]))[0, 1])


def _median_seconds(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def demo(quick: bool) -> int:
    import torch
    import ttnn

    shapes = QUICK_SHAPES if quick else SHAPES
    dtypes = [ttnn.float32, ttnn.bfloat16, ttnn.bfloat8_b, ttnn.bfloat4_b]
    header = f"{'tensor':<18} {'dtype':<10} {'max |err|':>10} {'PCC':>9} {'device KiB':>11} {'round trip us':>14}"
    print(header)
    print("-" * len(header))
    failures = 0
    with ttnn.open_device(device_id=0) as device:
        for name, shape in shapes.items():
            values = torch.randn(shape, generator=torch.Generator().manual_seed(0))
            for dtype in dtypes:

                def round_trip(values=values, dtype=dtype):
                    t = ttnn.from_torch(values, dtype=dtype, layout=ttnn.TILE_LAYOUT, device=device)
                    return ttnn.to_torch(t), device.memory_stats()["DRAM"]["in_use"]

                back, in_use = round_trip()
                seconds = _median_seconds(round_trip, 1 if quick else 5)
                err = float((back.float() - values).abs().max())
                pcc = _pcc(back.float(), values)
                failures += pcc < 0.95
                print(
                    f"{name:<18} {dtype.name.lower():<10} {err:>10.5f} {pcc:>9.6f} "
                    f"{in_use / 1024:>11.1f} {seconds * 1e6:>14.0f}"
                )
        left = device.memory_stats()["DRAM"]["in_use"]
    print(f"device DRAM in use after the run: {left} bytes; kernels: {ttnn.get_isa()}")
    return 1 if failures or left else 0


def build_parser() -> argparse.ArgumentParser:
    from torch_ttnn.fuzz import command as fuzz_command
    from torch_ttnn.fuzz import soak
    from torch_ttnn.report import command, profile
    from torch_ttnn.tools import bisect, run, trace

    parser = argparse.ArgumentParser(prog="torch-ttnn", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    demo_parser = sub.add_parser("demo", help="run tensors through the CPU TT-NN device and print a table")
    demo_parser.add_argument("--quick", action="store_true", help="one small tensor only")
    command.add_arguments(sub)
    profile.add_arguments(sub)
    run.add_arguments(sub)
    trace.add_arguments(sub)
    bisect.add_arguments(sub)
    fuzz_command.add_arguments(sub)
    soak.add_arguments(sub)
    return parser


def main(argv=None) -> int:
    from torch_ttnn.fuzz import command as fuzz_command
    from torch_ttnn.fuzz import soak
    from torch_ttnn.report import command, profile
    from torch_ttnn.tools import bisect, run, trace

    args = build_parser().parse_args(argv)
    commands = {
        "demo": lambda: demo(args.quick),
        "report": lambda: command.run_report(args),
        "accuracy": lambda: command.run_accuracy(args),
        "docs": lambda: command.run_docs(args),
        "profile": lambda: profile.run_profile(args),
        "run": lambda: run.run_command(args),
        "trace": lambda: trace.run_trace(args),
        "bisect": lambda: bisect.run_bisect(args),
        "fuzz": lambda: fuzz_command.run(args),
        "soak": lambda: soak.run(args),
    }
    return commands[args.command]()


if __name__ == "__main__":
    sys.exit(main())
