// ttnn.conv_transpose2d: validation into the conv kernels' geometry, the GEMM + col2im of conv2d's input
// gradient (conv_backward_gemm.cpp), the bias, and the registry entry. A transposed convolution is exactly the
// input gradient of the convolution it transposes: that convolution reads this op's output (height OH) and
// writes this op's input (height H), with the same kernel, stride, padding, dilation and groups. col2im only
// reads the top/left padding and drops taps that land outside the output, so output_padding (an output row
// or column the bottom/right padding would otherwise cut) needs no padding value of its own.
#include "ttnn/ops/conv_transpose.hpp"

#include "kernels/backward_kernels.hpp"
#include "ops/conv_backward_gemm.hpp"
#include "ops/conv_plan.hpp"
#include "ops/eltwise_common.hpp"
#include "ops/families.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

constexpr const char* kOp = "ttnn.conv_transpose2d";

// One spatial extent of the output; a ValueError naming the side when the arguments leave none.
size_t out_extent(const char* side, size_t in, uint32_t k, uint32_t s, uint32_t p, uint32_t op, uint32_t d) {
    TTNN_CHECK(op < s || op < d,
               VALUE,
               kOp,
               ": output_padding must be smaller than stride or dilation (torch's rule) along ",
               side,
               "; got output_padding=",
               op,
               ", stride=",
               s,
               ", dilation=",
               d);
    const int64_t full = (static_cast<int64_t>(in) - 1) * s + int64_t{d} * (k - 1) + op + 1;
    const int64_t out = full - 2 * int64_t{p};
    TTNN_CHECK(in == 0 || out > 0,
               VALUE,
               kOp,
               ": padding leaves no output along ",
               side,
               "; expected 2 * padding < ",
               full,
               ", got padding=",
               p);
    return in == 0 ? 0 : static_cast<size_t>(out);
}

// The geometry of the convolution this op transposes: its input is our output, its output our input.
ConvPlan plan_transpose(const Shape& x, const Shape& w, const ConvTranspose2dParams& p) {
    for (uint32_t v : {p.stride[0], p.stride[1], p.dilation[0], p.dilation[1], p.groups}) {
        TTNN_CHECK(v > 0,
                   VALUE,
                   kOp,
                   ": stride, dilation and groups must be positive; got stride [",
                   p.stride[0],
                   ", ",
                   p.stride[1],
                   "], dilation [",
                   p.dilation[0],
                   ", ",
                   p.dilation[1],
                   "], groups ",
                   p.groups);
    }
    const NhwcInput in = read_nhwc(kOp,
                                   x,
                                   {p.batch_size, p.input_height, p.input_width, p.in_channels},
                                   {"batch_size", "input_height", "input_width", "in_channels"});
    TTNN_CHECK(w.rank() == 4 || (w.rank() == 2 && p.kernel_size[0] > 0 && p.kernel_size[1] > 0),
               VALUE,
               kOp,
               ": weight must be rank 4 ([in_channels, out_channels / groups, kh, kw]), or rank 2 with kernel_size "
               "given; got ",
               w.to_string());
    const uint32_t kh = w.rank() == 4 ? w[2] : p.kernel_size[0], kw = w.rank() == 4 ? w[3] : p.kernel_size[1];
    const bool kernel_agrees = p.kernel_size[0] == 0 || (p.kernel_size[0] == kh && p.kernel_size[1] == kw);
    const uint32_t per_group = w.rank() == 4 ? w[1] : (kh * kw > 0 ? w[1] / (kh * kw) : 0);
    const uint32_t out_c = per_group * p.groups;
    TTNN_CHECK(w[0] == in.channels && in.channels % p.groups == 0 && kernel_agrees && kh > 0 && kw > 0 &&
                   (w.rank() == 4 || w[1] == per_group * kh * kw) && (p.out_channels == 0 || p.out_channels == out_c),
               VALUE,
               kOp,
               ": weight shape does not match the input; expected [",
               in.channels,
               ", out_channels / groups, kh, kw] with in_channels a multiple of groups=",
               p.groups,
               " and out_channels=",
               p.out_channels == 0 ? out_c : p.out_channels,
               ", got ",
               w.to_string(),
               " for input ",
               x.to_string());
    ConvPlan plan;
    plan.flat = in.flat;
    kernels::ConvGeometry& g = plan.geometry;
    g.batch = in.batch, g.out_h = in.height, g.out_w = in.width, g.out_c = in.channels, g.in_c = out_c;
    g.k_h = kh, g.k_w = kw, g.groups = p.groups;
    g.stride_h = p.stride[0], g.stride_w = p.stride[1], g.dil_h = p.dilation[0], g.dil_w = p.dilation[1];
    g.pad_top = p.padding[0], g.pad_left = p.padding[1];
    g.in_h = out_extent("height", in.height, kh, p.stride[0], p.padding[0], p.output_padding[0], p.dilation[0]);
    g.in_w = out_extent("width", in.width, kw, p.stride[1], p.padding[1], p.output_padding[1], p.dilation[1]);
    return plan;
}

