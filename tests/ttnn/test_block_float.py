"""bfloat8_b / bfloat4_b against an independent reference of TT's block-float tile format, written here from
the format's definition (tt-metal's Wormhole packer):
- a 32x32 tile is four 16x16 faces: top-left, top-right, bottom-left, bottom-right;
- each 16-value face row shares one exponent, the largest raw float32 exponent in the row;
- a value's 24-bit significand (hidden one included) is shifted right by (shared - own exponent), dropping bits,
  then rounded half-to-even to the 7 (bfloat8_b) or 3 (bfloat4_b) magnitude bits, saturating; zero drops the sign;
- the tile stores the 64 exponents (face by face, row by row), then the sign+magnitude codes face by face,
  row-major; bfloat4_b puts two codes per byte, the first in the low nibble.
To add a case, add a tensor generator to CASES."""

from fractions import Fraction

import numpy as np
import pytest
import torch
import ttnn

MANTISSA_BITS = {"bfloat8_b": 7, "bfloat4_b": 3}


def _encode(bits: int, shared: int, mbits: int) -> int:
    if bits & 0x7FFFFFFF == 0:
        return 0
    significand = (bits & 0x7FFFFF) | 0x800000
    shifted = Fraction(significand // 2 ** (shared - ((bits >> 23) & 0xFF)))
    magnitude = min(round(shifted / 2 ** (24 - mbits)), 2**mbits - 1)  # round() on a Fraction is half-to-even
    sign = (bits >> 31) if magnitude else 0
    return (sign << mbits) | magnitude


def _decode(code: int, shared: int, mbits: int) -> float:
    magnitude = code & (2**mbits - 1)
    value = magnitude * 2.0 ** (shared - 127 - (mbits - 1))
    return -value if code >> mbits else value


def reference_tile(tile: np.ndarray, mbits: int) -> tuple[bytes, np.ndarray]:
    """Packed bytes and decoded values of one 32x32 float32 tile."""
    bits = tile.astype(np.float32).view(np.uint32)
    exponents, codes = [], []
    decoded = np.zeros((32, 32), dtype=np.float32)
    for face in range(4):
        r0, c0 = face // 2 * 16, face % 2 * 16
        for r in range(16):
            row = [int(b) for b in bits[r0 + r, c0 : c0 + 16]]
            shared = max((b >> 23) & 0xFF for b in row)
            exponents.append(shared)
            for c, b in enumerate(row):
                code = _encode(b, shared, mbits)
                codes.append(code)
                decoded[r0 + r, c0 + c] = _decode(code, shared, mbits)
    # bfloat4_b packs two 4-bit codes per byte, low nibble first; bfloat8_b one code per byte.
    pairs = (codes[i] | (codes[i + 1] << 4) for i in range(0, len(codes), 2))
    payload = bytes(pairs) if mbits == 3 else bytes(codes)
    return bytes(exponents) + payload, decoded


def reference(values: torch.Tensor, mbits: int) -> tuple[bytes, torch.Tensor]:
    """Packs a tensor tile by tile (row-major over each 2D slice's tile grid) after zero padding."""
    x = values.reshape(1, -1) if values.dim() < 2 else values
    h, w = x.shape[-2], x.shape[-1]
    hp, wp = -(-h // 32) * 32 if values.dim() >= 2 else 32, -(-w // 32) * 32
    padded = torch.zeros(*x.shape[:-2], hp, wp)
    padded[..., :h, :w] = x
    slices = padded.reshape(-1, hp, wp).numpy()
    packed, decoded = bytearray(), np.zeros_like(slices)
    for s, plane in enumerate(slices):
        for tr in range(hp // 32):
            for tc in range(wp // 32):
                tile_bytes, tile_values = reference_tile(plane[tr * 32 : tr * 32 + 32, tc * 32 : tc * 32 + 32], mbits)
                packed += tile_bytes
                decoded[s, tr * 32 : tr * 32 + 32, tc * 32 : tc * 32 + 32] = tile_values
    out = torch.from_numpy(decoded).reshape(*x.shape[:-2], hp, wp)[..., :h, :w]
    return bytes(packed), out.reshape(values.shape)


def _mixed_rows(shape):
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(shape, generator=gen)
    scales = torch.logspace(-8, 8, shape[-2]).unsqueeze(-1)  # each row its own magnitude
    return x * scales


def _ties(shape):
    # Values exactly halfway between two representable magnitudes, next to a row maximum of 1.0.
    x = torch.zeros(shape)
    x[..., 0] = 1.0
    x[..., 1:] = (torch.arange(shape[-1] - 1) % 8 + 0.5) / 64
    x[..., 2] = -x[..., 2]
    return x


CASES = {
    "one_tile_mixed": lambda: _mixed_rows((32, 32)),
    "odd_45x65": lambda: _mixed_rows((45, 65)),
    "batched_3x33x7": lambda: _mixed_rows((3, 33, 7)),
    "rank1_100": lambda: torch.randn(100, generator=torch.Generator().manual_seed(2)),
    "ties": lambda: _ties((32, 32)),
    "zeros_and_negatives": lambda: torch.tensor([[0.0, -0.0, -1.0, 3.0] * 8] * 32),
    "large_and_tiny": lambda: torch.tensor([[3.0e38, -1e-30, 1e-38, 2.0] * 8] * 32),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("dtype_name", list(MANTISSA_BITS))
def test_packing_matches_reference(case, dtype_name, device):
    values = CASES[case]()
    dtype = getattr(ttnn, dtype_name)
    expected_bytes, expected_values = reference(values, MANTISSA_BITS[dtype_name])
    on_device = ttnn.from_torch(values, dtype=dtype, layout=ttnn.TILE_LAYOUT, device=device)
    assert on_device.dtype == dtype
    assert on_device._storage() == expected_bytes
    back = ttnn.to_torch(on_device)
    assert back.dtype == torch.float32
    assert torch.equal(back, expected_values)


@pytest.mark.parametrize("dtype_name,bound", [("bfloat8_b", 2**-6), ("bfloat4_b", 2**-2)])
def test_round_trip_error_is_bounded_by_the_row_maximum(dtype_name, bound):
    values = _mixed_rows((64, 64))
    back = ttnn.to_torch(ttnn.from_torch(values, dtype=getattr(ttnn, dtype_name), layout=ttnn.TILE_LAYOUT))
    row_max = values.reshape(64, 4, 16).abs().amax(-1, keepdim=True).expand(64, 4, 16).reshape(64, 64)
    assert ((back - values).abs() <= bound * row_max).all()


def test_tile_sizes_match_tt():
    x = torch.randn(64, 96)
    assert ttnn.from_torch(x, dtype=ttnn.bfloat8_b, layout=ttnn.TILE_LAYOUT).storage_bytes() == 6 * 1088
    assert ttnn.from_torch(x, dtype=ttnn.bfloat4_b, layout=ttnn.TILE_LAYOUT).storage_bytes() == 6 * 576


@pytest.mark.parametrize("dtype", [ttnn.bfloat8_b, ttnn.bfloat4_b])
def test_block_floats_need_tile_layout(dtype):
    with pytest.raises(ValueError, match=r"from_torch: bfloat[48]_b exists only in TILE layout"):
        ttnn.from_torch(torch.ones(4, 4), dtype=dtype)
    tiled = ttnn.from_torch(torch.ones(4, 4), dtype=dtype, layout=ttnn.TILE_LAYOUT)
    with pytest.raises(ValueError, match=r"to_layout: bfloat[48]_b exists only in TILE layout"):
        ttnn.to_layout(tiled, ttnn.ROW_MAJOR_LAYOUT)
