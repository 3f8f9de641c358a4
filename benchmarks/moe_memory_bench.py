"""Host memory of the report's Mixtral-8x7B row, measured on scaled-down copies and extrapolated to report size.

Usage: PYTHONPATH=python:. python benchmarks/moe_memory_bench.py [--divisors 8 4]
The report size (1 of 32 layers, 8 experts of 4096 x 14336, 32 000 tokens: 1.7 B parameters, 6.9 GB in float32)
does not fit beside other work on this machine, so each run divides every width (hidden, intermediate, vocab,
heads) by a divisor, which keeps the proportions of the parameters (experts 82 %, embeddings 15 %) and
divides their count by its square. Each divisor runs in a child of its own through the report's own path
(`run_model.run_case`: eager fp32, eager bf16, the compiled runs) and prints the process's resident memory
after building the model and its peak during the row (VmHWM), and the device's DRAM peak (host memory too).
The last line fits resident = base + bytes per parameter x parameters to the two largest runs and gives the
estimate at report size.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing

REPORT_PARAMS = 1_713_418_240  # MixtralForCausalLM at the zoo's report config (1 layer)


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    raise KeyError(field)


def _measure(divisor: int, queue) -> None:
    import torch
    import ttnn
    from torch_ttnn.models import zoo
    from torch_ttnn.models.zoo_decoder import TABLE
    from torch_ttnn.report import run_model

    spec = TABLE["mistralai/Mixtral-8x7B-v0.1"]
    widths = ("hidden_size", "intermediate_size", "vocab_size", "num_attention_heads", "num_key_value_heads")
    published = spec.published | {k: spec.published[k] // divisor for k in widths}
    torch.manual_seed(0)
    case = zoo.build(dataclasses.replace(spec, published=published), "report")
    case.model.eval()
    params = sum(p.numel() for p in case.model.parameters())
    built = _status_mb("VmRSS")
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # VmHWM restarts from the current resident size
    with ttnn.open_device(device_id=0) as device:
        metrics = run_model.run_case("Mixtral (scaled)", case, device, runs=1)
    if not metrics["success"]:
        raise RuntimeError(metrics["error"])
    queue.put((divisor, params, built, _status_mb("VmHWM"), metrics["device_peak_bytes"] / 2**20))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--divisors", type=int, nargs="+", default=[8, 4])
    args = parser.parse_args()
    context = multiprocessing.get_context("fork")  # this process has not imported torch
    rows = []
    print("| divisor | parameters (M) | float32 MB | resident after build MB | peak in the row MB | device peak MB |")
    print("|---|---|---|---|---|---|")
    for divisor in args.divisors:
        queue = context.Queue()
        child = context.Process(target=_measure, args=(divisor, queue))
        child.start()
        child.join()
        if child.exitcode != 0:
            raise SystemExit(f"moe_memory_bench: divisor {divisor} failed (exit code {child.exitcode})")
        row = queue.get()
        rows.append(row)
        d, params, built, peak, dram = row
        print(f"| {d} | {params / 1e6:.1f} | {params * 4 / 2**20:.0f} | {built:.0f} | {peak:.0f} | {dram:.0f} |")
    (_, p0, _, m0, _), (_, p1, _, m1, _) = sorted(rows, key=lambda r: r[1])[-2:]
    per_param = (m1 - m0) * 2**20 / (p1 - p0)
    base = m1 - per_param * p1 / 2**20
    estimate = (base + per_param * REPORT_PARAMS / 2**20) / 1024
    print(
        f"\nfit: {base:.0f} MB + {per_param:.2f} bytes per parameter; at report size ({REPORT_PARAMS / 1e9:.2f} B "
        f"parameters): {estimate:.1f} GiB peak resident"
    )


if __name__ == "__main__":
    main()
