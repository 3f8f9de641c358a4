"""``ttnn.<op>`` functions, one per entry of the C++ op registry.

Nothing here knows any op: each function is made from its registry entry (name, params, doc), maps
positional and keyword arguments onto the entry's parameter names, and calls the C++ op through one
generic entry point. Adding an op in C++ adds it here.
"""

from __future__ import annotations

import sys
import types

from ttnn import _ttnn


def _signature(entry: dict) -> str:
    parts = [p["name"] if p["required"] else f"{p['name']}=None" for p in entry["params"]]
    return f"{entry['name']}({', '.join(parts)})"


def _make_op(entry: dict):
    name = entry["name"]
    param_names = [p["name"] for p in entry["params"]]
    single_output = entry["num_outputs"] == 1

    def op(*args, **kwargs):
        if not kwargs and len(args) <= len(param_names):
            # The common call passes only positional arguments: one dict built in C skips the loop below.
            kwargs = dict(zip(param_names, args, strict=False))
        else:
            if len(args) > len(param_names):
                raise TypeError(f"ttnn.{name}: takes at most {len(param_names)} positional arguments; got {len(args)}")
            for param, value in zip(param_names, args, strict=False):
                if param in kwargs:
                    raise TypeError(f"ttnn.{name}: got argument '{param}' twice")
                kwargs[param] = value
        outputs = _ttnn._invoke(name, kwargs)
        return outputs[0] if single_output else tuple(outputs) if entry["num_outputs"] > 0 else list(outputs)

    op.__name__ = name.rsplit(".", 1)[-1]
    op.__qualname__ = op.__name__
    op.__doc__ = f"{_signature(entry)}\n\n{entry['doc']}"
    op.registry_entry = entry
    return op


def _install(namespace: dict, module_name: str) -> list[str]:
    """Defines every registry op in ``namespace``; dotted names go into submodules (ttnn.transformer)."""
    names = []
    for entry in _ttnn.op_registry():
        *parents, leaf = entry["name"].split(".")
        target = namespace
        qualified = module_name
        for parent in parents:
            qualified = f"{qualified}.{parent}"
            if parent not in target:
                target[parent] = sys.modules.setdefault(qualified, types.ModuleType(qualified))
            target = vars(target[parent])
        target[leaf] = _make_op(entry)
        if not parents:
            names.append(leaf)
    return names


def registry() -> list[dict]:
    """The op registry: one dict per op (name, family, golden, doc, params, dtypes, layouts, num_outputs)."""
    return _ttnn.op_registry()
