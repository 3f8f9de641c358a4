"""``TorchTtnnOption``: every knob of the compiler in one place, each with a default and an env override.

>>> import ttnn, torch_ttnn
>>> option = torch_ttnn.TorchTtnnOption(device=None)
>>> option.dtype == ttnn.bfloat16, option.fallback, option.metrics()
(True, 'allow', [])
"""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any

import ttnn


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value not in ("", "0", "false", "False")


def _env_str(name: str, default: str | None) -> str | None:
    return os.environ.get(name, default)


@dataclasses.dataclass
class TorchTtnnOption:
    """Options of ``torch.compile(model, backend=torch_ttnn.backend, options=option)``."""

    # The ttnn device the compiled graphs run on (ttnn.open_device(device_id=0)).
    device: Any = None
    # Folder to write the metrics of every compiled graph to, as metrics.json (TORCH_TTNN_METRICS_PATH).
    metrics_path: str | None = dataclasses.field(default_factory=lambda: _env_str("TORCH_TTNN_METRICS_PATH", None))
    # Write a Graphviz .dot file of each graph before and after every pass (TORCH_TTNN_GRAPHVIZ=1).
    gen_graphviz: bool = dataclasses.field(default_factory=lambda: _env_flag("TORCH_TTNN_GRAPHVIZ"))
    # Print each graph after every pass and the emitted program (TORCH_TTNN_VERBOSE=1).
    verbose: bool = dataclasses.field(default_factory=lambda: _env_flag("TORCH_TTNN_VERBOSE"))
    # Run the captured aten graph unchanged in PyTorch, skipping the compiler (TORCH_TTNN_BYPASS=1).
    bypass_compile: bool = dataclasses.field(default_factory=lambda: _env_flag("TORCH_TTNN_BYPASS"))
    # Device dtype: ttnn.bfloat16 (default), ttnn.float32 (exact runs) or ttnn.bfloat8_b (matmul weights in
    # bfloat8_b, everything else in bfloat16) (TORCH_TTNN_DTYPE=bfloat16|float32|bfloat8_b).
    dtype: Any = dataclasses.field(
        default_factory=lambda: ttnn.DataType.__members__[_env_str("TORCH_TTNN_DTYPE", "bfloat16").upper()]
    )
    # Math fidelity of matmul-like ops (ttnn.MathFidelity.LoFi .. HiFi4) (TORCH_TTNN_MATH_FIDELITY=HiFi2).
    math_fidelity: Any = dataclasses.field(
        default_factory=lambda: ttnn.MathFidelity.__members__[_env_str("TORCH_TTNN_MATH_FIDELITY", "HiFi4")]
    )
    # "allow": ops without a lowering run on the host in PyTorch; "error": raise naming the first such op
    # (TORCH_TTNN_FALLBACK).
    fallback: str = dataclasses.field(default_factory=lambda: _env_str("TORCH_TTNN_FALLBACK", "allow"))
    # Time every instruction of every compiled call; read with option.profile_rows() (TORCH_TTNN_PROFILE=1).
    profile: bool = dataclasses.field(default_factory=lambda: _env_flag("TORCH_TTNN_PROFILE"))
    # Programs kept per dynamic-shape graph, one per set of call sizes, least recently used dropped first
    # (TORCH_TTNN_SIZE_CACHE).
    size_cache: int = dataclasses.field(default_factory=lambda: int(_env_str("TORCH_TTNN_SIZE_CACHE", "32")))
    # Run the IR verifier after every pass (CI sets TORCH_TTNN_VERIFY=1).
    verify: bool = dataclasses.field(default_factory=lambda: _env_flag("TORCH_TTNN_VERIFY"))
    # The op computing a float32 graph output writes float32 under dtype=bfloat16 (docs/compiler.md, float32
    # outputs); off, it rounds to the device dtype as any other op (TORCH_TTNN_FLOAT32_OUTPUTS=0).
    float32_outputs: bool = dataclasses.field(
        default_factory=lambda: _env_str("TORCH_TTNN_FLOAT32_OUTPUTS", "1") != "0"
    )

    def __post_init__(self):
        if self.fallback not in ("allow", "error"):
            raise ValueError(f'TorchTtnnOption: fallback must be "allow" or "error"; got {self.fallback!r}')
        allowed = (ttnn.bfloat16, ttnn.float32, ttnn.bfloat8_b)
        if self.dtype not in allowed:
            raise ValueError(f"TorchTtnnOption: dtype must be ttnn.bfloat16, float32 or bfloat8_b; got {self.dtype}")
        if self.size_cache < 1:
            raise ValueError(f"TorchTtnnOption: size_cache must be at least 1; got {self.size_cache}")
        self._records: list = []
        self._cache = None

    # dynamo keeps the options object; it is compared by identity, not by its fields.
    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other

    def __bool__(self):
        return True

    @property
    def compute_dtype(self):
        return ttnn.bfloat16 if self.dtype == ttnn.bfloat8_b else self.dtype

    @property
    def weight_dtype(self):
        return self.dtype

    def param_cache(self):
        """Device copies of parameters and buffers, shared by every graph compiled with this option."""
        if self._cache is None:
            self._cache = ttnn._ttnn.compiler.ParamCache()
        return self._cache

    def metrics(self) -> list[dict]:
        """One dict per compiled graph: graph, ops_before, ops_remaining, transfers_per_call, fusions,
        peak_device_bytes (and more detail: ttnn_ops, host_variations, runtime counters)."""
        return [record.metrics() for record in self._records]

    def profile_rows(self) -> list[dict]:
        """With ``profile=True``: one row per instruction of every compiled graph (graph, index, kind, op,
        shape, calls, total ns); a host call's op is its aten overload."""
        return [row for record in self._records for row in record.profile_rows()]

    def release(self) -> None:
        """Frees the device copies of parameters and buffers and the values computed from them alone (they
        are uploaded and computed again on the next call)."""
        if self._cache is not None:
            self._cache.clear()
        for record in self._records:
            if record.compiled is not None:
                record.compiled.clear_derived()

    def write_metrics(self) -> None:
        if not self.metrics_path:
            return
        os.makedirs(self.metrics_path, exist_ok=True)
        with open(os.path.join(self.metrics_path, "metrics.json"), "w") as f:
            json.dump(self.metrics(), f, indent=1, sort_keys=True)
