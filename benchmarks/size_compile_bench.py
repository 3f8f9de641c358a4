"""What one new cache length costs in generation with the dynamic cache: the decode step's graph replayed for
the new sizes (``translate``) and compiled by the C++ pipeline, per stage.

GPT-2 small (seeded random weights) generates --new tokens after a --prompt token prompt with the default
DynamicCache, so the decode step is compiled once per cache length; the table gives each stage's median
``compile_ms`` over those compiles. Wall-clock stage times are junk on a loaded machine, so the decode graph of
the last length is then replayed and compiled again --loops times in this process: per stage the fastest and
the median of those runs, and the process CPU time of a whole new length (replay + compile) over the loops.
Run: PYTHONPATH=python:. python benchmarks/size_compile_bench.py [--prompt 128] [--new 32] [--loops 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from benchmarks import torch_env

torch_env.prepare()

import torch  # noqa: E402
import torch_ttnn  # noqa: E402
import transformers  # noqa: E402
import ttnn  # noqa: E402
from torch_ttnn import dynamic  # noqa: E402
from ttnn import _ttnn  # noqa: E402


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prompt", type=int, default=128)
    parser.add_argument("--new", type=int, default=32)
    parser.add_argument("--loops", type=int, default=200)
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    model = transformers.GPT2LMHeadModel(transformers.GPT2Config()).eval()
    ids = torch.randint(0, model.config.vocab_size, (1, args.prompt))
    device = ttnn.open_device(device_id=0)
    option = torch_ttnn.TorchTtnnOption(device=device, dtype=ttnn.bfloat16, size_cache=args.new + 8)
    compile_graph, replay = _ttnn.compiler.compile, dynamic.Recording.replay
    last: dict = {}

    def keep_compile(graph, options, keep_dumps=False):
        last["compile"] = (graph.copy(), options)
        return compile_graph(graph, options, keep_dumps=keep_dumps)

    def keep_replay(recording, info, bindings):
        last["replay"] = (recording, info, bindings)
        return replay(recording, info, bindings)

    _ttnn.compiler.compile, dynamic.Recording.replay = keep_compile, keep_replay
    model.forward = torch.compile(model.forward, backend=torch_ttnn.backend, options=option)
    with torch.no_grad():
        model.generate(ids, max_new_tokens=args.new, min_new_tokens=args.new, do_sample=False)
    _ttnn.compiler.compile, dynamic.Recording.replay = compile_graph, replay
    lengths = [m for m in option.metrics() if m.get("sizes")][1:]  # the first one translated the FX graph
    in_run = {stage: statistics.median(m["compile_ms"][stage] for m in lengths) for stage in lengths[0]["compile_ms"]}

    graph, options = last["compile"]
    recording, info, bindings = last["replay"]
    runs: dict = {}
    cpu = time.process_time()
    for _ in range(args.loops):
        start = time.perf_counter()
        replayed, _ = replay(recording, info, bindings)
        runs.setdefault("translate", []).append((time.perf_counter() - start) * 1e3)
        for stage, ms in compile_graph(replayed, options).report()["compile_stage_ms"].items():
            runs.setdefault(stage, []).append(ms)
    cpu_ms = (time.process_time() - cpu) * 1e3 / args.loops
    load = os.getloadavg()[0]
    print(f"GPT-2 decode, bf16, {len(lengths)} new lengths after the first; {args.loops} loops; load {load:.1f}")
    print("| stage | in generate: median ms | loop: fastest ms | loop: median ms |")
    print("|---|---|---|---|")
    for stage, ms in runs.items():
        print(f"| {stage} | {in_run.get(stage, 0.0):.3f} | {min(ms):.3f} | {statistics.median(ms):.3f} |")
    fastest = sum(min(ms) for ms in runs.values())
    print(f"| sum | {sum(in_run.values()):.3f} | {fastest:.3f} | |")
    print(f"process CPU per new length (replay + compile, loop): {cpu_ms:.2f} ms")
    option.release()


if __name__ == "__main__":
    main(sys.argv[1:])
