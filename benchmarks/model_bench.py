"""Model benchmark: BERT-base, GPT-2 small and ResNet-18 (batch 1) under torch eager fp32, torch eager bf16,
inductor fp32 (torch.compile's default) and torch_ttnn (bf16, its default), side by side in one run.

Prints, per model, the median steady-state call of each (the variants take turns, one call each per round, so
a load spike hits them alike), and for the two compilers the compile time and the first run: `compile` is the
first call's wall time less the time spent inside the compiled graphs during it (dynamo, aot_autograd and the
backend's own pipeline), `first run` the time inside the compiled graphs on that first call (for torch_ttnn:
parameter upload and preparation plus one run). PCC is the compiled output against eager fp32.

    PYTHONPATH=python:. python benchmarks/model_bench.py [--runs 10] [--models bert gpt2 resnet18] [--profile]
        [--threads 1 --cpu-time]

`--models seed` runs the seed's inference models at their report sizes (`--runs 1` when only the first calls
matter); set TORCHINDUCTOR_CACHE_DIR to a new folder so that inductor's first call is cold, as a user's is.

Models are built from their configurations with seeded weights (no downloads): transformers' BertModel and
GPT2 at their published base sizes with 128 tokens, and the suite's exact re-implementation of ResNet-18
(torchvision does not import beside this torch).
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import time

from benchmarks import torch_env  # before torch: GOMP_SPINCOUNT, --torch-isa

# isort: split
import torch  # noqa: E402
import torch_ttnn  # noqa: E402
import ttnn  # noqa: E402
from torch_ttnn import models  # noqa: E402
from torch_ttnn.report.accuracy import compare  # noqa: E402
from torch_ttnn.report.profile import _table, by_op  # noqa: E402

VARIANTS = ("eager fp32", "eager bf16", "inductor fp32", "torch_ttnn")


def _bert():
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    model = BertModel(BertConfig()).eval()  # bert-base-uncased's sizes are BertConfig's defaults
    ids = torch.randint(0, model.config.vocab_size, (1, 128), generator=torch.Generator().manual_seed(1))
    kwargs = {"input_ids": ids, "attention_mask": torch.ones_like(ids)}
    return models.ModelCase(model, (), kwargs, outputs=lambda out: [out.last_hidden_state])


def _suite(name: str):
    return lambda: models.build(name, "report")


MODELS = {"bert": ("BERT-base, seq 128", _bert), "gpt2": ("GPT-2 small, seq 128", _suite("GPT-2"))}
MODELS["resnet18"] = ("ResNet-18, 224x224", _suite("ResNet18"))


def _chosen(names: list[str]) -> list[tuple[str, object]]:
    """(label, builder) of each name: a key of MODELS, a suite model at its report size, or `seed` for every
    inference model of the seed's 19 (the training row's first call is a whole SGD step, not comparable)."""
    chosen = []
    for name in names:
        if name in MODELS:
            chosen.append(MODELS[name])
        elif name == "seed":
            chosen += [(n, _suite(n)) for n in models.ORDER if "(Train)" not in n]
        elif name in models.names():
            chosen.append((name, _suite(name)))
        else:
            raise SystemExit(f"model_bench: unknown model '{name}'; expected {sorted(MODELS)}, 'seed' or a suite name")
    return chosen


class _Timed:
    """A torch.compile backend wrapped so the time spent inside its compiled graphs is counted."""

    def __init__(self, backend):
        self.backend, self.inside = backend, 0.0

    def __call__(self, gm, example_inputs):
        compiled = self.backend(gm, example_inputs)

        def run(*args):
            start = time.perf_counter()
            try:
                return compiled(*args)
            finally:
                self.inside += time.perf_counter() - start

        return run


def _bf16(value):
    return value.bfloat16() if isinstance(value, torch.Tensor) and value.is_floating_point() else value


def _variants(case, device, profile: bool):
    """The four callables of one model, and for the two compilers the first call's (compile, first run) ms."""
    bf16_model = copy.deepcopy(case.model).bfloat16()
    bf16_inputs = tuple(_bf16(v) for v in case.inputs)
    bf16_kwargs = {k: _bf16(v) for k, v in case.kwargs.items()}
    option = torch_ttnn.TorchTtnnOption(device=device, profile=profile)
    backends = {
        "inductor fp32": _Timed(torch._dynamo.lookup_backend("inductor")),
        "torch_ttnn": _Timed(lambda gm, inputs: torch_ttnn.backend(gm, inputs, options=option)),
    }
    calls = {
        "eager fp32": lambda: case.model(*case.inputs, **case.kwargs),
        "eager bf16": lambda: bf16_model(*bf16_inputs, **bf16_kwargs),
    }
    first = {}
    torch._dynamo.reset()
    for name, backend in backends.items():
        compiled = torch.compile(case.model, backend=backend)  # shared weights: a 7B-wide model fits thrice
        start = time.perf_counter()
        compiled(*case.inputs, **case.kwargs)
        total = (time.perf_counter() - start) * 1e3
        first[name] = (total - backend.inside * 1e3, backend.inside * 1e3)
        calls[name] = lambda compiled=compiled: compiled(*case.inputs, **case.kwargs)
    return calls, first, option


