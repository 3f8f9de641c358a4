"""Golden references: for each registry op, the PyTorch function that defines what it must compute.

A registry entry names its golden (``golden`` field); this package resolves the name. Goldens take and
return torch tensors in float32 (or the integer dtype of the op) and compute what the op computes on the
*stored* inputs, i.e. after the inputs were rounded to the tensor's dtype; the test then rounds the golden
as TT rounds the op's output. One module per op family registers into one table.

How to add one: in ``golden/<family>.py`` decorate a function with ``@golden("<name>")``.
"""

from __future__ import annotations

from collections.abc import Callable

_GOLDEN: dict[str, Callable] = {}


def golden(name: str):
    def register(fn: Callable) -> Callable:
        if name in _GOLDEN:
            raise ValueError(f"golden: '{name}' is registered twice")
        _GOLDEN[name] = fn
        return fn

    return register


def _load_families() -> None:
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def get_golden_function(name: str) -> Callable:
    """The golden function registered under ``name`` (an op's ``golden`` field)."""
    if not _GOLDEN:
        _load_families()
    if name not in _GOLDEN:
        raise KeyError(f"golden: no golden function named '{name}'; add it under python/ttnn/golden/")
    return _GOLDEN[name]


def names() -> list[str]:
    if not _GOLDEN:
        _load_families()
    return sorted(_GOLDEN)
