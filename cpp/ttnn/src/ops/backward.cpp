// Registry entries of the backward ops (backward_activation.cpp, backward_norm.cpp, backward_loss.cpp).
// TT-NN names (threshold_bw, gelu_bw) keep TT-NN's arguments and return a list of one gradient; the others
// are aten's ops under aten's name without the leading underscore or "native_"/"_dense"/"_forward" parts.
#include "ttnn/ops/backward.hpp"
#include "ops/families.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/normalization.hpp"

namespace ttnn::ops {
namespace {

constexpr DTypeSet GRAD_DTYPES{DataType::BFLOAT16, DataType::FLOAT32};
constexpr DTypeSet INDEX_DTYPES{DataType::INT32, DataType::UINT32};

OpOutputs run_threshold_bw(const OpArgs& a) {
    return threshold_bw(a.tensor("grad_tensor"),
                        a.tensor("input_tensor"),
                        static_cast<float>(a.scalar("threshold")),
                        static_cast<float>(a.scalar_or("value", 0.0)),
                        a.memory_config("memory_config"));
}

OpOutputs run_gelu_bw(const OpArgs& a) {
    return gelu_bw(a.tensor("grad_tensor"),
                   a.tensor("input_tensor"),
                   a.string_or("approximate", "none"),
                   a.memory_config("memory_config"));
}

OpOutputs run_tanh_backward(const OpArgs& a) {
    return {tanh_backward(a.tensor("grad_output"), a.tensor("output"), a.memory_config("memory_config"))};
}

OpOutputs run_sigmoid_backward(const OpArgs& a) {
    return {sigmoid_backward(a.tensor("grad_output"), a.tensor("output"), a.memory_config("memory_config"))};
}

OpOutputs run_softmax_backward(const OpArgs& a) {
    return {softmax_backward(
        a.tensor("grad_output"), a.tensor("output"), a.integer("dim"), a.memory_config("memory_config"))};
}

OpOutputs run_log_softmax_backward(const OpArgs& a) {
    return {log_softmax_backward(
        a.tensor("grad_output"), a.tensor("output"), a.integer("dim"), a.memory_config("memory_config"))};
}

OpOutputs run_layer_norm_backward(const OpArgs& a) {
    LayerNormBackward r = layer_norm_backward(a.tensor("grad_output"),
                                              a.tensor("input_tensor"),
                                              a.int_list("normalized_shape"),
                                              a.tensor("mean"),
                                              a.tensor("rstd"),
                                              a.optional_tensor("weight"),
                                              a.optional_tensor("bias"),
                                              a.memory_config("memory_config"));
    return {r.grad_input, r.grad_weight, r.grad_bias};
}

OpOutputs run_batch_norm_backward(const OpArgs& a) {
    BatchNormBackward r = batch_norm_backward(a.tensor("grad_output"),
                                              a.tensor("input_tensor"),
                                              a.optional_tensor("weight"),
                                              a.scalar_or("eps", 1e-5),
                                              a.memory_config("memory_config"));
    return {r.grad_input, r.grad_weight, r.grad_bias};
}

OpOutputs run_embedding_backward(const OpArgs& a) {
    EmbeddingBackwardOptions options;
    options.padding_idx = a.integer_or("padding_idx", -1);
    options.scale_grad_by_freq = a.flag_or("scale_grad_by_freq", false);
    options.memory_config = a.memory_config("memory_config");
    return {embedding_backward(a.tensor("grad_output"), a.tensor("indices"), a.integer("num_weights"), options)};
}

NllLossOptions nll_options(const OpArgs& a) {
    NllLossOptions options;
    options.weight = a.optional_tensor("weight");
    const std::string reduction = a.string_or("reduction", "mean");
    TTNN_CHECK(reduction == "mean" || reduction == "sum" || reduction == "none",
               VALUE,
               "ttnn.",
               a.op(),
               ": unknown reduction; expected 'mean', 'sum' or 'none', got '",
               reduction,
               "'");
    options.reduction = reduction == "mean"  ? LossReduction::MEAN
                        : reduction == "sum" ? LossReduction::SUM
                                             : LossReduction::NONE;
    options.ignore_index = a.integer_or("ignore_index", -100);
    options.memory_config = a.memory_config("memory_config");
    return options;
}

OpOutputs run_nll_loss(const OpArgs& a) {
    auto [output, total_weight] = nll_loss(a.tensor("input_tensor"), a.tensor("target"), nll_options(a));
    return {output, total_weight};
}

OpOutputs run_nll_loss_backward(const OpArgs& a) {
    return {nll_loss_backward(a.tensor("grad_output"),
                              a.tensor("input_tensor"),
                              a.tensor("target"),
                              a.tensor("total_weight"),
                              nll_options(a))};
}

OpInfo entry(std::string_view name, std::string_view doc, std::vector<Param> params, int num_outputs, OpInvoke invoke) {
    return family_op("backward", name, doc, std::move(params), GRAD_DTYPES, invoke, num_outputs);
}

}  // namespace

void register_backward_ops(std::vector<OpInfo>& ops) {
    const Param memory_config{"memory_config", ArgKind::MEMORY_CONFIG};
    const Param grad_tensor{"grad_tensor", ArgKind::TENSOR, true};
    const Param grad_output{"grad_output", ArgKind::TENSOR, true};
    const Param input{"input_tensor", ArgKind::TENSOR, true};
    const Param output{"output", ArgKind::TENSOR, true};
    const Param dim{"dim", ArgKind::INT, true};
    const Param target{"target", ArgKind::TENSOR, true, INDEX_DTYPES};
    const std::vector<Param> nll_tail{
        {"weight", ArgKind::TENSOR}, {"reduction", ArgKind::STRING}, {"ignore_index", ArgKind::INT}, memory_config};
    ops.push_back(
        entry("threshold_bw",
              "TT-NN's threshold_bw (= aten.threshold_backward; relu's with threshold 0): [grad where "
              "input > threshold else 0].",
              {grad_tensor, input, {"threshold", ArgKind::FLOAT, true}, {"value", ArgKind::FLOAT}, memory_config},
              -1,
              run_threshold_bw));
    ops.back().traits.pointwise = true;  // an element's gradient from the operands at its index
    ops.push_back(entry("gelu_bw",
                        "TT-NN's gelu_bw (= aten.gelu_backward): [grad * gelu'(input)], approximate 'none' or 'tanh'.",
                        {grad_tensor, input, {"approximate", ArgKind::STRING}, memory_config},
                        -1,
                        run_gelu_bw));
    ops.back().traits.pointwise = true;  // an element's gradient from the operands at its index
    ops.push_back(entry("tanh_backward",
                        "aten.tanh_backward: grad_output * (1 - output^2), from tanh's output (ttnn.tanh_bw takes "
                        "the input).",
                        {grad_output, output, memory_config},
                        1,
                        run_tanh_backward));
    ops.back().traits.pointwise = true;  // an element's gradient from the operands at its index
    ops.push_back(entry("sigmoid_backward",
                        "aten.sigmoid_backward: grad_output * output * (1 - output), from sigmoid's output.",
                        {grad_output, output, memory_config},
                        1,
                        run_sigmoid_backward));
    ops.back().traits.pointwise = true;  // an element's gradient from the operands at its index
    ops.push_back(entry("softmax_backward",
                        "aten._softmax_backward_data: output * (grad_output - sum(grad_output * output, dim)).",
                        {grad_output, output, dim, memory_config},
                        1,
                        run_softmax_backward));
    ops.push_back(entry("log_softmax_backward",
                        "aten._log_softmax_backward_data: grad_output - exp(output) * sum(grad_output, dim).",
                        {grad_output, output, dim, memory_config},
                        1,
                        run_log_softmax_backward));
    ops.push_back(entry("layer_norm_backward",
                        "aten.native_layer_norm_backward with every output: (grad_input, grad_weight, grad_bias); "
                        "mean and rstd as native_layer_norm returns them.",
                        {grad_output,
                         input,
                         {"normalized_shape", ArgKind::INT_LIST, true},
                         {"mean", ArgKind::TENSOR, true},
                         {"rstd", ArgKind::TENSOR, true},
                         {"weight", ArgKind::TENSOR},
                         {"bias", ArgKind::TENSOR},
                         memory_config},
                        3,
                        run_layer_norm_backward));
    ops.push_back(entry("batch_norm_backward",
                        "aten.native_batch_norm_backward in training (batch statistics, recomputed from the input "
                        "in double): (grad_input, grad_weight, grad_bias) of an [N, C, ...] input.",
                        {grad_output, input, {"weight", ArgKind::TENSOR}, {"eps", ArgKind::SCALAR}, memory_config},
                        3,
                        run_batch_norm_backward));
    ops.push_back(entry("embedding_backward",
                        "aten.embedding_dense_backward: grad_output [..., hidden] summed into [num_weights, hidden] "
                        "rows at indices (ttnn.embedding_bw takes the weight instead of num_weights).",
                        {grad_output,
                         {"indices", ArgKind::TENSOR, true, INDEX_DTYPES},
                         {"num_weights", ArgKind::INT, true},
                         {"padding_idx", ArgKind::INT},
                         {"scale_grad_by_freq", ArgKind::BOOL},
                         memory_config},
                        1,
                        run_embedding_backward));
    std::vector<Param> nll_params{input, target};
    nll_params.insert(nll_params.end(), nll_tail.begin(), nll_tail.end());
    ops.push_back(entry("nll_loss",
                        "aten.nll_loss_forward on log-probabilities [N, C] or [C]: (output, total_weight); "
                        "reduction 'mean', 'sum' or 'none'.",
                        nll_params,
                        2,
                        run_nll_loss));
    std::vector<Param> nll_bw_params{grad_output, input, target, {"total_weight", ArgKind::TENSOR, true}};
    nll_bw_params.insert(nll_bw_params.end(), nll_tail.begin(), nll_tail.end());
    ops.push_back(entry("nll_loss_backward",
                        "aten.nll_loss_backward (total_weight moved before the optional weight): the gradient with "
                        "respect to input_tensor.",
                        nll_bw_params,
                        1,
                        run_nll_loss_backward));
    register_eltwise_backward_ops(ops);
}

}  // namespace ttnn::ops
