#include "ops/data_movement_views.hpp"

#include <algorithm>
#include <cstring>

#include "ops/op_common.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {

Tensor element_image(const Tensor& tensor) {
    return is_block_float(tensor.dtype()) ? as_float32(tensor) : tensor;
}

Tensor finish(const Tensor& image, DataType dtype, const std::optional<MemoryConfig>& memory_config) {
    return image.dtype() == dtype ? image : typecast(image, dtype, memory_config);
}

int normalize_dim(const char* op, int64_t dim, int rank) {
    const int64_t bound = rank == 0 ? 1 : rank;
    TTNN_CHECK(dim >= -bound && dim < bound,
               INDEX,
               "ttnn.",
               op,
               ": dim out of range; expected a value in [",
               -bound,
               ", ",
               bound - 1,
               "], got ",
               dim);
    return static_cast<int>(dim < 0 ? dim + bound : dim);
}

std::vector<uint64_t> extents_of(const Shape& shape) {
    return {shape.dims().begin(), shape.dims().end()};
}

kernels::CopyBox full_box(const Shape& shape, const TensorSpec& src, const TensorSpec& dst) {
    return {extents_of(shape), kernels::storage_strides(src), kernels::storage_strides(dst)};
}

// Only the TILE padding is zeroed: the op writes every logical element, and clearing the whole buffer first
// would double the bytes written (a permute to [.., 12, 64] pads 12 rows to 32).
Tensor image_output(const char* op,
                    const Tensor& image,
                    const Shape& shape,
                    const std::optional<MemoryConfig>& memory_config) {
    const TensorSpec spec =
        make_spec(op, shape, image.dtype(), image.layout(), memory_config.value_or(image.memory_config()));
    if (spec.layout != Layout::TILE || is_block_float(spec.dtype) || spec.logical_shape == spec.padded_shape ||
        spec.storage_bytes() == 0)
        return allocate_output(op, image, shape, image.dtype(), image.layout(), memory_config);
    Tensor out = allocate_uninitialised(image, spec);
    zero_tile_padding(out);
    return out;
}

void copy_box(
    const Tensor& src, const Tensor& dst, const kernels::CopyBox& box, int64_t src_offset, int64_t dst_offset) {
    const size_t bytes = info(src.dtype()).element_bytes;
    TTNN_ASSERT(bytes == info(dst.dtype()).element_bytes, src.to_string(), " to ", dst.to_string());
    const auto eb = static_cast<int64_t>(bytes);
    kernels::copy_strided(
        src.data<std::byte>() + src_offset * eb, dst.data<std::byte>() + dst_offset * eb, bytes, box, pool_for(dst));
}

}  // namespace ttnn::ops
