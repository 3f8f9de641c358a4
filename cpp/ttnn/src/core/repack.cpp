#include "core/repack.hpp"

#include <cstring>
#include <vector>

#include "core/block_float.hpp"
#include "core/element_convert.hpp"
#include "ttnn/error.hpp"

namespace ttnn::detail {
namespace {

// Logical rows of a tensor and where each lives in a given storage; the last dim is a row.
struct RowMap {
    uint64_t rows;        // logical rows: volume / width
    uint32_t width;       // logical last dim
    uint32_t height;      // logical second-to-last dim (1 for rank < 2)
    uint64_t row_stride;  // elements between consecutive rows of one slice in storage
    uint64_t slice_rows;  // storage rows per slice (padded height for TILE)

    uint64_t offset(uint64_t row) const {
        const uint64_t slice = row / height;
        return (slice * slice_rows + row % height) * row_stride;
    }
};

RowMap row_map(const TensorSpec& spec) {
    const Shape& logical = spec.logical_shape;
    const uint32_t width = logical.rank() == 0 ? 1 : logical[-1];
    const uint32_t height = logical.rank() < 2 ? 1 : logical[-2];
    const uint64_t rows = width == 0 ? 0 : logical.volume() / width;
    if (spec.layout == Layout::ROW_MAJOR) {
        return {rows, width, std::max<uint32_t>(height, 1), width, std::max<uint32_t>(height, 1)};
    }
    return {rows, width, std::max<uint32_t>(height, 1), spec.padded_shape[-1], spec.padded_shape[-2]};
}

// Converts logical rows between two non-block storages and zero-fills the destination's padding.
void repack_rows(
    const TensorSpec& src_spec, const std::byte* src, const TensorSpec& dst_spec, std::byte* dst, ThreadPool& pool) {
    const RowMap in = row_map(src_spec);
    const RowMap out = row_map(dst_spec);
    const size_t in_bytes = info(src_spec.dtype).element_bytes;
    const size_t out_bytes = info(dst_spec.dtype).element_bytes;
    if (dst_spec.layout == Layout::TILE && dst_spec.storage_bytes() > 0) {
        // Zero the whole destination first: padding rows and columns must read as 0 (TT-NN's tilize pad value).
        std::memset(dst, 0, dst_spec.storage_bytes());
    }
    const size_t grain = std::max<size_t>(1, 16384 / std::max<uint32_t>(in.width, 1));
    pool.parallel_for(in.rows, grain, [&](size_t begin, size_t end) {
        for (size_t row = begin; row < end; ++row) {
            convert_elements(src + in.offset(row) * in_bytes,
                             src_spec.dtype,
                             dst + out.offset(row) * out_bytes,
                             dst_spec.dtype,
                             in.width);
        }
    });
}

TensorSpec as_float32(const TensorSpec& spec) {
    TensorSpec f32 = spec;
    f32.dtype = DataType::FLOAT32;
    return f32;
}

}  // namespace

void repack(
    const TensorSpec& src_spec, const std::byte* src, const TensorSpec& dst_spec, std::byte* dst, ThreadPool& pool) {
    TTNN_ASSERT(src_spec.logical_shape == dst_spec.logical_shape,
                "repack ",
                src_spec.to_string(),
                " to ",
                dst_spec.to_string());
    const bool same_storage = src_spec.dtype == dst_spec.dtype && src_spec.layout == dst_spec.layout;
    if (same_storage) {
        const uint64_t bytes = src_spec.storage_bytes();
        pool.parallel_for(
            bytes, 1 << 17, [&](size_t begin, size_t end) { std::memcpy(dst + begin, src + begin, end - begin); });
        return;
    }
    if (is_block_float(src_spec.dtype)) {
        const TensorSpec image = as_float32(src_spec);
        std::vector<float> floats(image.padded_shape.volume());
        unpack_block_float(src_spec.dtype,
                           reinterpret_cast<const uint8_t*>(src),
                           tile_geometry(image.padded_shape),
                           floats.data(),
                           pool);
        repack(image, reinterpret_cast<const std::byte*>(floats.data()), dst_spec, dst, pool);
        return;
    }
    if (is_block_float(dst_spec.dtype)) {
        const TensorSpec image = as_float32(dst_spec);
        std::vector<float> floats(image.padded_shape.volume());
        repack(src_spec, src, image, reinterpret_cast<std::byte*>(floats.data()), pool);
        pack_block_float(
            dst_spec.dtype, floats.data(), tile_geometry(image.padded_shape), reinterpret_cast<uint8_t*>(dst), pool);
        return;
    }
    if (src_spec.layout == dst_spec.layout) {
        // Only the dtype changes: both storages hold the same padded elements in the same order (padding zero
        // converts to zero), so one flat pass does it. Row by row, a [.., 24, 24] tile tensor paid per 24 values.
        const uint64_t count = src_spec.padded_shape.volume();
        const size_t in_bytes = info(src_spec.dtype).element_bytes;
        const size_t out_bytes = info(dst_spec.dtype).element_bytes;
        pool.parallel_for(count, 1 << 15, [&](size_t begin, size_t end) {
            convert_elements(
                src + begin * in_bytes, src_spec.dtype, dst + begin * out_bytes, dst_spec.dtype, end - begin);
        });
        return;
    }
    repack_rows(src_spec, src, dst_spec, dst, pool);
}

}  // namespace ttnn::detail
