"""Sample inputs for the table-driven op test (tests/ttnn/test_op_registry.py).

One module per op family (``op_samples/<family>.py``) defines:
- ``SAMPLES``: op name -> list of ``Sample`` (torch inputs; float tensors are stored in each tested dtype),
- ``ERRORS``: op name -> list of ``ErrorSample`` (bad input, the exception type and a message fragment),
- optionally ``TOLERANCES``: op name -> ``Tolerance`` overriding the dtype defaults.

How to add a case: append a Sample to the op's list. Give odd sizes (1, 7, 33, 45x65), broadcasting,
scalars, an empty tensor and one large case; name it so a failing test id says which one it is.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any


class _DeviceMarker:
    def __repr__(self) -> str:
        return "DEVICE"


# Stands for the test's device in a sample's args (creation ops take `device=`); the harness substitutes it.
DEVICE = _DeviceMarker()


@dataclass
class Sharded:
    """A tensor argument that goes to the device HEIGHT_SHARDED over the first `cores` L1 cores of row 0."""

    tensor: Any
    cores: int = 4


@dataclass
class Sample:
    name: str
    args: tuple
    kwargs: dict[str, Any] = field(default_factory=dict)
    dtypes: tuple | None = None  # ttnn dtypes for the float tensor inputs; default: bf16 and fp32 when supported
    layouts: tuple | None = None  # default: every layout the op supports
    # Keyword arguments for the golden only (e.g. the torch form of a ttnn-specific argument).
    golden_kwargs: dict[str, Any] | None = None
    # ttnn dtype for integer torch inputs (indices, masks); default int32.
    int_dtype: Any = None


@dataclass
class ErrorSample:
    name: str
    args: tuple
    kwargs: dict[str, Any]
    exception: type[Exception]
    match: str  # a regular expression the message must contain


@dataclass
class Tolerance:
    rtol: float
    atol: float
    pcc: float = 0.999


def load() -> tuple[dict[str, list[Sample]], dict[str, list[ErrorSample]], dict[str, Tolerance]]:
    samples: dict[str, list[Sample]] = {}
    errors: dict[str, list[ErrorSample]] = {}
    tolerances: dict[str, Tolerance] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for table, target in ((getattr(module, "SAMPLES", {}), samples), (getattr(module, "ERRORS", {}), errors)):
            for op, cases in table.items():
                target.setdefault(op, []).extend(cases)
        tolerances.update(getattr(module, "TOLERANCES", {}))
    return samples, errors, tolerances
