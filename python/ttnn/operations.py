"""``ttnn.<op>`` functions, one per entry of the C++ op registry.

Nothing here knows any op: each function is made from its registry entry (name, params, doc) and hands
its arguments, as given, to one generic C++ entry point with the entry's index; C++ puts them into the
entry's parameter slots. Adding an op in C++ adds it here.
"""

from __future__ import annotations

import sys
import types

from ttnn import _ttnn


def _signature(entry: dict) -> str:
    parts = [p["name"] if p["required"] else f"{p['name']}={p['default']!r}" for p in entry["params"]]
    return f"{entry['name']}({', '.join(parts)})"


def _make_op(index: int, entry: dict):
    call = _ttnn._call

    # Arguments go to C++ as given: it puts them into the entry's parameter slots and raises the typed errors
    # (too many, twice, unexpected name), so the Python side of a call is this one line.
    def op(*args, **kwargs):
        return call(index, args, kwargs)

    name = entry["name"]
    op.__name__ = name.rsplit(".", 1)[-1]
    op.__qualname__ = op.__name__
    op.__doc__ = f"{_signature(entry)}\n\n{entry['doc']}"
    op.registry_entry = entry
    return op


def _install(namespace: dict, module_name: str) -> list[str]:
    """Defines every registry op in ``namespace``; dotted names go into submodules (ttnn.transformer)."""
    names = []
    for index, entry in enumerate(_ttnn.op_registry()):
        *parents, leaf = entry["name"].split(".")
        target = namespace
        qualified = module_name
        for parent in parents:
            qualified = f"{qualified}.{parent}"
            if parent not in target:
                target[parent] = sys.modules.setdefault(qualified, types.ModuleType(qualified))
            target = vars(target[parent])
        target[leaf] = _make_op(index, entry)
        if not parents:
            names.append(leaf)
    return names


def registry() -> list[dict]:
    """The op registry: one dict per op (name, family, golden, doc, params, dtypes, layouts, num_outputs)."""
    return _ttnn.op_registry()
