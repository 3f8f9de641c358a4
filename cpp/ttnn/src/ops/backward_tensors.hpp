#pragma once
// How the row-wise backward ops see their tensors: as dense fp32 ROW_MAJOR copies, so a normalized row or a
// softmax lane is plain strided floats whatever the caller's layout; the result is converted back once.
#include <cstring>
#include <optional>
#include <string_view>

#include "ops/op_common.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {

// The logical values of `t` as fp32 in C order; may share `t`'s buffer, so never write through it.
inline Tensor dense_f32(const Tensor& t) {
    return as_float32(to_layout(t, Layout::ROW_MAJOR));
}

// A fresh zero-filled fp32 ROW_MAJOR tensor on `like`'s device, for a result computed densely.
inline Tensor dense_zeros(const char* op, const Tensor& like, const Shape& shape) {
    Tensor out = allocate_output(op, like, shape, DataType::FLOAT32, Layout::ROW_MAJOR);
    if (out.spec().storage_bytes() > 0)
        std::memset(out.buffer()->data(), 0, out.spec().storage_bytes());
    return out;
}

// A dense fp32 result in the dtype and layout the op returns (rounded once, nearest even for bfloat16).
inline Tensor finish(const Tensor& dense, DataType dtype, Layout layout, const std::optional<MemoryConfig>& mc) {
    return to_layout(dense, layout, dtype, mc);
}

inline void check_same_shape(
    std::string_view op, const Tensor& a, std::string_view a_name, const Tensor& b, std::string_view b_name) {
    TTNN_CHECK(a.logical_shape() == b.logical_shape(),
               VALUE,
               "ttnn.",
               op,
               ": ",
               b_name,
               " must have the shape of ",
               a_name,
               "; expected ",
               a.logical_shape().to_string(),
               ", got ",
               b.logical_shape().to_string());
}

}  // namespace ttnn::ops
