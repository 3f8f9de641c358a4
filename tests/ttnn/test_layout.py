"""TILE layout: TT-NN's padded shapes, zero padding, and exact round trips over odd shapes, ranks 1 to 5.
To add a case, extend SHAPES or DTYPES."""

import pytest
import torch
import ttnn

SHAPES = [(1,), (7,), (33,), (45, 65), (1, 1), (32, 32), (3, 7, 33), (2, 3, 45, 65), (2, 1, 3, 31, 33), (0, 5), (4, 0)]
DTYPES = {
    "bfloat16": (ttnn.bfloat16, torch.bfloat16),
    "float32": (ttnn.float32, torch.float32),
    "int32": (ttnn.int32, torch.int32),
    "uint8": (ttnn.uint8, torch.uint8),
    "uint16": (ttnn.uint16, torch.uint16),
    "uint32": (ttnn.uint32, torch.uint32),
}


def _values(shape, torch_dtype):
    gen = torch.Generator().manual_seed(sum(shape) + len(shape))
    if torch_dtype.is_floating_point:
        return torch.randn(shape, generator=gen).to(torch_dtype)
    high = 200 if torch_dtype == torch.uint8 else 60000
    return torch.randint(0, high, shape, generator=gen, dtype=torch.int64).to(torch_dtype)


def expected_padded_shape(shape):
    if len(shape) <= 1:
        return [32, -(-(shape[0] if shape else 1) // 32) * 32]
    return [*shape[:-2], -(-shape[-2] // 32) * 32, -(-shape[-1] // 32) * 32]


def _as_torch_bits(t):
    # TT-NN returns uint16/uint32 as int16/int32 with the same bits; compare bit patterns.
    return t.view(torch.int16) if t.dtype == torch.uint16 else t.view(torch.int32) if t.dtype == torch.uint32 else t


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("dtype_name", list(DTYPES))
@pytest.mark.parametrize("on_device", [False, True], ids=["host", "device"])
def test_tile_round_trip(shape, dtype_name, on_device, device):
    ttnn_dtype, torch_dtype = DTYPES[dtype_name]
    values = _values(shape, torch_dtype)
    t = ttnn.from_torch(values, dtype=ttnn_dtype, device=device if on_device else None)
    tiled = ttnn.to_layout(t, ttnn.TILE_LAYOUT)
    assert tiled.layout == ttnn.TILE_LAYOUT
    assert tiled.shape == list(shape)
    assert tiled.padded_shape == expected_padded_shape(shape)
    assert tiled.storage_type() == (ttnn.StorageType.DEVICE if on_device else ttnn.StorageType.HOST)
    back = ttnn.to_layout(tiled, ttnn.ROW_MAJOR_LAYOUT)
    assert back.padded_shape == list(shape)
    result = ttnn.to_torch(back)
    assert result.shape == values.shape
    assert torch.equal(result, _as_torch_bits(values))


@pytest.mark.parametrize("shape", [(7,), (45, 65), (2, 3, 33, 40)], ids=lambda s: "x".join(map(str, s)))
def test_padding_is_zero(shape):
    values = torch.full(shape, 7.0)
    tiled = ttnn.from_torch(values, dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT)
    stored = torch.frombuffer(bytearray(tiled._storage()), dtype=torch.float32).reshape(list(tiled.padded_shape))
    view = stored.reshape(-1, *stored.shape[-2:]) if len(shape) > 1 else stored.reshape(1, *stored.shape)
    h, w = (shape[-2], shape[-1]) if len(shape) > 1 else (1, shape[0])
    assert (view[:, :h, :w] == 7.0).all()
    assert (view[:, h:, :] == 0).all() and (view[:, :, w:] == 0).all()


def test_tile_to_tile_changes_dtype_in_one_call(device):
    values = torch.randn(45, 65)
    t = ttnn.from_torch(values, dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device)
    converted = ttnn.to_layout(t, ttnn.ROW_MAJOR_LAYOUT, dtype=ttnn.bfloat16)
    assert converted.dtype == ttnn.bfloat16 and converted.layout == ttnn.ROW_MAJOR_LAYOUT
    assert torch.equal(ttnn.to_torch(converted), values.to(torch.bfloat16))


def test_same_layout_returns_the_same_tensor():
    t = ttnn.from_torch(torch.randn(4, 4), layout=ttnn.TILE_LAYOUT)
    assert ttnn.to_layout(t, ttnn.TILE_LAYOUT).buffer_address() == t.buffer_address()


def test_large_tensor_round_trip(device):
    values = torch.randn(8, 512, 1023)
    t = ttnn.from_torch(values, dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    assert torch.equal(ttnn.to_torch(t), values.to(torch.bfloat16))
