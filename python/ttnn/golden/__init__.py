"""Golden references: for each registry op, the PyTorch function that defines what it must compute.

A registry entry names its golden (``golden`` field); this package resolves the name. Goldens take and
return torch tensors in float32 (or the integer dtype of the op) and compute what the op computes on the
*stored* inputs, i.e. after the inputs were rounded to the tensor's dtype; the test then rounds the golden
as TT rounds the op's output. One module per op family registers into one table.

How to add one: in ``golden/<family>.py`` decorate a function with ``@golden("<name>")``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

_GOLDEN: dict[str, Callable] = {}


def golden(name: str):
    def register(fn: Callable) -> Callable:
        if name in _GOLDEN:
            raise ValueError(f"golden: '{name}' is registered twice")
        _GOLDEN[name] = fn
        return fn

    return register


@functools.cache
def _load_families() -> None:
    """Imports every family module once (importing one module directly, as a test may, loads only that one)."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def get_golden_function(name: str) -> Callable:
    """The golden function registered under ``name`` (an op's ``golden`` field), called with the op's declared
    defaults for the parameters a call leaves out (goldens declare none of their own)."""
    _load_families()
    if name not in _GOLDEN:
        raise KeyError(f"golden: no golden function named '{name}'; add it under python/ttnn/golden/")
    return _with_defaults(_GOLDEN[name], name)


@functools.cache
def _params_of(name: str) -> tuple:
    from ttnn import _ttnn

    return tuple(next((e["params"] for e in _ttnn.op_registry() if e["golden"] == name), []))


def _with_defaults(fn: Callable, name: str) -> Callable:
    params = _params_of(name)
    defaults = {p["name"]: p["default"] for p in params if p["default"] is not None}
    if not defaults:
        return fn
    names = [p["name"] for p in params]

    @functools.wraps(fn)
    def call(*args, **kwargs):
        given = set(names[: len(args)]) | kwargs.keys()
        return fn(*args, **{k: v for k, v in defaults.items() if k not in given}, **kwargs)

    return call


def names() -> list[str]:
    _load_families()
    return sorted(_GOLDEN)
