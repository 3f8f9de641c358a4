"""The AVX2 reductions agree with the portable scalar ones (the reference), and both with torch.

Each case runs once per kernel set through the `isa` fixture; results are compared against torch in fp32
with a tolerance that allows for the different order of fp32 additions only. To add a case, append to CASES.
"""

import pytest
import torch
import ttnn

torch.manual_seed(0)

# (op, shape, kwargs): rows of every length class (multiple of 64, of 16, odd) and every walk (rows, four
# rows at once, columns, strided, split into parts).
CASES = [
    ("sum", (8, 128, 768), {"dim": -1}),
    ("sum", (45, 65), {"dim": -1}),
    ("sum", (3, 7, 33), {"dim": [0, 2]}),
    ("sum", (8, 128, 768), {"dim": 0}),
    ("mean", (130, 77), {"dim": 1}),
    ("max", (45, 1000), {"dim": -1}),
    ("min", (1000, 45), {"dim": 0}),
    ("prod", (33, 64), {"dim": -1}),
    ("var", (45, 130), {"dim": -1}),
    ("var", (64, 300), {"dim": -1}),  # long rows, one at a time, centered
    ("std", (130, 45), {"dim": 0}),
    ("all", (45, 130), {"dim": -1}),
    ("any", (130, 45), {"dim": 0}),
    # Few outputs over many elements fold in parts combined afterwards: columns over split rows, one row split
    # along its width, and several strided rows per output.
    ("sum", (64, 96, 40), {"dim": [0, 1]}),
    ("min", (64, 96, 40), {"dim": [0, 1]}),
    ("sum", (300, 700), {"dim": [0, 1]}),
    ("max", (300, 700), {"dim": [0, 1]}),
    ("any", (300, 700), {"dim": [0, 1]}),
    ("var", (200, 3, 400), {"dim": [0, 2]}),
    ("mean", (200, 3, 400), {"dim": [0, 2]}),
]


def _reference(op, x, kwargs):
    dim = kwargs["dim"]
    if op == "all":
        return (x != 0).all(dim).float()
    if op == "any":
        return (x != 0).any(dim).float()
    if op in ("max", "min"):
        return getattr(torch, "a" + op)(x, dim)
    if op == "prod":
        return x.prod(dim)
    return getattr(torch, op)(x, dim)


@pytest.mark.parametrize("dtype", [ttnn.bfloat16, ttnn.float32], ids=["bf16", "fp32"])
@pytest.mark.parametrize("layout", [ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT], ids=["rm", "tile"])
@pytest.mark.parametrize("op, shape, kwargs", CASES, ids=[f"{c[0]}-{'x'.join(map(str, c[1]))}" for c in CASES])
def test_reduction_kernels_agree(op, shape, kwargs, dtype, layout, isa, device):
    x = torch.rand(shape) + 0.5 if op == "prod" else torch.randn(shape)
    if op in ("all", "any"):
        x = x * (torch.rand(shape) > 0.01)
    t = ttnn.from_torch(x, dtype=dtype, layout=layout, device=device)
    stored = ttnn.to_torch(t).float()
    got = ttnn.to_torch(getattr(ttnn, op)(t, **kwargs)).float()
    expected = _reference(op, stored.double(), kwargs).float()
    if dtype == ttnn.bfloat16:
        expected = expected.bfloat16().float()
    rtol = 1.6e-2 if dtype == ttnn.bfloat16 else 1e-4
    torch.testing.assert_close(got, expected, rtol=rtol, atol=rtol * expected.abs().max().item() / 8)
    ttnn.deallocate(t)


def test_scalar_and_avx2_give_close_sums(device):
    """The same input through both kernel sets: equal up to fp32 reassociation."""
    if not ttnn.isa_available("avx2"):
        pytest.skip("no AVX2 on this CPU")
    x = torch.randn(64, 1000)
    t = ttnn.from_torch(x, dtype=ttnn.float32, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)
    previous = ttnn.get_isa()
    results = {}
    try:
        for isa in ("scalar", "avx2"):
            ttnn.set_isa(isa)
            results[isa] = [ttnn.to_torch(getattr(ttnn, op)(t, dim=d)) for op in ("sum", "max", "var") for d in (0, 1)]
    finally:
        ttnn.set_isa(previous)
    for scalar, avx2 in zip(results["scalar"], results["avx2"], strict=True):
        torch.testing.assert_close(avx2, scalar, rtol=1e-5, atol=1e-4)
    ttnn.deallocate(t)
