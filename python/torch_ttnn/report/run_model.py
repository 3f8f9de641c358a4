"""Runs one model of the suite eager and compiled through torch_ttnn, and returns its metrics.

The metrics are the seed's columns made exact (DESIGN section 5): run success, aten ops before lowering and
remaining on the host (total and unique), to/from-device transfers per steady-state call, eager and compiled
run times (medians after warm-up) and the first compiled run, accuracy against eager fp32.
"""

from __future__ import annotations

import copy
import gc
import statistics
import time
import traceback
from collections import Counter

from torch_ttnn import models
from torch_ttnn.report.accuracy import compare


def _timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1e3)
    return times, result


def _merge_graph_metrics(graphs: list[dict]) -> dict:
    """Sums the per-graph metrics of the compiler (forward and backward graphs) into per-model figures."""
    before, remaining, fusions = Counter(), Counter(), Counter()
    transfers, peak = 0, 0
    for g in graphs:
        before.update(g.get("ops_before", {}))
        remaining.update(g.get("ops_remaining", {}))
        fusions.update(g.get("fusions", {}))
        transfers += int(g.get("transfers_per_call", 0))
        peak = max(peak, int(g.get("peak_device_bytes", 0)))
    return {
        "ops_before": dict(sorted(before.items())),
        "ops_before_total": sum(before.values()),
        "ops_before_unique": len(before),
        "ops_remaining": dict(sorted(remaining.items())),
        "ops_remaining_total": sum(remaining.values()),
        "ops_remaining_unique": len(remaining),
        "transfers_per_call": transfers,
        "fusions": dict(sorted(fusions.items())),
        "peak_device_bytes": peak,
        "op_variations": _variations(graphs),
    }


def _variations(graphs: list[dict]) -> list[dict]:
    """Every input variation of every aten node ("aten.add.Tensor(f32[2, 8], f32[8])"), with where it ran."""
    found = Counter()
    for g in graphs:
        for status, key in (("device", "lowered_variations"), ("host", "host_variations")):
            for variation, count in g.get(key, {}).items():
                found[(variation.split("(", 1)[0], variation, status)] += count
    return [{"overload": o, "inputs": v, "status": s, "count": c} for (o, v, s), c in sorted(found.items())]


def _inference(case, compiled, runs: int) -> dict:
    import torch

    with torch.no_grad():
        eager_times, eager_out = _timed(lambda: case.model(*case.inputs, **case.kwargs), runs + 1)
        first_times, _ = _timed(lambda: compiled(*case.inputs, **case.kwargs), 1)
        compiled_times, compiled_out = _timed(lambda: compiled(*case.inputs, **case.kwargs), runs)
    expected = [t.float() for t in models.output_tensors(case, eager_out)]
    actual = [t.float() for t in models.output_tensors(case, compiled_out)]
    return {
        "eager_ms": statistics.median(eager_times[1:]),
        "compiled_first_ms": first_times[0],
        "compiled_ms": statistics.median(compiled_times),
        "accuracy": compare(expected, actual),
    }


def _train_steps(model, step_fn, case, steps: int) -> tuple[list[float], list[float], list]:
    import torch

    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    times, losses, first_out = [], [], None
    for _ in range(steps):
        start = time.perf_counter()
        optimizer.zero_grad()
        out = step_fn(*case.inputs, **case.kwargs)
        loss = case.loss(out, case.targets)
        loss.backward()
        optimizer.step()
        times.append((time.perf_counter() - start) * 1e3)
        losses.append(loss.item())
        first_out = (
            first_out if first_out is not None else [t.detach().float() for t in models.output_tensors(case, out)]
        )
    return times, losses, first_out


def _training(case, compile_fn, runs: int) -> dict:
    import torch

    twin = copy.deepcopy(case.model)
    # Dropout draws the same masks in both runs only from the same generator state.
    torch.manual_seed(0)
    eager_times, eager_losses, eager_out = _train_steps(case.model, case.model, case, runs + 1)
    torch.manual_seed(0)
    compiled = compile_fn(twin)
    compiled_times, compiled_losses, compiled_out = _train_steps(twin, compiled, case, runs + 1)
    accuracy = compare(eager_out, compiled_out)
    accuracy["eager_losses"] = eager_losses
    accuracy["compiled_losses"] = compiled_losses
    return {
        "eager_ms": statistics.median(eager_times[1:]),
        "compiled_first_ms": compiled_times[0],
        "compiled_ms": statistics.median(compiled_times[1:]),
        "accuracy": accuracy,
    }


_DTYPE_BYTES = {"bfloat16": 2.0, "float32": 4.0, "bfloat8_b": 1.0625}  # bfloat8_b: one exponent per 16 values


def _device_memory(device) -> int:
    """DRAM in use before the compiled runs; the peak is measured from here. Earlier models' programs and
    parameter copies are freed first, so none is freed during this model's runs."""
    gc.collect()
    device.reset_peak_memory()
    return device.memory_stats()["DRAM"]["in_use"]


def _memory_metrics(model, device, before: int, dtype: str) -> dict:
    """Device memory of the compiled runs, as the device's allocator counts it: the peak, and what stays held
    between calls (parameters in their device form, values folded from them). `param_dtype_bytes` is the
    parameters' size in the device dtype, what the held bytes compare with."""
    stats = device.memory_stats()["DRAM"]
    elements = sum(t.numel() for t in (*model.parameters(), *model.buffers()) if t.is_floating_point())
    return {
        "device_peak_bytes": stats["peak"] - before,
        "device_param_bytes": stats["in_use"] - before,
        "param_dtype_bytes": int(elements * _DTYPE_BYTES.get(dtype, 2.0)),
    }


def run_model(name: str, size: str, device, *, dtype: str = "bfloat16", runs: int = 3, fallback: str = "allow") -> dict:
    """Metrics of one model: eager vs ``torch.compile(backend=torch_ttnn.backend)`` on ``device``."""
    import torch
    import ttnn

    import torch_ttnn

    metrics = {"model": name, "size": size, "dtype": dtype, "runs": runs, "success": False, "error": None}
    try:
        case = models.build(name, size)
        metrics["note"] = case.note
        option = torch_ttnn.TorchTtnnOption(device=device, dtype=getattr(ttnn, dtype), fallback=fallback)
        torch._dynamo.reset()

        def compile_fn(module):
            return torch.compile(module, backend=torch_ttnn.backend, options=option)

        before = _device_memory(device)
        if case.train:
            metrics.update(_training(case, compile_fn, runs))
        else:
            metrics.update(_inference(case, compile_fn(case.model), runs))
        metrics.update(_memory_metrics(case.model, device, before, dtype))
        metrics.update(_merge_graph_metrics(option.metrics()))
        metrics["graphs"] = len(option.metrics())
        option.release()  # the next model's memory figures start from an empty device
        metrics["success"] = True
    except Exception as error:  # a model that fails is a row of the report, not the end of the run
        metrics["error"] = f"{type(error).__name__}: {error}"
        metrics["traceback"] = traceback.format_exc(limit=8)
    return metrics
