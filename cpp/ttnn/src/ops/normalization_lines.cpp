#include "ops/normalization_lines.hpp"

#include <algorithm>

#include "kernels/codec.hpp"
#include "ops/matmul_internal.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {

Lines lines_along(const Tensor& tensor, int dim) {
    Lines l;
    l.dims = tensor.logical_shape().to_vector();
    l.strides = storage_strides(tensor);
    const int rank = static_cast<int>(l.dims.size());
    if (rank == 0) {
        l.dims = {1};
        l.strides = {1};
    }
    l.dim = dim;
    l.length = l.dims[static_cast<size_t>(dim)];
    l.step = l.strides[static_cast<size_t>(dim)];
    l.count = 1;
    for (size_t d = 0; d < l.dims.size(); ++d) {
        if (static_cast<int>(d) != dim)
            l.count *= l.dims[d];
    }
    // Rows (lines along the last dim) with the dims above the last two collapsing into one slice index: the
    // offset of a line is then one division, not one per dim (a 64-bit division is tens of cycles, as much
    // as softmax of a 128-wide row).
    if (rank >= 2 && dim == rank - 1) {
        const size_t r = static_cast<size_t>(rank - 2);
        bool collapses = true;
        for (size_t d = 0; d + 1 < r; ++d)
            collapses = collapses && l.strides[d] == l.strides[d + 1] * static_cast<int64_t>(l.dims[d + 1]);
        if (collapses) {
            l.rows = l.dims[r];
            l.row_stride = l.strides[r];
            l.slice_stride = r > 0 ? l.strides[r - 1] : 0;
        }
    }
    return l;
}

int64_t Lines::offset(int64_t line, const std::vector<int64_t>* with) const {
    if (with == nullptr && rows > 0)
        return line / rows * slice_stride + line % rows * row_stride;
    const std::vector<int64_t>& s = with != nullptr ? *with : strides;
    int64_t offset = 0;
    for (size_t d = dims.size(); d-- > 0;) {
        if (static_cast<int>(d) == dim)
            continue;
        offset += (line % dims[d]) * s[d];
        line /= dims[d];
    }
    return offset;
}

std::vector<int64_t> broadcast_strides(const char* op, const char* what, const Tensor& other, const Lines& lines) {
    const std::span<const uint32_t> od = other.logical_shape().dims();
    const std::vector<int64_t> os = storage_strides(other);
    std::vector<int64_t> strides(lines.dims.size(), 0);
    bool ok = od.size() <= lines.dims.size();
    for (size_t i = 0; ok && i < od.size(); ++i) {
        const size_t d = lines.dims.size() - 1 - i;
        const uint32_t size = od[od.size() - 1 - i];
        ok = size == lines.dims[d] || size == 1;
        strides[d] = size == 1 ? 0 : os[od.size() - 1 - i];
    }
    TTNN_CHECK(ok,
               VALUE,
               op,
               ": ",
               what,
               " must broadcast to the input; expected a shape broadcastable to ",
               Shape(lines.dims).to_string(),
               ", got ",
               other.logical_shape().to_string());
    return strides;
}

void load_line(const Tensor& t, int64_t offset, int64_t step, int64_t n, float* dst) {
    if (t.dtype() == DataType::BFLOAT16) {
        const uint16_t* src = t.data<uint16_t>() + offset;
        if (step == 1) {
            kernels::codec().bf16_to_f32(src, dst, static_cast<size_t>(n));
        } else {
            for (int64_t j = 0; j < n; ++j)
                dst[j] = f32_from_bf16(src[j * step]);
        }
        return;
    }
    const float* src = t.data<float>() + offset;
    if (step == 1) {
        std::copy(src, src + n, dst);
    } else {
        for (int64_t j = 0; j < n; ++j)
            dst[j] = src[j * step];
    }
}

void store_line(const Tensor& t, int64_t offset, int64_t step, int64_t n, const float* src) {
    if (t.dtype() == DataType::BFLOAT16) {
        uint16_t* dst = t.data<uint16_t>() + offset;
        if (step == 1) {
            kernels::codec().f32_to_bf16(src, dst, static_cast<size_t>(n));
        } else {
            for (int64_t j = 0; j < n; ++j)
                dst[j * step] = bf16_from_f32(src[j]);
        }
        return;
    }
    float* dst = t.data<float>() + offset;
    if (step == 1) {
        std::copy(src, src + n, dst);
    } else {
        for (int64_t j = 0; j < n; ++j)
            dst[j * step] = src[j];
    }
}

Tensor readable(const Tensor& tensor) {
    return is_block_float(tensor.dtype()) ? as_float32(tensor) : tensor;
}

std::vector<float> channel_values(const char* op, const char* what, const std::optional<Tensor>& t, int64_t count) {
    if (!t.has_value())
        return {};
    t->check_usable(op);
    TTNN_CHECK(is_floating(t->dtype()), TYPE, op, ": ", what, " must be floating point; got ", name(t->dtype()));
    const Shape& s = t->logical_shape();
    TTNN_CHECK(static_cast<int64_t>(s.volume()) == count,
               VALUE,
               op,
               ": ",
               what,
               " must hold one value per channel; expected ",
               count,
               " values (shape [",
               count,
               "] or with extra 1s), got shape ",
               s.to_string());
    const Tensor values = readable(*t);
    std::vector<float> out(static_cast<size_t>(count));
    const Lines lines = lines_along(values, std::max(0, values.logical_shape().rank() - 1));
    for (int64_t line = 0; line < lines.count; ++line) {
        load_line(values, lines.offset(line), lines.step, lines.length, out.data() + line * lines.length);
    }
    return out;
}

Tensor output_like(const char* op,
                   const Tensor& input,
                   const std::optional<MemoryConfig>& memory_config,
                   std::optional<DataType> dtype) {
    const DataType wanted = dtype.value_or(input.dtype());
    const DataType stored = is_block_float(wanted) ? DataType::FLOAT32 : wanted;
    return allocate_output(op, input, input.logical_shape(), stored, input.layout(), memory_config);
}

Tensor finish_output(const Tensor& out, DataType wanted, const std::optional<MemoryConfig>& memory_config) {
    return out.dtype() == wanted ? out : typecast(out, wanted, memory_config);
}

}  // namespace ttnn::ops
