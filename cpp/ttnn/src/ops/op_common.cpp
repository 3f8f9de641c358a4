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

Tensor as_float32(const Tensor& tensor) {
    return tensor.dtype() == DataType::FLOAT32 ? tensor : typecast(tensor, DataType::FLOAT32);
}

}  // namespace ttnn::ops
