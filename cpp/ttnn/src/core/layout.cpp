#include "ttnn/layout.hpp"

namespace ttnn {

std::string_view name(Layout layout) {
    return layout == Layout::TILE ? "TILE" : "ROW_MAJOR";
}

Shape padded_shape(const Shape& logical, Layout layout) {
    if (layout == Layout::ROW_MAJOR) {
        return logical;
    }
    if (logical.rank() <= 1) {
        const uint32_t width = logical.rank() == 1 ? logical[0] : 1;
        return Shape{TILE_HEIGHT, static_cast<uint32_t>(round_up(width, TILE_WIDTH))};
    }
    Shape padded = logical;
    padded[-1] = static_cast<uint32_t>(round_up(padded[-1], TILE_WIDTH));
    padded[-2] = static_cast<uint32_t>(round_up(padded[-2], TILE_HEIGHT));
    return padded;
}

TileGeometry tile_geometry(const Shape& padded) {
    const uint32_t height = padded[-2];
    const uint32_t width = padded[-1];
    const uint64_t plane = static_cast<uint64_t>(height) * width;
    return {plane == 0 ? 0 : padded.volume() / plane, height, width};
}

}  // namespace ttnn
