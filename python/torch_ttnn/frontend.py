"""The frontend: hands an aten FX graph to the C++ compiler node by node.

Each call node becomes one IR node with its overload name ("aten.add.Tensor"), its arguments by schema name
(defaults filled in, tensors as value references) and the shape and dtype of each output from FX meta.
A graph with symbolic sizes (dynamo's dynamic shapes) is translated for one concrete binding of its size
symbols at a time (``bindings``): every size expression, SymInt input and size computation (``sym_size``,
arithmetic on sizes) becomes the number it has for that call. What the IR cannot hold (non-tensor results)
raises ``Unsupported``: the graph then runs whole in eager PyTorch. The same argument lists are kept here so
the host callback can rebuild a call.
"""

from __future__ import annotations

import dataclasses
import operator
from typing import Any

import torch
from ttnn import _ttnn

from torch_ttnn import saved as saved_tensors
from torch_ttnn.sizes import (  # noqa: F401 (is_dynamic, size_symbols, bind_sizes: the frontend's API)
    SIZE_ASSERTS,
    Unsupported,
    bind_sizes,
    concrete,
    is_dynamic,
    size_symbols,
)

compiler = _ttnn.compiler


@dataclasses.dataclass
class HostCall:
    """How to call one node in PyTorch: the target and its arguments with tensors left as Ref slots."""

    target: Any
    args: list  # (name, value, kwarg_only); Ref values (also inside lists) stand for the tensor inputs
    input_dtypes: list  # torch dtype of each tensor input, in order
    num_outputs: int


@dataclasses.dataclass
class GraphInfo:
    host_calls: dict  # frontend node index -> HostCall
    # per graph output: ("value", torch dtype) | ("input", index) | ("int", n) | ("none",) | ("update",)
    outputs: list
    tensor_positions: list  # the call arguments that are graph inputs (the rest are sizes: SymInt inputs)
    ops_before: dict
    constants: list
    # Inputs the graph writes in place (a static KV cache's index_copy_), as (result position, input position,
    # dim, position of the index among the outputs, position of the source among them): the caller repeats the
    # write on the host input from the two small outputs, and the device keeps the whole new value.
    updates: list = dataclasses.field(default_factory=list)
    num_results: int | None = None  # the outputs the caller returns; after them, the updates' index and source
    regions: dict = dataclasses.field(default_factory=dict)  # host region call name -> the aten ops it holds
    output_names: list = dataclasses.field(default_factory=list)  # per C++ graph output: its FX node's name

    @property
    def num_inputs(self) -> int:
        return len(self.tensor_positions)


def scalar_type(dtype: torch.dtype):
    name = str(dtype).removeprefix("torch.")
    return getattr(compiler.ScalarType, name, compiler.ScalarType.other)


def _is_dense(val) -> bool:
    """as_strided reads its input's storage, which is the IR value's dense order only for a contiguous tensor
    that starts its storage (not a permuted or sliced view of another)."""
    return _is_tensor(val) and val.is_contiguous() and val.storage_offset() == 0


def _is_tensor(val) -> bool:
    return isinstance(val, torch.Tensor)


