#include "ops/indexing_view.hpp"

#include <algorithm>
#include <string>

#include "ttnn/error.hpp"

namespace ttnn::ops {

int64_t TensorView::numel() const {
    int64_t count = 1;
    for (int64_t d : shape)
        count *= d;
    return count;
}

int64_t TensorView::offset_of(int64_t linear) const {
    // Per index read and per gathered row: the divisions below showed in an embedding call's profile.
    if (dense)
        return linear;
    int64_t offset = 0;
    for (int d = rank() - 1; d >= 0; --d) {
        const auto dim = static_cast<size_t>(d);
        offset += (linear % shape[dim]) * strides[dim];
        linear /= shape[dim];
    }
    return offset;
}

TensorView view_of(const Tensor& tensor) {
    TTNN_ASSERT(!is_block_float(tensor.dtype()), "view_of needs an element dtype");
    TensorView view;
    view.data = tensor.buffer()->data();
    view.dtype = tensor.dtype();
    view.element_bytes = info(tensor.dtype()).element_bytes;
    for (uint32_t d : tensor.logical_shape().dims())
        view.shape.push_back(d);
    if (view.shape.empty())
        view.shape.push_back(1);
    std::vector<int64_t> stored = view.shape;
    // TILE pads the last two dims (rank 1 and 0 are stored as the first row of a [32, W] tile block).
    if (tensor.layout() == Layout::TILE && tensor.logical_shape().rank() >= 2) {
        stored[stored.size() - 1] = tensor.padded_shape()[-1];
        stored[stored.size() - 2] = tensor.padded_shape()[-2];
    }
    view.strides.assign(stored.size(), 1);
    for (size_t d = stored.size() - 1; d-- > 0;)
        view.strides[d] = view.strides[d + 1] * stored[d + 1];
    view.dense = stored == view.shape;
    return view;
}

std::vector<int64_t> read_integers(const Tensor& tensor, std::string_view op) {
    TTNN_CHECK(tensor.dtype() == DataType::INT32 || tensor.dtype() == DataType::UINT32,
               TYPE,
               "ttnn.",
               op,
               ": indices must be integers; expected int32 or uint32, got ",
               name(tensor.dtype()));
    const TensorView view = view_of(tensor);
    const auto count = static_cast<int64_t>(tensor.logical_shape().volume());
    std::vector<int64_t> values(static_cast<size_t>(count));
    const bool is_signed = tensor.dtype() == DataType::INT32;
    if (view.dense) {  // no offset_of call per value (a gather's index reads were a fifth of its time)
        for (int64_t i = 0; i < count; ++i)
            values[static_cast<size_t>(i)] = is_signed ? int64_t{reinterpret_cast<const int32_t*>(view.data)[i]}
                                                       : int64_t{reinterpret_cast<const uint32_t*>(view.data)[i]};
        return values;
    }
    for (int64_t i = 0; i < count; ++i) {
        const int64_t offset = view.offset_of(i);
        values[static_cast<size_t>(i)] = is_signed ? int64_t{reinterpret_cast<const int32_t*>(view.data)[offset]}
                                                   : int64_t{reinterpret_cast<const uint32_t*>(view.data)[offset]};
    }
    return values;
}

std::vector<int64_t> read_indices(
    const Tensor& index, int64_t size, bool wrap_negative, std::string_view op, std::string_view what) {
    std::vector<int64_t> values = read_integers(index, op);
    for (int64_t& value : values) {
        const int64_t raw = value;
        if (wrap_negative && raw < 0)
            value += size;
        TTNN_CHECK(value >= 0 && value < size,
                   INDEX,
                   "ttnn.",
                   op,
                   ": index ",
                   raw,
                   " is out of bounds for ",
                   what,
                   " with size ",
                   size,
                   "; expected ",
                   wrap_negative ? -size : 0,
                   " <= index < ",
                   size);
    }
    return values;
}

std::vector<int64_t> broadcast_shapes(const std::vector<std::vector<int64_t>>& shapes, std::string_view op) {
    size_t rank = 0;
    for (const auto& s : shapes)
        rank = std::max(rank, s.size());
    std::vector<int64_t> out(rank, 1);
    for (const auto& s : shapes) {
        for (size_t i = 0; i < s.size(); ++i) {
            int64_t& target = out[rank - s.size() + i];
            const int64_t dim = s[i];
            TTNN_CHECK(dim == target || dim == 1 || target == 1,
                       VALUE,
                       "ttnn.",
                       op,
                       ": shapes do not broadcast; expected equal sizes or 1, got ",
                       dim,
                       " and ",
                       target);
            if (target == 1)
                target = dim;
        }
    }
    return out;
}

std::vector<int64_t> contiguous_strides(const std::vector<int64_t>& shape) {
    std::vector<int64_t> strides(shape.size(), 1);
    for (size_t d = shape.size(); d-- > 1;)
        strides[d - 1] = strides[d] * shape[d];
    return strides;
}

std::vector<int64_t> broadcast_strides(const std::vector<int64_t>& shape,
                                       const std::vector<int64_t>& strides,
                                       const std::vector<int64_t>& target) {
    std::vector<int64_t> out(target.size(), 0);
    for (size_t i = 0; i < shape.size(); ++i) {
        out[target.size() - shape.size() + i] = shape[i] == 1 ? 0 : strides[i];
    }
    return out;
}

std::vector<int64_t> dims_of(const Tensor& tensor) {
    const auto& dims = tensor.logical_shape().dims();
    return std::vector<int64_t>(dims.begin(), dims.end());
}

void check_same_dtype(std::string_view op, std::string_view what, const Tensor& t, const Tensor& like) {
    TTNN_CHECK(t.dtype() == like.dtype(),
               TYPE,
               "ttnn.",
               op,
               ": ",
               what,
               " must have the input's dtype; expected ",
               name(like.dtype()),
               ", got ",
               name(t.dtype()));
}

int64_t normalize_dim(int64_t dim, int rank, std::string_view op) {
    const int64_t extent = std::max(rank, 1);
    TTNN_CHECK(dim >= -extent && dim < extent,
               INDEX,
               "ttnn.",
               op,
               ": dim out of range; expected ",
               -extent,
               " <= dim < ",
               extent,
               ", got ",
               dim);
    return dim < 0 ? dim + extent : dim;
}

ElementWriter::ElementWriter(const Tensor& out, bool accumulate) : out_(view_of(out)), accumulate_(accumulate) {
    if (accumulate_ && out_.dtype == DataType::BFLOAT16) {
        const size_t count = out.buffer()->size() / sizeof(uint16_t);
        const auto* bits = reinterpret_cast<const uint16_t*>(out_.data);
        bf16_sums_.resize(count);
        for (size_t i = 0; i < count; ++i)
            bf16_sums_[i] = f32_from_bf16(bits[i]);
    }
}

void ElementWriter::put(int64_t dst_offset, const TensorView& src, int64_t src_offset) {
    if (!accumulate_) {
        copy_elements(out_, dst_offset, src, src_offset, 1);
        return;
    }
    switch (out_.dtype) {
        case DataType::BFLOAT16:
            bf16_sums_[static_cast<size_t>(dst_offset)] += load_float(src, src_offset);
            break;
        case DataType::FLOAT32:
            reinterpret_cast<float*>(out_.data)[dst_offset] += load_float(src, src_offset);
            break;
        default:  // int32 and uint32 add with wraparound, as torch's integer sums do
            reinterpret_cast<uint32_t*>(out_.data)[dst_offset] +=
                reinterpret_cast<const uint32_t*>(src.data)[src_offset];
            break;
    }
}

void ElementWriter::finish() {
    auto* bits = reinterpret_cast<uint16_t*>(out_.data);
    for (size_t i = 0; i < bf16_sums_.size(); ++i)
        bits[i] = bf16_from_f32(bf16_sums_[i]);
}

}  // namespace ttnn::ops
