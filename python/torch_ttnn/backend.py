"""``torch_ttnn.backend``: the torch.compile backend.

dynamo captures the model, aot_autograd functionalises it into aten graphs (forward, and backward when
gradients are needed), and each graph is compiled by the C++ core (cpp/compiler) into one Program. At run
time a compiled graph is one C++ call: inputs cross zero-copy as host tensors, parameters and buffers are
uploaded once and cached on the device until their version changes, and only nodes without a lowering call
back into PyTorch, through ``_host_call``.
"""

from __future__ import annotations

import functools
import os
import time
import warnings
import weakref

import torch
import ttnn
from functorch.compile import make_boxed_func
from torch._dynamo.backends.common import aot_autograd
from ttnn import _ttnn
from ttnn.torch_interop import _as_direct

from torch_ttnn import frontend, saved
from torch_ttnn.dynamic import SizeSpecializer
from torch_ttnn.host_regions import fuse_host_regions
from torch_ttnn.options import TorchTtnnOption

_DEBUG = int(os.environ.get("TORCH_TTNN_DEBUG", "0") or 0)


def _to_ttnn_host(tensor: torch.Tensor):
    """A host ROW_MAJOR ttnn tensor borrowing the torch tensor's memory (a copy only to narrow the dtype)."""
    return _ttnn._tensor_from_array(_as_direct(tensor.detach()).contiguous())


def _to_torch(tensor, dtype: torch.dtype) -> torch.Tensor:
    result = torch.from_dlpack(_ttnn._array_from_tensor(tensor))
    return result if result.dtype == dtype else result.to(dtype)


