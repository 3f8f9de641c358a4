"""Graphs with symbolic sizes (dynamo's dynamic shapes): one compiled program per set of call sizes.

dynamo marks a size dynamic once it has seen it change (a second sequence length, a KV cache that grows),
and from then on hands over one graph for every value of it. The C++ IR holds concrete shapes, so such a
graph is compiled for the sizes of each call (``frontend.translate`` with the call's size bindings) and the
programs are kept in a bounded LRU cache keyed by those sizes: a serving workload that cycles through a
few lengths compiles each once, and nothing runs in eager PyTorch because a size is symbolic. Each
specialisation is a graph of its own in ``option.metrics()``, named ``<graph>[s0=8]`` with its ``sizes``.
"""

from __future__ import annotations

import collections
import dataclasses
import warnings

import torch
from functorch.compile import make_boxed_func

from torch_ttnn import frontend, saved, sizes

compiler = frontend.compiler


class Recording:
    """The translation of a graph for its first sizes, with every symbolic size a SizeInt: the C++ Graph it
    built and the calls whose arguments hold a size. Another set of sizes copies that Graph in C++ and redoes
    only those calls with each SizeInt evaluated, instead of walking the FX graph again (the walk costs more
    than the C++ compile of a decoder step) or repeating every call (most nodes hold no size)."""

    def __init__(self):
        self.graph = compiler.Graph()
        self.nodes = 0
        self.sized: list = []  # (method, args, node index or input value id) of the calls holding a SizeInt
        self._plan: tuple | None = None  # how replay rebuilds the sized calls, made on the first replay

    def add_input(self, *args):
        value = self.graph.add_input(*args)
        if _holds_size(args):
            self.sized.append(("add_input", args, value))
        return value

    def add_node(self, *args):
        if _holds_size(args):
            self.sized.append(("add_node", args, self.nodes))
        self.nodes += 1
        return self.graph.add_node(*args)

    def set_outputs(self, *args):
        return self.graph.set_outputs(*args)  # value ids only: the same for every set of sizes

    def replay(self, info: frontend.GraphInfo, bindings: dict):
        """The graph and GraphInfo of the recorded translation for ``bindings``."""
        if self._plan is None:
            self._plan = self._replay_plan(info)
        evaluators, sized, hosts, outputs = self._plan
        values = [evaluate(bindings) for evaluate in evaluators]  # each distinct size expression once
        graph = self.graph.copy()
        for method, args, where in sized:
            if method == "add_input":
                graph.set_input_shape(where, args(values)[0])
            else:
                graph.replace_node(where, *args(values))
        host_calls = dict(info.host_calls)
        for index, call, args in hosts:
            host_calls[index] = frontend.HostCall(call.target, args(values), call.input_dtypes, call.num_outputs)
        replayed_outputs = outputs(values) if outputs else info.outputs
        return graph, dataclasses.replace(info, host_calls=host_calls, outputs=replayed_outputs)

    def _replay_plan(self, info: frontend.GraphInfo) -> tuple:
        """The evaluators of the distinct size expressions, and each sized call with a builder of its arguments
        from their values that redoes only the parts holding a SizeInt (most of a call's arguments hold none),
        likewise the host calls holding one and the outputs when they do."""
        slots: dict = {}  # size expression -> its index in the evaluators
        sized = [(method, _resolver(args, slots), where) for method, args, where in self.sized]
        hosts = [
            (index, call, _resolver(call.args, slots))
            for index, call in info.host_calls.items()
            if _holds_size(call.args)
        ]
        outputs = _resolver(info.outputs, slots)
        return [_evaluator(expr) for expr in slots], sized, hosts, outputs


def _resolver(x, slots: dict):
    """A function of the size values (a list, indexed as ``slots`` numbers the expressions) rebuilding ``x``
    with every SizeInt evaluated; None when ``x`` holds none (it is kept as it is)."""
    if isinstance(x, sizes.SizeInt):
        slot = slots.setdefault(x.expr, len(slots))
        return lambda values: values[slot]
    if not isinstance(x, (list, tuple)):
        return None
    parts = [_resolver(v, slots) for v in x]
    if not any(parts):
        return None
    kind, items = type(x), list(x)
    return lambda values: kind([v if part is None else part(values) for part, v in zip(parts, items, strict=True)])


