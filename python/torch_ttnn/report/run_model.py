"""Runs one model of the suite eager and compiled through torch_ttnn, and returns its metrics.

The metrics are the seed's columns made exact (docs/architecture.md, Metrics): run success, aten ops before lowering and
remaining on the host (total and unique), to/from-device transfers per steady-state call, eager and compiled
run times (medians after warm-up) and the first compiled run, accuracy against eager fp32.
"""

from __future__ import annotations

import copy
import gc
import os
import statistics
import time
import traceback
from collections import Counter

from torch_ttnn import models
from torch_ttnn.report.accuracy import compare, worst_gradient_error


def _timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1e3)
    return times, result


def _merge_graph_metrics(graphs: list[dict]) -> dict:
    """Sums the per-graph metrics of the compiler (forward and backward graphs) into per-model figures. The
    programs of one dynamic-shape graph (one per set of sizes) are one graph: a call runs one of them, so
    the latest stands for it."""
    compile_ms = sum(sum(g.get("compile_ms", {}).values()) for g in graphs)
    first_run_ms = sum(g.get("first_run_ms") or 0.0 for g in graphs)
    latest = {g.get("dynamic_graph") or g["graph"]: g for g in graphs}
    graphs = list(latest.values())
    before, remaining, fusions = Counter(), Counter(), Counter()
    transfers, peak, activations, reasons = 0, 0, 0, {}
    for g in graphs:
        reasons.update(g.get("host_reasons", {}))
        if g.get("eager_fallback"):  # the whole graph ran in eager PyTorch
            reasons.update({op: f"{g['graph']} ran in eager: {g['eager_fallback']}" for op in g["ops_before"]})
        before.update(g.get("ops_before", {}))
        remaining.update(g.get("ops_remaining", {}))
        fusions.update(g.get("fusions", {}))
        transfers += int(g.get("transfers_per_call", 0))
        peak = max(peak, int(g.get("peak_device_bytes", 0)))
        activations = max(activations, int(g.get("activation_peak_bytes", 0)))
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
        # The largest set of simultaneously live activations of any one graph, in their device form.
        "activation_peak_bytes": activations,
        "op_variations": _variations(graphs),
        # Our pipeline's time (translation and the C++ stages) over every program compiled, and the programs'
        # first calls (parameter upload and preparation plus one run); dynamo and aot_autograd are the rest of
        # compiled_first_ms.
        "compile_ms": compile_ms,
        "first_run_ms": first_run_ms,
        "host_reasons": dict(sorted(reasons.items())),
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

    # Eager bf16 first: its copy of the model is freed before the compiled run uploads the parameters, so the
    # host never holds the eager copies and the device copies at once (Mixtral-8x7B at report size).
    eager_bf16_ms = _eager_bf16_ms(case, runs)
    gc.collect()
    with torch.no_grad():
        eager_times, eager_out = _timed(lambda: case.model(*case.inputs, **case.kwargs), runs + 1)
        first_times, _ = _timed(lambda: compiled(*case.inputs, **case.kwargs), 1)
        compiled_times, compiled_out = _timed(lambda: compiled(*case.inputs, **case.kwargs), runs)
    expected = [t.float() for t in models.output_tensors(case, eager_out)]
    actual = [t.float() for t in models.output_tensors(case, compiled_out)]
    return {
        "eager_ms": statistics.median(eager_times[1:]),
        "eager_bf16_ms": eager_bf16_ms,
        "compiled_first_ms": first_times[0],
        "compiled_ms": statistics.median(compiled_times),
        "accuracy": compare(expected, actual),
    }


def _eager_bf16_ms(case, runs: int) -> float | None:
    """Eager PyTorch in bfloat16 (a copy of the model and its floating inputs cast), the way a user would run
    bf16 on this CPU without torch_ttnn; None when the model does not run in bf16 eager."""
    import torch

    def cast(x):
        return x.to(torch.bfloat16) if isinstance(x, torch.Tensor) and x.is_floating_point() else x

    inputs, kwargs = [cast(x) for x in case.inputs], {k: cast(v) for k, v in case.kwargs.items()}
    try:
        model = bf16_copy(case.model)
        with torch.no_grad():
            times, _ = _timed(lambda: model(*inputs, **kwargs), runs + 1)
    except Exception:  # an op without a bf16 CPU kernel, a model that will not copy: the row keeps its own figures
        return None
    return statistics.median(times[1:])