class _Translator:
    def __init__(
        self,
        gm: torch.fx.GraphModule,
        param_positions,
        bindings: dict,
        graph,
        updates: dict,
        saved=frozenset(),
        raw: bool = False,
    ):
        self.gm = gm
        self.param_positions = param_positions or set()
        self.updates = updates  # output position -> the input position whose new content it is
        self.saved = saved  # output positions of the tensors a training forward saves for its backward
        self.raw = raw  # those may be returned before their last permute (the backward is told: saved.py)
        self.output_names: list = []
        self.bindings = bindings
        self.graph = graph
        self.env: dict = {}  # fx node -> value id, or list of ids for multi-output nodes
        self.dtypes: dict = {}  # value id -> torch dtype
        self.host_calls: dict = {}
        self.ops_before: dict = {}
        self.constants: list = []  # get_attr tensors, bound after the call's own inputs
        self.regions: dict = {}  # host region call name -> the aten ops it holds

    def shape(self, val, where: str) -> list[int]:
        return [concrete(d, self.bindings, where) for d in val.shape]

    def operand(self, value, where: str):
        if isinstance(value, torch.fx.Node) and isinstance(self.env.get(value), _Size):
            return self.env[value].value
        if isinstance(value, (torch.SymInt, torch.SymFloat)):
            return concrete(value, self.bindings, where)
        if isinstance(value, torch.fx.Node):
            vid = self.env.get(value)
            if not isinstance(vid, int):
                raise Unsupported(f"{where} reads {value.name}, which is not a single tensor")
            return compiler.Ref(vid)
        if isinstance(value, (list, tuple)):
            return [None if v is None else self.operand(v, where) for v in value]
        if isinstance(value, torch.dtype):
            return scalar_type(value)
        if isinstance(value, torch.device):
            return value.type
        if isinstance(value, (torch.layout, torch.memory_format)):
            return str(value)
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        raise Unsupported(f"{where} has an argument of type {type(value).__name__}")

    def bound_args(self, node: torch.fx.Node) -> list:
        """(name, value, kwarg_only) in schema order, defaults filled in."""
        target = node.target
        if isinstance(target, torch._ops.OpOverload):
            out, args = [], list(node.args)
            for i, arg in enumerate(target._schema.arguments):
                if i < len(args) and not arg.kwarg_only:
                    value = args[i]
                elif arg.name in node.kwargs:
                    value = node.kwargs[arg.name]
                elif arg.has_default_value():
                    value = arg.default_value
                else:
                    value = None
                out.append((arg.name, value, arg.kwarg_only))
            return out
        positional = [(f"arg{i}", a, False) for i, a in enumerate(node.args)]
        return positional + [(k, v, True) for k, v in node.kwargs.items()]

    def call(self, index: int, node: torch.fx.Node):
        if node.target is operator.getitem:
            source = self.env.get(node.args[0])
            if not isinstance(source, list):
                raise Unsupported(f"{node.name} indexes a value that is not a tuple")
            self.env[node] = source[node.args[1]]
            return
        target = node.target
        val = node.meta.get("val")
        if getattr(target, "__name__", "").split(".")[0] in SIZE_ASSERTS:
            return
        if isinstance(val, (torch.SymInt, torch.SymBool, torch.SymFloat)):
            # Size arithmetic (sym_size, s0 * 12, ...): a number once the call's sizes are known.
            self.env[node] = _Size(concrete(val, self.bindings, node.name))
            return
        name = (
            str(target)
            if isinstance(target, torch._ops.OpOverload)
            else f"python.{getattr(target, '__name__', target)}"
        )
        self.ops_before[name] = self.ops_before.get(name, 0) + 1
        if isinstance(target, torch.fx.GraphModule):  # a host region (host_regions.py): the aten ops it holds
            self.regions[name] = count_ops(target)
        vals = [val] if _is_tensor(val) else list(val) if isinstance(val, (list, tuple)) else None
        if vals is None or not all(v is None or _is_tensor(v) for v in vals):
            raise Unsupported(f"{node.name} ({name}) returns something other than tensors")
        # A None result (a gradient nobody asked for) becomes an empty value that nothing reads.
        vals = [torch.empty(0) if v is None else v for v in vals]
        outputs = [(self.shape(v, node.name), scalar_type(v.dtype)) for v in vals]
        args = [(n, self.operand(v, f"{node.name} ({name})"), kw) for n, v, kw in self.bound_args(node)]
        if target is torch.ops.aten.as_strided.default:
            source = node.args[0].meta.get("val")
            args.append(("self_is_dense", _is_dense(source), True))
            if _is_tensor(source):  # a permuted view of a dense tensor is read in its storage order
                strides = [concrete(d, self.bindings, node.name) for d in source.stride()]
                offset = concrete(source.storage_offset(), self.bindings, node.name)
                args += [("self_strides", strides, True), ("self_storage_offset", offset, True)]
        ids = self.graph.add_node(name, [(n, v) for n, v, _ in args], outputs, index)
        for vid, v in zip(ids, vals, strict=True):
            self.dtypes[vid] = v.dtype
        self.env[node] = ids[0] if _is_tensor(val) else list(ids)
        input_dtypes = [self.dtypes[r.id] for r in _refs([v for _, v, _ in args])]
        template = [(n, self.template(v), kw) for n, v, kw in self.bound_args(node)]
        self.host_calls[index] = HostCall(target, template, input_dtypes, len(ids))

    def template(self, value):
        """The argument as PyTorch takes it, with each tensor a Ref slot the host callback fills."""
        if isinstance(value, torch.fx.Node) and isinstance(self.env[value], _Size):
            return self.env[value].value
        if isinstance(value, (torch.SymInt, torch.SymFloat)):
            return concrete(value, self.bindings, "a host call")
        if isinstance(value, torch.fx.Node):
            return compiler.Ref(self.env[value])
        if isinstance(value, (list, tuple)):
            return [self.template(v) for v in value]
        return value

    def translate(self):
        outputs, tensor_positions, position = [], [], -1
        for index, node in enumerate(self.gm.graph.nodes):
            if node.op == "placeholder":
                position += 1
                val = node.meta.get("val")
                if self.constants:  # inputs are bound as (call arguments, then constants)
                    raise Unsupported(f"input {node.name} follows a get_attr node")
                if isinstance(val, torch.SymInt):  # a size: read from the call, not a graph input
                    self.env[node] = _Size(concrete(val, self.bindings, node.name))
                    continue
                if not _is_tensor(val):
                    raise Unsupported(f"input {node.name} is not a tensor ({type(val).__name__})")
                vid = self.graph.add_input(
                    self.shape(val, node.name), scalar_type(val.dtype), position in self.param_positions
                )
                self.env[node], self.dtypes[vid] = vid, val.dtype
                tensor_positions.append(position)
            elif node.op == "get_attr":
                # A tensor constant lifted into the graph: one more input, bound at every call and cached on
                # the device like a parameter.
                val = getattr(self.gm, node.target)
                if not _is_tensor(val):
                    raise Unsupported(f"{node.name} is a get_attr of a {type(val).__name__}")
                self.env[node] = self.graph.add_input(self.shape(val, node.name), scalar_type(val.dtype), True)
                self.dtypes[self.env[node]] = val.dtype
                self.constants.append(val)
            elif node.op == "call_function":
                self.call(index, node)
            elif node.op == "output":
                outputs, updates = self.outputs(node, tensor_positions)
            else:
                raise Unsupported(f"{node.name} is a {node.op} node")
        results = len(outputs) - 2 * len(updates)
        info = GraphInfo(self.host_calls, outputs, tensor_positions, self.ops_before, self.constants, updates, results)
        info.regions = self.regions
        info.output_names = self.output_names
        return self.graph, info

    def outputs(self, node: torch.fx.Node, tensor_positions: list) -> tuple[list, list]:
        placeholders = [n for n in self.gm.graph.nodes if n.op == "placeholder"]
        results = list(torch.fx.node.map_aggregate(node.args[0], lambda x: x) or ())
        updates, kept = [], []  # kept: (output position, graph input index) of each update
        for position, input_position in sorted(self.updates.items()):
            write = results[position]  # aten.index_copy(input, dim, index, source)
            updates.append((position, input_position, write.args[1], len(results), len(results) + 1))
            results += [write.args[2], write.args[3]]
            kept.append((position, tensor_positions.index(input_position)))
        ids, spec, device = [], [], []
        for position, out in enumerate(results):
            if out is None:
                ids.append(-1)
                spec.append(("none",))
                continue
            if isinstance(out, torch.fx.Node) and isinstance(self.env.get(out), _Size):
                spec.append(("int", self.env[out].value))  # a size the graph returns (saved for backward)
                continue
            if not isinstance(out, torch.fx.Node) or not isinstance(self.env.get(out), int):
                raise Unsupported(f"graph output {out} is not a tensor")
            if (
                position in self.saved
                and out.op != "placeholder"
                and saved_tensors.placeable(self.dtypes[self.env[out]])
            ):
                device.append(len(ids))  # the backward reads it on the device (saved.py)
            ids.append(self.env[out])
            self.output_names.append(out.name)
            spec.append(
                ("input", placeholders.index(out)) if out.op == "placeholder" else ("value", self.dtypes[self.env[out]])
            )
        # An update's output position counts the tensors before it (a size output has no id).
        kept = [(sum(1 for s in spec[:position] if s[0] != "int"), index) for position, index in kept]
        for position, *_ in updates:
            spec[position] = ("update",)
        self.graph.set_outputs(ids, kept, device, self.raw)
        return spec, updates