def _evaluator(expr):
    """How to evaluate a size expression under bindings: a sum of integer multiples of symbols (what a KV
    cache's length gives, ``s0 + 1``) directly, anything else through sympy."""

    def general(bindings: dict) -> int:
        return sizes.evaluate(expr, bindings, "a replayed graph")

    terms = [(term, coefficient) for term, coefficient in expr.as_coefficients_dict().items()]
    if not all((term == 1 or term.is_Symbol) and coefficient.is_Integer for term, coefficient in terms):
        return general
    constant = sum(int(c) for t, c in terms if t == 1)
    linear = [(t, int(c)) for t, c in terms if t != 1]

    def direct(bindings: dict) -> int:
        try:
            return constant + sum(c * bindings[t] for t, c in linear)
        except KeyError:  # a symbol the call does not bind: sympy says which
            return general(bindings)

    return direct


def _holds_size(x) -> bool:
    if isinstance(x, sizes.SizeInt):
        return True
    return isinstance(x, (list, tuple)) and any(_holds_size(v) for v in x)


class SizeSpecializer:
    """Runs one dynamic-shape graph: compiles it for each new set of sizes, reuses the programs it kept."""

    def __init__(self, option, name: str, gm: torch.fx.GraphModule, params: set, compile_record):
        self.option, self.name, self.gm, self.params = option, name, gm, params
        self.compile_record = compile_record  # _RecordCompiler: translates and compiles into a GraphRecord
        self.symbols = frontend.size_symbols(gm)
        self.recording: tuple | None = None  # (Recording, GraphInfo) of the first translation
        self.programs: collections.OrderedDict = collections.OrderedDict()
        self.eager = make_boxed_func(gm)  # its arguments materialized: a backward may get placeholders (saved.py)

    def __call__(self, args: list) -> list:
        bindings = frontend.bind_sizes(self.symbols, args)
        key = tuple(bindings.values())
        record = self.programs.get(key)
        if record is None:
            record = self.specialize(bindings, key)
        else:
            self.programs.move_to_end(key)
        if record.compiled is None:  # this binding could not be compiled: eager, as the warning said
            return self.eager(saved.materialized(saved.raw_args(args, self.compile_record.raw_inputs)))
        return record(args, self.params)

    def specialize(self, bindings: dict, key: tuple):
        sizes = {str(sym): value for sym, value in bindings.items()}
        # Symbols often share a value (one sequence length seen by many tensors): one name per value.
        first = {value: sym for sym, value in reversed(sizes.items())}
        name = f"{self.name}[{','.join(f'{sym}={value}' for value, sym in first.items())}]"
        try:
            record = self.compile_record.compile(name, lambda: self.translate(bindings))
        except frontend.Unsupported as error:
            if self.option.fallback == "error":
                raise RuntimeError(f"torch_ttnn: cannot compile {name}: {error} (fallback='error')") from error
            warnings.warn(f"torch_ttnn: {name} runs in eager PyTorch: {error}", stacklevel=3)
            record = self.compile_record.eager_record(name, str(error), frontend.count_ops(self.gm))
        record.sizes = sizes
        record.dynamic_graph = self.name
        self.programs[key] = record
        if len(self.programs) > self.option.size_cache:
            _, oldest = self.programs.popitem(last=False)
            oldest.retire()
        return record

    def translate(self, bindings: dict):
        if self.recording is None:
            recording = Recording()
            _, info = frontend.translate(
                self.gm, self.params, bindings, recording, self.compile_record.updates, self.compile_record.saved
            )  # raw stays False: a dynamic forward cannot tell its backward in time
            self.recording = (recording, info)
            return recording.graph, info
        recording, info = self.recording
        return recording.replay(info, bindings)
