"""``torch-ttnn fuzz --minutes N --seed S``: the differential fuzzer as a command (docs/reliability.md).

Prints how many programs were checked per mode, each new failure (shrunk) with the file its pytest case was
written to, and the failures that PyTorch's own aot_eager backend shows too. Exits 1 when it found one.
"""

from __future__ import annotations

import time
import warnings


def add_arguments(sub) -> None:
    parser = sub.add_parser("fuzz", help="differential fuzzing: random programs, compiled against eager")
    parser.add_argument("--minutes", type=float, default=5.0, help="time budget (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the hypothesis runs (default 0)")
    parser.add_argument("--mode", choices=("float32", "bfloat16", "both"), default="both")
    parser.add_argument("--max-lines", type=int, default=10, help="lines per program at most (default 10)")
    parser.add_argument("--programs", type=int, default=0, help="stop after this many programs (0: no limit)")
    parser.add_argument("--out", default="fuzz_failures", help="folder for the shrunk cases (pytest files)")


def run(args) -> int:
    import ttnn

    from torch_ttnn.fuzz import runner

    warnings.filterwarnings("ignore")  # eager-fallback and PyTorch warnings of random programs
    modes = ("float32", "bfloat16") if args.mode == "both" else (args.mode,)
    start = time.monotonic()
    with ttnn.open_device(device_id=0) as device:
        stats = runner.fuzz(args.minutes * 60, args.seed, modes, device, args.max_lines, args.programs)
    paths = runner.write_cases(stats, args.out) if stats.failures else []
    print(report(stats, paths, time.monotonic() - start, args.seed))
    return 1 if stats.failures else 0


def report(stats, paths, seconds: float, seed: int) -> str:
    lines = [f"torch-ttnn fuzz: seed {seed}, {seconds / 60:.1f} minutes"]
    for mode, count in sorted(stats.programs.items()):
        lines.append(f"  {mode}: {count} programs checked")
    lines.append(f"new failures: {len(stats.failures)}")
    for (signature, (mode, program, message, *_)), path in zip(stats.failures.items(), paths, strict=True):
        lines += [f"- [{mode}] {signature}", f"  case: {path}", *(f"  | {ln}" for ln in program.source().splitlines())]
        lines += [f"  inputs: {program.inputs}", *(f"  ! {ln}" for ln in message.splitlines()[:4])]
        if stats.repeats[signature]:
            lines.append(f"  found again {stats.repeats[signature]} times")
    for signature, count in stats.torch_side.items():
        lines.append(f"also fails under aot_eager (PyTorch, not ours), {count}x: {signature}")
    return "\n".join(lines)
