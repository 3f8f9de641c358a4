// aten.convolution_backward as three ops (grad_input, grad_weight, grad_bias): validation, conversions and
// the bias sum here, the GEMMs in conv_backward_gemm.cpp.
#include <algorithm>
#include <vector>

#include "kernels/backward_kernels.hpp"
#include "ops/conv_backward_gemm.hpp"
#include "ops/conv_plan.hpp"
#include "ops/op_common.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

using kernels::ConvGeometry;

// The form (flat or NHWC) of a grad_output that matches the plan's output shape; NHWC when both match.
bool grad_is_flat(const ConvPlan& plan, const Shape& grad_shape) {
    const ConvGeometry& g = plan.geometry;
    return !(grad_shape == activation_shape(false, g.batch, g.out_h, g.out_w, g.out_c));
}

DataType out_dtype(const Conv2dParams& p, const Tensor& like) {
    return p.dtype.value_or(like.dtype());
}

}  // namespace

Tensor conv_input_gradient(const char* op,
                           const ConvPlan& plan,
                           const Tensor& grad,
                           const Tensor& weight_tensor,
                           const std::optional<MemoryConfig>& memory_config) {
    const ConvGeometry& g = plan.geometry;
    const DataType gd = grad.dtype();
    // The pointwise path reads its rows dense; the banded one widens bf16 or TILE rows where it reads them.
    const bool as_stored = !conv_is_pointwise(g) && (gd == DataType::BFLOAT16 || gd == DataType::FLOAT32);
    const Tensor go = as_stored ? grad : rows_f32(grad);
    const Tensor weight = rows_f32(weight_tensor);
    Tensor out32 = allocate_output(op,
                                   grad,
                                   activation_shape(plan.flat, g.batch, g.in_h, g.in_w, g.in_c),
                                   DataType::FLOAT32,
                                   Layout::ROW_MAJOR,
                                   memory_config);
    float* out = out32.data<float>();
    // A weight of bf16 values with a bf16 grad goes to the bf16 tiles where the tier has them.
    const bool tiles = weight_tensor.dtype() != DataType::FLOAT32 && gd == DataType::BFLOAT16 &&
                       conv_backward_input_tiles(g, StoredRows::of(grad), weight.data<float>(), out, pool_for(grad));
    if (tiles)
        return out32;
    if (g.pixels_out() > 0 && g.out_c > 0 && g.in_c > 0)
        conv_backward_input_gemm(g, StoredRows::of(go), weight.data<float>(), out, pool_for(grad));
    else
        std::fill(out, out + g.pixels_in() * g.in_c, 0.0f);
    return out32;
}

}  // namespace ttnn::ops

