"""``torch-ttnn trace MODEL...``: the seed's tracer (tools/stat_models.py and tools/generate_report.py).

Each model runs once through the ``torch_stat`` backend (eager), which records every aten node of its forward
graphs (and with ``--backward`` its backward graphs: the loss is the sum of its outputs) as
``<out>/raw/fw_<model>.json`` / ``bw_<model>.json``; the report files are then built from everything in
``<out>/raw`` (tools/stat_report.py). With ``--profile``, ``<out>/profile/<model>_eager.json`` is torch's
profiler trace of the eager call and ``<model>_ttnn.json`` the compiled program's per-instruction timings,
both Chrome trace JSON (``traceEvents``) that open in chrome://tracing or Perfetto.
"""

from __future__ import annotations

import json
from pathlib import Path


def add_arguments(sub) -> None:
    from torch_ttnn.tools.run import add_model_arguments

    parser = sub.add_parser("trace", help="record every aten node of models: node counts, sizes, Chrome traces")
    add_model_arguments(parser, many=True)
    parser.add_argument("--backward", action="store_true", help="also trace backward graphs (loss: sum of outputs)")
    parser.add_argument("--profile", action="store_true", help="write eager and compiled Chrome traces to profile/")
    parser.add_argument("--out", type=Path, default=Path("stat"), help="output folder (default stat)")


def step(model, case, backward: bool):
    """One call of the case; with ``backward`` also the backward pass of the sum of its outputs."""
    import torch

    from torch_ttnn import models

    def call():
        with torch.set_grad_enabled(backward or case.train):
            out = model(*case.inputs, **case.kwargs)
            if backward or case.train:
                tensors = [t for t in models.output_tensors(case, out) if t.requires_grad]
                loss = case.loss(out, case.targets) if case.train else sum(t.float().sum() for t in tensors)
                loss.backward()
        return out

    return call


def trace_events(rows: list[dict]) -> dict:
    """Chrome trace JSON of a compiled program's profile rows: one complete event ("X") per instruction, laid
    end to end in program order, one track per graph, durations the mean per call."""
    events, clock = [], {}
    for row in rows:
        start = clock.get(row["graph"], 0.0)
        duration = row["ns"] / max(row["calls"], 1) / 1e3
        name = row["op"] if row["kind"] == "ttnn" else f"{row['kind']} {row['op']}".strip()
        events.append(
            {
                "name": name,
                "cat": row["kind"],
                "ph": "X",
                "ts": start,
                "dur": duration,
                "pid": "torch_ttnn",
                "tid": row["graph"],
                "args": {"index": row["index"], "shape": row["shape"], "calls": row["calls"]},
            }
        )
        clock[row["graph"]] = start + duration
    return {"traceEvents": events, "displayTimeUnit": "ms"}


def profile_traces(case, backward: bool, folder: Path, stem: str) -> list[Path]:
    """<stem>_eager.json from torch.profiler and <stem>_ttnn.json from the compiled program's profile rows."""
    import copy

    import torch
    import ttnn

    import torch_ttnn
    from torch_ttnn import models

    folder.mkdir(parents=True, exist_ok=True)
    eager_path, ttnn_path = folder / f"{stem}_eager.json", folder / f"{stem}_ttnn.json"
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        step(case.model, case, backward)()
    prof.export_chrome_trace(str(eager_path))
    with ttnn.open_device(device_id=0) as device, models.compiling(case):
        option = torch_ttnn.TorchTtnnOption(device=device, profile=True)
        torch._dynamo.reset()
        twin = copy.deepcopy(case.model)
        call = step(torch.compile(twin, backend=torch_ttnn.backend, options=option), case, backward)
        call()  # compiles; the profiled call is the next one
        for record in option._records:
            if record.compiled is not None:
                record.compiled.reset_profile()
        call()
        ttnn_path.write_text(json.dumps(trace_events(option.profile_rows())) + "\n")
        option.release()
        del twin, call
    return [eager_path, ttnn_path]


def trace_model(spec: str, opts, out: Path, backward: bool, profile: bool) -> list[Path]:
    import torch

    from torch_ttnn import models
    from torch_ttnn.report.docs import file_stem
    from torch_ttnn.tools import sources
    from torch_ttnn.tools.stat import StatBackend

    case = sources.resolve(spec, opts)
    name = sources.display_name(spec)
    stem = file_stem(name).replace(":", "_")
    stat = StatBackend()
    torch._dynamo.reset()
    with models.compiling(case):
        step(torch.compile(case.model, backend=stat), case, backward)()
    (out / "raw").mkdir(parents=True, exist_ok=True)
    written = []
    for kind in ("fw", "bw"):
        graphs = [g for g in stat.graphs if g["kind"] == kind]
        if graphs:
            path = out / "raw" / f"{kind}_{stem}.json"
            path.write_text(json.dumps({"model": name, "graphs": graphs}, indent=1) + "\n")
            written.append(path)
    if profile:
        written += profile_traces(case, backward, out / "profile", stem)
    return written


def run_trace(args) -> int:
    import sys

    from torch_ttnn.tools import stat_report
    from torch_ttnn.tools.run import source_options

    opts = source_options(args)
    for spec in args.model:
        try:
            written = trace_model(spec, opts, args.out, args.backward, args.profile)
        except (ValueError, FileNotFoundError, AttributeError, TypeError) as error:
            print(f"torch-ttnn trace: {spec}: {error}", file=sys.stderr)
            return 2
        print(f"{spec}: " + ", ".join(str(p) for p in written))
    for path in stat_report.write_report(args.out):
        print(f"wrote {path}")
    return 0
