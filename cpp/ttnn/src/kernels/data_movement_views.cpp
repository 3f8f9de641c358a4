#include "kernels/data_movement_views.hpp"

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

namespace {

// Zeroes the padding of a TILE tensor with element storage: per [Hp, Wp] plane, the columns past W of the
// logical rows and every row past H. The logical part is left for the op to write.
void zero_tile_padding(const Tensor& out) {
    const TensorSpec& spec = out.spec();
    const Shape& padded = spec.padded_shape;
    const Shape& logical = spec.logical_shape;
    const uint64_t height = logical.rank() >= 2 ? logical[-2] : 1, width = logical.rank() >= 1 ? logical[-1] : 1;
    const uint64_t padded_height = padded[-2], padded_width = padded[-1];
    const size_t eb = info(spec.dtype).element_bytes;
    const size_t plane = padded_height * padded_width * eb, row = padded_width * eb;
    const size_t tail = (padded_width - width) * eb;
    std::byte* base = out.data<std::byte>();
    const uint64_t planes = padded.volume() / (padded_height * padded_width);
    pool_for(out).parallel_for(planes, std::max<size_t>(1, 65536 / plane), [&](size_t begin, size_t end) {
        for (size_t p = begin; p < end; ++p) {
            std::byte* at = base + p * plane;
            for (uint64_t r = 0; tail != 0 && r < height; ++r)
                std::memset(at + r * row + width * eb, 0, tail);
            std::memset(at + height * row, 0, plane - height * row);
        }
    });
}

}  // namespace

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
    Tensor out(spec,
               image.device() != nullptr ? Buffer::allocate_device(image.device(), spec)
                                         : Buffer::allocate_host(spec.storage_bytes()));
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
