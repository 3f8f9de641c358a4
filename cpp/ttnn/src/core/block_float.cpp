#include "core/block_float.hpp"

#include <algorithm>
#include <cmath>

#include "ttnn/error.hpp"

namespace ttnn::detail {
namespace {

constexpr int kExponentBytes = 64;

struct TileCursor {
    uint64_t tiles_per_row;
    uint64_t tiles_per_slice;
    const TileGeometry& geometry;
    // Offset, in floats, of the tile's top-left element in the padded rows.
    uint64_t origin(uint64_t tile) const {
        const uint64_t slice = tile / tiles_per_slice;
        const uint64_t in_slice = tile % tiles_per_slice;
        const uint64_t row = in_slice / tiles_per_row * TILE_HEIGHT;
        const uint64_t col = in_slice % tiles_per_row * TILE_WIDTH;
        return (slice * geometry.height + row) * geometry.width + col;
    }
};

TileCursor cursor(const TileGeometry& geometry) {
    const uint64_t per_row = geometry.width / TILE_WIDTH;
    return {per_row, per_row * (geometry.height / TILE_HEIGHT), geometry};
}

}  // namespace

uint8_t block_float_encode(uint32_t float_bits, uint32_t shared_exponent, int mantissa_bits) {
    if ((float_bits & 0x7fffffffu) == 0) {
        return 0;
    }
    const uint32_t exponent = (float_bits >> 23) & 0xffu;
    uint32_t sign = float_bits >> 31;
    uint32_t mantissa = (float_bits & 0x7fffffu) | 0x800000u;  // 24 bits with the hidden one
    const uint32_t shift_down = shared_exponent - exponent;    // shared is the row max, so this is >= 0
    mantissa = shift_down >= 32 ? 0 : mantissa >> shift_down;
    const int drop = 24 - mantissa_bits;
    const uint32_t remainder = mantissa & ((1u << drop) - 1);
    const uint32_t tie = 1u << (drop - 1);
    mantissa >>= drop;
    if (remainder > tie || (remainder == tie && (mantissa & 1u) != 0)) {
        ++mantissa;
    }
    const uint32_t max_magnitude = (1u << mantissa_bits) - 1;
    mantissa = std::min(mantissa, max_magnitude);
    if (mantissa == 0) {
        sign = 0;
    }
    return static_cast<uint8_t>((sign << mantissa_bits) | mantissa);
}

float block_float_decode(uint8_t packed, uint32_t shared_exponent, int mantissa_bits) {
    const uint32_t max_magnitude = (1u << mantissa_bits) - 1;
    const uint32_t sign = (packed >> mantissa_bits) & 1u;
    uint32_t magnitude = packed & max_magnitude;
    if (magnitude == 0) {
        return sign != 0 ? -0.0f : 0.0f;
    }
    const uint32_t top_bit = 1u << (mantissa_bits - 1);
    uint32_t shift = 0;
    while ((magnitude & top_bit) == 0) {
        magnitude <<= 1;
        ++shift;
    }
    if (shift >= shared_exponent) {
        // The normalised exponent would leave float32's normal range: compute the (subnormal) value directly.
        const float value = std::ldexp(static_cast<float>(packed & max_magnitude),
                                       static_cast<int>(shared_exponent) - 127 - (mantissa_bits - 1));
        return sign != 0 ? -value : value;
    }
    const uint32_t exponent = shared_exponent - shift;
    const uint32_t fraction = ((magnitude << 1) & max_magnitude) << (23 - mantissa_bits);
    return __builtin_bit_cast(float, (sign << 31) | (exponent << 23) | fraction);
}

void pack_block_float_tile(DataType dtype, const float* rows, size_t row_stride, uint8_t* tile) {
    const int bits = info(dtype).block_mantissa_bits;
    TTNN_ASSERT(bits == 7 || bits == 3, "not a block float dtype");
    const bool nibbles = bits == 3;
    uint8_t* values = tile + kExponentBytes;
    if (nibbles) {
        std::fill(values, values + TILE_HW / 2, uint8_t{0});
    }
    for (uint32_t face = 0; face < 4; ++face) {
        const uint32_t face_row = face / 2 * FACE_HEIGHT;
        const uint32_t face_col = face % 2 * FACE_WIDTH;
        for (uint32_t r = 0; r < FACE_HEIGHT; ++r) {
            const float* row = rows + (face_row + r) * row_stride + face_col;
            uint32_t shared = 0;
            for (uint32_t c = 0; c < FACE_WIDTH; ++c) {
                shared = std::max(shared, (__builtin_bit_cast(uint32_t, row[c]) >> 23) & 0xffu);
            }
            tile[face * FACE_HEIGHT + r] = static_cast<uint8_t>(shared);
            const uint32_t first = face * FACE_HEIGHT * FACE_WIDTH + r * FACE_WIDTH;
            for (uint32_t c = 0; c < FACE_WIDTH; ++c) {
                const uint8_t code = block_float_encode(__builtin_bit_cast(uint32_t, row[c]), shared, bits);
                const uint32_t index = first + c;
                if (nibbles) {
                    values[index / 2] = static_cast<uint8_t>(values[index / 2] | (code << (index % 2 * 4)));
                } else {
                    values[index] = code;
                }
            }
        }
    }
}

void unpack_block_float_tile(DataType dtype, const uint8_t* tile, float* rows, size_t row_stride) {
    const int bits = info(dtype).block_mantissa_bits;
    TTNN_ASSERT(bits == 7 || bits == 3, "not a block float dtype");
    const uint8_t* values = tile + kExponentBytes;
    for (uint32_t face = 0; face < 4; ++face) {
        const uint32_t face_row = face / 2 * FACE_HEIGHT;
        const uint32_t face_col = face % 2 * FACE_WIDTH;
        for (uint32_t r = 0; r < FACE_HEIGHT; ++r) {
            float* row = rows + (face_row + r) * row_stride + face_col;
            const uint32_t shared = tile[face * FACE_HEIGHT + r];
            const uint32_t first = face * FACE_HEIGHT * FACE_WIDTH + r * FACE_WIDTH;
            for (uint32_t c = 0; c < FACE_WIDTH; ++c) {
                const uint32_t index = first + c;
                const uint8_t code =
                    bits == 3 ? static_cast<uint8_t>((values[index / 2] >> (index % 2 * 4)) & 0xf) : values[index];
                row[c] = block_float_decode(code, shared, bits);
            }
        }
    }
}

void pack_block_float(
    DataType dtype, const float* padded, const TileGeometry& geometry, uint8_t* tiles, ThreadPool& pool) {
    const TileCursor at = cursor(geometry);
    const size_t tile_bytes = info(dtype).tile_bytes;
    pool.parallel_for(geometry.tile_count(), 16, [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) {
            pack_block_float_tile(dtype, padded + at.origin(t), geometry.width, tiles + t * tile_bytes);
        }
    });
}

void unpack_block_float(
    DataType dtype, const uint8_t* tiles, const TileGeometry& geometry, float* padded, ThreadPool& pool) {
    const TileCursor at = cursor(geometry);
    const size_t tile_bytes = info(dtype).tile_bytes;
    pool.parallel_for(geometry.tile_count(), 16, [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) {
            unpack_block_float_tile(dtype, tiles + t * tile_bytes, padded + at.origin(t), geometry.width);
        }
    });
}

}  // namespace ttnn::detail
