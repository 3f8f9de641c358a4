"""Every op of the registry x its samples x dtypes x layouts, against its PyTorch golden.

The cases come from the registry (what ops exist, which dtypes and layouts each supports) and from
tests/ttnn/op_samples/<family>.py (the inputs). To add a case, add a Sample there; nothing here changes.
"""

from __future__ import annotations

import re

import pytest
import torch
import ttnn

from tests.ttnn import op_samples
from tests.ttnn.op_harness import run_sample, to_device

REGISTRY = {entry["name"]: entry for entry in ttnn.operations.registry()}
SAMPLES, ERRORS, TOLERANCES = op_samples.load()
DEFAULT_DTYPES = (ttnn.bfloat16, ttnn.float32)


def op_function(name: str):
    target = ttnn
    for part in name.split("."):
        target = getattr(target, part)
    return target


def dtype_name(dtype) -> str:
    return str(dtype).rsplit(".", 1)[-1].lower()


def sample_cases():
    for name, entry in REGISTRY.items():
        for sample in SAMPLES.get(name, []):
            dtypes = sample.dtypes or [d for d in DEFAULT_DTYPES if d in entry["dtypes"]] or entry["dtypes"][:1]
            for dtype in dtypes:
                for layout in sample.layouts or entry["layouts"]:
                    layout_name = "tile" if layout == ttnn.TILE_LAYOUT else "rm"
                    yield pytest.param(
                        name, sample, dtype, layout, id=f"{name}-{sample.name}-{dtype_name(dtype)}-{layout_name}"
                    )


@pytest.mark.parametrize("name, sample, dtype, layout", list(sample_cases()))
def test_op_matches_golden(name, sample, dtype, layout, device):
    run_sample(op_function(name), REGISTRY[name], sample, dtype, layout, device, TOLERANCES.get(name))


def error_cases():
    for name, cases in ERRORS.items():
        for case in cases:
            yield pytest.param(name, case, id=f"{name}-{case.name}")


@pytest.mark.parametrize("name, case", list(error_cases()))
def test_op_rejects_bad_input(name, case, device):
    args = [
        ttnn.from_torch(a, layout=ttnn.TILE_LAYOUT, device=device) if isinstance(a, torch.Tensor) else a
        for a in case.args
    ]
    with pytest.raises(case.exception, match=case.match):
        op_function(name)(*args, **case.kwargs)
    for a in args:
        if isinstance(a, ttnn.Tensor):
            ttnn.deallocate(a)


def unsupported_dtype_cases():
    for name, entry in REGISTRY.items():
        first = entry["params"][0] if entry["params"] else None
        if first is None or first["kind"] != "Tensor" or first["dtypes"] != "[]":
            continue
        missing = [d for d in (ttnn.bfloat16, ttnn.float32, ttnn.int32, ttnn.uint32) if d not in entry["dtypes"]]
        if missing and entry["name"] in SAMPLES:
            yield pytest.param(name, missing[0], id=f"{name}-{dtype_name(missing[0])}")


@pytest.mark.parametrize("name, dtype", list(unsupported_dtype_cases()))
def test_op_rejects_unsupported_dtype(name, dtype, device):
    """Calling an op outside the dtypes its registry entry lists raises TypeError naming op and dtype."""
    sample = SAMPLES[name][0]
    first = sample.args[0]
    layout = REGISTRY[name]["layouts"][-1]
    t = ttnn.from_torch(first.to(torch.float32), dtype=dtype, layout=layout, device=device)
    # The other inputs go to the device in a supported dtype, so only the first one can be at fault.
    supported = REGISTRY[name]["dtypes"][0]
    rest = [to_device(a, supported, layout, device, sample.int_dtype) for a in sample.args[1:]]
    kwargs = {k: to_device(v, supported, layout, device, sample.int_dtype) for k, v in sample.kwargs.items()}
    try:
        with pytest.raises(TypeError, match=re.escape(f"ttnn.{name}: unsupported dtype")):
            op_function(name)(t, *rest, **kwargs)
    finally:
        for value in [t, *rest, *kwargs.values()]:
            if isinstance(value, ttnn.Tensor):
                ttnn.deallocate(value)


def test_every_op_has_samples_and_a_golden():
    """A new op is not done until it has samples and a golden (the registry self-check covers the rest)."""
    from ttnn.golden import names

    goldens = set(names())
    missing_samples = [n for n in REGISTRY if n not in SAMPLES]
    missing_golden = [n for n, e in REGISTRY.items() if e["golden"] not in goldens]
    assert not missing_samples, f"ops without samples in tests/ttnn/op_samples: {missing_samples}"
    assert not missing_golden, f"ops whose golden is not in python/ttnn/golden: {missing_golden}"
    unknown = [n for n in SAMPLES if n not in REGISTRY]
    assert not unknown, f"samples for ops that are not registered: {unknown}"


def test_declared_defaults_reach_signature_golden_and_kernel(device):
    """A parameter default is declared once, on the op: the signature shows it, and the kernel and the golden
    both read it when a call leaves the argument out (hardtanh's [-1, 1], leaky_relu's 0.01)."""
    from ttnn.golden import get_golden_function

    assert ttnn.hardtanh.__doc__.startswith("hardtanh(input_tensor, min_val=-1.0, max_val=1.0, memory_config=None")
    assert "fast_and_approximate_mode=False" in ttnn.gelu.__doc__.splitlines()[0]
    x = torch.linspace(-3, 3, 66).reshape(2, 33)
    for name, expected in (("hardtanh", x.clamp(-1, 1)), ("leaky_relu", torch.nn.functional.leaky_relu(x, 0.01))):
        t = ttnn.from_torch(x, dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device)
        out = op_function(name)(t)
        torch.testing.assert_close(ttnn.to_torch(out).float(), expected)
        torch.testing.assert_close(get_golden_function(name)(x).float(), expected)
        ttnn.deallocate(out)
        ttnn.deallocate(t)
    defaults = {p["name"]: p["default"] for e in REGISTRY.values() for p in e["params"] if p["default"] is not None}
    assert defaults["min_val"] == -1.0 and defaults["negative_slope"] == 0.01
