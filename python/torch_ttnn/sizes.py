"""Symbolic sizes of dynamo's dynamic-shape graphs, made concrete for one call.

A size in such a graph is a sympy expression over size symbols (``s0``, ``s0 + 1``); each symbol is read
from one call argument (a SymInt input, or a dim of a tensor input). ``bind_sizes`` gives the symbols'
values in a call, and a size becomes a ``SizeInt``: its number in that call, keeping its expression so that
a recorded translation can be replayed for other sizes (``torch_ttnn.dynamic``).
"""

from __future__ import annotations

import sympy
import torch


class Unsupported(Exception):
    """The graph cannot be compiled; the message names the reason (shown in the eager-fallback warning)."""


# Nodes of a dynamic-shape graph that only check sizes (dynamo's guards on symbols): nothing to run.
SIZE_ASSERTS = {"_assert_scalar", "sym_constrain_range_for_size", "_assert_async", "sym_constrain_range"}


class SizeInt(int):
    """A symbolic size as the number it has in one call, keeping its expression: a translation recorded for
    one set of sizes is replayed for another by evaluating these (``torch_ttnn.dynamic``)."""

    expr: sympy.Expr

    def __new__(cls, value: int, expr: sympy.Expr):
        size = int.__new__(cls, value)
        size.expr = expr
        return size


def evaluate(expr: sympy.Expr, bindings: dict, where: str) -> int:
    """The number a size expression has under ``bindings`` (size symbol -> int)."""
    value = sympy.sympify(expr.xreplace(bindings) if bindings else expr)
    if not value.is_number:
        raise Unsupported(f"{where} has a size {expr} that the call's sizes do not determine")
    return int(value)


def concrete(size, bindings: dict, where: str) -> int:
    """A size as the number it has under ``bindings``; a symbolic one as a SizeInt."""
    if isinstance(size, (int, bool)):
        return int(size)
    expr = sympy.sympify(size.node.expr)
    return SizeInt(evaluate(expr, bindings, where), expr)


def is_dynamic(gm: torch.fx.GraphModule) -> bool:
    """Whether the graph has symbolic sizes (a SymInt input or a tensor input with a symbolic dim)."""
    for node in gm.graph.nodes:
        if node.op != "placeholder":
            continue
        val = node.meta.get("val")
        if isinstance(val, torch.SymInt) or (
            isinstance(val, torch.Tensor) and not all(isinstance(d, int) for d in val.shape)
        ):
            return True
    return False


def size_symbols(gm: torch.fx.GraphModule) -> list:
    """How to read each size symbol from a call's arguments: (symbol, argument position, dim or None)."""
    found, seen = [], set()
    placeholders = [n for n in gm.graph.nodes if n.op == "placeholder"]
    for position, node in enumerate(placeholders):
        val = node.meta.get("val")
        sizes = [(val, None)] if isinstance(val, torch.SymInt) else []
        if isinstance(val, torch.Tensor):
            sizes = [(d, dim) for dim, d in enumerate(val.shape)]
        for size, dim in sizes:
            if isinstance(size, torch.SymInt) and size.node.expr.is_Symbol and size.node.expr not in seen:
                seen.add(size.node.expr)
                found.append((size.node.expr, position, dim))
    return found


def bind_sizes(symbols: list, args: list) -> dict:
    """The value of every size symbol in this call (``size_symbols`` says where each one is read)."""
    return {sym: int(args[pos] if dim is None else args[pos].shape[dim]) for sym, pos, dim in symbols}
