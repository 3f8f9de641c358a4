"""TILE outputs keep zero padding whichever path computed them. Element-wise ops on a tensor whose padding is
under half its storage ([.., 24, 24]) or whose rows are short ([.., 2]) run over the whole padded buffer and
then re-zero the padding where the op maps zero to something else (exp(0) = 1, x + 2, -0); a dtype-only
typecast converts the padded buffer flat. The padding is read back as stored bits: +0 everywhere, never -0, 1
or NaN."""

import pytest
import torch
import ttnn

# (shape, how the element-wise loop runs it)
SHAPES = [
    ((3, 24, 24), "flat"),
    ((2, 56, 56), "flat"),
    ((9, 20, 2), "flat-short-rows"),
    ((5, 7, 7), "rows"),
    ((2, 33, 40), "rows"),
    ((40,), "rows"),
]
UNARY = {
    "exp": (lambda t: ttnn.exp(t), torch.exp),
    "neg": (lambda t: ttnn.neg(t), torch.neg),
    "relu": (lambda t: ttnn.relu(t), torch.relu),
    "add 2": (lambda t: ttnn.add(t, 2.0), lambda x: x + 2.0),
    "div 0": (lambda t: ttnn.div(t, 0.0), lambda x: x / 0.0),
}
DTYPES = {"bf16": (ttnn.bfloat16, torch.bfloat16), "fp32": (ttnn.float32, torch.float32)}


def stored_padding(tensor, torch_dtype):
    """The padding elements of a TILE tensor's storage, as raw bits (int16 / int32)."""
    bits = torch.int16 if torch_dtype == torch.bfloat16 else torch.int32
    stored = torch.frombuffer(bytearray(tensor._storage()), dtype=bits).reshape(list(tensor.padded_shape))
    view = stored.reshape(-1, *stored.shape[-2:])
    shape = list(tensor.shape)
    h, w = (shape[-2], shape[-1]) if len(shape) > 1 else (1, shape[0])
    return torch.cat([view[:, h:, :].flatten(), view[:, :h, w:].flatten()])


@pytest.mark.parametrize("dtype", DTYPES, ids=list(DTYPES))
@pytest.mark.parametrize("shape,path", SHAPES, ids=lambda v: "x".join(map(str, v)) if isinstance(v, tuple) else v)
@pytest.mark.parametrize("op", UNARY, ids=list(UNARY))
def test_unary_keeps_values_and_zero_padding(device, op, shape, path, dtype):
    ours, golden = UNARY[op]
    tt_dtype, torch_dtype = DTYPES[dtype]
    torch.manual_seed(0)
    x = (torch.randn(shape) * 2).to(torch_dtype)
    out = ours(ttnn.from_torch(x, dtype=tt_dtype, layout=ttnn.TILE_LAYOUT, device=device))
    expected = golden(x.float()).to(torch_dtype).float()
    torch.testing.assert_close(ttnn.to_torch(out).float(), expected, rtol=2e-2, atol=1e-2, equal_nan=True)
    host = ttnn.from_device(out)
    assert (stored_padding(host, torch_dtype) == 0).all(), f"{op} left non-zero padding on {shape} ({path})"


@pytest.mark.parametrize("shape,path", SHAPES[:3], ids=lambda v: "x".join(map(str, v)) if isinstance(v, tuple) else v)
def test_binary_of_two_tiles_keeps_zero_padding(device, shape, path):
    torch.manual_seed(1)
    a, b = torch.randn(shape), torch.randn(shape)
    ta = ttnn.from_torch(a, dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device)
    tb = ttnn.from_torch(b, dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device)
    for ours, golden in [(ttnn.mul, torch.mul), (ttnn.sub, torch.sub), (ttnn.eq, lambda p, q: (p == q).float())]:
        out = ours(ta, tb)
        torch.testing.assert_close(ttnn.to_torch(out).float(), golden(a, b), rtol=1e-6, atol=1e-6)
        # eq(0, 0) is 1 in the padding until the loop re-zeroes it.
        assert (stored_padding(ttnn.from_device(out), torch.float32) == 0).all()


@pytest.mark.parametrize("shape", [(3, 24, 24), (5, 7, 7), (40,)], ids=lambda s: "x".join(map(str, s)))
def test_typecast_between_tile_dtypes_is_exact_with_zero_padding(device, shape):
    torch.manual_seed(2)
    x = torch.randn(shape).to(torch.bfloat16)
    t = ttnn.from_torch(x, dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    wide = ttnn.typecast(t, ttnn.float32)
    assert torch.equal(ttnn.to_torch(wide), x.float())
    assert (stored_padding(ttnn.from_device(wide), torch.float32) == 0).all()
    narrow = ttnn.typecast(wide, ttnn.bfloat16)
    assert torch.equal(ttnn.to_torch(narrow), x)


# Every walk of the reductions leaves zero padding, also in an output buffer reused from freed NaN-filled ones
# (the host memory cache hands big blocks back as they were). (input shape, dim, keepdim, walk)
REDUCTION_CASES = [
    ((8, 128, 768), -1, True, "long rows, padded rows"),
    ((3, 50, 300), -1, True, "long rows, padded rows and height"),
    ((2, 40, 300), -1, False, "long rows, padded height"),
    ((1, 2, 5000), -1, True, "long rows in parts"),
    ((3, 40, 50), -1, True, "short rows"),
    ((3, 40, 50), 0, True, "columns"),
    ((4, 33, 70), [0, 1], True, "columns in parts"),
    ((6, 20, 30), 1, False, "strided rows"),
]
REDUCTIONS = {
    "sum": (ttnn.sum, torch.sum),
    "mean": (ttnn.mean, torch.mean),
    "max": (ttnn.max, torch.amax),
    "std": (ttnn.std, torch.std),
}


@pytest.mark.parametrize("dtype", DTYPES, ids=list(DTYPES))
@pytest.mark.parametrize("case", REDUCTION_CASES, ids=lambda c: c[3].replace(" ", "-").replace(",", ""))
@pytest.mark.parametrize("op", REDUCTIONS, ids=list(REDUCTIONS))
def test_reductions_write_zero_padding_into_reused_memory(device, op, case, dtype):
    shape, dim, keepdim, _ = case
    ours, golden = REDUCTIONS[op]
    tt_dtype, torch_dtype = DTYPES[dtype]
    torch.manual_seed(3)
    x = torch.randn(shape).to(torch_dtype)
    t = ttnn.from_torch(x, dtype=tt_dtype, layout=ttnn.TILE_LAYOUT, device=device)
    expected = golden(x.float(), dim=dim, keepdim=keepdim).to(torch_dtype).float()
    # Freed buffers of NaN first, so an output buffer handed back from them shows any padding left unwritten.
    for _ in range(3):
        ttnn.deallocate(ttnn.full(list(expected.shape) + [32], float("nan"), dtype=ttnn.float32, device=device))
        ttnn.deallocate(ttnn.full(list(t.padded_shape), float("nan"), dtype=ttnn.float32, device=device))
    out = ours(t, dim=dim, keepdim=keepdim)
    torch.testing.assert_close(ttnn.to_torch(out).float(), expected, rtol=2e-2, atol=2e-2)
    assert (stored_padding(ttnn.from_device(out), torch_dtype) == 0).all(), f"{op} left padding unwritten"
