#pragma once
// TT's block-float tiles (bfloat8_b, bfloat4_b), as tt-metal packs them for Wormhole:
// a 32x32 tile is four 16x16 faces (top-left, top-right, bottom-left, bottom-right). Each 16-value face row
// shares one 8-bit exponent: the largest raw float32 exponent in the row. The tile holds 64 exponent bytes
// (face 0 rows 0..15, then faces 1..3), then each face's values in row-major order as sign + magnitude
// (bfloat8_b: 1+7 bits per byte; bfloat4_b: 1+3 bits, two per byte, the first in the low nibble).
// The magnitude keeps the hidden bit explicitly; values smaller than the row's maximum are shifted right,
// then rounded to nearest even (saturating at the largest magnitude).
#include <cstddef>
#include <cstdint>

#include "ttnn/dtype.hpp"
#include "ttnn/layout.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn::detail {

uint8_t block_float_encode(uint32_t float_bits, uint32_t shared_exponent, int mantissa_bits);
float block_float_decode(uint8_t packed, uint32_t shared_exponent, int mantissa_bits);

// One tile from/to 32 rows of 32 floats whose rows are `row_stride` floats apart.
void pack_block_float_tile(DataType dtype, const float* rows, size_t row_stride, uint8_t* tile);
void unpack_block_float_tile(DataType dtype, const uint8_t* tile, float* rows, size_t row_stride);

// Whole tensors: padded float32 rows (geometry.outer slices of height x width) <-> consecutive tiles.
void pack_block_float(
    DataType dtype, const float* padded, const TileGeometry& geometry, uint8_t* tiles, ThreadPool& pool);
void unpack_block_float(
    DataType dtype, const uint8_t* tiles, const TileGeometry& geometry, float* padded, ThreadPool& pool);

}  // namespace ttnn::detail
