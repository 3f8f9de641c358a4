#include "ops/op_common.hpp"

#include <cstring>

namespace ttnn::ops {

Tensor allocate_output(const char* op,
                       const Tensor& like,
                       const Shape& shape,
                       DataType dtype,
                       Layout layout,
                       const std::optional<MemoryConfig>& memory_config) {
    const MemoryConfig config = memory_config.value_or(like.memory_config());
    const TensorSpec spec = make_spec(op, shape, dtype, layout, config);
    std::shared_ptr<Buffer> buffer = like.device() != nullptr ? Buffer::allocate_device(like.device(), spec)
                                                              : Buffer::allocate_host(spec.storage_bytes());
    if (layout == Layout::TILE && spec.storage_bytes() > 0 && !(spec.logical_shape == spec.padded_shape)) {
        std::memset(buffer->data(), 0, spec.storage_bytes());
    }
    return Tensor(spec, std::move(buffer));
}

void zero_tile_padding(Tensor& tensor) {
    const TensorSpec& spec = tensor.spec();
    if (spec.layout != Layout::TILE || spec.logical_shape == spec.padded_shape || is_block_float(spec.dtype))
        return;
    const TileGeometry g = tile_geometry(spec.padded_shape);
    const Shape& logical = spec.logical_shape;
    const uint64_t height = logical.rank() >= 2 ? logical[-2] : 1;
    const uint64_t width = logical.rank() >= 1 ? logical[-1] : 1;
    const size_t bytes = info(spec.dtype).element_bytes;
    std::byte* data = tensor.buffer()->data();
    for (uint64_t slice = 0; slice < g.outer; ++slice) {
        std::byte* base = data + slice * g.height * g.width * bytes;
        for (uint64_t row = 0; row < height && width < g.width; ++row)
            std::memset(base + (row * g.width + width) * bytes, 0, (g.width - width) * bytes);
        std::memset(base + height * g.width * bytes, 0, (g.height - height) * g.width * bytes);
    }
}

Tensor as_float32(const Tensor& tensor) {
    return tensor.dtype() == DataType::FLOAT32 ? tensor : typecast(tensor, DataType::FLOAT32);
}

}  // namespace ttnn::ops