class GraphRecord:
    """One compiled graph: its Program, how to rebuild host calls and outputs, and its metrics."""

    def __init__(
        self, option: TorchTtnnOption, name: str, compiled, info, reason: str | None = None, translate_ms: float = 0.0
    ):
        self.option, self.name, self.compiled, self.info, self.reason = option, name, compiled, info, reason
        self.translate_ms = translate_ms  # the frontend's share of the compile; the C++ stages are in the report
        self.evicting: set = set()
        self.sizes: dict | None = None  # the size bindings this program was compiled for (dynamic shapes)
        self.dynamic_graph: str | None = None
        self.retired: dict | None = None  # the metrics of a program dropped from the size cache
        # The first call's time inside the C++ program: parameter upload and preparation plus one run.
        self.first_run_ms: float | None = None
        self.output_permutes: dict = {}  # a forward's raw device outputs: graph output index -> dims (saved.py)
        self.raw_inputs: dict = {}  # a backward's inputs taken raw: position -> dims (saved.take_raw)

    def retire(self) -> None:
        """Drops the program (evicted from a dynamic graph's size cache), keeping its metrics."""
        if self.compiled is not None:
            self.retired = self.metrics()
            self.compiled.clear_derived()
            self.compiled = None

    def metrics(self) -> dict:
        if self.retired is not None:
            return self.retired
        metrics = self._metrics()
        if self.sizes is not None:
            metrics.update(sizes=self.sizes, dynamic_graph=self.dynamic_graph)
        return metrics

    def _metrics(self) -> dict:
        if self.compiled is None:  # ran whole in eager: every op stayed on the host
            ops = dict(self.info or {})
            return {
                "graph": self.name,
                "ops_before": ops,
                "ops_remaining": dict(ops),
                "transfers_per_call": 0,
                "fusions": {},
                "peak_device_bytes": 0,
                "activation_peak_bytes": 0,
                "eager_fallback": self.reason,
            }
        report, last = self.compiled.report(), self.compiled.last_stats()
        # Measured on the latest call once there is one (parameters excluded: they are cached), else planned.
        measured = last["uploads"] + last["downloads"] if last["calls"] else report["transfers_per_call"]
        return {
            "graph": self.name,
            "ops_before": _expand_regions(report["ops_before"], self.info.regions),
            "ops_remaining": report["ops_remaining"],
            "transfers_per_call": measured,
            "fusions": report["fusions"],
            "peak_device_bytes": report["peak_device_bytes"],
            "activation_peak_bytes": report["activation_peak_bytes"],
            "ttnn_ops": report["ttnn_ops"],
            "program_ops": report["program_ops"],
            "host_variations": report["host_variations"],
            "lowered_variations": report["lowered_variations"],
            "host_reasons": report["host_reasons"],
            "constants_folded": report["constants_folded"],
            "compile_ms": {"translate": self.translate_ms} | report["compile_stage_ms"],
            "first_run_ms": self.first_run_ms,
            "runtime": self.compiled.total_stats(),
            "eager_fallback": None,
        }

    def profile_rows(self) -> list[dict]:
        if self.compiled is None:
            return []
        calls = self.compiled.profile_calls()
        rows = self.compiled.profile()
        for row in rows:
            row.update(graph=self.name, calls=calls)
            if row["kind"] == "host":
                row["op"] = str(self.info.host_calls[row["source"]].target)
        return rows

    def host_call(self, source: int, tensors: list):
        call = self.info.host_calls[source]
        inputs = [_to_torch(t, dtype) for t, dtype in zip(tensors, call.input_dtypes, strict=True)]
        args, kwargs = frontend.host_args(call, inputs)
        try:
            result = call.target(*args, **kwargs)
        except Exception as error:  # re-raised with the node it came from (docs/architecture.md, Errors)
            raise RuntimeError(f"torch_ttnn: host fallback node {source} ({call.target}) failed: {error}") from error
        results = list(result) if isinstance(result, (tuple, list)) else [result]
        return [_to_ttnn_host(torch.empty(0) if r is None else r) for r in results]

    def cache_key(self, tensor: torch.Tensor, position: int, params: set) -> int:
        constant = position < 0  # a get_attr constant, bound after the call's arguments
        if not (isinstance(tensor, torch.nn.Parameter) or position in params or constant):
            return 0
        key = tensor.data_ptr()
        if key not in self.evicting:
            # A freed parameter's device copy goes with it; its address may be reused by another tensor.
            self.evicting.add(key)
            weakref.finalize(tensor, _evict, weakref.ref(self.option), key)
        return key

    def __call__(self, args: list, params: set):
        # Graph inputs are the tensor arguments (a SymInt argument is a size, already bound), then constants.
        args = saved.raw_args(args, self.raw_inputs)
        inputs = [args[i] for i in self.info.tensor_positions] + self.info.constants
        tensors = [_binding(a) for a in inputs]
        positions = self.info.tensor_positions
        # An input the graph writes (a static KV cache) is cached on the device like a parameter: the device
        # keeps each call's new content, and the host copy gets the same write from the small outputs.
        cached = params | {update[1] for update in self.info.updates}
        keys = [self.cache_key(a, positions[i] if i < len(positions) else -1, cached) for i, a in enumerate(inputs)]
        versions = [a._version for a in inputs]
        next_versions = [-1] * len(inputs)
        for update in self.info.updates:
            # The write below bumps the version once, and aot_autograd's copy of the returned input once more.
            next_versions[positions.index(update[1])] = args[update[1]]._version + 2
        start = time.perf_counter()
        cache = self.option.param_cache()
        outs = self.compiled.run(tensors, keys, versions, cache, self.host_call, next_versions, saved.parking())
        if self.first_run_ms is None:
            self.first_run_ms = (time.perf_counter() - start) * 1e3
        results = self._results(iter(outs), args, inputs)
        if not self.info.updates:
            return results
        for position, input_position, dim, index, source in self.info.updates:
            args[input_position].index_copy_(dim, results[index], results[source])
            results[position] = args[input_position]
        return results[: self.info.num_results]

    def _results(self, outs, args: list, inputs: list) -> list:
        results = []
        index = -1  # the C++ graph output's
        for spec in self.info.outputs:
            if spec[0] == "int":  # a plain int: a recorded translation's sizes are SizeInt, which dynamo cannot trace
                results.append(int(spec[1]))
                continue
            out, index = next(outs), index + 1
            dims = self.output_permutes.get(index)
            if spec[0] in ("none", "update"):  # an update's value stays on the device; the input is returned
                results.append(None)
            elif spec[0] == "input":
                results.append(args[spec[1]])
            elif saved.is_on_device(out):  # a tensor saved for the backward (Graph::device_outputs)
                results.append(saved.park(out, spec[1], dims))
            else:
                results.append(_to_torch(out, spec[1]) if dims is None else _to_torch(out, spec[1]).permute(dims))
        return _unalias(results, inputs)