def _run(label, builder, device, args) -> tuple[str, dict]:
    case = builder()
    with torch.no_grad(), models.compiling(case):
        calls, first, option = _variants(case, device, args.profile)
        for call in calls.values():  # warm-up: dynamo may specialise again on the second call
            call()
        if args.profile:
            for record in option._records:
                if record.compiled is not None:
                    record.compiled.reset_profile()
        times = {name: [] for name in calls}
        clock = time.process_time if args.cpu_time else time.perf_counter
        for _ in range(args.runs):
            for name, call in calls.items():
                start = clock()
                call()
                times[name].append((clock() - start) * 1e3)
        expected = [t.float() for t in models.output_tensors(case, calls["eager fp32"]())]
        actual = [t.float() for t in models.output_tensors(case, calls["torch_ttnn"]())]
    medians = {name: statistics.median(t) for name, t in times.items()}
    pcc = compare(expected, actual)["pcc_percent"] / 100
    cells = " | ".join(f"{medians[v]:8.1f}" for v in VARIANTS)
    (tc, tf), (ic, if_) = first["torch_ttnn"], first["inductor fp32"]
    ours = medians["torch_ttnn"]
    ratios = f"{medians['eager bf16'] / ours:5.2f} | {medians['inductor fp32'] / ours:5.2f}"
    firsts = f"{tc:7.0f} | {tf:7.0f} | {ic:7.0f} | {if_:7.0f} | {(tc + tf) / (ic + if_):5.2f}"
    row = f"| {label:<21} | {cells} | {ratios} | {firsts} | {pcc:.4f} |"
    profile = ""
    if args.profile:
        rows = option.profile_rows()
        total = sum(r["ns"] / max(r["calls"], 1) for r in rows) / 1e6
        profile = _table(f"{label}: torch_ttnn by op", ("op", "instructions"), by_op(rows)[: args.top], total)
    option.release()
    return row, {"profile": profile}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed rounds (each variant once per round)")
    parser.add_argument(
        "--models", nargs="+", default=list(MODELS), help=f"{sorted(MODELS)}, suite model names, or seed"
    )
    parser.add_argument("--threads", type=int, default=0, help="threads for ttnn and torch (default: the device's)")
    parser.add_argument("--profile", action="store_true", help="also print torch_ttnn's time by op per model")
    parser.add_argument("--top", type=int, default=15, help="rows of each profile table")
    parser.add_argument(
        "--cpu-time",
        action="store_true",
        help="time steady calls in process CPU time (with --threads 1: what a loaded machine does not inflate)",
    )
    torch_env.add_argument(parser)
    args = parser.parse_args()
    if args.threads:
        os.environ["TTNN_NUM_THREADS"] = str(args.threads)  # read when the device's pool starts
    device = ttnn.open_device(device_id=0)
    threads = device.num_threads() if callable(device.num_threads) else device.num_threads
    torch.set_num_threads(threads)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    clock = "CPU time" if args.cpu_time else "wall time"
    cold = "cold" if os.environ.get("TORCHINDUCTOR_CACHE_DIR") else "default (may be warm)"
    print(
        f"batch 1 (a suite model: its own), medians of {args.runs} rounds in ms of {clock} (compile and first run: "
        f"wall; inductor's cache {cold}); threads {threads}, "
        f"ttnn isa {ttnn.get_isa()}, "
        f"load average {load}; {torch_env.describe()}"
    )
    header = (
        "| model                 | eager fp32 | eager bf16 | inductor fp32 | torch_ttnn | bf16/ttnn | ind/ttnn "
        "| ttnn compile | ttnn first run | inductor compile | inductor first run | first call ttnn/ind | PCC |"
    )
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    profiles = []
    try:
        for label, builder in _chosen(args.models):
            row, extra = _run(label, builder, device, args)
            print(row, flush=True)
            profiles.append(extra["profile"])
    finally:
        ttnn.close_device(device)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for text in filter(None, profiles):
        print()
        print(text)


if __name__ == "__main__":
    main()
