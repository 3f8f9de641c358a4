"""Host regions: the parts of a graph whose values the device cannot hold (complex numbers, as FNet's
``fft_fftn(...).real`` makes) become one host call each.

A host op's results cross into the compiled program as ttnn host tensors, and no ttnn tensor holds a complex
value. So every node that produces or reads such a value is gathered, with its neighbours along those values,
into one region; the region is replaced by a single call of a small GraphModule that takes and returns only
values the device can hold. The program then calls it on the host like any other op without a lowering rule.
"""

from __future__ import annotations

import operator

import torch
import torch.fx

from torch_ttnn.frontend import Unsupported, scalar_type


def _unholdable(value) -> bool:
    return isinstance(value, torch.Tensor) and scalar_type(value.dtype) == scalar_type(torch.complex64)


def _vals(node: torch.fx.Node) -> list:
    val = node.meta.get("val")
    return list(val) if isinstance(val, (list, tuple)) else [val]


def _makes_unholdable(node: torch.fx.Node) -> bool:
    return node.op == "call_function" and any(_unholdable(v) for v in _vals(node))


def _regions(gm: torch.fx.GraphModule) -> list[list[torch.fx.Node]]:
    """Connected groups of call nodes joined by unholdable values, each in graph order."""
    order = {node: i for i, node in enumerate(gm.graph.nodes)}
    parent: dict = {}

    def find(node):
        while parent[node] is not node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for node in gm.graph.nodes:
        if _makes_unholdable(node):
            parent.setdefault(node, node)
            for user in node.users:
                if user.op != "call_function":
                    raise Unsupported(
                        f"{node.name} ({node.target}) is a graph output of a dtype the device cannot hold"
                    )
                parent.setdefault(user, user)
                parent[find(user)] = find(node)
    groups: dict = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    return [sorted(group, key=order.__getitem__) for group in groups.values()]


def _extract(gm: torch.fx.GraphModule, region: list[torch.fx.Node], number: int) -> None:
    inside = set(region)
    inputs = list(dict.fromkeys(a for n in region for a in n.all_input_nodes if a not in inside))
    outputs = [n for n in region if any(u not in inside for u in n.users)]
    if any(_unholdable(v) for n in outputs for v in _vals(n)):
        raise Unsupported(f"host region {number} returns a value of a dtype the device cannot hold")
    sub = torch.fx.Graph()
    env = {node: sub.placeholder(f"in{i}") for i, node in enumerate(inputs)}
    for node in region:
        env[node] = sub.node_copy(node, env.__getitem__)
    sub.output(tuple(env[n] for n in outputs))
    module = torch.fx.GraphModule(gm, sub, class_name=f"host_region_{number}")
    module.__name__ = f"host_region_{number}"
    users = [u for n in outputs for u in n.users if u not in inside]
    order = {node: i for i, node in enumerate(gm.graph.nodes)}
    first_user = min(users, key=order.__getitem__)
    if inputs and max(order[n] for n in inputs) > order[first_user]:
        raise Unsupported(f"host region {number} reads a value computed from its own result")
    with gm.graph.inserting_before(first_user):
        call = gm.graph.call_function(module, tuple(inputs))
        call.meta["val"] = tuple(n.meta.get("val") for n in outputs)
        for i, node in enumerate(outputs):
            item = gm.graph.call_function(operator.getitem, (call, i))
            item.meta["val"] = node.meta.get("val")
            node.replace_all_uses_with(item, delete_user_cb=lambda user: user not in inside)
    for node in reversed(region):
        gm.graph.erase_node(node)


def fuse_host_regions(gm: torch.fx.GraphModule) -> torch.fx.GraphModule:
    """A copy of ``gm`` with each region of unholdable values replaced by one host call (``gm`` itself when it
    has none); raises Unsupported when a region cannot be cut out (an unholdable graph input or output)."""
    for node in gm.graph.nodes:
        if node.op in ("placeholder", "get_attr") and _unholdable(node.meta.get("val")):
            raise Unsupported(f"input {node.name} has a dtype the device cannot hold")
    if not any(_makes_unholdable(n) for n in gm.graph.nodes):
        return gm
    copy = torch.fx.GraphModule(gm, _copied_graph(gm))
    for number, region in enumerate(_regions(copy)):
        _extract(copy, region, number)
    copy.graph.lint()
    copy.recompile()
    return copy


def _copied_graph(gm: torch.fx.GraphModule) -> torch.fx.Graph:
    graph = torch.fx.Graph()
    output = graph.graph_copy(gm.graph, {})
    graph.output(output)
    return graph
