// TT-NN's element-wise backward ops (exp_bw, mul_bw, leaky_relu_bw, ...), one table row each: the gradient of
// each operand as a function of the incoming gradient and the forward inputs, evaluated per element in double
// through the shared element-wise loop (broadcasting, every float dtype and layout) and rounded once. Each
// returns a list, as TT-NN's do: one gradient for a unary op, one per tensor operand for a binary one (a number
// as the second operand gets none). A gradient whose operand was broadcast is summed back to its shape.
#include <cmath>
#include <map>
#include <numbers>

#include "ops/eltwise_common.hpp"
#include "ops/eltwise_math.hpp"
#include "ops/families.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/reduction.hpp"

namespace ttnn::ops {
namespace {

using X = const double*;  // x[0] the incoming gradient, x[1] and x[2] the forward inputs
using P = const MathParams&;
using GradFn = MathFn;

struct BackwardOp {
    std::string_view name;
    std::string_view doc;
    std::vector<MathParam> params;  // after the operands, with TT-NN's defaults
    GradFn grad_a;
    GradFn grad_b = nullptr;  // null: a unary op
};

constexpr double kLn2 = std::numbers::ln2;
constexpr double kLn10 = std::numbers::ln10;

double sigmoid(double v) {
    return 1.0 / (1.0 + std::exp(-v));
}

// Where a non-smooth op's inputs tie, torch splits the gradient evenly between them (maximum, minimum).
double share(bool wins, bool ties, double g) {
    return wins ? g : ties ? g / 2.0 : 0.0;
}

std::vector<BackwardOp> unary_rows() {
    const double inf = std::numeric_limits<double>::infinity();
    return {
        {"abs_bw", "[grad * sign(x)].", {}, [](X x, P) { return x[1] > 0.0   ? x[0]
                                                                : x[1] < 0.0 ? -x[0]
                                                                             : 0.0; }},
        {"neg_bw", "[-grad].", {}, [](X x, P) { return -x[0]; }},
        {"exp_bw", "[grad * exp(x)].", {}, [](X x, P) { return x[0] * std::exp(x[1]); }},
        {"exp2_bw", "[grad * 2^x * ln 2].", {}, [](X x, P) { return x[0] * std::exp2(x[1]) * kLn2; }},
        {"expm1_bw", "[grad * exp(x)].", {}, [](X x, P) { return x[0] * std::exp(x[1]); }},
        {"log_bw", "[grad / x].", {}, [](X x, P) { return x[0] / x[1]; }},
        {"log2_bw", "[grad / (x ln 2)].", {}, [](X x, P) { return x[0] / (x[1] * kLn2); }},
        {"log10_bw", "[grad / (x ln 10)].", {}, [](X x, P) { return x[0] / (x[1] * kLn10); }},
        {"log1p_bw", "[grad / (1 + x)].", {}, [](X x, P) { return x[0] / (1.0 + x[1]); }},
        {"sqrt_bw", "[grad / (2 sqrt(x))].", {}, [](X x, P) { return x[0] / (2.0 * std::sqrt(x[1])); }},
        {"rsqrt_bw", "[-grad / (2 x^1.5)].", {}, [](X x, P) { return -0.5 * x[0] / (x[1] * std::sqrt(x[1])); }},
        {"reciprocal_bw", "[-grad / x^2].", {}, [](X x, P) { return -x[0] / (x[1] * x[1]); }},
        {"square_bw", "[2 grad x].", {}, [](X x, P) { return 2.0 * x[0] * x[1]; }},
        {"sin_bw", "[grad * cos(x)].", {}, [](X x, P) { return x[0] * std::cos(x[1]); }},
        {"cos_bw", "[-grad * sin(x)].", {}, [](X x, P) { return -x[0] * std::sin(x[1]); }},
        {"tan_bw", "[grad * (1 + tan(x)^2)].", {}, [](X x, P) { return x[0] * (1.0 + std::pow(std::tan(x[1]), 2)); }},
        {"sinh_bw", "[grad * cosh(x)].", {}, [](X x, P) { return x[0] * std::cosh(x[1]); }},
        {"cosh_bw", "[grad * sinh(x)].", {}, [](X x, P) { return x[0] * std::sinh(x[1]); }},
        {"tanh_bw",
         "[grad * (1 - tanh(x)^2)].",
         {},
         [](X x, P) { return x[0] * (1.0 - std::pow(std::tanh(x[1]), 2)); }},
        {"asin_bw", "[grad / sqrt(1 - x^2)].", {}, [](X x, P) { return x[0] / std::sqrt(1.0 - x[1] * x[1]); }},
        {"acos_bw", "[-grad / sqrt(1 - x^2)].", {}, [](X x, P) { return -x[0] / std::sqrt(1.0 - x[1] * x[1]); }},
        {"atan_bw", "[grad / (1 + x^2)].", {}, [](X x, P) { return x[0] / (1.0 + x[1] * x[1]); }},
        {"asinh_bw", "[grad / sqrt(x^2 + 1)].", {}, [](X x, P) { return x[0] / std::sqrt(x[1] * x[1] + 1.0); }},
        {"acosh_bw", "[grad / sqrt(x^2 - 1)].", {}, [](X x, P) { return x[0] / std::sqrt(x[1] * x[1] - 1.0); }},
        {"atanh_bw", "[grad / (1 - x^2)].", {}, [](X x, P) { return x[0] / (1.0 - x[1] * x[1]); }},
        {"sigmoid_bw",
         "[grad * s (1 - s)], s = sigmoid(x).",
         {},
         [](X x, P) { return x[0] * sigmoid(x[1]) * (1.0 - sigmoid(x[1])); }},
        {"silu_bw",
         "[grad * (s + x s (1 - s))], s = sigmoid(x).",
         {},
         [](X x, P) {
             const double s = sigmoid(x[1]);
             return x[0] * (s + x[1] * s * (1.0 - s));
         }},
        {"relu_bw", "[grad where x > 0, else 0].", {}, [](X x, P) { return x[1] > 0.0 ? x[0] : 0.0; }},
        {"relu6_bw",
         "[grad where 0 < x < 6, else 0].",
         {},
         [](X x, P) { return x[1] > 0.0 && x[1] < 6.0 ? x[0] : 0.0; }},
        {"erf_bw",
         "[grad * 2 / sqrt(pi) * exp(-x^2)].",
         {},
         [](X x, P) { return x[0] * std::numbers::inv_sqrtpi * 2.0 * std::exp(-x[1] * x[1]); }},
        {"erfc_bw",
         "[-grad * 2 / sqrt(pi) * exp(-x^2)].",
         {},
         [](X x, P) { return -x[0] * std::numbers::inv_sqrtpi * 2.0 * std::exp(-x[1] * x[1]); }},
        {"softsign_bw", "[grad / (1 + |x|)^2].", {}, [](X x, P) { return x[0] / std::pow(1.0 + std::fabs(x[1]), 2); }},
        {"hardsigmoid_bw",
         "[grad / 6 where -3 < x < 3, else 0].",
         {},
         [](X x, P) { return x[1] > -3.0 && x[1] < 3.0 ? x[0] / 6.0 : 0.0; }},
        {"hardswish_bw",
         "[0 up to -3, grad * (x / 3 + 1/2) between, grad from 3] (torch's hardswish_backward).",
         {},
         [](X x, P) { return x[1] <= -3.0 ? 0.0
                             : x[1] < 3.0 ? x[0] * (x[1] / 3.0 + 0.5)
                                          : x[0]; }},
        {"deg2rad_bw", "[grad * pi / 180].", {}, [](X x, P) { return x[0] * std::numbers::pi / 180.0; }},
        {"rad2deg_bw", "[grad * 180 / pi].", {}, [](X x, P) { return x[0] * 180.0 / std::numbers::pi; }},
        {"frac_bw", "[grad].", {}, [](X x, P) { return x[0]; }},
        {"floor_bw", "[0]: floor is flat almost everywhere.", {}, [](X, P) { return 0.0; }},
        {"ceil_bw", "[0]: ceil is flat almost everywhere.", {}, [](X, P) { return 0.0; }},
        {"round_bw", "[0]: round is flat almost everywhere.", {}, [](X, P) { return 0.0; }},
        {"trunc_bw", "[0]: trunc is flat almost everywhere.", {}, [](X, P) { return 0.0; }},
        {"sign_bw", "[0]: sign is flat almost everywhere.", {}, [](X, P) { return 0.0; }},
        {"leaky_relu_bw",
         "[grad where x > 0, else grad * negative_slope].",
         {{"negative_slope", 0.01}},
         [](X x, P p) { return x[1] > 0.0 ? x[0] : x[0] * p[0]; }},
        {"elu_bw",
         "[grad where x > 0, else grad * alpha * exp(x)].",
         {{"alpha", 1.0}},
         [](X x, P p) { return x[1] > 0.0 ? x[0] : x[0] * p[0] * std::exp(x[1]); }},
        {"celu_bw",
         "[grad where x > 0, else grad * exp(x / alpha)].",
         {{"alpha", 1.0}},
         [](X x, P p) { return x[1] > 0.0 ? x[0] : x[0] * std::exp(x[1] / p[0]); }},
        {"hardtanh_bw",
         "[grad where min < x < max, else 0].",
         {{"min", -1.0}, {"max", 1.0}},
         [](X x, P p) { return x[1] > p[0] && x[1] < p[1] ? x[0] : 0.0; }},
        {"clamp_bw",
         "[grad where min <= x <= max (a bound not given is open), else 0].",
         {{"min", -inf}, {"max", inf}},
         [](X x, P p) { return x[1] >= p[0] && x[1] <= p[1] ? x[0] : 0.0; }},
        {"softplus_bw",
         "[grad * sigmoid(beta x)], grad where beta x > threshold.",
         {{"beta", 1.0}, {"threshold", 20.0}},
         [](X x, P p) { return x[1] * p[0] > p[1] ? x[0] : x[0] * sigmoid(x[1] * p[0]); }},
        {"pow_bw",
         "[grad * exponent * x^(exponent - 1)] for a number exponent (0 when it is 0).",
         {{"exponent", 0.0, true}},
         [](X x, P p) { return p[0] == 0.0 ? 0.0 : x[0] * p[0] * std::pow(x[1], p[0] - 1.0); }},
        {"rpow_bw",
         "[grad * exponent^x * ln(exponent)]: the gradient of exponent ** x.",
         {{"exponent", 0.0, true}},
         [](X x, P p) { return x[0] * std::pow(p[0], x[1]) * std::log(p[0]); }},
    };
}

std::vector<BackwardOp> binary_rows() {
    return {
        {"add_bw", "[grad, grad].", {}, [](X x, P) { return x[0]; }, [](X x, P) { return x[0]; }},
        {"sub_bw", "[grad, -grad].", {}, [](X x, P) { return x[0]; }, [](X x, P) { return -x[0]; }},
        {"rsub_bw",
         "[-grad, grad] (rsub(a, b) = b - a).",
         {},
         [](X x, P) { return -x[0]; },
         [](X x, P) { return x[0]; }},
        {"addalpha_bw",
         "[grad, grad * alpha].",
         {{"alpha", 1.0}},
         [](X x, P) { return x[0]; },
         [](X x, P p) { return x[0] * p[0]; }},
        {"subalpha_bw",
         "[grad, -grad * alpha].",
         {{"alpha", 1.0}},
         [](X x, P) { return x[0]; },
         [](X x, P p) { return -x[0] * p[0]; }},
        {"mul_bw", "[grad * b, grad * a].", {}, [](X x, P) { return x[0] * x[2]; }, [](X x, P) { return x[0] * x[1]; }},
        {"div_bw",
         "[grad / b, -grad * a / b^2].",
         {},
         [](X x, P) { return x[0] / x[2]; },
         [](X x, P) { return -x[0] * x[1] / (x[2] * x[2]); }},
        {"squared_difference_bw",
         "[2 grad (a - b), -2 grad (a - b)].",
         {},
         [](X x, P) { return 2.0 * x[0] * (x[1] - x[2]); },
         [](X x, P) { return -2.0 * x[0] * (x[1] - x[2]); }},
        {"atan2_bw",
         "[grad * b / (a^2 + b^2), -grad * a / (a^2 + b^2)].",
         {},
         [](X x, P) { return x[0] * x[2] / (x[1] * x[1] + x[2] * x[2]); },
         [](X x, P) { return -x[0] * x[1] / (x[1] * x[1] + x[2] * x[2]); }},
        {"hypot_bw",
         "[grad * a / hypot(a, b), grad * b / hypot(a, b)].",
         {},
         [](X x, P) { return x[0] * x[1] / std::hypot(x[1], x[2]); },
         [](X x, P) { return x[0] * x[2] / std::hypot(x[1], x[2]); }},
        {"logaddexp_bw",
         "[grad * sigmoid(a - b), grad * sigmoid(b - a)].",
         {},
         [](X x, P) { return x[0] * sigmoid(x[1] - x[2]); },
         [](X x, P) { return x[0] * sigmoid(x[2] - x[1]); }},
        {"logaddexp2_bw",
         "[grad * sigmoid((a - b) ln 2), grad * sigmoid((b - a) ln 2)].",
         {},
         [](X x, P) { return x[0] * sigmoid((x[1] - x[2]) * kLn2); },
         [](X x, P) { return x[0] * sigmoid((x[2] - x[1]) * kLn2); }},
        {"fmod_bw",
         "[grad, -grad * trunc(a / b)].",
         {},
         [](X x, P) { return x[0]; },
         [](X x, P) { return -x[0] * std::trunc(x[1] / x[2]); }},
        {"remainder_bw",
         "[grad, -grad * floor(a / b)].",
         {},
         [](X x, P) { return x[0]; },
         [](X x, P) { return -x[0] * std::floor(x[1] / x[2]); }},
        {"max_bw",
         "[grad where a > b, grad where b > a]; a tie gives each half (torch.maximum).",
         {},
         [](X x, P) { return share(x[1] > x[2], x[1] == x[2], x[0]); },
         [](X x, P) { return share(x[2] > x[1], x[1] == x[2], x[0]); }},
        {"min_bw",
         "[grad where a < b, grad where b < a]; a tie gives each half (torch.minimum).",
         {},
         [](X x, P) { return share(x[1] < x[2], x[1] == x[2], x[0]); },
         [](X x, P) { return share(x[2] < x[1], x[1] == x[2], x[0]); }},
    };
}

// Filled once, while the registry is built (op_registry() is a function-local static, so this is too).
std::map<std::string_view, BackwardOp, std::less<>>& backward_rows() {
    static std::map<std::string_view, BackwardOp, std::less<>> rows;
    return rows;
}

// One operand's gradient: `fn` over (grad, inputs...), summed back to `like`'s shape where it was broadcast.
Tensor gradient(const std::string& name,
                std::span<const TensorOrScalar> operands,
                GradFn fn,
                const MathParams& p,
                const Tensor& like,
                const std::optional<MemoryConfig>& memory_config) {
    const kernels::BlockFn<float> block = per_element(fn, p, operands.size());
    Tensor g = run_eltwise(name, operands, like.dtype(), {memory_config, std::nullopt}, block, {}, false);
    if (g.logical_shape() == like.logical_shape())
        return g;
    const auto dims = like.logical_shape().dims();
    return sum_to_shape(g, std::vector<int64_t>(dims.begin(), dims.end()), memory_config);
}

OpOutputs run_backward_row(const OpArgs& a) {
    const auto it = backward_rows().find(a.op());
    TTNN_ASSERT(it != backward_rows().end(), "ttnn.", a.op(), " has no row in the backward table");
    const BackwardOp& op = it->second;
    const std::string name = "ttnn." + std::string(op.name);
    MathParams p{};
    for (size_t i = 0; i < op.params.size(); ++i)
        p[i] = a.scalar_or(op.params[i].name, op.params[i].fallback);
    const std::optional<MemoryConfig> memory_config = a.memory_config("memory_config");
    const Tensor& grad = a.tensor("grad_tensor");
    if (op.grad_b == nullptr) {
        const Tensor& x = a.tensor("input_tensor");
        const TensorOrScalar operands[] = {grad, x};
        return {gradient(name, operands, op.grad_a, p, x, memory_config)};
    }
    const Tensor& lhs = a.tensor("input_tensor_a");
    const TensorOrScalar rhs = tensor_or_scalar(a, "input_tensor_b");
    const TensorOrScalar operands[] = {grad, lhs, rhs};
    OpOutputs grads{gradient(name, operands, op.grad_a, p, lhs, memory_config)};
    if (const Tensor* b = std::get_if<Tensor>(&rhs))
        grads.push_back(gradient(name, operands, op.grad_b, p, *b, memory_config));
    return grads;
}

void register_rows(std::vector<OpInfo>& ops, std::span<const Param> operands, std::vector<BackwardOp> rows) {
    for (BackwardOp& row : rows) {
        std::vector<Param> params{{"grad_tensor", ArgKind::TENSOR, true}};
        params.insert(params.end(), operands.begin(), operands.end());
        for (const MathParam& p : row.params)
            params.push_back({p.name, ArgKind::SCALAR, p.required});
        params.push_back({"memory_config", ArgKind::MEMORY_CONFIG});
        ops.push_back(family_op("backward", row.name, row.doc, std::move(params), FLOAT_DTYPES, run_backward_row, -1));
        const std::string_view key = row.name;
        backward_rows().emplace(key, std::move(row));
    }
}

}  // namespace

void register_eltwise_backward_ops(std::vector<OpInfo>& ops) {
    const Param unary[] = {{"input_tensor", ArgKind::TENSOR, true}};
    register_rows(ops, unary, unary_rows());
    const Param binary[] = {{"input_tensor_a", ArgKind::TENSOR, true},
                            {"input_tensor_b", ArgKind::TENSOR_OR_SCALAR, true}};
    register_rows(ops, binary, binary_rows());
}

}  // namespace ttnn::ops
