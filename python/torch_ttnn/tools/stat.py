"""The ``torch_stat`` backend: the model runs in eager PyTorch, and every aten graph dynamo and aot_autograd
capture (forward, and backward when gradients flow) is recorded node by node first.

Each node's record is the seed's op info: ``{"op_type": "aten.add.Tensor", "inputs": [{"shape", "dtype"}],
"outputs": [...]}``, read from the FX meta of the captured graph, so nothing runs twice.

>>> import torch
>>> stat = StatBackend()
>>> f = torch.compile(lambda x: (x * 2).sum(), backend=stat)
>>> float(f(torch.ones(3)))
6.0
>>> [n["op_type"] for n in stat.graphs[0]["nodes"]]
['aten.mul.Tensor', 'aten.sum.default']
"""

from __future__ import annotations

import functools
from collections import Counter


def tensor_info(value) -> dict | None:
    """Shape, dtype and bytes of a tensor (or of FX meta's fake tensor); None for anything else."""
    import torch

    if not isinstance(value, torch.Tensor):
        return None
    shape = [int(d) if isinstance(d, int) else str(d) for d in value.shape]
    numel = value.numel() if all(isinstance(d, int) for d in shape) else 0
    return {"shape": shape, "dtype": str(value.dtype), "bytes": int(numel) * value.element_size()}


def _flat(value) -> list:
    if isinstance(value, (list, tuple)):
        return [item for v in value for item in _flat(v)]
    return [value]


def node_record(node) -> dict:
    """The op info of one call node of an aten FX graph."""
    import torch

    inputs = []
    for arg in _flat(list(node.args) + list(node.kwargs.values())):
        if isinstance(arg, torch.fx.Node) and (info := tensor_info(arg.meta.get("val"))):
            inputs.append(info)
    outputs = [info for v in _flat(node.meta.get("val")) if (info := tensor_info(v))]
    return {"op_type": str(node.target), "inputs": inputs, "outputs": outputs}


def graph_records(gm) -> list[dict]:
    """One record per aten call node, in graph order (tuple indexing is not an op)."""
    import operator

    return [node_record(n) for n in gm.graph.nodes if n.op == "call_function" and n.target is not operator.getitem]


class StatBackend:
    """A torch.compile backend that records each aten graph, then runs it unchanged in PyTorch."""

    def __init__(self):
        self.graphs: list[dict] = []  # {"graph": "fw_0" | "bw_1", "kind": "fw" | "bw", "nodes": [...]}

    def _record(self, kind: str, gm, example_inputs):
        from functorch.compile import make_boxed_func

        self.graphs.append({"graph": f"{kind}_{len(self.graphs)}", "kind": kind, "nodes": graph_records(gm)})
        return make_boxed_func(gm)

    def __call__(self, gm, example_inputs, **_options):
        from torch._dynamo.backends.common import aot_autograd

        forward = functools.partial(self._record, "fw")
        return aot_autograd(
            fw_compiler=forward, bw_compiler=functools.partial(self._record, "bw"), inference_compiler=forward
        )(gm, example_inputs)

    def census(self, kind: str | None = None) -> dict[str, int]:
        """aten op -> count over the recorded graphs (of one kind, or all)."""
        counts = Counter(n["op_type"] for g in self.graphs if kind in (None, g["kind"]) for n in g["nodes"])
        return dict(sorted(counts.items()))
