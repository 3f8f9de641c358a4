// TT block-float tiles (bfloat8_b, bfloat4_b): the packer is compared byte for byte with the independent reference
// in block_float_reference.hpp, and the decoder with its exact ldexp decode.
// To add a case: add a value kind to random_value() (it feeds every random tile), or a row to kEncodeCases for a
// single value whose code you have worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "block_float_reference.hpp"
#include "core/block_float.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/layout.hpp"
#include "ttnn/thread_pool.hpp"

namespace {

using block_float_reference::code_at;
using block_float_reference::face_row_of;
using block_float_reference::from_bits;
using block_float_reference::mantissa_bits;
using block_float_reference::reference_decode;
using block_float_reference::reference_encode;
using block_float_reference::reference_pack;
using block_float_reference::to_bits;
using ttnn::DataType;

// Mixed magnitudes, zeros of both signs, negatives, exact ties after alignment, and ties with truncated bits
// below them (which the shift-then-round rule treats as ties).
float random_value(std::mt19937& rng, uint32_t row_exponent, int bits) {
    std::uniform_int_distribution<uint32_t> kind(0, 7);
    std::uniform_int_distribution<uint32_t> mantissa(0, 0x7fffff);
    std::uniform_int_distribution<uint32_t> down(0, 12);
    const uint32_t sign = rng() & 0x80000000u;
    const int drop = 24 - bits;
    switch (kind(rng)) {
        case 0:
            return from_bits(sign);
        case 1:
        case 2: {
            // After aligning by d, the dropped bits are exactly a half: the bit at `half` set, the rest clear.
            // Kind 2 also sets bits below d, which the alignment truncates before rounding sees them.
            const uint32_t d = down(rng) % 4;
            const int half = drop - 1 + static_cast<int>(d);
            uint32_t significand = (0x800000u | mantissa(rng)) >> (half + 1) << (half + 1);
            significand |= 1u << half;
            if (d > 0 && (rng() & 1u) != 0) {
                significand |= (mantissa(rng) & ((1u << d) - 1)) | 1u;
            }
            return from_bits(sign | (row_exponent - d) << 23 | (significand & 0x7fffffu));
        }
        case 3:
            return from_bits(sign | row_exponent << 23 | 0x7fffffu);  // saturates
        case 4:
            return from_bits(sign | (row_exponent - 40) << 23 | mantissa(rng));  // shifted out entirely
        default:
            return from_bits(sign | (row_exponent - down(rng)) << 23 | mantissa(rng));
    }
}

// Rows of random values; the first value of each 16-value face row carries the row's exponent, so the ties
// built above are ties against the real shared exponent. Every seventh row (when asked) holds only subnormals
// and zeros, whose shared exponent is 0.
std::vector<float> random_rows(std::mt19937& rng, size_t rows, size_t width, int bits, bool subnormal_rows) {
    std::uniform_int_distribution<uint32_t> exponent(60, 190);
    std::uniform_int_distribution<uint32_t> mantissa(0, 0x7fffff);
    std::vector<float> values(rows * width);
    for (size_t r = 0; r < rows; ++r) {
        const uint32_t row_exponent = exponent(rng);
        for (size_t c = 0; c < width; ++c) {
            const uint32_t sign = rng() & 0x80000000u;
            float value = random_value(rng, row_exponent, bits);
            if (subnormal_rows && r % 7 == 3) {
                value = from_bits(sign | (c % 5 == 0 ? 0u : mantissa(rng)));
            } else if (c % 16 == 0) {
                value = from_bits(sign | row_exponent << 23 | mantissa(rng));
            }
            values[r * width + c] = value;
        }
    }
    return values;
}

struct EncodeCase {
    float value;
    uint32_t shared;
    int bits;
    uint8_t code;
    const char* why;
};

constexpr EncodeCase kEncodeCases[] = {
    {1.0f, 127, 7, 0x40, "1.0 at its own exponent: hidden bit at bit 6"},
    {-1.0f, 127, 7, 0xc0, "sign in bit 7"},
    {1.0f, 128, 7, 0x20, "one exponent below the row max"},
    {1.0f, 127, 3, 0x4, "bfloat4_b: hidden bit at bit 2"},
    {-1.0f, 127, 3, 0xc, "bfloat4_b sign in bit 3"},
    {1.9999999f, 127, 7, 0x7f, "rounds up past 127: saturates"},
    {-1.0f, 135, 7, 0x00, "negative rounding to 0 loses its sign"},
    {-1.0f, 134, 7, 0x00, "exact tie to 0 (even)"},
    {-1.5f, 134, 7, 0x81, "above the tie rounds to 1"},
    {1.0078125f, 127, 7, 0x40, "1 + 2^-7: tie, even stays"},
    {1.0234375f, 127, 7, 0x42, "1 + 3*2^-7: tie, odd rounds up"},
    {0.0f, 127, 7, 0x00, "+0"},
    {-0.0f, 127, 7, 0x00, "-0 encodes as +0"},
};

TEST(BlockFloat, EncodeMatchesHandWorkedCases) {
    for (const EncodeCase& c : kEncodeCases) {
        EXPECT_EQ(reference_encode(to_bits(c.value), c.shared, c.bits), c.code) << "reference: " << c.why;
        EXPECT_EQ(ttnn::detail::block_float_encode(to_bits(c.value), c.shared, c.bits), c.code) << c.why;
    }
}

TEST(BlockFloat, DecodeMatchesExactValueForEveryCode) {
    for (int bits : {7, 3}) {
        for (uint32_t shared : {0u, 1u, 2u, 5u, 6u, 7u, 100u, 127u, 200u, 254u}) {
            for (uint32_t code = 0; code < (2u << bits); ++code) {
                const float got = ttnn::detail::block_float_decode(static_cast<uint8_t>(code), shared, bits);
                const float expected = reference_decode(static_cast<uint8_t>(code), shared, bits);
                ASSERT_EQ(to_bits(got), to_bits(expected))
                    << "bits " << bits << " shared " << shared << " code " << code << ": " << got << " vs " << expected;
            }
        }
    }
}

class BlockFloatTile : public ::testing::TestWithParam<DataType> {};

TEST_P(BlockFloatTile, PackMatchesReferenceByteForByte) {
    const DataType dtype = GetParam();
    std::mt19937 rng(1234);
    for (int trial = 0; trial < 50; ++trial) {
        // A stride wider than the tile checks that the packer honours row_stride.
        const size_t stride = 40;
        const std::vector<float> rows = random_rows(rng, 32, stride, mantissa_bits(dtype), true);
        const std::vector<uint8_t> expected = reference_pack(dtype, rows.data(), stride);
        std::vector<uint8_t> tile(expected.size(), 0xa5);
        ttnn::detail::pack_block_float_tile(dtype, rows.data(), stride, tile.data());
        for (size_t b = 0; b < tile.size(); ++b) {
            ASSERT_EQ(tile[b], expected[b]) << "trial " << trial << " byte " << b << (b < 64 ? " (exponent)" : "");
        }
    }
}

TEST_P(BlockFloatTile, DecodeOfEncodeIsWithinHalfAStep) {
    const DataType dtype = GetParam();
    const int bits = mantissa_bits(dtype);
    std::mt19937 rng(99);
    const std::vector<float> rows = random_rows(rng, 32, 32, bits, false);
    std::vector<uint8_t> tile(ttnn::info(dtype).tile_bytes);
    ttnn::detail::pack_block_float_tile(dtype, rows.data(), 32, tile.data());
    std::vector<float> back(32 * 32, NAN);
    ttnn::detail::unpack_block_float_tile(dtype, tile.data(), back.data(), 32);
    for (uint32_t i = 0; i < 32; ++i) {
        for (uint32_t j = 0; j < 32; ++j) {
            const uint32_t shared = tile[face_row_of(i, j)];
            const double step = std::ldexp(1.0, static_cast<int>(shared) - 127 - (bits - 1));
            const double max_magnitude = step * ((1 << bits) - 1);
            const double x = rows[i * 32 + j];
            const double y = back[i * 32 + j];
            // Saturated values may be a whole step off; others half a step plus what the alignment truncated.
            const double bound = std::fabs(y) == max_magnitude ? step : step / 2 + std::ldexp(step, 1 - 24 + bits);
            ASSERT_LE(std::fabs(x - y), bound) << "element (" << i << ", " << j << "): " << x << " -> " << y;
            ASSERT_FALSE(std::signbit(y) && y == 0.0) << "a zero code must decode as +0";
        }
    }
}

// Several slices of several tiles each, through the thread pool: tile t of the output is the reference packing
// of tile t in row-major order over each slice's tile grid, and unpacking gives back the exact decoded values.
TEST_P(BlockFloatTile, MultiTilePackAndUnpack) {
    const DataType dtype = GetParam();
    const int bits = mantissa_bits(dtype);
    const ttnn::TileGeometry geometry{3, 64, 96};  // 3 slices of 2 x 3 tiles
    ASSERT_EQ(geometry.tile_count(), 18u);
    std::mt19937 rng(7);
    const std::vector<float> padded = random_rows(rng, geometry.outer * geometry.height, geometry.width, bits, true);
    const size_t tile_bytes = ttnn::info(dtype).tile_bytes;
    std::vector<uint8_t> tiles(geometry.tile_count() * tile_bytes, 0xa5);
    ttnn::ThreadPool pool(4);
    ttnn::detail::pack_block_float(dtype, padded.data(), geometry, tiles.data(), pool);

    std::vector<float> expected(padded.size(), NAN);
    size_t t = 0;
    for (uint64_t slice = 0; slice < geometry.outer; ++slice) {
        for (uint32_t tr = 0; tr < geometry.height / 32; ++tr) {
            for (uint32_t tc = 0; tc < geometry.width / 32; ++tc, ++t) {
                const size_t origin = (slice * geometry.height + tr * 32) * geometry.width + tc * 32;
                const std::vector<uint8_t> ref = reference_pack(dtype, padded.data() + origin, geometry.width);
                const auto first = tiles.begin() + static_cast<std::ptrdiff_t>(t * tile_bytes);
                ASSERT_EQ(std::vector<uint8_t>(first, first + static_cast<std::ptrdiff_t>(tile_bytes)), ref)
                    << "tile " << t << " (slice " << slice << ", tile row " << tr << ", tile col " << tc << ")";
                for (uint32_t i = 0; i < 32; ++i) {
                    for (uint32_t j = 0; j < 32; ++j) {
                        const uint32_t face_row = face_row_of(i, j);
                        const uint8_t code = code_at(ref, face_row * 16 + j % 16, bits);
                        expected[origin + i * geometry.width + j] = reference_decode(code, ref[face_row], bits);
                    }
                }
            }
        }
    }
    std::vector<float> back(padded.size(), NAN);  // NaN left anywhere means a position was never written
    ttnn::detail::unpack_block_float(dtype, tiles.data(), geometry, back.data(), pool);
    for (size_t i = 0; i < back.size(); ++i) {
        ASSERT_EQ(to_bits(back[i]), to_bits(expected[i]))
            << "element " << i << ": " << back[i] << " vs " << expected[i];
    }
}

// The TILE byte count of each block dtype is what TT-NN sizes pages by: 64 exponents + packed values.
TEST(BlockFloat, TileBytesMatchTheFormat) {
    EXPECT_EQ(ttnn::info(DataType::BFLOAT8_B).tile_bytes, 64u + 1024u);
    EXPECT_EQ(ttnn::info(DataType::BFLOAT4_B).tile_bytes, 64u + 512u);
    EXPECT_TRUE(ttnn::is_block_float(DataType::BFLOAT8_B));
    EXPECT_TRUE(ttnn::is_block_float(DataType::BFLOAT4_B));
    EXPECT_FALSE(ttnn::is_block_float(DataType::BFLOAT16));
}

INSTANTIATE_TEST_SUITE_P(Dtypes,
                         BlockFloatTile,
                         ::testing::Values(DataType::BFLOAT8_B, DataType::BFLOAT4_B),
                         [](const ::testing::TestParamInfo<DataType>& param) {
                             return std::string(ttnn::name(param.param));
                         });

}  // namespace
