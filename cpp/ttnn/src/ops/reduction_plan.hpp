#pragma once
// How a reduction walks its input: the kept dims (one output each) and the reduced dims (folded into
// it), both with extent-1 dims dropped and contiguous neighbours merged, so the kernels see long rows.
#include <optional>
#include <vector>

#include "kernels/reduction_kernels.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn::ops {

struct ReducePlan {
    std::vector<uint64_t> kept;
    std::vector<int64_t> kept_in;   // input strides of the kept dims
    std::vector<int64_t> kept_out;  // output strides of the kept dims
    std::vector<uint64_t> reduced;
    std::vector<int64_t> reduced_in;
    uint64_t reduce_count = 1;  // input elements folded into each output
};

// Which dims `dim` names (none or empty: all); raises IndexError/ValueError as torch does.
std::vector<bool> reduced_dims(const char* op, const Shape& shape, const std::optional<std::vector<int64_t>>& dim);
Shape reduced_shape(const Shape& shape, const std::vector<bool>& mask, bool keepdim);
ReducePlan make_plan(const TensorSpec& in, const TensorSpec& out, const std::vector<bool>& mask, bool keepdim);

// What reduce_into accumulates an image of `image_dtype` in: int32/uint32 stay themselves (exact, SUM wraps
// modulo 2^32; kinds SUM, MAX, MIN only), everything else goes to fp32.
DataType accumulator_dtype(DataType image_dtype);

// Writes the reduction of `image` (bf16, fp32, int32 or uint32 storage) into `out` (accumulator_dtype, one
// value per output position). `center` (fp32, laid out like `out`) holds the means SQUARED_DEVIATION
// subtracts (float images only); null otherwise.
void reduce_into(
    kernels::ReduceKind kind, const Tensor& image, const ReducePlan& plan, const Tensor& out, const Tensor* center);

}  // namespace ttnn::ops