def _binding(tensor: torch.Tensor):
    """A graph input as the program takes it: the device tensor of a placeholder (saved.py), else the host tensor."""
    held = saved.device_tensor(tensor)
    return _to_ttnn_host(tensor) if held is None else held


def _evict(option_ref, key: int) -> None:
    option = option_ref()
    if option is not None and option._cache is not None:
        option._cache.evict(key)
        # A value derived from the freed parameter must not be reused by a tensor at the same address.
        for record in option._records:
            if record.compiled is not None:
                record.compiled.clear_derived()


def _unalias(results: list, args: list) -> list:
    """An output borrowing an input's memory (an alias rule on a host value) is copied, as eager would."""
    inputs = {a.data_ptr() for a in args if isinstance(a, torch.Tensor) and a.numel()}
    return [
        r.clone()
        if isinstance(r, torch.Tensor) and r.numel() and r.data_ptr() in inputs and not any(r is a for a in args)
        else r
        for r in results
    ]


def _eager(option: TorchTtnnOption, name: str, gm: torch.fx.GraphModule, reason: str, info=None, raw=None):
    if option.fallback == "error":
        raise RuntimeError(f"torch_ttnn: cannot compile {name}: {reason} (fallback='error')")
    warnings.warn(f"torch_ttnn: {name} runs in eager PyTorch: {reason}", stacklevel=2)
    _eager_record(option, name, reason, info)
    return _boxed(lambda inputs: gm(*saved.materialized(saved.raw_args(inputs, raw))))


def _eager_record(option: TorchTtnnOption, name: str, reason: str, info) -> GraphRecord:
    """The metrics of a graph that runs whole in eager PyTorch (every op stayed on the host)."""
    record = GraphRecord(option, name, None, info, reason)
    option._records.append(record)
    option.write_metrics()
    return record


class _RecordCompiler:
    """Compiles one aten graph (for one binding of its sizes, if it has symbolic ones) into a GraphRecord."""

    def __init__(self, option: TorchTtnnOption, gm: torch.fx.GraphModule, params: set, updates: dict):
        self.option, self.gm, self.params, self.updates = option, gm, params, updates
        self.saved = frozenset()  # forward outputs kept on the device for the backward (saved.py)
        self.raw = False  # ...which may come before their last permute
        self.raw_inputs: dict = {}  # a backward's inputs that come so

    def __call__(self, name: str, bindings: dict | None = None) -> GraphRecord:
        return self.compile(
            name,
            lambda: frontend.translate(
                self.gm, self.params, bindings, updates=self.updates, saved=self.saved, raw=self.raw
            ),
        )

    def compile(self, name: str, translate) -> GraphRecord:
        """Compiles the (graph, info) that ``translate()`` builds (it raises Unsupported for a graph it cannot
        translate); the translation's time goes into the record's compile_ms."""
        start = time.perf_counter()
        graph, info = translate()
        translate_ms = (time.perf_counter() - start) * 1e3
        option = self.option
        keep = option.verbose or option.gen_graphviz or _DEBUG > 0
        options = _ttnn.compiler.CompileOptions(
            device=option.device,
            compute_dtype=option.compute_dtype,
            weight_dtype=option.weight_dtype,
            math_fidelity=option.math_fidelity,
            allow_fallback=option.fallback == "allow",
            verify=option.verify or _DEBUG > 0,
            float32_outputs=option.float32_outputs,
        )
        compiled = _ttnn.compiler.compile(graph, options, keep_dumps=keep)
        compiled.profiling = option.profile
        record = GraphRecord(option, name, compiled, info, translate_ms=translate_ms)
        record.raw_inputs = self.raw_inputs
        if self.raw:
            record.output_permutes = {int(k): v for k, v in compiled.report()["output_permutes"].items()}
            saved.publish_order(info.output_names, record.output_permutes)
        option._records.append(record)
        _report(option, record)
        return record

    def eager_record(self, name: str, reason: str, info) -> GraphRecord:
        return _eager_record(self.option, name, reason, info)


