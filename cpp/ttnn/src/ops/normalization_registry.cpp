// Registry entries of the normalization family (kernels in normalization.cpp and normalization_stats.cpp).
#include "ops/families.hpp"
#include "ttnn/ops/normalization.hpp"

namespace ttnn::ops {
namespace {

SoftmaxOptions softmax_options(const OpArgs& a) {
    SoftmaxOptions o;
    o.memory_config = a.memory_config("memory_config");
    o.compute_kernel_config = a.compute_config("compute_kernel_config");
    o.numeric_stable = a.flag_or("numeric_stable", true);
    return o;
}

OpOutputs run_softmax(const OpArgs& a) {
    return {softmax(a.tensor("input_tensor"), a.integer_or("dim", -1), softmax_options(a))};
}

OpOutputs run_log_softmax(const OpArgs& a) {
    return {log_softmax(a.tensor("input_tensor"), a.integer_or("dim", -1), softmax_options(a))};
}

OpOutputs run_scale_mask_softmax(const OpArgs& a) {
    const std::optional<double> scale = a.has("scale") ? std::optional<double>(a.scalar("scale")) : std::nullopt;
    return {scale_mask_softmax(a.tensor("input_tensor"), scale, a.optional_tensor("mask"), softmax_options(a))};
}

OpOutputs run_attention_softmax(const OpArgs& a) {
    return {attention_softmax(a.tensor("input_tensor"),
                              a.optional_integer("head_size"),
                              a.optional_tensor("attention_mask"),
                              softmax_options(a))};
}

NormOptions norm_options(const OpArgs& a) {
    NormOptions o;
    o.epsilon = a.scalar_or("epsilon", 1e-12);
    o.weight = a.optional_tensor("weight");
    o.bias = a.optional_tensor("bias");
    o.residual_input_tensor = a.optional_tensor("residual_input_tensor");
    o.memory_config = a.memory_config("memory_config");
    o.compute_kernel_config = a.compute_config("compute_kernel_config");
    return o;
}

OpOutputs run_layer_norm(const OpArgs& a) {
    return {layer_norm(a.tensor("input_tensor"), norm_options(a))};
}
OpOutputs run_rms_norm(const OpArgs& a) {
    return {rms_norm(a.tensor("input_tensor"), norm_options(a))};
}

OpOutputs run_group_norm(const OpArgs& a) {
    GroupNormOptions o;
    o.num_groups = a.integer("num_groups");
    o.epsilon = a.scalar_or("epsilon", 1e-12);
    o.weight = a.optional_tensor("weight");
    o.bias = a.optional_tensor("bias");
    o.memory_config = a.memory_config("memory_config");
    return {group_norm(a.tensor("input_tensor"), o)};
}

BatchNormResult run_batch_norm_stats(const OpArgs& a) {
    BatchNormOptions o;
    o.running_mean = a.optional_tensor("running_mean");
    o.running_var = a.optional_tensor("running_var");
    o.training = a.flag_or("training", false);
    o.eps = a.scalar_or("eps", 1e-5);
    o.momentum = a.scalar_or("momentum", 0.1);
    o.weight = a.optional_tensor("weight");
    o.bias = a.optional_tensor("bias");
    o.memory_config = a.memory_config("memory_config");
    return batch_norm(a.tensor("input"), o);
}

// ttnn.batch_norm returns the output alone, as TT-NN's does; batch_norm_with_stats also the batch statistics.
OpOutputs run_batch_norm(const OpArgs& a) {
    return {run_batch_norm_stats(a).output};
}

OpOutputs run_batch_norm_with_stats(const OpArgs& a) {
    BatchNormResult r = run_batch_norm_stats(a);
    return {r.output, r.mean, r.invstd};
}

}  // namespace

void register_normalization_ops(std::vector<OpInfo>& ops) {
    const DTypeSet dtypes{DataType::BFLOAT16, DataType::FLOAT32, DataType::BFLOAT8_B};
    const Param input{"input_tensor", ArgKind::TENSOR, true};
    const Param memory_config{"memory_config", ArgKind::MEMORY_CONFIG};
    const Param compute{"compute_kernel_config", ArgKind::COMPUTE_CONFIG};
    const Param stable{"numeric_stable", ArgKind::BOOL};
    const Param weight{"weight", ArgKind::TENSOR};
    const Param bias{"bias", ArgKind::TENSOR};
    const auto add =
        [&](std::string_view name, std::string_view doc, std::vector<Param> params, OpInvoke invoke, int outputs = 1) {
            // TT-NN's program configs and core grids pick a card's schedule: accepted, the values are the same.
            params.push_back({"program_config", ArgKind::STRING});
            params.push_back({"core_grid", ArgKind::INT_LIST});
            ops.push_back(family_op("normalization", name, doc, std::move(params), dtypes, invoke, outputs));
        };
    add("softmax",
        "exp(x - max) / sum(exp(x - max)) along dim, in fp32.",
        {input, {"dim", ArgKind::INT}, memory_config, compute, stable},
        run_softmax);
    add("log_softmax",
        "x - max - log(sum(exp(x - max))) along dim, in fp32.",
        {input, {"dim", ArgKind::INT}, memory_config, compute, stable},
        run_log_softmax);
    add("scale_mask_softmax",
        "softmax(input * scale + mask) over the last dim; the mask broadcasts.",
        {input, {"scale", ArgKind::SCALAR}, {"mask", ArgKind::TENSOR}, memory_config, compute, stable},
        run_scale_mask_softmax);
    add("transformer.attention_softmax",
        "softmax(input / sqrt(head_size) + attention_mask) over the last dim.",
        {input, {"head_size", ArgKind::INT}, {"attention_mask", ArgKind::TENSOR}, memory_config, compute, stable},
        run_attention_softmax);
    const std::vector<Param> norm_params{input,
                                         {"epsilon", ArgKind::SCALAR},
                                         weight,
                                         bias,
                                         {"residual_input_tensor", ArgKind::TENSOR},
                                         memory_config,
                                         compute};
    add("layer_norm",
        "(x + residual - mean) / sqrt(var + epsilon) * weight + bias over the last dim.",
        norm_params,
        run_layer_norm);
    add("rms_norm",
        "(x + residual) / sqrt(mean(x^2) + epsilon) * weight + bias over the last dim.",
        norm_params,
        run_rms_norm);
    add("group_norm",
        "Group normalization of a channels-last [N, ..., C] input (TT-NN's layout).",
        {input, {"num_groups", ArgKind::INT, true}, {"epsilon", ArgKind::SCALAR}, weight, bias, memory_config},
        run_group_norm);
    const std::vector<Param> batch_norm_params{{"input", ArgKind::TENSOR, true},
                                               {"running_mean", ArgKind::TENSOR},
                                               {"running_var", ArgKind::TENSOR},
                                               {"training", ArgKind::BOOL},
                                               {"eps", ArgKind::SCALAR},
                                               {"momentum", ArgKind::SCALAR},
                                               weight,
                                               bias,
                                               memory_config,
                                               compute};
    add("batch_norm",
        "Batch normalization of [N, C, ...]; returns the output and, training, updates the running stats.",
        batch_norm_params,
        run_batch_norm);
    add("batch_norm_with_stats",
        "batch_norm that also returns the batch statistics: (output, mean, invstd).",
        batch_norm_params,
        run_batch_norm_with_stats,
        3);
}

}  // namespace ttnn::ops
