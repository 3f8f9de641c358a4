"""bfloat16 conversion must be bit-identical to torch's fp32 -> bf16 cast on every class of float32.
To add a case, add bit patterns to SPECIAL_PATTERNS or a generator to `float_classes`."""

import pytest
import torch
import ttnn

SPECIAL_PATTERNS = [
    0x00000000,
    0x80000000,  # zeros
    0x00000001,
    0x807FFFFF,
    0x00400000,
    0x00008000,
    0x00018000,  # subnormals, incl. ties
    0x3F808000,
    0x3F818000,
    0x3F80C000,
    0x3F807FFF,  # ties to even (down and up) and near-ties
    0x7F7FFFFF,
    0xFF7FFFFF,
    0x7F7F8000,  # max finite: rounds to infinity
    0x7F800000,
    0xFF800000,  # infinities
    0x7FC00000,
    0xFFC00000,
    0x7F800001,
    0x7FFFFFFF,
    0xFF800001,  # quiet and signalling NaNs
]


def _floats_from_bits(bits):
    return torch.tensor(bits, dtype=torch.int64).to(torch.int32).view(torch.float32)


def float_classes():
    gen = torch.Generator().manual_seed(0)
    normals = torch.randn(4099, generator=gen) * torch.logspace(-30, 30, 4099)
    every_7919th = torch.arange(0, 2**32, 7919 * 64, dtype=torch.int64)
    return {
        "special": _floats_from_bits(SPECIAL_PATTERNS),
        "normals": normals,
        "bit_sweep": _floats_from_bits(every_7919th.tolist()),
    }


@pytest.mark.parametrize("name", ["special", "normals", "bit_sweep"])
@pytest.mark.parametrize("layout", [ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT], ids=["row_major", "tile"])
def test_bf16_matches_torch_bit_for_bit(name, layout, isa):
    values = float_classes()[name]
    ours = ttnn.to_torch(ttnn.from_torch(values, dtype=ttnn.bfloat16, layout=layout))
    expected = values.to(torch.bfloat16)
    assert ours.dtype == torch.bfloat16
    assert torch.equal(ours.view(torch.int16), expected.view(torch.int16))


@pytest.mark.parametrize("length", [1, 7, 8, 9, 33, 1000])
def test_bf16_vector_tail_lengths(length, isa):
    values = torch.randn(length) * 1e3
    ours = ttnn.to_torch(ttnn.from_torch(values, dtype=ttnn.bfloat16))
    assert torch.equal(ours.view(torch.int16), values.to(torch.bfloat16).view(torch.int16))


def test_bf16_to_f32_is_exact_for_every_pattern(isa):
    patterns = torch.arange(0, 2**16, dtype=torch.int32).to(torch.int16).view(torch.bfloat16)
    back = ttnn.to_torch(ttnn.typecast(ttnn.from_torch(patterns), ttnn.float32))
    expected = patterns.to(torch.float32)
    nan = expected.isnan()
    assert torch.equal(back.isnan(), nan)
    assert torch.equal(back[~nan].view(torch.int32), expected[~nan].view(torch.int32))


def test_scalar_and_avx2_agree_on_random_bits():
    if not ttnn.isa_available("avx2"):
        pytest.skip("no AVX2 on this CPU")
    bits = torch.randint(-(2**31), 2**31 - 1, (100_003,), dtype=torch.int64).to(torch.int32).view(torch.float32)
    results = {}
    previous = ttnn.get_isa()
    try:
        for isa in ("scalar", "avx2"):
            ttnn.set_isa(isa)
            results[isa] = ttnn.to_torch(ttnn.from_torch(bits, dtype=ttnn.bfloat16)).view(torch.int16)
    finally:
        ttnn.set_isa(previous)
    assert torch.equal(results["scalar"], results["avx2"])
