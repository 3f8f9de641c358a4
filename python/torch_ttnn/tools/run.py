"""``torch-ttnn run MODEL``: one model, any model (tools/sources.py), eager and compiled; prints its row of the
report, the aten ops left on the host with the reason each stayed there, and writes its metrics file.

``--backend torch_stat`` is the seed's reference backend: the model runs eager only, and the row holds the op
census and the eager timings.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from torch_ttnn.tools.hf_source import TASKS


def add_arguments(sub) -> None:
    parser = sub.add_parser(
        "run", help="compile and run any model (a save_pretrained folder, a model type, file.py:function): its row"
    )
    add_model_arguments(parser, many=False)
    parser.add_argument("--backend", choices=("torch_ttnn", "torch_stat"), default="torch_ttnn")
    parser.add_argument("--dtype", choices=("bfloat16", "float32", "bfloat8_b"), default="bfloat16")
    parser.add_argument("--runs", type=int, default=3, help="timed runs after warm-up (medians are reported)")
    parser.add_argument("--metrics-dir", type=Path, default=Path("metrics/run"), help="where <model>.json goes")


def add_model_arguments(parser, many: bool) -> None:
    """MODEL and the options that shape its inputs, shared by run, trace and bisect."""
    parser.add_argument(
        "model",
        nargs="+" if many else None,
        help="a save_pretrained folder, path/to/file.py:function returning (model, inputs), a suite model name, "
        "a torchvision builder name (torchvision:NAME) or a transformers model type or config class (hf:NAME)",
    )
    parser.add_argument("--batch", type=int, help="batch size (inputs are tiled; default 1 or the model's own)")
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument(
        "--seq", type=int, help="text models: tokens per sample (default 32); speech models: samples or frames"
    )
    shape.add_argument("--image", type=int, help="image models: height and width (default: the config's, else 224)")
    parser.add_argument("--task", choices=sorted(TASKS), help="transformers head (default: the folder's, else base)")
    parser.add_argument(
        "--small",
        action="store_true",
        help="seeded transformers configs at 2 layers, width 64; suite models at test size",
    )
    parser.add_argument(
        "--config", action="append", default=[], metavar="KEY=VALUE", help="override a transformers config field"
    )
    parser.add_argument("--max-new-tokens", type=int, default=8, help="generation tasks: tokens to generate")


def source_options(args):
    from torch_ttnn.tools.sources import SourceOptions

    config = {}
    for item in args.config:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"--config expects KEY=VALUE; got {item!r}")
        try:
            config[key] = json.loads(value)
        except json.JSONDecodeError:
            config[key] = value
    return SourceOptions(args.batch, args.seq, args.image, args.task, args.small, config, args.max_new_tokens)


def stat_case(name: str, case, runs: int) -> dict:
    """The torch_stat row: eager timings and the aten op census of the captured graphs."""
    import torch

    from torch_ttnn import models
    from torch_ttnn.report.profile import _step
    from torch_ttnn.report.run_model import _timed
    from torch_ttnn.tools.stat import StatBackend

    stat, new_tokens = StatBackend(), None
    torch._dynamo.reset()
    grad = torch.enable_grad() if case.train else torch.no_grad()
    with grad, models.compiling(case):
        if case.generate:
            eager = lambda: case.model.generate(**case.kwargs, **case.generate)  # noqa: E731
            times, tokens = _timed(eager, runs + 1)
            seq2seq = getattr(case.model.config, "is_encoder_decoder", False)
            new_tokens = tokens[:, 1 if seq2seq else case.kwargs["input_ids"].shape[1] :].numel()
            eager_forward, case.model.forward = case.model.forward, torch.compile(case.model.forward, backend=stat)
            eager()
            case.model.forward = eager_forward
        else:
            times, _ = _timed(_step(case.model, case), runs + 1)
            _step(torch.compile(case.model, backend=stat), case)()
    census = stat.census()
    metrics = {"model": name, "backend": "torch_stat", "success": True, "error": None, "runs": runs}
    metrics.update(batch_size=models.batch_size(case), note=case.note, graphs=len(stat.graphs))
    metrics.update(eager_ms=statistics.median(times[1:]), ops_before=census)
    metrics.update(ops_before_total=sum(census.values()), ops_before_unique=len(census))
    metrics["throughput"] = metrics["batch_size"] * 1e3 / metrics["eager_ms"]
    if new_tokens is not None:
        metrics["tokens_per_s"] = new_tokens * 1e3 / metrics["eager_ms"]
    return metrics


def host_lines(metrics: dict) -> list[str]:
    """The ops left on the host, one line per input variation with its reason."""
    reasons = metrics.get("host_reasons", {})
    if not metrics.get("ops_remaining"):
        return [] if metrics.get("backend") == "torch_stat" else ["no aten op left on the host"]
    lines = [f"aten ops left on the host ({metrics['ops_remaining_total']}):"]
    for variation, reason in reasons.items():
        lines.append(f"  {variation}: {reason}")
    return lines


def run_command(args) -> int:
    import ttnn

    from torch_ttnn.report import docs, tables
    from torch_ttnn.report.run_model import run_case
    from torch_ttnn.tools import sources

    name = sources.display_name(args.model)
    try:
        case = sources.resolve(args.model, source_options(args))
    except (ValueError, FileNotFoundError, AttributeError, TypeError) as error:
        print(f"torch-ttnn run: {error}", file=sys.stderr)
        return 2
    if args.backend == "torch_stat":
        metrics = stat_case(name, case, args.runs)
    else:
        with ttnn.open_device(device_id=0) as device:
            metrics = run_case(name, case, device, dtype=args.dtype, runs=args.runs, extra={"size": "run"})
        metrics["backend"] = "torch_ttnn"
    print(tables.console_table([metrics]))
    print("\n".join(host_lines(metrics)))
    if not metrics["success"]:
        print(metrics.get("traceback", metrics["error"]), file=sys.stderr)
    args.metrics_dir.mkdir(parents=True, exist_ok=True)
    path = args.metrics_dir / f"{docs.file_stem(name).replace(':', '_')}.json"
    path.write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n")
    print(f"metrics written to {path}")
    return 0 if metrics["success"] else 1