@dataclasses.dataclass(frozen=True)
class _Size:
    """A size computed in the graph (a SymInt node), known once the call's sizes are bound."""

    value: int


def _refs(values) -> list:
    found = []
    for v in values:
        if isinstance(v, compiler.Ref):
            found.append(v)
        elif isinstance(v, list):
            found.extend(_refs(v))
    return found


def count_ops(gm: torch.fx.GraphModule) -> dict:
    """Call nodes by target name: the ops_before of a graph that could not be translated."""
    counts: dict = {}
    for node in gm.graph.nodes:
        if node.op == "call_function" and node.target is not operator.getitem:
            counts[str(node.target)] = counts.get(str(node.target), 0) + 1
    return counts


def translate(
    gm: torch.fx.GraphModule,
    param_positions=None,
    bindings: dict | None = None,
    graph=None,
    updates=None,
    saved=None,
    raw: bool = False,
):
    """Builds the C++ Graph of an aten FX graph, for one binding of its size symbols when it has any;
    raises Unsupported when the graph cannot be compiled. ``graph``: what the nodes are added to (a
    compiler.Graph, or anything with its add_input/add_node/set_outputs, such as a recorder). ``updates``:
    output position -> input position, for outputs that are ``index_copy`` writes of that input
    (``input_updates``); ``saved``: output positions returned as device tensors (``saved.saved_outputs``), with
    ``raw`` before their last permute where the compiler finds one."""
    graph = compiler.Graph() if graph is None else graph
    translator = _Translator(gm, param_positions, bindings or {}, graph, updates or {}, saved or frozenset(), raw)
    return translator.translate()


