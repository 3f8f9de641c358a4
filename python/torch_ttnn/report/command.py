"""``torch-ttnn report`` and ``torch-ttnn docs``: the main job and its generated documents."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from torch_ttnn import models
from torch_ttnn.report import docs, isolated, tables


def add_arguments(sub) -> None:
    report = sub.add_parser("report", help="compile and run the model suite, print the metrics table")
    report.add_argument("models", nargs="*", help="model names (default: all); see --list")
    report.add_argument("--list", action="store_true", help="list the model names and exit")
    report.add_argument("--size", choices=models.SIZES, default="report", help="published sizes or the test sizes")
    report.add_argument("--dtype", choices=("bfloat16", "float32", "bfloat8_b"), default="bfloat16")
    report.add_argument("--runs", type=int, default=3, help="timed runs after warm-up (medians are reported)")
    report.add_argument("--batch", type=int, help="batch size (default: each model's own; inputs are tiled)")
    report.add_argument("--metrics-dir", type=Path, default=Path("metrics"), help="where metrics/<model>.json go")
    report.add_argument("--no-docs", action="store_true", help="do not regenerate README and docs afterwards")
    accuracy = sub.add_parser("accuracy", help="real-data accuracy: MNIST CNN on digits, all-MiniLM-L6-v2 sentences")
    accuracy.add_argument("--epochs", type=int, default=3, help="MNIST training epochs (eager and on the device)")
    accuracy.add_argument("--metrics-dir", type=Path, default=Path("metrics"))
    generated = sub.add_parser("docs", help="regenerate README's model table and docs/ from metrics/")
    generated.add_argument("--metrics-dir", type=Path, default=Path("metrics"))
    generated.add_argument("--check", action="store_true", help="fail if the committed documents are stale")


def run_report(args) -> int:
    import ttnn

    from torch_ttnn.report.run_model import run_model

    if args.list:
        print("\n".join(models.names()))
        return 0
    chosen = args.models or models.names()
    unknown = [n for n in chosen if n not in models.names()]
    if unknown:
        print(f"torch-ttnn report: unknown model(s) {unknown}; see `torch-ttnn report --list`", file=sys.stderr)
        return 2
    args.metrics_dir.mkdir(parents=True, exist_ok=True)
    results = []
    print(f"ttnn kernels: {ttnn.get_isa()} (this CPU has {', '.join(ttnn.available_isas())}; TTNN_ISA forces one)")
    for index, name in enumerate(chosen, 1):
        start = time.perf_counter()
        print(f"[{index}/{len(chosen)}] {name} ({args.size}) ...", end=" ", flush=True)

        def measure(name=name):
            with ttnn.open_device(device_id=0) as device:
                return run_model(name, args.size, device, dtype=args.dtype, runs=args.runs, batch=args.batch)

        def failed(message: str, name=name) -> dict:
            row = {"model": name, "size": args.size, "dtype": args.dtype, "runs": args.runs, "batch_size": args.batch}
            return row | {"success": False, "error": message}

        metrics = isolated.run(measure, failed)
        status = "ok" if metrics["success"] else f"FAILED: {metrics['error']}"
        print(f"{status} ({time.perf_counter() - start:.0f}s)", flush=True)
        path = args.metrics_dir / f"{docs.file_stem(name)}.json"
        path.write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n")
        results.append(metrics)
    print()
    print(tables.console_table(results))
    if not args.no_docs and Path("README.md").exists():
        changed = docs.write_or_check(Path("."), args.metrics_dir, check=False)
        print(f"\nregenerated {len(changed)} document(s) from {args.metrics_dir}/")
    return 0 if all(m["success"] for m in results) else 1


def run_docs(args) -> int:
    changed = docs.write_or_check(Path("."), args.metrics_dir, check=args.check)
    if args.check and changed:
        names = ", ".join(str(p) for p in changed[:10])
        print(f"generated documents are stale ({len(changed)}): {names}; run `torch-ttnn docs` and commit")
        return 1
    print(f"{'checked' if args.check else 'wrote'} the documents generated from {args.metrics_dir}/")
    return 0


def run_accuracy(args) -> int:
    import ttnn

    import torch_ttnn
    from torch_ttnn.report import real_accuracy

    with ttnn.open_device(device_id=0) as device:

        def option_factory():
            return torch_ttnn.TorchTtnnOption(device=device)

        results = {"mnist_digits": real_accuracy.mnist_digits(option_factory, args.epochs)}
        results["minilm"] = real_accuracy.minilm(option_factory)
    for section, values in results.items():
        print(section)
        for key, value in values.items():
            print(f"  {key:32s} {value:.4f}" if isinstance(value, float) else f"  {key:32s} {value}")
    args.metrics_dir.mkdir(parents=True, exist_ok=True)
    (args.metrics_dir / "real_accuracy.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    return 0
