"""Element-wise ops through the whole device path (broadcast loop, fused bf16 kernels, TILE padding) give the
same bits with the portable scalar kernels and with AVX2, for the ops whose kernels are exact; the
transcendental ones agree to a few float32 ulp (one bf16 rounding step at most).
To add a case: add the op to EXACT or CLOSE."""

import pytest
import torch
import ttnn

EXACT = [
    "relu",
    "neg",
    "abs",
    "floor",
    "round",
    "trunc",
    "square",
    "hardsigmoid",
    "add",
    "mul",
    "sub",
    "div",
    "maximum",
    "gt",
]
CLOSE = ["exp", "gelu", "silu", "sigmoid", "tanh", "expm1", "log1p"]
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


INT_OPS = ["add", "sub", "mul", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_xor"]


@pytest.mark.parametrize("layout", [ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT], ids=["rm", "tile"])
def test_int32_loop_matches_torch_in_both_isas(device, layout):
    """int32 operands run the int32 loop (wrapping like torch's int32 arithmetic); a number beyond int32 takes the
    int64 loop, whose comparisons see it unwrapped."""
    torch.manual_seed(0)
    big = torch.tensor([2**31 - 1, -(2**31), 65536, -65537, 0, 7], dtype=torch.int32)
    a = torch.cat([big, torch.randint(-(2**31), 2**31 - 1, (196 * 2 - 6,), dtype=torch.int32)]).reshape(196, 2)
    b = torch.cat([big.flip(0), torch.randint(-3, 4, (196 * 2 - 6,), dtype=torch.int32)]).reshape(196, 2)
    previous = ttnn.get_isa()
    try:
        for isa in ["scalar"] + (["avx2"] if ttnn.isa_available("avx2") else []):
            ttnn.set_isa(isa)
            ta = ttnn.from_torch(a, dtype=ttnn.int32, layout=layout, device=device)
            tb = ttnn.from_torch(b, dtype=ttnn.int32, layout=layout, device=device)
            for name in INT_OPS:
                for other, expected_other in ((tb, b), (5, 5), (2**40, 2**40)):
                    out = getattr(ttnn, name)(ta, other)
                    expected = getattr(torch, name)(a.long(), torch.as_tensor(expected_other).long()).to(torch.int32)
                    assert torch.equal(ttnn.to_torch(out), expected), (isa, name, expected_other)
                    ttnn.deallocate(out)
            ttnn.deallocate(ta)
            ttnn.deallocate(tb)
    finally:
        ttnn.set_isa(previous)


@pytest.mark.parametrize("dtype", [ttnn.bfloat16, ttnn.float32, ttnn.int32], ids=["bf16", "fp32", "int32"])
def test_padding_stays_zero(device, dtype):
    """Same-shape TILE operands run flat over their padded storage when the op maps zeros to +0 (add, gelu); the
    others (exp, eq) run row by row. Either way the output's padding holds +0 bits."""
    torch_dtype = {ttnn.int32: torch.int32, ttnn.float32: torch.float32, ttnn.bfloat16: torch.bfloat16}[dtype]
    a = (torch.randn(3, 45, 2) * 3).to(torch_dtype)
    ta = ttnn.from_torch(a, dtype=dtype, layout=ttnn.TILE_LAYOUT, device=device)
    ops = [ttnn.add, ttnn.eq, ttnn.sub] + ([] if dtype == ttnn.int32 else [ttnn.gelu, ttnn.exp])
    for op in ops:
        binary = op.registry_entry["params"][1]["kind"].startswith("Tensor")
        out = op(ta, ta) if binary else op(ta)
        golden = op.registry_entry["golden"]
        stored = torch.frombuffer(bytearray(out._storage()), dtype=torch_dtype).reshape(3, 64, 32)
        assert stored[:, 45:, :].view(torch.uint8).eq(0).all(), golden
        assert stored[:, :, 2:].view(torch.uint8).eq(0).all(), golden
        ttnn.deallocate(out)
    ttnn.deallocate(ta)
