"""Op benchmark cases, one module per op family: ``benchmarks/op_cases/<family>.py``.

Format (what a family module defines, e.g. ``op_cases/conv.py``)::

    from benchmarks.op_cases import OpCase, Setup, on_device

    def _setup_linear(device, dtype):          # -> Setup
        x = torch.randn(128, 768)
        tt_x = on_device(x, dtype, device)     # TILE layout on `device`
        return Setup(
            ttnn=lambda: ttnn.linear(tt_x, ...),     # the call timed on the CPU TT-NN device
            torch=lambda: F.linear(x, ...),          # torch eager on the same (fp32) inputs
            free=[tt_x, ...],                        # device tensors to deallocate afterwards
        )

    CASES = [OpCase("linear", "bert-base 128x768x768", _setup_linear, flops=2 * 128 * 768 * 768,
                    bytes=..., quick=True)]

- ``op``/``shape``: the table's first two columns; ``flops`` (0 if not meaningful) gives GFLOP/s and ``bytes``
  (moved at least once: inputs + output in the ttnn dtype) gives GB/s.
- ``quick=True`` puts the case in ``bench_ops.py --quick``.
- ``setup(device, dtype)`` is called once per dtype (ttnn.bfloat16, ttnn.float32); put constant weights on the
  device and prepare them there (``ttnn.prepare_linear_weight``) as the compiler does, so the timed call is
  the steady-state op. The torch callable always runs fp32 eager (and is compiled with inductor on request).
- ``outputs`` (optional) per Setup: run both callables once and compare them (PCC) to catch a broken case.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Setup:
    ttnn: Callable[[], Any]
    torch: Callable[[], Any]
    free: list = field(default_factory=list)


@dataclass
class OpCase:
    op: str
    shape: str
    setup: Callable[[Any, Any], Setup]
    flops: int = 0
    bytes: int = 0
    quick: bool = False


def on_device(tensor, dtype, device, layout=None):
    import ttnn

    return ttnn.from_torch(tensor, dtype=dtype, layout=layout or ttnn.TILE_LAYOUT, device=device)


def load() -> list[OpCase]:
    cases: list[OpCase] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        cases.extend(importlib.import_module(f"{__name__}.{info.name}").CASES)
    return cases