namespace ttnn {

Tensor conv2d_backward_input(const Tensor& grad_output, const Tensor& weight_tensor, const Conv2dParams& params) {
    using namespace ops;
    const char* op = "ttnn.conv2d_backward_input";
    Conv2dParams p = params;
    const Shape& w = weight_tensor.logical_shape();
    if (p.in_channels == 0 && w.rank() == 4)
        p.in_channels = w[1] * p.groups;
    ConvPlan plan = plan_conv(op, nullptr, w, p);
    check_grad_output(op, plan, grad_output.logical_shape());
    plan.flat = grad_is_flat(plan, grad_output.logical_shape());
    const Tensor out32 = conv_input_gradient(op, plan, grad_output, weight_tensor, p.memory_config);
    return finish_output(out32, out_dtype(p, grad_output), grad_output.layout());
}

Tensor conv2d_backward_weight(const Tensor& grad_output, const Tensor& input_tensor, const Conv2dParams& params) {
    using namespace ops;
    const char* op = "ttnn.conv2d_backward_weight";
    Conv2dParams p = params;
    const Shape& gs = grad_output.logical_shape();
    if (p.out_channels == 0 && gs.rank() == 4)
        p.out_channels = gs[3];
    const ConvPlan plan = plan_conv_from_params(op, &input_tensor.logical_shape(), p);
    check_grad_output(op, plan, gs);
    const kernels::ConvGeometry& g = plan.geometry;
    const DataType gd = grad_output.dtype();
    const Tensor go = gd == DataType::BFLOAT16 || gd == DataType::FLOAT32 ? grad_output : rows_f32(grad_output);
    const auto u = [](size_t v) { return static_cast<uint32_t>(v); };
    Tensor out32 = allocate_output(op,
                                   grad_output,
                                   Shape{u(g.out_c), u(g.group_in_c()), u(g.k_h), u(g.k_w)},
                                   DataType::FLOAT32,
                                   Layout::ROW_MAJOR,
                                   p.memory_config);
    float* dw = out32.data<float>();
    const StoredRows rows = StoredRows::of(go);
    // A bf16 input (as the forward saved it, untilized when TILE) goes to the bf16 tiles with a bf16 grad.
    const bool bf16_input = input_tensor.dtype() == DataType::BFLOAT16;
    const Tensor input16 = bf16_input && input_tensor.layout() != Layout::ROW_MAJOR
                               ? to_layout(input_tensor, Layout::ROW_MAJOR, DataType::BFLOAT16)
                               : input_tensor;
    if (bf16_input && conv_backward_weight_tiles(g, rows, input16.data<uint16_t>(), dw, pool_for(grad_output)))
        return finish_output(out32, out_dtype(p, grad_output), grad_output.layout());
    const Tensor input = rows_f32(input_tensor);
    std::fill(dw, dw + out32.logical_shape().volume(), 0.0f);
    if (g.pixels_out() > 0)
        conv_backward_weight_gemm(g, rows, input.data<float>(), dw, pool_for(grad_output));
    return finish_output(out32, out_dtype(p, grad_output), grad_output.layout());
}

Tensor conv2d_backward_bias(const Tensor& grad_output, const Conv2dParams& params) {
    using namespace ops;
    const char* op = "ttnn.conv2d_backward_bias";
    const Shape& s = grad_output.logical_shape();
    TTNN_CHECK(
        s.rank() == 4, VALUE, op, ": grad_output must be rank 4 (NHWC or [1, 1, N*H*W, C]); got ", s.to_string());
    TTNN_CHECK(params.out_channels == 0 || params.out_channels == s[3],
               VALUE,
               op,
               ": out_channels disagrees with grad_output; expected ",
               s[3],
               ", got ",
               params.out_channels);
    // Rows as stored, in bf16 or fp32: TILE storage on this device is the padded shape in row-major order with
    // zero padding, so padded rows add nothing and padded columns are skipped; no fp32 ROW_MAJOR copy is made.
    const bool as_stored = grad_output.dtype() == DataType::BFLOAT16 || grad_output.dtype() == DataType::FLOAT32;
    const Tensor go = as_stored ? grad_output : rows_f32(grad_output);
    const bool bf16 = go.dtype() == DataType::BFLOAT16;
    const size_t channels = s[3], stride = std::max<size_t>(go.padded_shape()[-1], 1);
    const size_t rows = channels == 0 ? 0 : go.padded_shape().volume() / stride;
    Tensor out32 =
        allocate_output(op, grad_output, Shape{s[3]}, DataType::FLOAT32, Layout::ROW_MAJOR, params.memory_config);
    // Partial sums over row ranges, added in a fixed order so the result does not depend on thread timing.
    const size_t parts = std::max<size_t>(1, std::min<size_t>(16, rows / 256));
    std::vector<float> partial(parts * channels, 0.0f);
    const auto add_f32 = kernels::backward_add_kernel();
    const auto add_bf16 = kernels::backward_add_bf16_kernel();
    pool_for(grad_output).parallel_for(parts, 1, [&](size_t begin, size_t end) {
        for (size_t part = begin; part < end; ++part) {
            float* acc = partial.data() + part * channels;
            for (size_t r = part * rows / parts; r < (part + 1) * rows / parts; ++r) {
                if (bf16)
                    add_bf16(go.data<uint16_t>() + r * stride, acc, channels);
                else
                    add_f32(go.data<float>() + r * stride, acc, channels);
            }
        }
    });
    float* dst = out32.data<float>();
    for (size_t c = 0; c < channels; ++c) {
        float sum = 0.0f;
        for (size_t part = 0; part < parts; ++part)
            sum += partial[part * channels + c];
        dst[c] = sum;
    }
    return finish_output(out32, out_dtype(params, grad_output), grad_output.layout());
}

}  // namespace ttnn
