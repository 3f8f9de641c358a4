"""from_torch/to_torch, typecast, reshape and clone against PyTorch's semantics, and the errors they raise.
To add a typecast case, extend TYPECAST_VALUES; an error case, extend ERROR_CASES."""

import pytest
import torch
import ttnn

TORCH_OF = {
    ttnn.bfloat16: torch.bfloat16,
    ttnn.float32: torch.float32,
    ttnn.int32: torch.int32,
    ttnn.uint8: torch.uint8,
    ttnn.uint16: torch.uint16,
    ttnn.uint32: torch.uint32,
}
TYPECAST_VALUES = [0.0, -0.0, 0.4, 0.5, 1.5, 2.5, -1.7, -2.5, 255.9, 256.0, 300.0, -1.0, 65535.0, 70000.0, 1e10, -1e10]


@pytest.mark.parametrize("src", [ttnn.float32, ttnn.bfloat16], ids=["float32", "bfloat16"])
@pytest.mark.parametrize("dst", [ttnn.int32, ttnn.uint8, ttnn.uint16, ttnn.uint32], ids=lambda d: str(d))
def test_float_to_int_matches_torch(src, dst):
    """torch's own cast on x86: truncation through int32 (NaN and out-of-range give INT32_MIN), wrapping for
    the narrow types. torch's uint32 cast of NaN and -inf differs between its vector and scalar paths, so
    uint32 is compared on the finite values only."""
    specials = [float("nan"), float("inf"), float("-inf")] if dst != ttnn.uint32 else [float("inf")]
    values = torch.tensor(TYPECAST_VALUES * 2 + specials).to(TORCH_OF[src])
    result = ttnn.to_torch(ttnn.typecast(ttnn.from_torch(values, dtype=src), dst))
    expected = values.float().to(TORCH_OF[dst])
    bits = {torch.uint16: torch.int16, torch.uint32: torch.int32}
    assert torch.equal(result, expected.view(bits.get(expected.dtype, expected.dtype)))


def test_int_to_int_wraps_like_torch():
    values = torch.tensor([-1, 0, 255, 256, 65535, 65536, -(2**31), 2**31 - 1], dtype=torch.int32)
    for dst, torch_dst in [(ttnn.uint8, torch.uint8), (ttnn.uint16, torch.int16), (ttnn.uint32, torch.int32)]:
        result = ttnn.to_torch(ttnn.typecast(ttnn.from_torch(values), dst))
        expected = values.to(torch.int64).to({ttnn.uint8: torch.uint8}.get(dst, torch.int64))
        if dst != ttnn.uint8:
            expected = (values.to(torch.int64) & (0xFFFF if dst == ttnn.uint16 else 0xFFFFFFFF)).to(torch.int64)
            expected = expected.to(torch.uint16 if dst == ttnn.uint16 else torch.uint32).view(torch_dst)
        assert torch.equal(result, expected), dst


def test_int_to_bfloat16_rounds_like_torch():
    values = torch.tensor([1, 255, 257, 16777217, -16777217, 2**31 - 1], dtype=torch.int32)
    result = ttnn.to_torch(ttnn.typecast(ttnn.from_torch(values), ttnn.bfloat16))
    assert torch.equal(result, values.to(torch.bfloat16))


def test_from_torch_infers_and_converts_dtypes():
    assert ttnn.from_torch(torch.ones(2, dtype=torch.float64)).dtype == ttnn.float32
    assert ttnn.from_torch(torch.ones(2, dtype=torch.int64)).dtype == ttnn.int32
    assert ttnn.from_torch(torch.ones(2, dtype=torch.bool)).dtype == ttnn.int32
    assert ttnn.from_torch(torch.ones(2, dtype=torch.bfloat16)).dtype == ttnn.bfloat16
    t = ttnn.from_torch(torch.ones(2, 2, requires_grad=True), dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT)
    assert torch.equal(ttnn.to_torch(t), torch.ones(2, 2, dtype=torch.bfloat16))
    assert ttnn.to_torch(t, dtype=torch.float32).dtype == torch.float32


def test_host_tensors_share_memory_with_torch():
    values = torch.randn(16, 33)
    host = ttnn.from_torch(values)
    assert host.buffer_address() == values.data_ptr()
    back = ttnn.to_torch(host)
    assert back.data_ptr() == values.data_ptr()
    del values, host
    assert back.sum().isfinite()  # the memory outlives both the source tensor and the ttnn handle


def test_non_contiguous_input_is_read_in_logical_order():
    values = torch.randn(5, 7).t()
    assert torch.equal(ttnn.to_torch(ttnn.from_torch(values)), values)