def _boxed(run):
    def call(args):
        # aot_autograd's boxed convention: the list is ours, so clearing it frees inputs early.
        inputs = list(args)
        args.clear()
        return run(inputs)

    call._boxed_call = True
    return call


def _compile_graph(option: TorchTtnnOption, kind: str, params: set, gm: torch.fx.GraphModule, example_inputs):
    name = f"{kind}_{len(option._records)}"
    if option.bypass_compile:
        return make_boxed_func(gm)
    updates = frontend.input_updates(gm, _mutation_metadata()) if kind == "inference" else {}
    try:
        fused = fuse_host_regions(gm)
    except frontend.Unsupported as error:
        return _eager(option, name, gm, str(error), frontend.count_ops(gm))
    compile_record = _RecordCompiler(option, fused, params, updates)
    dynamic = frontend.is_dynamic(fused)
    if kind == "forward":
        compile_record.saved = saved.saved_outputs(_mutation_metadata(), fused)
        compile_record.raw = not dynamic  # a dynamic forward compiles per call, too late to tell the backward
    if kind == "backward":
        compile_record.raw_inputs = saved.take_raw(fused)
    if dynamic:
        return _boxed(SizeSpecializer(option, name, fused, params, compile_record))
    try:
        record = compile_record(name)
    except frontend.Unsupported as error:
        return _eager(option, name, gm, str(error), frontend.count_ops(gm), compile_record.raw_inputs)
    return _boxed(lambda inputs: record(inputs, params))


def _expand_regions(ops: dict, regions: dict) -> dict:
    """Op counts with each host region's call replaced by the aten ops it holds."""
    expanded: dict = {}
    for op, count in ops.items():
        for inner, n in regions.get(op, {op: 1}).items():
            expanded[inner] = expanded.get(inner, 0) + n * count
    return expanded


def _mutation_metadata():
    """aot_autograd's account of which inputs the graph being compiled mutates (None outside a compile)."""
    context = torch._guards.TracingContext.try_get()
    return getattr(context, "fw_metadata", None) if context is not None else None


def _report(option: TorchTtnnOption, record: GraphRecord) -> None:
    if option.verbose or _DEBUG > 0:
        for stage, text in record.compiled.dumps():
            print(f"--- {record.name} after {stage}\n{text}")
        print(f"--- {record.name} program\n{record.compiled.program()}")
    if option.gen_graphviz:
        folder = option.metrics_path or "torch_ttnn_graphs"
        os.makedirs(folder, exist_ok=True)
        for i, (stage, dot) in enumerate(record.compiled.dots()):
            with open(os.path.join(folder, f"{record.name}_{i:02d}_{stage}.dot"), "w") as f:
                f.write(dot)
    option.write_metrics()


def backend(gm: torch.fx.GraphModule, example_inputs, options: TorchTtnnOption | dict | None = None):
    """The torch.compile backend: ``torch.compile(model, backend=torch_ttnn.backend, options=option)``."""
    option = options if isinstance(options, TorchTtnnOption) else TorchTtnnOption(**(options or {}))
    if option.device is None:
        raise ValueError("torch_ttnn.backend: TorchTtnnOption.device is None; expected ttnn.open_device(device_id=0)")
    # Parameters and buffers: inputs dynamo lifted from the module, cached on the device across calls.
    placeholders = [n for n in gm.graph.nodes if n.op == "placeholder"]
    params = {
        i
        for i, (node, value) in enumerate(zip(placeholders, example_inputs, strict=False))
        if isinstance(value, torch.nn.Parameter) or "_buffers_" in node.name
    }
    compile_fw = functools.partial(_compile_graph, option, "forward", params)
    from functorch.compile import min_cut_rematerialization_partition

    # Tensors saved for the backward stay on the device between the two programs (saved.py). The min-cut
    # partitioner saves fewer of them: views and pointwise results the backward can recompute from what it
    # already has (a transposed weight from the weight) are recomputed on the device instead.
    return aot_autograd(
        fw_compiler=compile_fw,
        partition_fn=min_cut_rematerialization_partition,
        bw_compiler=functools.partial(_compile_graph, option, "backward", set()),
        inference_compiler=functools.partial(_compile_graph, option, "inference", params),
    )(gm, example_inputs)


__all__ = ["backend", "TorchTtnnOption", "ttnn"]
