// Registry entries of the conv family (kernels in conv_forward.cpp and conv_backward.cpp). The entries take
// TT-NN's conv2d parameters by name; sizes the tensors already give (channels, batch, height, width, kernel)
// are optional and checked against the shapes when given.
#include "ttnn/ops/conv.hpp"
#include "ops/conv_plan.hpp"
#include "ops/eltwise_common.hpp"
#include "ops/families.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

std::array<uint32_t, 4> padding_arg(const OpArgs& a) {
    if (!a.has("padding"))
        return {0, 0, 0, 0};
    const std::vector<int64_t> v = a.int_list("padding");
    if (v.size() == 4) {
        return {non_negative_arg(a, "padding", v[0]),
                non_negative_arg(a, "padding", v[1]),
                non_negative_arg(a, "padding", v[2]),
                non_negative_arg(a, "padding", v[3])};
    }
    const std::array<uint32_t, 2> hw = pair_arg(a, "padding", 0);
    return {hw[0], hw[0], hw[1], hw[1]};
}

Conv2dParams conv_params(const OpArgs& a) {
    Conv2dParams p;
    read_conv_params(a, p);
    p.padding = padding_arg(a);
    return p;
}

// conv_config (TT-NN's Conv2dConfig) reaches C++ as its activation; its other fields schedule a card's cores.
OpOutputs run_conv2d(const OpArgs& a) {
    Tensor out =
        conv2d(a.tensor("input_tensor"), a.tensor("weight_tensor"), a.optional_tensor("bias_tensor"), conv_params(a));
    const std::string activation = a.string_or("conv_config", "");
    return {activation.empty() ? out : apply_activations(a.op(), activation, out)};
}

OpOutputs run_prepare_conv_weights(const OpArgs& a) {
    return {prepare_conv_weights(a.tensor("weight_tensor"), conv_params(a))};
}

OpOutputs run_backward_input(const OpArgs& a) {
    return {conv2d_backward_input(a.tensor("grad_output"), a.tensor("weight_tensor"), conv_params(a))};
}

OpOutputs run_backward_weight(const OpArgs& a) {
    return {conv2d_backward_weight(a.tensor("grad_output"), a.tensor("input_tensor"), conv_params(a))};
}

OpOutputs run_backward_bias(const OpArgs& a) {
    return {conv2d_backward_bias(a.tensor("grad_output"), conv_params(a))};
}

std::vector<Param> with(std::vector<Param> head, std::vector<Param> tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

// TT-NN's conv2d parameters after the tensors, in its order.
std::vector<Param> conv_tail() {
    return with(conv_size_params(),
                {{"padding", ArgKind::INT_LIST}, {"dilation", ArgKind::INT_LIST}, {"groups", ArgKind::INT}});
}

const std::vector<Param> kOutputOptions = {{"dtype", ArgKind::DTYPE},
                                           {"compute_config", ArgKind::COMPUTE_CONFIG},
                                           {"memory_config", ArgKind::MEMORY_CONFIG},
                                           {"return_output_dim", ArgKind::BOOL},
                                           {"return_weights_and_bias", ArgKind::BOOL}};

}  // namespace

std::vector<Param> conv_size_params() {
    return {{"device", ArgKind::DEVICE},
            {"in_channels", ArgKind::INT},
            {"out_channels", ArgKind::INT},
            {"batch_size", ArgKind::INT},
            {"input_height", ArgKind::INT},
            {"input_width", ArgKind::INT},
            {"kernel_size", ArgKind::INT_LIST},
            {"stride", ArgKind::INT_LIST}};
}

void register_conv_ops(std::vector<OpInfo>& ops) {
    constexpr DTypeSet dtypes{DataType::BFLOAT16, DataType::FLOAT32, DataType::BFLOAT8_B};
    const Param grad_output{"grad_output", ArgKind::TENSOR, true};
    ops.push_back(
        {.name = "conv2d",
         .family = "conv",
         .golden = "conv2d",
         .doc = "2D convolution of an NHWC input ([N, H, W, C] or [1, 1, N*H*W, C]) with OIHW weights.",
         .params = with(
             with({{"input_tensor", ArgKind::TENSOR, true}, {"weight_tensor", ArgKind::TENSOR, true}}, conv_tail()),
             with({{"bias_tensor", ArgKind::TENSOR}}, with(kOutputOptions, {{"conv_config", ArgKind::STRING}}))),
         .dtypes = dtypes,
         .layouts = BOTH_LAYOUTS,
         .invoke = run_conv2d,
         .weight = {"weight_tensor", WeightPacking::CONV2D}});
    ops.push_back({.name = "prepare_conv_weights",
                   .family = "conv",
                   .golden = "prepare_conv_weights",
                   .doc = "Marks OIHW conv weights constant so conv2d packs them once, not per call; returns them.",
                   .params = with(with({{"weight_tensor", ArgKind::TENSOR, true},
                                        {"input_memory_config", ArgKind::MEMORY_CONFIG},
                                        {"input_layout", ArgKind::LAYOUT},
                                        {"weights_format", ArgKind::STRING}},
                                       conv_tail()),
                                  {{"has_bias", ArgKind::BOOL}, {"input_dtype", ArgKind::DTYPE}}),
                   .dtypes = dtypes,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_prepare_conv_weights});
    ops.push_back(
        {.name = "conv2d_backward_input",
         .family = "conv",
         .golden = "conv2d_backward_input",
         .doc = "Gradient of conv2d with respect to its input, in the input's NHWC form.",
         .params = with(with({grad_output, {"weight_tensor", ArgKind::TENSOR, true}}, conv_tail()), kOutputOptions),
         .dtypes = dtypes,
         .layouts = BOTH_LAYOUTS,
         .invoke = run_backward_input});
    ops.push_back(
        {.name = "conv2d_backward_weight",
         .family = "conv",
         .golden = "conv2d_backward_weight",
         .doc = "Gradient of conv2d with respect to its OIHW weight.",
         .params = with(with({grad_output, {"input_tensor", ArgKind::TENSOR, true}}, conv_tail()), kOutputOptions),
         .dtypes = dtypes,
         .layouts = BOTH_LAYOUTS,
         .invoke = run_backward_weight});
    ops.push_back({.name = "conv2d_backward_bias",
                   .family = "conv",
                   .golden = "conv2d_backward_bias",
                   .doc = "Gradient of conv2d with respect to its bias: grad_output summed over every pixel, [C].",
                   .params = with(with({grad_output}, conv_tail()), kOutputOptions),
                   .dtypes = dtypes,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_backward_bias});
    register_conv_transpose_ops(ops);
}

}  // namespace ttnn::ops
