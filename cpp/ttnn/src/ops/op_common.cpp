#include "ops/op_common.hpp"

#include <algorithm>
#include <cstring>

namespace ttnn::ops {

Tensor allocate_uninitialised(const Tensor& like, const TensorSpec& spec) {
    return Tensor(spec,
                  like.device() != nullptr ? Buffer::allocate_device(like.device(), spec)
                                           : Buffer::allocate_host(spec.storage_bytes()));
}

Tensor allocate_output(const char* op,
                       const Tensor& like,
                       const Shape& shape,
                       DataType dtype,
                       Layout layout,
                       const std::optional<MemoryConfig>& memory_config) {
    const MemoryConfig config = memory_config.value_or(like.memory_config());
    const TensorSpec spec = make_spec(op, shape, dtype, layout, config);
    Tensor output = allocate_uninitialised(like, spec);
    if (layout == Layout::TILE && spec.storage_bytes() > 0 && !(spec.logical_shape == spec.padded_shape)) {
        std::memset(output.buffer()->data(), 0, spec.storage_bytes());
    }
    return output;
}

void zero_tile_padding(Tensor& tensor) {
    const TensorSpec& spec = tensor.spec();
    if (spec.layout != Layout::TILE || spec.logical_shape == spec.padded_shape || is_block_float(spec.dtype) ||
        spec.storage_bytes() == 0)
        return;
    const Shape& padded = spec.padded_shape;
    const Shape& logical = spec.logical_shape;
    const uint64_t height = logical.rank() >= 2 ? logical[-2] : 1;
    const uint64_t width = logical.rank() >= 1 ? logical[-1] : 1;
    const uint64_t padded_height = padded[-2], padded_width = padded[-1];
    const size_t eb = info(spec.dtype).element_bytes;
    const size_t plane = padded_height * padded_width * eb, row = padded_width * eb;
    const size_t tail = (padded_width - width) * eb;
    std::byte* base = tensor.buffer()->data();
    const uint64_t planes = padded.volume() / (padded_height * padded_width);
    pool_for(tensor).parallel_for(planes, std::max<size_t>(1, 65536 / plane), [&](size_t begin, size_t end) {
        for (size_t p = begin; p < end; ++p) {
            std::byte* at = base + p * plane;
            for (uint64_t r = 0; tail != 0 && r < height; ++r)
                std::memset(at + r * row + width * eb, 0, tail);
            std::memset(at + height * row, 0, plane - height * row);
        }
    });
}

Tensor as_float32(const Tensor& tensor) {
    return tensor.dtype() == DataType::FLOAT32 ? tensor : typecast(tensor, DataType::FLOAT32);
}

}  // namespace ttnn::ops
