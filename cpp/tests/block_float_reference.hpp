#pragma once
// An independent reference of TT's block-float tiles (bfloat8_b, bfloat4_b), written from the format description
// in core/block_float.hpp and kept apart from the library so tests compare two implementations:
// - per 16-value face row, the shared exponent is the largest raw float32 exponent;
// - each value keeps its 24-bit significand (hidden bit explicit), truncated by (shared - own exponent), then
//   rounded to nearest even to 7 or 3 bits, saturating; the sign is cleared when the magnitude is 0;
// - a tile is 64 exponent bytes, then faces TL, TR, BL, BR, rows within a face row-major; bfloat4_b packs two
//   values per byte, the first in the low nibble.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ttnn/dtype.hpp"

namespace block_float_reference {

using ttnn::DataType;

inline uint32_t to_bits(float value) {
    return __builtin_bit_cast(uint32_t, value);
}
inline float from_bits(uint32_t bits) {
    return __builtin_bit_cast(float, bits);
}
inline int mantissa_bits(DataType dtype) {
    return dtype == DataType::BFLOAT8_B ? 7 : 3;
}
// Element (i, j) of a tile sits in face (i / 16, j / 16); its face row indexes the exponent bytes, and its slot
// (face row * 16 + column in face) indexes the packed values.
inline uint32_t face_row_of(uint32_t i, uint32_t j) {
    return (i / 16 * 2 + j / 16) * 16 + i % 16;
}
inline uint8_t code_at(const std::vector<uint8_t>& tile, uint32_t slot, int bits) {
    return static_cast<uint8_t>(bits == 7 ? tile[64 + slot] : tile[64 + slot / 2] >> (slot % 2 * 4) & 0xf);
}

// One value: 24-bit significand with the hidden bit, truncated by the distance to the shared exponent, then
// rounded to `bits` bits by the FPU (nearbyint in the default round-to-nearest-even mode), saturating.
inline uint8_t reference_encode(uint32_t f32, uint32_t shared, int bits) {
    if ((f32 & 0x7fffffffu) == 0) {
        return 0;
    }
    const uint32_t exponent = (f32 >> 23) & 0xffu;
    const uint64_t significand = 0x800000u | (f32 & 0x7fffffu);
    const uint32_t distance = shared - exponent;
    const uint64_t aligned = distance >= 32 ? 0 : significand >> distance;
    const double rounded = std::nearbyint(std::ldexp(static_cast<double>(aligned), bits - 24));
    const auto magnitude = static_cast<uint32_t>(std::fmin(rounded, std::ldexp(1.0, bits) - 1));
    const uint32_t sign = magnitude == 0 ? 0 : f32 >> 31;
    return static_cast<uint8_t>(sign << bits | magnitude);
}

// Exact value of a code: magnitude * 2^(shared - bias - (bits - 1)).
inline float reference_decode(uint8_t code, uint32_t shared, int bits) {
    const uint32_t magnitude = code & ((1u << bits) - 1);
    const double value = std::ldexp(static_cast<double>(magnitude), static_cast<int>(shared) - 127 - (bits - 1));
    return static_cast<float>((code >> bits & 1u) != 0 ? -value : value);
}

// Packs the 32x32 tile whose top-left is rows[0] by walking tile coordinates, not faces.
inline std::vector<uint8_t> reference_pack(DataType dtype, const float* rows, size_t stride) {
    const int bits = mantissa_bits(dtype);
    std::vector<uint8_t> tile(ttnn::info(dtype).tile_bytes, 0);
    uint32_t shared[64] = {};
    for (uint32_t i = 0; i < 32; ++i) {
        for (uint32_t j = 0; j < 32; ++j) {
            const uint32_t face_row = face_row_of(i, j);
            shared[face_row] = std::max(shared[face_row], to_bits(rows[i * stride + j]) << 1 >> 24);
        }
    }
    for (uint32_t i = 0; i < 32; ++i) {
        for (uint32_t j = 0; j < 32; ++j) {
            const uint32_t face_row = face_row_of(i, j);
            const uint32_t slot = face_row * 16 + j % 16;
            const uint8_t code = reference_encode(to_bits(rows[i * stride + j]), shared[face_row], bits);
            if (bits == 7) {
                tile[64 + slot] = code;
            } else {
                tile[64 + slot / 2] = static_cast<uint8_t>(tile[64 + slot / 2] | code << (slot % 2 == 0 ? 0 : 4));
            }
        }
    }
    for (uint32_t r = 0; r < 64; ++r) {
        tile[r] = static_cast<uint8_t>(shared[r]);
    }
    return tile;
}

}  // namespace block_float_reference