def input_updates(gm: torch.fx.GraphModule, metadata) -> dict:
    """Outputs that are the new content of an input written with ``index_copy_`` (transformers' static KV
    cache), from aot_autograd's mutation metadata: output position -> input position. aot_autograd returns
    each mutated input's new value first, and copies it into the input after the call."""
    placeholders = [n for n in gm.graph.nodes if n.op == "placeholder"]
    output = next(n for n in gm.graph.nodes if n.op == "output")
    results = list(torch.fx.node.map_aggregate(output.args[0], lambda x: x) or ())
    if metadata is None or len(metadata.input_info) != len(placeholders):
        return {}
    updates = {}
    for position, index in enumerate(metadata.mutated_inp_runtime_indices):
        info = metadata.input_info[index]
        write = results[position] if position < len(results) else None
        plain = info.mutates_data and not info.mutates_metadata and not info.mutates_storage_metadata
        if (
            plain
            and isinstance(write, torch.fx.Node)
            and write.target is torch.ops.aten.index_copy.default
            and write.args[0] is placeholders[index]
            and isinstance(write.args[1], int)
            and all(isinstance(a, torch.fx.Node) for a in write.args[2:4])
        ):
            updates[position] = index
    return updates


def host_args(call: HostCall, tensors: list):
    """The positional and keyword arguments of a host call with its tensor inputs filled in, in order."""
    feed = iter(tensors)

    def fill(v):
        if isinstance(v, compiler.Ref):
            return next(feed)
        if isinstance(v, list):
            return [None if x is None else fill(x) for x in v]
        return v

    args, kwargs = [], {}
    for name, value, kwarg_only in call.args:
        filled = fill(value)
        if kwarg_only:
            kwargs[name] = filled
        else:
            args.append(filled)
    return args, kwargs
