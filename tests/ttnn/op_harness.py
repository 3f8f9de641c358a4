"""Runs one registry op on the device and checks it against its golden, the way TT rounds.

The golden is computed in float32 from the *stored* inputs (what the device really holds after rounding
to bf16 or packing to bfloat8_b), then rounded to the output's dtype; the comparison is shape and dtype,
then allclose with dtype-fitting tolerances, then PCC (never PCC alone: it is blind to scale).
"""

from __future__ import annotations

import torch
import ttnn
from ttnn.golden import get_golden_function

from tests.ttnn.op_samples import DEVICE, Sample, Sharded, Tolerance

# Output rounding tolerances per dtype: bf16 keeps 8 significant bits (2 ulps = 2^-7 relative).
DEFAULT_TOLERANCE = {
    ttnn.float32: Tolerance(rtol=1e-5, atol=1e-6, pcc=0.99999),
    ttnn.bfloat16: Tolerance(rtol=1.6e-2, atol=1e-2, pcc=0.999),
    ttnn.bfloat8_b: Tolerance(rtol=6e-2, atol=3e-2, pcc=0.99),
    ttnn.bfloat4_b: Tolerance(rtol=0.3, atol=0.2, pcc=0.9),
}


def to_device(value, dtype, layout, device, int_dtype):
    if value is DEVICE:
        return device
    if isinstance(value, Sharded):
        t = to_device(value.tensor, dtype, layout, device, int_dtype)
        tile = layout == ttnn.TILE_LAYOUT
        shape = list(t.padded_shape) if tile else list(t.shape)
        grid = ttnn.CoreGrid(x=value.cores, y=1)
        config = ttnn.create_sharded_memory_config(shape, grid, ttnn.ShardStrategy.HEIGHT, tile_layout=tile)
        return ttnn.to_memory_config(t, config)
    if isinstance(value, torch.Tensor):
        if value.is_floating_point():
            return ttnn.from_torch(value, dtype=dtype, layout=layout, device=device)
        return ttnn.from_torch(value.to(torch.int32), dtype=int_dtype or ttnn.int32, layout=layout, device=device)
    if isinstance(value, list | tuple) and value and all(isinstance(v, torch.Tensor) for v in value):
        return [to_device(v, dtype, layout, device, int_dtype) for v in value]
    return value


def stored(value):
    """What the device holds, back in torch: float32 for floats, int64 for integers."""
    if isinstance(value, ttnn.Tensor):
        t = ttnn.to_torch(value)
        if t.is_floating_point():
            return t.float()
        # to_torch hands uint16/uint32 back as int16/int32 (as TT-NN does); compare their unsigned values.
        mask = {ttnn.uint16: 0xFFFF, ttnn.uint32: 0xFFFFFFFF}.get(value.dtype)
        return t.long() & mask if mask else t.long()
    if isinstance(value, list):
        return [stored(v) for v in value]
    return value


def round_like(expected: torch.Tensor, output: ttnn.Tensor) -> torch.Tensor:
    """Rounds a float32 golden to the output's dtype as the device stores it."""
    if not expected.is_floating_point():
        return expected
    if output.dtype == ttnn.bfloat16:
        return expected.to(torch.bfloat16).float()
    if output.dtype in (ttnn.bfloat8_b, ttnn.bfloat4_b):
        packed = ttnn.from_torch(expected.float(), dtype=output.dtype, layout=ttnn.TILE_LAYOUT)
        return ttnn.to_torch(packed).float()
    return expected.float()


def pcc(a: torch.Tensor, b: torch.Tensor) -> float:
    a, b = a.double().flatten(), b.double().flatten()
    finite = torch.isfinite(a) & torch.isfinite(b)
    a, b = a[finite], b[finite]
    if a.numel() < 2 or a.std() == 0 or b.std() == 0:
        return 1.0 if torch.allclose(a, b) else 0.0
    return float(torch.corrcoef(torch.stack([a, b]))[0, 1])


def check_close(name: str, actual: torch.Tensor, expected: torch.Tensor, tol: Tolerance) -> None:
    assert actual.shape == expected.shape, f"{name}: shape {tuple(actual.shape)}, expected {tuple(expected.shape)}"
    if not expected.is_floating_point():
        assert torch.equal(actual.long(), expected.long()), f"{name}: integer values differ"
        return
    actual = actual.float()
    same_nan = torch.isnan(actual) == torch.isnan(expected)
    assert bool(same_nan.all()), f"{name}: NaN positions differ"
    ok = torch.isclose(actual, expected, rtol=tol.rtol, atol=tol.atol, equal_nan=True)
    if not bool(ok.all()):
        bad = (~ok).nonzero()[0].tolist()
        raise AssertionError(
            f"{name}: {int((~ok).sum())} of {ok.numel()} values outside rtol={tol.rtol} atol={tol.atol}; "
            f"first at {bad}: got {actual[tuple(bad)].item()}, expected {expected[tuple(bad)].item()}"
        )
    if expected.numel() > 1:
        score = pcc(actual, expected)
        assert score >= tol.pcc, f"{name}: PCC {score:.6f} below {tol.pcc}"


def run_sample(op, entry: dict, sample: Sample, dtype, layout, device, tolerance: Tolerance | None) -> None:
    args = [to_device(a, dtype, layout, device, sample.int_dtype) for a in sample.args]
    kwargs = {k: to_device(v, dtype, layout, device, sample.int_dtype) for k, v in sample.kwargs.items()}
    golden = get_golden_function(entry["golden"])
    golden_args = [stored(a) for a in args]
    golden_kwargs = {k: stored(v) for k, v in kwargs.items()}
    if sample.golden_kwargs is not None:
        golden_kwargs = {**golden_kwargs, **sample.golden_kwargs}
    expected = golden(*golden_args, **golden_kwargs)
    outputs = []
    try:
        result = op(*args, **kwargs)
        outputs = list(result) if isinstance(result, tuple | list) else [result]
        expected_list = list(expected) if isinstance(expected, tuple | list) else [expected]
        assert len(outputs) == len(expected_list), (
            f"{entry['name']}: {len(outputs)} outputs, golden gave {len(expected_list)}"
        )
        for i, (out, exp) in enumerate(zip(outputs, expected_list, strict=True)):
            if getattr(exp, "values_unspecified", False):  # e.g. ttnn.empty: only the shape is defined
                assert tuple(out.shape) == tuple(exp.shape), f"{entry['name']}[{i}]: shape {tuple(out.shape)}"
                continue
            tol = tolerance or DEFAULT_TOLERANCE.get(out.dtype, DEFAULT_TOLERANCE[ttnn.float32])
            check_close(f"{entry['name']}[{i}]", stored(out), round_like(exp, out), tol)
    finally:
        # Free everything even when the check fails, so the device fixture reports only real leaks.
        for value in [*outputs, *args, *kwargs.values()]:
            for t in value if isinstance(value, list) else [value]:
                if isinstance(t, ttnn.Tensor):
                    ttnn.deallocate(t)
