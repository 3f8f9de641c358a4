"""Data-movement kernels under both kernel sets: the blocked transpose (8x8 AVX2 blocks or the portable
loop) at sizes around the block edges, for every element size; and the views squeeze/unsqueeze share.
To add a case, append a shape to TRANSPOSE_SHAPES."""

import pytest
import torch
import ttnn

torch.manual_seed(0)
TRANSPOSE_SHAPES = [(7, 9), (8, 8), (33, 65), (3, 64, 128), (2, 5, 40, 17)]
DTYPES = [(ttnn.bfloat16, torch.float32), (ttnn.float32, torch.float32), (ttnn.uint8, torch.uint8)]


@pytest.mark.parametrize("layout", [ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT], ids=["rm", "tile"])
@pytest.mark.parametrize("dtype, torch_dtype", DTYPES, ids=["bf16", "fp32", "uint8"])
@pytest.mark.parametrize("shape", TRANSPOSE_SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_transpose_last_two(shape, dtype, torch_dtype, layout, isa, device):
    x = torch.randint(0, 250, shape).to(torch_dtype)
    t = ttnn.from_torch(x, dtype=dtype, layout=layout, device=device)
    out = ttnn.transpose(t, -2, -1)
    assert torch.equal(ttnn.to_torch(out).to(torch_dtype), x.transpose(-2, -1))
    if layout == ttnn.TILE_LAYOUT and dtype == ttnn.bfloat16:
        # Padding stays zero: back to ROW_MAJOR and TILE again must not see anything but the values.
        assert torch.equal(ttnn.to_torch(ttnn.to_layout(out, ttnn.ROW_MAJOR_LAYOUT)).float(), x.transpose(-2, -1))
    ttnn.deallocate(out)
    ttnn.deallocate(t)


def test_squeeze_and_unsqueeze_share_the_buffer(device):
    t = ttnn.from_torch(torch.randn(1, 33, 7), dtype=ttnn.bfloat16, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)
    before = device.memory_stats()["DRAM"]["in_use"]
    views = [ttnn.squeeze(t, 0), ttnn.unsqueeze(t, 2), ttnn.squeeze(t)]
    assert device.memory_stats()["DRAM"]["in_use"] == before, "a view must not allocate"
    assert [tuple(v.shape) for v in views] == [(33, 7), (1, 33, 1, 7), (33, 7)]
    ttnn.deallocate(t)


def test_split_into_one_piece_is_the_input(device):
    t = ttnn.from_torch(torch.randn(4, 5), dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    before = device.memory_stats()["DRAM"]["in_use"]
    (piece,) = ttnn.split(t, 4, 0)
    assert device.memory_stats()["DRAM"]["in_use"] == before
    assert torch.equal(ttnn.to_torch(piece), ttnn.to_torch(t))
    ttnn.deallocate(t)


HEAD_SHAPES = [(8, 128, 12, 64), (2, 45, 7, 33), (3, 20, 5, 64), (1, 17, 16, 8)]


def _padding_is_zero(t) -> bool:
    """Every stored element outside the logical [H, W] of each padded plane is zero."""
    stored = torch.frombuffer(bytearray(t._storage()), dtype=torch.int16).reshape(tuple(t.padded_shape))
    h, w = t.shape[-2], t.shape[-1]
    return not stored[..., h:, :].any() and not stored[..., :h, w:].any()


@pytest.mark.parametrize("layout", [ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT], ids=["rm", "tile"])
@pytest.mark.parametrize("dims", [(0, 2, 1, 3), (2, 0, 1, 3), (1, 2, 0, 3)], ids=lambda d: "".join(map(str, d)))
@pytest.mark.parametrize("shape", HEAD_SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_head_permutes_walk_runs_in_bands(shape, dims, layout, isa, device):
    """A permute that keeps the last dim copies whole runs; with the source rows far apart it walks bands of
    rows (copy_runs_blocked), ragged bands included. TILE outputs keep zero padding."""
    x = torch.randn(shape).bfloat16()
    t = ttnn.from_torch(x, dtype=ttnn.bfloat16, layout=layout, device=device)
    out = ttnn.permute(t, list(dims))
    assert torch.equal(ttnn.to_torch(out), x.permute(*dims))
    if layout == ttnn.TILE_LAYOUT:
        assert _padding_is_zero(out)
    ttnn.deallocate(out)
    ttnn.deallocate(t)
