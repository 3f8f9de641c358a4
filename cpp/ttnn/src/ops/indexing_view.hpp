#pragma once
// Element addressing shared by the indexing and backward ops. Those ops move or combine single elements at
// computed positions, so they address storage through strides rather than through a packed copy:
// ROW_MAJOR is C-contiguous over the logical shape, TILE (non-block dtypes) over the padded shape, so one
// stride vector per tensor covers both layouts and no layout conversion is needed.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "ttnn/dtype.hpp"
#include "ttnn/tensor.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn::ops {

struct TensorView {
    std::byte* data = nullptr;
    DataType dtype = DataType::FLOAT32;
    size_t element_bytes = 4;
    std::vector<int64_t> shape;    // logical; a rank-0 tensor is viewed as [1]
    std::vector<int64_t> strides;  // in elements, over the stored (padded for TILE) shape
    bool dense = false;            // strides are C-contiguous over `shape`: offset_of(i) is i

    int rank() const { return static_cast<int>(shape.size()); }
    int64_t numel() const;
    int64_t last() const { return shape.back(); }
    // Storage offset, in elements, of the element at C-order logical position `linear`.
    int64_t offset_of(int64_t linear) const;
    std::byte* at(int64_t offset) const { return data + offset * static_cast<int64_t>(element_bytes); }
};

// Views a tensor (any non-block dtype, either layout).
TensorView view_of(const Tensor& tensor);

inline float load_float(const TensorView& v, int64_t offset) {
    if (v.dtype == DataType::BFLOAT16) {
        return f32_from_bf16(reinterpret_cast<const uint16_t*>(v.data)[offset]);
    }
    return reinterpret_cast<const float*>(v.data)[offset];
}

// Rounds to the view's dtype (bf16: nearest even), as every op output is rounded.
inline void store_float(const TensorView& v, int64_t offset, float value) {
    if (v.dtype == DataType::BFLOAT16) {
        reinterpret_cast<uint16_t*>(v.data)[offset] = bf16_from_f32(value);
    } else {
        reinterpret_cast<float*>(v.data)[offset] = value;
    }
}

inline void copy_elements(
    const TensorView& dst, int64_t dst_offset, const TensorView& src, int64_t src_offset, int64_t count) {
    std::memcpy(dst.at(dst_offset), src.at(src_offset), static_cast<size_t>(count) * src.element_bytes);
}

// The values of an integer tensor (int32 or uint32) in logical C order, unchecked.
std::vector<int64_t> read_integers(const Tensor& tensor, std::string_view op);

// The values of an index tensor (int32 or uint32) in logical C order, each checked against `size`:
// negative values count from the end when `wrap_negative` (as aten.index does), else they are out of range.
// Raises IndexError "ttnn.<op>: index <i> is out of bounds for <what> with size <size>".
std::vector<int64_t> read_indices(
    const Tensor& index, int64_t size, bool wrap_negative, std::string_view op, std::string_view what);

// Numpy broadcasting of shapes; raises ValueError naming `op` when they do not broadcast.
std::vector<int64_t> broadcast_shapes(const std::vector<std::vector<int64_t>>& shapes, std::string_view op);

// C-order strides of a dense `shape`.
std::vector<int64_t> contiguous_strides(const std::vector<int64_t>& shape);

// `strides` of a tensor of `shape` re-aligned to read it broadcast to `target`: 0 on broadcast dims.
std::vector<int64_t> broadcast_strides(const std::vector<int64_t>& shape,
                                       const std::vector<int64_t>& strides,
                                       const std::vector<int64_t>& target);

// Logical shape of a tensor as int64 (rank 0 stays empty, unlike TensorView::shape).
std::vector<int64_t> dims_of(const Tensor& tensor);

// Raises TypeError unless `t` (named `what`) has the dtype of `like`: written values keep their bits.
void check_same_dtype(std::string_view op, std::string_view what, const Tensor& t, const Tensor& like);

// A dim in [-rank, rank) made non-negative; rank 0 accepts 0 and -1 as torch does. Raises IndexError.
int64_t normalize_dim(int64_t dim, int rank, std::string_view op);

// Writes single elements into `out`, or adds them when accumulating. Accumulation is in fp32 for floats
// (bfloat16 through an fp32 copy rounded once in finish(), so duplicates sum like torch's fp32 golden) and
// wraps for integers. Not thread-safe: the callers' writes may collide.
class ElementWriter {
public:
    ElementWriter(const Tensor& out, bool accumulate);
    void put(int64_t dst_offset, const TensorView& src, int64_t src_offset);
    void finish();

private:
    TensorView out_;
    bool accumulate_;
    std::vector<float> bf16_sums_;
};

// Calls body(row, coords) for rows [begin, end) of `shape` taken as rows of its last dim; `coords` holds the
// row's leading coordinates (rank - 1 of them), advanced like an odometer instead of divided out per row.
template <typename Body>
void for_rows(const std::vector<int64_t>& shape, int64_t begin, int64_t end, Body&& body) {
    const size_t lead = shape.size() - 1;
    std::vector<int64_t> coords(lead, 0);
    int64_t rest = begin;
    for (size_t d = lead; d-- > 0;) {
        coords[d] = rest % shape[d];
        rest /= shape[d];
    }
    for (int64_t row = begin; row < end; ++row) {
        body(row, coords);
        for (size_t d = lead; d-- > 0;) {
            if (++coords[d] < shape[d])
                break;
            coords[d] = 0;
        }
    }
}

// for_rows over every row of `shape`, split across `pool` in chunks of at least `grain_elements` elements.
template <typename Body>
void parallel_rows(ThreadPool& pool, const std::vector<int64_t>& shape, int64_t grain_elements, Body&& body) {
    int64_t rows = 1;
    for (size_t d = 0; d + 1 < shape.size(); ++d)
        rows *= shape[d];
    const int64_t width = shape.empty() ? 1 : shape.back();
    if (rows == 0 || width == 0)
        return;
    const int64_t grain = grain_elements / width + 1;
    pool.parallel_for(static_cast<size_t>(rows), static_cast<size_t>(grain), [&](size_t begin, size_t end) {
        for_rows(shape, static_cast<int64_t>(begin), static_cast<int64_t>(end), body);
    });
}

}  // namespace ttnn::ops