def bf16_copy(model):
    """A copy of ``model`` with its floating parameters and buffers in bfloat16, cast one tensor at a time: a
    deepcopy followed by ``.to(bfloat16)`` would hold a second float32 copy of every weight first (6.9 GB of
    Mixtral-8x7B's at report size). Tied parameters stay tied (the copy is keyed by the tensor)."""
    import torch

    def cast(t):
        low = t.detach().to(torch.bfloat16)
        return torch.nn.Parameter(low, requires_grad=t.requires_grad) if isinstance(t, torch.nn.Parameter) else low

    memo = {id(t): cast(t) for t in (*model.parameters(), *model.buffers()) if t.is_floating_point()}
    return copy.deepcopy(model, memo).to(torch.bfloat16)


def _generation(case, compile_fn, runs: int) -> dict:
    """A generation row: model.generate eager, then with model.forward compiled with dynamic sizes (dynamo
    compiles the prefill and the decode step once each; torch_ttnn compiles a program per cache length, see
    torch_ttnn.dynamic). Times: the whole generate call, the prefill (generate of one token) and the decode
    per token ((whole - prefill) / (new - 1)); accuracy on the prompt's logits and token by token."""
    import torch

    model, prompt = case.model, case.kwargs["input_ids"]
    new_tokens = case.generate["max_new_tokens"]

    def generate(tokens=new_tokens):
        limits = {"max_new_tokens": tokens, "min_new_tokens": tokens}
        return model.generate(**case.kwargs, **(case.generate | limits))

    # An encoder-decoder's first decoder step stands for the prompt; its generate returns new tokens only.
    seq2seq = getattr(model.config, "is_encoder_decoder", False)
    prompt_kwargs = case.kwargs | ({"decoder_input_ids": prompt[:, :1]} if seq2seq else {})
    with torch.no_grad():
        eager_logits = model(**prompt_kwargs).logits
        eager_times, eager_tokens = _timed(generate, runs + 1)
        eager_prefill, _ = _timed(lambda: generate(1), runs)
        eager_forward, model.forward = model.forward, compile_fn(model.forward, dynamic=True)
        try:
            compiled_logits = model(**prompt_kwargs).logits
            first_times, _ = _timed(generate, 1)
            compiled_times, compiled_tokens = _timed(generate, runs)
            compiled_prefill, _ = _timed(lambda: generate(1), runs)
        finally:
            model.forward = eager_forward
    accuracy = compare([eager_logits.float()], [compiled_logits.float()])
    start = 1 if seq2seq else prompt.shape[1]  # past the decoder's start token, or the prompt
    new, got = eager_tokens[:, start:], compiled_tokens[:, start:]
    accuracy["token_agreement"] = float((new == got).double().mean())
    differs = (new != got).nonzero()
    accuracy["first_token_differing"] = int(differs[0, 1]) if len(differs) else None
    compiled_ms, eager_ms = statistics.median(compiled_times), statistics.median(eager_times[1:])
    prefill = {"eager": statistics.median(eager_prefill), "compiled": statistics.median(compiled_prefill)}
    whole = {"eager": eager_ms, "compiled": compiled_ms}
    return {
        "eager_ms": eager_ms,
        "compiled_first_ms": first_times[0],
        "compiled_ms": compiled_ms,
        "tokens_per_s": new.numel() * 1e3 / compiled_ms,
        "generation": {
            "new_tokens": new_tokens,
            "cache": case.generate.get("cache_implementation", "dynamic"),
            "prefill_ms": prefill,
            "decode_ms_per_token": {k: (whole[k] - prefill[k]) / max(new_tokens - 1, 1) for k in whole},
            "eager_tokens_per_s": new.numel() * 1e3 / eager_ms,
        },
        "accuracy": accuracy,
    }


def _train_steps(model, step_fn, case, steps: int) -> tuple[list[float], list[float], list, list]:
    """Times, losses, the first step's outputs and the first step's gradients (same weights in both runs)."""
    import torch

    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    times, losses, first_out, first_grads = [], [], None, None
    for _ in range(steps):
        start = time.perf_counter()
        optimizer.zero_grad()
        out = step_fn(*case.inputs, **case.kwargs)
        loss = case.loss(out, case.targets)
        loss.backward()
        if first_grads is None:
            first_grads = [None if p.grad is None else p.grad.detach().float().clone() for p in model.parameters()]
        optimizer.step()
        times.append((time.perf_counter() - start) * 1e3)
        losses.append(loss.item())
        first_out = (
            first_out if first_out is not None else [t.detach().float() for t in models.output_tensors(case, out)]
        )
    return times, losses, first_out, first_grads


