// TT-NN's composite element-wise ops (addalpha, subalpha, prelu, logit) and comparisons with zero: TT-NN builds them
// from other ops, and so do these, each intermediate rounded as TT-NN's would be. Also the fused-activation list that
// binary ops and matmul take (ttnn.UnaryWithParam), applied through the unary ops' registry entries.
#include <cmath>
#include <string>

#include "ops/eltwise_common.hpp"
#include "ops/families.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"

namespace ttnn {
namespace ops {

Tensor apply_activations(std::string_view op, const std::string& activations, Tensor input) {
    size_t begin = 0;
    while (begin < activations.size()) {
        size_t end = activations.find(',', begin);
        end = end == std::string::npos ? activations.size() : end;
        const std::string item = activations.substr(begin, end - begin);
        begin = end + 1;
        const size_t colon = item.find(':');
        const std::string name = item.substr(0, colon);
        const OpInfo* unary_op = find_op(name);
        TTNN_CHECK(unary_op != nullptr && unary_op->family == "eltwise_unary",
                   VALUE,
                   "ttnn.",
                   op,
                   ": unknown activation; expected a unary op such as relu, gelu or leaky_relu, got '",
                   name,
                   "'");
        std::vector<Arg> args{input};
        if (colon != std::string::npos) {
            TTNN_CHECK(unary_op->params.size() > 1 && unary_op->params[1].kind != ArgKind::MEMORY_CONFIG,
                       VALUE,
                       "ttnn.",
                       op,
                       ": activation '",
                       name,
                       "' takes no parameter; got '",
                       item,
                       "'");
            const double param = std::stod(item.substr(colon + 1));
            args.push_back(unary_op->params[1].kind == ArgKind::BOOL ? Arg(param != 0.0) : Arg(param));
        }
        input = invoke_op(*unary_op, OpArgs(*unary_op, std::move(args)))[0];
    }
    return input;
}

namespace {

EltwiseOptions options_of(const OpArgs& a) {
    return {a.memory_config("memory_config"), std::nullopt};
}

// a + alpha * b and a - alpha * b: TT-NN's composites, with alpha * b rounded to the output dtype first.
template <BinaryOpType OP>
OpOutputs run_alpha(const OpArgs& a) {
    const TensorOrScalar scaled = binary(BinaryOpType::MUL, a.tensor("input_tensor_b"), a.scalar("alpha"));
    return {binary(OP, a.tensor("input_tensor_a"), scaled, options_of(a))};
}

// prelu(x, w) = x where x >= 0, else w * x; a weight of C values applies per channel (dim 1) as in torch.
OpOutputs run_prelu(const OpArgs& a) {
    const Tensor& x = a.tensor("input_tensor");
    TensorOrScalar weight = tensor_or_scalar(a, "weight");
    if (const Tensor* w = std::get_if<Tensor>(&weight); w != nullptr && w->logical_shape().volume() > 1) {
        const Shape& shape = x.logical_shape();
        const uint64_t channels = shape.rank() >= 2 ? shape[1] : 0;
        TTNN_CHECK(w->logical_shape().volume() == channels,
                   VALUE,
                   "ttnn.prelu: weight must hold one value or one per channel (dim 1); expected ",
                   channels,
                   " values, got shape ",
                   w->logical_shape().to_string());
        std::vector<int64_t> per_channel(static_cast<size_t>(shape.rank()), 1);
        per_channel[1] = static_cast<int64_t>(channels);
        weight = to_layout(reshape(to_layout(*w, Layout::ROW_MAJOR), per_channel), x.layout());
    }
    const Tensor negative = binary(BinaryOpType::MUL, x, weight);
    return {where(binary(BinaryOpType::GE, x, 0.0), x, negative, options_of(a))};
}

// logit(x) = log(x / (1 - x)), x clamped to [eps, 1 - eps] when eps is given (torch.logit).
OpOutputs run_logit(const OpArgs& a) {
    Tensor x = a.tensor("input_tensor");
    if (a.has("eps")) {
        const double eps = a.scalar("eps");
        x = unary(UnaryOpType::CLAMP, x, {eps, 1.0 - eps});
    }
    const Tensor odds = binary(BinaryOpType::DIV, x, binary(BinaryOpType::RSUB, x, 1.0));
    return {unary(UnaryOpType::LOG, odds, {}, options_of(a))};
}

// TT-NN's comparisons with zero (gtz, ltz, gez, lez, eqz, nez): 1 or 0 in the input's dtype.
template <BinaryOpType OP>
OpOutputs run_compare_zero(const OpArgs& a) {
    return {binary(OP, a.tensor("input_tensor"), 0.0, options_of(a))};
}

}  // namespace

void register_eltwise_composite_ops(std::vector<OpInfo>& ops) {
    const Param memory_config{"memory_config", ArgKind::MEMORY_CONFIG};
    const Param a{"input_tensor_a", ArgKind::TENSOR, true};
    const Param b{"input_tensor_b", ArgKind::TENSOR, true};
    const Param alpha{"alpha", ArgKind::SCALAR, true};
    const auto add = [&](std::string_view name, std::string_view doc, std::vector<Param> params, OpInvoke invoke) {
        params.push_back(memory_config);
        ops.push_back(family_op("eltwise_composite", name, doc, std::move(params), FLOAT_DTYPES, invoke));
    };
    add("addalpha", "a + alpha * b (torch.add with alpha).", {a, b, alpha}, run_alpha<BinaryOpType::ADD>);
    add("subalpha", "a - alpha * b (torch.sub with alpha).", {a, b, alpha}, run_alpha<BinaryOpType::SUB>);
    add("prelu",
        "x where x >= 0, else weight * x; weight a number, one value, or one per channel of dim 1.",
        {{"input_tensor", ArgKind::TENSOR, true}, {"weight", ArgKind::TENSOR_OR_SCALAR, true}},
        run_prelu);
    const Param x{"input_tensor", ArgKind::TENSOR, true};
    add("gtz", "1 where x > 0, else 0, in the input's dtype.", {x}, run_compare_zero<BinaryOpType::GT>);
    add("ltz", "1 where x < 0, else 0, in the input's dtype.", {x}, run_compare_zero<BinaryOpType::LT>);
    add("gez", "1 where x >= 0, else 0, in the input's dtype.", {x}, run_compare_zero<BinaryOpType::GE>);
    add("lez", "1 where x <= 0, else 0, in the input's dtype.", {x}, run_compare_zero<BinaryOpType::LE>);
    add("eqz", "1 where x == 0, else 0, in the input's dtype.", {x}, run_compare_zero<BinaryOpType::EQ>);
    add("nez", "1 where x != 0, else 0, in the input's dtype.", {x}, run_compare_zero<BinaryOpType::NE>);
    add("logit",
        "log(x / (1 - x)); x clamped to [eps, 1 - eps] when eps is given (torch.logit).",
        {{"input_tensor", ArgKind::TENSOR, true}, {"eps", ArgKind::SCALAR}},
        run_logit);
    register_gated_ops(ops);
    register_random_ops(ops);
}

}  // namespace ops
}  // namespace ttnn
