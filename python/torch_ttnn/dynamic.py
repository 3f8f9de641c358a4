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

from torch_ttnn import frontend, sizes

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
        self._sized_hosts: list | None = None  # host calls whose arguments hold a SizeInt, found on first replay

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
        values: dict = {}

        def size(x: sizes.SizeInt) -> int:
            if x.expr not in values:
                values[x.expr] = sizes.evaluate(x.expr, bindings, "a replayed graph")
            return values[x.expr]

        def resolve(x):
            if isinstance(x, sizes.SizeInt):
                return size(x)
            if isinstance(x, (list, tuple)):
                return type(x)(resolve(v) for v in x)
            return x

        graph = self.graph.copy()
        for method, args, where in self.sized:
            if method == "add_input":
                graph.set_input_shape(where, resolve(args[0]))
            else:
                graph.replace_node(where, *resolve(args))
        host_calls = dict(info.host_calls)
        for index in self._sized_host_calls(info):
            call = info.host_calls[index]
            host_calls[index] = frontend.HostCall(call.target, resolve(call.args), call.input_dtypes, call.num_outputs)
        replayed = dataclasses.replace(info, host_calls=host_calls, outputs=resolve(info.outputs))
        return graph, replayed

    def _sized_host_calls(self, info: frontend.GraphInfo) -> list:
        if self._sized_hosts is None:
            self._sized_hosts = [index for index, call in info.host_calls.items() if _holds_size(call.args)]
        return self._sized_hosts


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
        self.eager = make_boxed_func(gm)

    def __call__(self, args: list) -> list:
        bindings = frontend.bind_sizes(self.symbols, args)
        key = tuple(bindings.values())
        record = self.programs.get(key)
        if record is None:
            record = self.specialize(bindings, key)
        else:
            self.programs.move_to_end(key)
        if record.compiled is None:  # this binding could not be compiled: eager, as the warning said
            return self.eager(args)
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
            _, info = frontend.translate(self.gm, self.params, bindings, recording, self.compile_record.updates)
            self.recording = (recording, info)
            return recording.graph, info
        recording, info = self.recording
        return recording.replay(info, bindings)