@pytest.mark.parametrize("layout", [ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT], ids=["row_major", "tile"])
@pytest.mark.parametrize(
    "shape,new_shape",
    [((2, 3, 4), (6, 4)), ((2, 3, 4), (4, -1)), ((45, 65), (65, 45)), ((12,), (3, 4)), ((2, 33, 40), (66, 40))],
    ids=lambda s: "x".join(map(str, s)),
)
def test_reshape_matches_torch(layout, shape, new_shape, device):
    values = torch.randn(shape)
    t = ttnn.from_torch(values, dtype=ttnn.float32, layout=layout, device=device)
    reshaped = ttnn.reshape(t, new_shape)
    expected = values.reshape(new_shape)
    assert reshaped.shape == list(expected.shape)
    assert torch.equal(ttnn.to_torch(reshaped), expected)


def test_reshape_shares_storage_when_rows_stay_rows():
    rm = ttnn.from_torch(torch.randn(4, 6))
    assert ttnn.reshape(rm, (2, 2, 6)).buffer_address() == rm.buffer_address()
    tile = ttnn.from_torch(torch.randn(4, 6, 40), layout=ttnn.TILE_LAYOUT)
    assert ttnn.reshape(tile, (2, 2, 6, 40)).buffer_address() == tile.buffer_address()
    assert ttnn.reshape(tile, (24, 40)).buffer_address() != tile.buffer_address()


def test_reshape_of_block_float_keeps_dtype():
    values = torch.randn(4, 64)
    t = ttnn.from_torch(values, dtype=ttnn.bfloat8_b, layout=ttnn.TILE_LAYOUT)
    reshaped = ttnn.reshape(t, (8, 32))
    assert reshaped.dtype == ttnn.bfloat8_b
    assert torch.allclose(ttnn.to_torch(reshaped), values.reshape(8, 32), atol=0.05 * values.abs().max())


def test_clone_copies_to_another_memory_and_dtype(device):
    values = torch.randn(3, 40)
    t = ttnn.from_torch(values, dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device)
    copy = ttnn.clone(t, memory_config=ttnn.L1_MEMORY_CONFIG, dtype=ttnn.bfloat16)
    assert copy.memory_config() == ttnn.L1_MEMORY_CONFIG and copy.dtype == ttnn.bfloat16
    assert device.memory_stats()["L1"]["in_use"] > 0
    ttnn.deallocate(t)
    assert torch.equal(ttnn.to_torch(copy), values.to(torch.bfloat16))


ERROR_CASES = [
    (
        "reshape volume",
        lambda: ttnn.reshape(ttnn.from_torch(torch.ones(2, 3)), (4, 2)),
        ValueError,
        r"reshape: volume must not change; expected a shape of 6 elements for a \[2, 3\] tensor, got \[4, 2\]",
    ),
    (
        "reshape two -1",
        lambda: ttnn.reshape(ttnn.from_torch(torch.ones(6)), (-1, -1)),
        ValueError,
        r"reshape: only one dimension can be -1",
    ),
    (
        "complex",
        lambda: ttnn.from_torch(torch.ones(2, dtype=torch.complex64)),
        TypeError,
        r"from_torch: complex tensors are not supported",
    ),
    ("not a tensor", lambda: ttnn.from_torch([1, 2]), TypeError, r"from_torch: expected a torch.Tensor, got list"),
    (
        "bad dtype",
        lambda: ttnn.from_torch(torch.ones(2), dtype="bfloat16"),
        TypeError,
        r"from_torch: dtype must be a ttnn data type",
    ),
    ("to_torch of torch", lambda: ttnn.to_torch(torch.ones(2)), TypeError, r"to_torch: expected a ttnn.Tensor"),
    (
        "typecast to block in row major",
        lambda: ttnn.typecast(ttnn.from_torch(torch.ones(2)), ttnn.bfloat8_b),
        ValueError,
        r"typecast: bfloat8_b exists only in TILE layout",
    ),
    ("unknown isa", lambda: ttnn.set_isa("neon"), ValueError, r"set_isa: unknown kernel set"),
]


@pytest.mark.parametrize("name,call,error,message", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_bad_input_raises_typed_error(name, call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_deallocated_tensor_raises(device):
    t = ttnn.from_torch(torch.ones(4, 4), layout=ttnn.TILE_LAYOUT, device=device)
    ttnn.deallocate(t)
    assert not t.is_allocated()
    with pytest.raises(RuntimeError, match=r"to_torch: tensor float32 TILE \[4, 4\].* is deallocated"):
        ttnn.to_torch(t)
