"""Element-wise ops through the whole device path (broadcast loop, fused bf16 kernels, TILE padding) give the
same bits with the portable scalar kernels and with AVX2, for the ops whose kernels are exact; the
transcendental ones agree to a few float32 ulp (one bf16 rounding step at most).
To add a case: add the op to EXACT or CLOSE."""

import pytest
import torch
import ttnn

EXACT = ["relu", "neg", "abs", "floor", "round", "square", "hardsigmoid", "add", "mul", "sub", "div", "maximum", "gt"]
CLOSE = ["exp", "gelu", "silu", "sigmoid", "tanh"]
SHAPES = [((8, 45, 65), (45, 65)), ((3, 33, 128), (3, 33, 128)), ((7,), ())]


def run_all(device, dtype, layout):
    torch.manual_seed(0)
    results = {}
    for shape_a, shape_b in SHAPES:
        a = ttnn.from_torch(torch.randn(shape_a) * 3, dtype=dtype, layout=layout, device=device)
        b = (
            ttnn.from_torch(torch.randn(shape_b) * 3 + 0.1, dtype=dtype, layout=layout, device=device)
            if shape_b
            else 1.5
        )
        for name in EXACT + CLOSE:
            op = getattr(ttnn, name)
            binary = op.registry_entry["params"][1]["kind"].startswith("Tensor")
            out = op(a, b) if binary else op(a)
            results[(name, shape_a)] = ttnn.to_torch(out).float()
            ttnn.deallocate(out)
        ttnn.deallocate(a)
        if isinstance(b, ttnn.Tensor):
            ttnn.deallocate(b)
    return results


@pytest.mark.parametrize("dtype", [ttnn.bfloat16, ttnn.float32], ids=["bf16", "fp32"])
@pytest.mark.parametrize("layout", [ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT], ids=["rm", "tile"])
def test_scalar_and_avx2_agree(device, dtype, layout):
    if not ttnn.isa_available("avx2"):
        pytest.skip("no AVX2 on this CPU")
    previous = ttnn.get_isa()
    try:
        ttnn.set_isa("scalar")
        scalar = run_all(device, dtype, layout)
        ttnn.set_isa("avx2")
        avx2 = run_all(device, dtype, layout)
    finally:
        ttnn.set_isa(previous)
    for key, expected in scalar.items():
        actual = avx2[key]
        if key[0] in EXACT:
            assert torch.equal(actual.nan_to_num(123.0), expected.nan_to_num(123.0)), key
        else:
            rtol = 1e-2 if dtype == ttnn.bfloat16 else 2e-6
            torch.testing.assert_close(actual, expected, rtol=rtol, atol=1e-6, equal_nan=True, msg=str(key))