// out (fp32 [pixels][channels]) += bias per channel, with the SIMD row add of the backward kernels.
void add_bias(const Tensor& bias, size_t pixels, size_t channels, float* out, ThreadPool& pool) {
    TTNN_CHECK(bias.logical_shape().volume() == channels,
               VALUE,
               kOp,
               ": bias must hold one value per output channel; expected ",
               channels,
               " values, got ",
               bias.logical_shape().to_string());
    const Tensor b = rows_f32(bias);
    const auto add = kernels::backward_add_kernel();
    pool.parallel_for(pixels, 256, [&](size_t begin, size_t end) {
        for (size_t p = begin; p < end; ++p)
            add(b.data<float>(), out + p * channels, channels);
    });
}

OpOutputs run_conv_transpose2d(const OpArgs& a) {
    TTNN_CHECK(a.flag_or("mirror_kernel", true),
               NOT_IMPLEMENTED,
               kOp,
               ": mirror_kernel=False (a kernel already flipped for a conv2d) is not supported; expected True");
    ConvTranspose2dParams p;
    read_conv_params(a, p);
    p.padding = pair_arg(a, "padding", 0);
    p.output_padding = pair_arg(a, "output_padding", 0);
    Tensor out =
        conv_transpose2d(a.tensor("input_tensor"), a.tensor("weight_tensor"), a.optional_tensor("bias_tensor"), p);
    const std::string activation = a.string_or("conv_config", "");
    return {activation.empty() ? out : apply_activations(a.op(), activation, out)};
}

}  // namespace

// TT-NN's conv_transpose2d parameters, in its order.
void register_conv_transpose_ops(std::vector<OpInfo>& ops) {
    std::vector<Param> params = {{"input_tensor", ArgKind::TENSOR, true}, {"weight_tensor", ArgKind::TENSOR, true}};
    const std::vector<Param> sizes = conv_size_params();
    params.insert(params.end(), sizes.begin(), sizes.end());
    params.insert(params.end(),
                  {{"padding", ArgKind::INT_LIST},
                   {"output_padding", ArgKind::INT_LIST},
                   {"dilation", ArgKind::INT_LIST},
                   {"groups", ArgKind::INT},
                   {"bias_tensor", ArgKind::TENSOR},
                   {"conv_config", ArgKind::STRING},
                   {"compute_config", ArgKind::COMPUTE_CONFIG},
                   {"memory_config", ArgKind::MEMORY_CONFIG},
                   {"mirror_kernel", ArgKind::BOOL},
                   {"return_output_dim", ArgKind::BOOL},
                   {"return_weights_and_bias", ArgKind::BOOL},
                   {"dtype", ArgKind::DTYPE}});
    ops.push_back({.name = "conv_transpose2d",
                   .family = "conv",
                   .golden = "conv_transpose2d",
                   .doc = "2D transposed convolution of an NHWC input with [C, O/groups, kh, kw] weights (output "
                          "padding, dilation and groups as torch).",
                   .params = params,
                   .dtypes = {DataType::BFLOAT16, DataType::FLOAT32, DataType::BFLOAT8_B},
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_conv_transpose2d});
}

}  // namespace ttnn::ops

namespace ttnn {

Tensor conv_transpose2d(const Tensor& input_tensor,
                        const Tensor& weight_tensor,
                        const std::optional<Tensor>& bias_tensor,
                        const ConvTranspose2dParams& params) {
    using namespace ops;
    const ConvPlan plan = plan_transpose(input_tensor.logical_shape(), weight_tensor.logical_shape(), params);
    const kernels::ConvGeometry& g = plan.geometry;
    Tensor out32 = conv_input_gradient(kOp, plan, input_tensor, weight_tensor, params.memory_config);
    float* out = out32.data<float>();
    if (bias_tensor.has_value())
        add_bias(*bias_tensor, g.pixels_in(), g.in_c, out, pool_for(input_tensor));
    return finish_output(out32, params.dtype.value_or(input_tensor.dtype()), input_tensor.layout());
}

}  // namespace ttnn
