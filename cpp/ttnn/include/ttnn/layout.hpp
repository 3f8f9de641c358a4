#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ttnn/dtype.hpp"
#include "ttnn/shape.hpp"

namespace ttnn {

enum class Layout : uint8_t { ROW_MAJOR, TILE };

inline constexpr uint32_t TILE_HEIGHT = 32;
inline constexpr uint32_t TILE_WIDTH = 32;
inline constexpr uint32_t FACE_HEIGHT = 16;
inline constexpr uint32_t FACE_WIDTH = 16;
inline constexpr uint32_t TILE_HW = TILE_HEIGHT * TILE_WIDTH;

std::string_view name(Layout layout);

// TT-NN's padded shape: TILE rounds the last two dims up to multiples of 32; a rank-0 or rank-1 tensor
// becomes a [32, round_up(W, 32)] tile row (TT-NN's rule for rank 1). ROW_MAJOR is unpadded.
Shape padded_shape(const Shape& logical, Layout layout);

inline constexpr uint64_t round_up(uint64_t value, uint64_t multiple) {
    return (value + multiple - 1) / multiple * multiple;
}

// Geometry of a padded TILE tensor: `outer` 2D slices of `height` x `width` (both multiples of 32).
struct TileGeometry {
    uint64_t outer;
    uint32_t height;
    uint32_t width;
    uint64_t tile_count() const { return outer * (height / TILE_HEIGHT) * (width / TILE_WIDTH); }
};
TileGeometry tile_geometry(const Shape& padded);

}  // namespace ttnn
