// Folding reductions: sum, mean, max, min, prod, all, any, var, std and sum_to_shape. Each validates,
// computes its output shape, folds the input into an fp32 image of the output (reduce_into), finishes the
// value (mean's division, var's correction) and rounds once to the input's dtype. sum, max and min also take
// int32/uint32, folded exactly in that type (sum wraps modulo 2^32, as TT's integer adder).
#include "ttnn/ops/reduction.hpp"

#include <cmath>

#include "ops/data_movement_views.hpp"
#include "ops/op_common.hpp"
#include "ops/reduction_plan.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"

namespace ttnn {
namespace {

using kernels::ReduceKind;

// The accumulated result of one reduction (fp32, or the input's int32/uint32 for the integer-capable
// sum/max/min), before the final rounding, and how many inputs fed each output.
struct Folded {
    Tensor values;
    uint64_t count;
};

Folded fold(const char* op,
            ReduceKind kind,
            const Tensor& input_tensor,
            const ReduceOptions& options,
            bool integer_ok = false,
            const Tensor* center = nullptr) {
    input_tensor.check_usable(op);
    TTNN_CHECK(integer_ok || is_floating(input_tensor.dtype()),
               TYPE,
               "ttnn.",
               op,
               ": unsupported dtype; expected a floating dtype, got ",
               name(input_tensor.dtype()));
    const Tensor image = ops::element_image(input_tensor);
    const std::vector<bool> mask = ops::reduced_dims(op, image.logical_shape(), options.dim);
    const Shape out_shape = ops::reduced_shape(image.logical_shape(), mask, options.keepdim);
    Tensor out = ops::allocate_output(
        op, image, out_shape, ops::accumulator_dtype(image.dtype()), image.layout(), options.memory_config);
    const ops::ReducePlan plan = ops::make_plan(image.spec(), out.spec(), mask, options.keepdim);
    ops::reduce_into(kind, image, plan, out, center);
    return {out, plan.reduce_count};
}

// Applies `finish_value` to every logical output value (padding stays zero) and rounds to `dtype`. Both layouts
// store C-contiguous over the (padded) shape, so the values are planes of rows: two plain loops over the rows
// and a vectorisable inner loop (an index walk per value cost mean over dim 0 of [8, 128, 768] ten times
// torch's whole mean, and per row a tenth of mean over the last dim).
template <typename Fn>
Tensor finish_values(Tensor values, DataType dtype, const std::optional<MemoryConfig>& memory_config, Fn finish_value) {
    const Shape& shape = values.logical_shape();
    const int rank = shape.rank();
    if (shape.volume() > 0) {
        const std::vector<int64_t> strides = kernels::storage_strides(values.spec());
        const uint64_t width = rank >= 1 ? shape[-1] : 1;
        const uint64_t height = rank >= 2 ? shape[-2] : 1;
        const uint64_t planes = shape.volume() / (width * height);
        const int64_t row_stride = rank >= 2 ? strides[static_cast<size_t>(rank - 2)] : 0;
        const int64_t plane_stride = rank >= 3 ? strides[static_cast<size_t>(rank - 3)] : 0;
        float* data = values.data<float>();
        for (uint64_t plane = 0; plane < planes; ++plane) {
            for (uint64_t r = 0; r < height; ++r) {
                float* row = data + static_cast<int64_t>(plane) * plane_stride + static_cast<int64_t>(r) * row_stride;
                for (uint64_t i = 0; i < width; ++i)
                    row[i] = finish_value(row[i]);
            }
        }
    }
    return ops::finish(values, dtype, memory_config);
}

Tensor folded(const char* op,
              ReduceKind kind,
              const Tensor& input_tensor,
              const ReduceOptions& options,
              bool integer_ok = false) {
    Folded f = fold(op, kind, input_tensor, options, integer_ok);
    return ops::finish(f.values, input_tensor.dtype(), options.memory_config);
}

Tensor extremum(const char* op, ReduceKind kind, const Tensor& input_tensor, const ReduceOptions& options) {
    input_tensor.check_usable(op);
    const std::vector<bool> mask = ops::reduced_dims(op, input_tensor.logical_shape(), options.dim);
    bool empty_fold = false;
    for (size_t i = 0; i < mask.size(); ++i) {
        empty_fold = empty_fold || (mask[i] && input_tensor.logical_shape()[static_cast<int>(i)] == 0);
    }
    TTNN_CHECK(!empty_fold,
               VALUE,
               "ttnn.",
               op,
               ": cannot reduce over a zero-size dim (no identity); got shape ",
               input_tensor.logical_shape().to_string());
    return folded(op, kind, input_tensor, options, true);
}

Tensor variance(
    const char* op, const Tensor& input_tensor, const ReduceOptions& options, double correction, bool root) {
    Folded sums = fold(op, ReduceKind::SUM, input_tensor, options);
    const auto n = static_cast<float>(sums.count);
    Tensor means = finish_values(sums.values, DataType::FLOAT32, std::nullopt, [n](float s) { return s / n; });
    Folded squares = fold(op, ReduceKind::SQUARED_DEVIATION, input_tensor, options, false, &means);
    const auto divisor = static_cast<float>(std::max(0.0, static_cast<double>(sums.count) - correction));
    return finish_values(squares.values, input_tensor.dtype(), options.memory_config, [divisor, root](float s) {
        const float v = s / divisor;
        return root ? std::sqrt(v) : v;
    });
}

}  // namespace

Tensor sum(const Tensor& input_tensor, const ReduceOptions& options) {
    return folded("sum", ReduceKind::SUM, input_tensor, options, true);
}

Tensor mean(const Tensor& input_tensor, const ReduceOptions& options) {
    Folded f = fold("mean", ReduceKind::SUM, input_tensor, options);
    const auto n = static_cast<float>(f.count);
    return finish_values(f.values, input_tensor.dtype(), options.memory_config, [n](float s) { return s / n; });
}

Tensor max(const Tensor& input_tensor, const ReduceOptions& options) {
    return extremum("max", ReduceKind::MAX, input_tensor, options);
}

Tensor min(const Tensor& input_tensor, const ReduceOptions& options) {
    return extremum("min", ReduceKind::MIN, input_tensor, options);
}

Tensor prod(const Tensor& input_tensor, const ReduceOptions& options) {
    return folded("prod", ReduceKind::PROD, input_tensor, options);
}

Tensor all(const Tensor& input_tensor, const ReduceOptions& options) {
    Folded f = fold("all", ReduceKind::NONZERO, input_tensor, options);
    const auto n = static_cast<float>(f.count);
    return finish_values(
        f.values, input_tensor.dtype(), options.memory_config, [n](float count) { return count == n ? 1.0f : 0.0f; });
}

Tensor any(const Tensor& input_tensor, const ReduceOptions& options) {
    Folded f = fold("any", ReduceKind::NONZERO, input_tensor, options);
    return finish_values(
        f.values, input_tensor.dtype(), options.memory_config, [](float count) { return count > 0.0f ? 1.0f : 0.0f; });
}

Tensor var(const Tensor& input_tensor, const ReduceOptions& options, double correction) {
    return variance("var", input_tensor, options, correction, false);
}

Tensor std_dev(const Tensor& input_tensor, const ReduceOptions& options, double correction) {
    return variance("std", input_tensor, options, correction, true);
}

Tensor sum_to_shape(const Tensor& input_tensor,
                    const std::vector<int64_t>& shape,
                    const std::optional<MemoryConfig>& memory_config) {
    input_tensor.check_usable("sum_to_shape");
    const Shape& in = input_tensor.logical_shape();
    const auto rank = static_cast<size_t>(in.rank());
    TTNN_CHECK(shape.size() <= rank,
               VALUE,
               "ttnn.sum_to_shape: the target cannot have more dims than the input; ",
               "expected at most ",
               rank,
               " dims, got ",
               shape.size());
    const size_t lead = rank - shape.size();
    std::vector<int64_t> dims;
    for (size_t i = 0; i < rank; ++i) {
        const int64_t n = in[static_cast<int>(i)];
        if (i < lead) {
            dims.push_back(static_cast<int64_t>(i));
            continue;
        }
        const int64_t t = shape[i - lead];
        TTNN_CHECK(t == n || t == 1,
                   VALUE,
                   "ttnn.sum_to_shape: input ",
                   in.to_string(),
                   " does not broadcast from the target; expected ",
                   n,
                   " or 1 at target dim ",
                   i - lead,
                   ", got ",
                   t);
        if (t == 1 && n != 1)
            dims.push_back(static_cast<int64_t>(i));
    }
    if (dims.empty()) {
        return reshape(input_tensor, shape);
    }
    const Tensor summed = sum(input_tensor, {.dim = dims, .keepdim = true, .memory_config = memory_config});
    return reshape(summed, shape);
}

}  // namespace ttnn