def _training(case, compile_fn, runs: int) -> dict:
    import torch

    twin = copy.deepcopy(case.model)
    # Dropout draws the same masks in both runs only from the same generator state.
    torch.manual_seed(0)
    eager_times, eager_losses, eager_out, eager_grads = _train_steps(case.model, case.model, case, runs + 1)
    torch.manual_seed(0)
    compiled = compile_fn(twin)
    compiled_times, compiled_losses, compiled_out, grads = _train_steps(twin, compiled, case, runs + 1)
    accuracy = compare(eager_out, compiled_out)
    accuracy["worst_gradient_error"] = worst_gradient_error(
        [torch.zeros_like(r) if g is None and r is not None else g for g, r in zip(grads, eager_grads, strict=True)],
        eager_grads,
    )
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


def run_model(
    name: str,
    size: str,
    device,
    *,
    dtype: str = "bfloat16",
    runs: int = 3,
    fallback: str = "allow",
    batch: int | None = None,
) -> dict:
    """Metrics of one model of the suite: eager vs ``torch.compile(backend=torch_ttnn.backend)`` on ``device``;
    ``batch`` replaces the model's own batch size (see models.batched)."""
    metrics = {"model": name, "size": size}
    try:
        case = models.build(name, size)
        case = case if batch is None else models.batched(case, batch)
    except Exception as error:
        return _failed(metrics | {"dtype": dtype, "runs": runs, "batch_size": batch}, error)
    return run_case(name, case, device, dtype=dtype, runs=runs, fallback=fallback, extra={"size": size})


def run_case(
    name: str, case, device, *, dtype: str = "bfloat16", runs: int = 3, fallback: str = "allow", extra=None
) -> dict:
    """Metrics of ``case`` (a models.ModelCase: any model and its inputs), as `torch-ttnn report` writes them."""
    import torch
    import ttnn

    import torch_ttnn

    metrics = {"model": name, **(extra or {}), "dtype": dtype, "runs": runs, "success": False, "error": None}
    metrics["batch_size"] = models.batch_size(case)
    # Timings taken on a busy machine are not comparable (eager's OpenMP barriers suffer most): say how busy.
    metrics["load_average"] = round(os.getloadavg()[0], 2)
    try:
        metrics["note"] = case.note
        option = torch_ttnn.TorchTtnnOption(device=device, dtype=getattr(ttnn, dtype), fallback=fallback)
        torch._dynamo.reset()

        def compile_fn(module, **kwargs):
            return torch.compile(module, backend=torch_ttnn.backend, options=option, **kwargs)

        before = _device_memory(device)
        with models.compiling(case):
            if case.generate:
                metrics.update(_generation(case, compile_fn, runs))
            elif case.train:
                metrics.update(_training(case, compile_fn, runs))
            else:
                metrics.update(_inference(case, compile_fn(case.model), runs))
        metrics.update(_memory_metrics(case.model, device, before, dtype))
        metrics.update(_merge_graph_metrics(option.metrics()))
        metrics["graphs"] = len(option.metrics())
        # Programs compiled per set of sizes belong to one dynamo graph each (torch_ttnn.dynamic).
        metrics["dynamo_graphs"] = len({m.get("dynamic_graph") or m["graph"] for m in option.metrics()})
        metrics["throughput"] = throughput(metrics)
        option.release()  # the next model's memory figures start from an empty device
        metrics["success"] = True
    except Exception as error:  # a model that fails is a row of the report, not the end of the run
        _failed(metrics, error)
    return metrics


def throughput(metrics: dict) -> float | None:
    """Inferences (samples) per second of the compiled model: batch size over the median compiled time."""
    ms = metrics.get("compiled_ms")
    return metrics.get("batch_size", 1) * 1e3 / ms if ms else None


def _failed(metrics: dict, error: Exception) -> dict:
    metrics.update(success=False, error=f"{type(error).__name__}: {error}", traceback=traceback.format_exc(limit=8))
    return metrics
