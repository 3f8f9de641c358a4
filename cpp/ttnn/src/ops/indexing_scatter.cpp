// gather and scatter: the index tensor has the data's rank and replaces the coordinate along `dim` only.
#include <cstdint>
#include <string>

#include "ops/indexing_view.hpp"
#include "ops/op_common.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/indexing.hpp"

namespace ttnn {
namespace {

using ops::TensorView;

// torch's rule for gather/scatter: same rank, and index.size(d) <= limit.size(d) on the dims it names.
void check_index_fits(
    const char* op, const Tensor& index, const Tensor& limit, const char* limit_name, int64_t skip_dim) {
    const Shape& is = index.logical_shape();
    const Shape& ls = limit.logical_shape();
    TTNN_CHECK(is.rank() == ls.rank() || (is.volume() == 0 && is.rank() == 1),
               VALUE,
               "ttnn.",
               op,
               ": index must have the rank of ",
               limit_name,
               "; expected rank ",
               ls.rank(),
               ", got shape ",
               is.to_string());
    for (int d = 0; d < is.rank() && is.volume() > 0; ++d) {
        TTNN_CHECK(d == skip_dim || is[d] <= ls[d],
                   VALUE,
                   "ttnn.",
                   op,
                   ": index is larger than ",
                   limit_name,
                   " in dim ",
                   d,
                   "; expected index.shape[",
                   d,
                   "] <= ",
                   ls[d],
                   ", got shape ",
                   is.to_string());
    }
}

// Storage offset in `target` of index position `c` (leading coords) + `i` (last coord), with the coordinate
// along `dim` replaced by `value`.
struct DimAddress {
    const TensorView& target;
    size_t dim;
    int64_t lead(const std::vector<int64_t>& c) const {
        int64_t offset = 0;
        for (size_t d = 0; d < c.size(); ++d)
            offset += d == dim ? 0 : c[d] * target.strides[d];
        return offset;
    }
    int64_t at(int64_t lead_offset, int64_t i, int64_t value) const {
        const size_t l = target.shape.size() - 1;
        return lead_offset + value * target.strides[dim] + (dim == l ? 0 : i * target.strides[l]);
    }
};

// One output row of gather with elements of type T: out[i] = input at (lead, idx[i] along dim, i along the last
// dim). Typed loads and stores: a memcpy of a run-time element size per element (a libc call each) was most of
// DeBERTa's 12 x 128 x 128 gathers.
template <typename T>
void gather_row(const TensorView& ov,
                int64_t dst,
                const TensorView& in,
                int64_t lead,
                int64_t dim_stride,
                int64_t step,
                const int64_t* idx,
                int64_t width) {
    T* out = reinterpret_cast<T*>(ov.data) + dst;
    const T* src = reinterpret_cast<const T*>(in.data) + lead;
    for (int64_t i = 0; i < width; ++i)
        out[i] = src[idx[i] * dim_stride + i * step];
}

}  // namespace

Tensor gather(const Tensor& input_tensor,
              int64_t dim,
              const Tensor& index,
              const std::optional<MemoryConfig>& memory_config) {
    const int rank = input_tensor.logical_shape().rank();
    const auto d = static_cast<size_t>(ops::normalize_dim(dim, rank, "gather"));
    check_index_fits("gather", index, input_tensor, "input", static_cast<int64_t>(d));
    const TensorView in = ops::view_of(input_tensor);
    const std::vector<int64_t> values =
        ops::read_indices(index, in.shape[d], false, "gather", "dim " + std::to_string(d));
    Tensor out = ops::allocate_output(
        "gather", input_tensor, index.logical_shape(), input_tensor.dtype(), input_tensor.layout(), memory_config);
    const TensorView ov = ops::view_of(out);
    const DimAddress address{in, d};
    const size_t last = in.shape.size() - 1;
    const int64_t step = d == last ? 0 : in.strides[last];
    ops::parallel_rows(ops::pool_for(input_tensor), ov.shape, 4096, [&](int64_t row, const std::vector<int64_t>& c) {
        const int64_t lead = address.lead(c);
        const int64_t width = ov.last();
        const int64_t dst = ov.offset_of(row * width);
        const int64_t* idx = values.data() + row * width;
        if (in.element_bytes == 2) {
            gather_row<uint16_t>(ov, dst, in, lead, in.strides[d], step, idx, width);
        } else if (in.element_bytes == 4) {
            gather_row<uint32_t>(ov, dst, in, lead, in.strides[d], step, idx, width);
        } else {
            for (int64_t i = 0; i < width; ++i)
                ops::copy_elements(ov, dst + i, in, address.at(lead, i, idx[i]), 1);
        }
    });
    return out;
}

namespace {

Tensor scatter_impl(const Tensor& input,
                    int64_t dim,
                    const Tensor& index,
                    const Tensor& src,
                    bool src_is_scalar,
                    ScatterReduce reduce,
                    const std::optional<MemoryConfig>& memory_config) {
    const int rank = input.logical_shape().rank();
    const auto d = static_cast<size_t>(ops::normalize_dim(dim, rank, "scatter"));
    check_index_fits("scatter", index, input, "input", static_cast<int64_t>(d));
    if (!src_is_scalar) {
        check_index_fits("scatter", index, src, "src", -1);
        ops::check_same_dtype("scatter", "src", src, input);
    }
    Tensor out = clone(input, memory_config);
    const TensorView ov = ops::view_of(out);
    const std::vector<int64_t> values =
        ops::read_indices(index, ov.shape[d], false, "scatter", "dim " + std::to_string(d));
    TensorView sv = ops::view_of(src);
    const TensorView iv = ops::view_of(index);
    if (src_is_scalar) {
        sv.strides.assign(iv.shape.size(), 0);
        sv.dense = false;
    }
    const DimAddress address{ov, d};
    ops::ElementWriter writer(out, reduce == ScatterReduce::ADD);
    // Serial on purpose: duplicate indices make writes collide, and their order decides the result.
    const int64_t rows = index.logical_shape().volume() == 0 ? 0 : iv.numel() / iv.last();
    ops::for_rows(iv.shape, 0, rows, [&](int64_t row, const std::vector<int64_t>& c) {
        const int64_t lead = address.lead(c);
        int64_t src_lead = 0;
        for (size_t k = 0; k < c.size(); ++k)
            src_lead += c[k] * sv.strides[k];
        const int64_t width = iv.last();
        for (int64_t i = 0; i < width; ++i) {
            const int64_t dst = address.at(lead, i, values[static_cast<size_t>(row * width + i)]);
            writer.put(dst, sv, src_lead + i * sv.strides.back());
        }
    });
    writer.finish();
    return out;
}

}  // namespace

Tensor scatter(const Tensor& input_tensor,
               int64_t dim,
               const Tensor& index,
               const Tensor& src,
               ScatterReduce reduce,
               const std::optional<MemoryConfig>& memory_config) {
    return scatter_impl(input_tensor, dim, index, src, false, reduce, memory_config);
}

Tensor scatter(const Tensor& input_tensor,
               int64_t dim,
               const Tensor& index,
               double value,
               ScatterReduce reduce,
               const std::optional<MemoryConfig>& memory_config) {
    Tensor scalar = allocate_host_tensor(Shape{1}, input_tensor.dtype());
    const TensorView sv = ops::view_of(scalar);
    if (is_floating(input_tensor.dtype())) {
        ops::store_float(sv, 0, static_cast<float>(value));
    } else if (input_tensor.dtype() == DataType::INT32) {
        *scalar.data<int32_t>() = static_cast<int32_t>(value);
    } else {
        *scalar.data<uint32_t>() = static_cast<uint32_t>(value);
    }
    return scatter_impl(input_tensor, dim, index, scalar, true, reduce, memory_config);
}

}  // namespace ttnn
