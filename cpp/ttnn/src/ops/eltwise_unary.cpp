// Unary element-wise ops: one typed entry point, unary(), and one registry entry per TT-NN name.
#include <cmath>
#include <limits>

#include "kernels/eltwise.hpp"
#include "ops/eltwise_common.hpp"
#include "ops/families.hpp"
#include "ttnn/error.hpp"

namespace ttnn {
namespace {

std::string op_name(UnaryOpType op) {
    switch (op) {
#define TTNN_NAME(E, N)  \
    case UnaryOpType::E: \
        return "ttnn." #N;
        TTNN_UNARY_OPS(TTNN_NAME)
#undef TTNN_NAME
    }
    return "ttnn.unary";
}

bool is_clamp(UnaryOpType op) {
    return op == UnaryOpType::CLAMP || op == UnaryOpType::CLIP || op == UnaryOpType::HARDTANH;
}

}  // namespace

Tensor unary(UnaryOpType op, const Tensor& input_tensor, const UnaryParams& params, const EltwiseOptions& options) {
    const std::string name = op_name(op);
    const bool integer = !is_floating(input_tensor.dtype());
    TTNN_CHECK(!integer || kernels::unary_supports_int(op),
               TYPE,
               name,
               ": unsupported dtype for 'input_tensor'; ",
               "expected a floating dtype, got ",
               ttnn::name(input_tensor.dtype()));
    TTNN_CHECK(integer || op != UnaryOpType::BITWISE_NOT,
               TYPE,
               name,
               ": unsupported dtype for 'input_tensor'; expected an integer dtype, got ",
               ttnn::name(input_tensor.dtype()));
    TTNN_CHECK(!is_clamp(op) || params.has_param0 || params.has_param1,
               VALUE,
               name,
               ": at least one of min and max must be given; got neither");
    constexpr double inf = std::numeric_limits<double>::infinity();
    const double p0 = is_clamp(op) && !params.has_param0 ? -inf : params.param0;
    const double p1 = is_clamp(op) && !params.has_param1 ? inf : params.param1;
    const kernels::UnaryArgs args{static_cast<float>(p0), static_cast<float>(p1)};
    const kernels::EltwiseKernels& k = kernels::eltwise();
    // Integer bounds: a fractional clamp bound rounds toward the inside of the range (ceil for min, floor for max).
    constexpr double big = 9.2e18;
    const auto i0 = static_cast<int64_t>(std::clamp(std::ceil(p0), -big, big));
    const auto i1 = static_cast<int64_t>(std::clamp(std::floor(p1), -big, big));
    const TensorOrScalar operands[] = {input_tensor};
    kernels::BlockFn<uint16_t> fused;
    if (const kernels::UnaryBf16Fn f = k.unary_bf16(op)) {
        fused = [f, &args](const uint16_t* const* in, uint16_t* out, size_t n) { f(in[0], out, n, args); };
    }
    return ops::run_eltwise(
        name,
        operands,
        options.dtype.value_or(input_tensor.dtype()),
        options,
        [&](const float* const* in, float* out, size_t n) { k.unary_f32(op, in[0], out, n, args); },
        [&](const int64_t* const* in, int64_t* out, size_t n) { kernels::unary_i64(op, in[0], out, n, i0, i1); },
        integer,
        -1,
        fused,
        [&](const int32_t* const* in, int32_t* out, size_t n) { kernels::unary_i32(op, in[0], out, n, i0, i1); });
}

namespace ops {
namespace {

constexpr Param kInput{"input_tensor", ArgKind::TENSOR, true};
constexpr Param kMemoryConfig{"memory_config", ArgKind::MEMORY_CONFIG};

// Reads the op's own parameters by TT-NN's names; one not given reads its declared default (unary_entries).
template <UnaryOpType OP>
OpOutputs run_unary(const OpArgs& a) {
    UnaryParams p;
    UnaryOpType op = OP;
    switch (OP) {
        case UnaryOpType::CLAMP:
        case UnaryOpType::CLIP:
            p = {a.scalar_or("min", 0.0), a.scalar_or("max", 0.0), a.has("min"), a.has("max")};
            break;
        case UnaryOpType::HARDTANH:
            p = {a.scalar("min_val"), a.scalar("max_val")};
            break;
        case UnaryOpType::LEAKY_RELU:
            p.param0 = a.scalar("negative_slope");
            break;
        case UnaryOpType::ELU:
            p.param0 = a.scalar("alpha");
            break;
        case UnaryOpType::SOFTPLUS:
            p = {a.scalar("beta"), a.scalar("threshold")};
            break;
        case UnaryOpType::GELU:
            if (a.scalar("fast_and_approximate_mode") != 0.0)
                op = UnaryOpType::GELU_TANH;
            break;
        default:
            break;
    }
    return {unary(op, a.tensor("input_tensor"), p, {a.memory_config("memory_config"), std::nullopt})};
}

struct UnaryEntry {
    UnaryOpType op;
    std::string_view name;
    std::string_view doc;
    DTypeSet dtypes;
    std::vector<Param> extra;  // parameters between input_tensor and memory_config
    OpInvoke invoke;
};

constexpr DTypeSet kFloatAndInt = ALL_DTYPES;

std::vector<UnaryEntry> unary_entries() {
    using U = UnaryOpType;
    const auto scalar = [](std::string_view n) { return Param{n, ArgKind::SCALAR}; };
    const auto number = [](std::string_view n, double fallback) {  // a number parameter with TT-NN's default
        return Param{.name = n, .kind = ArgKind::SCALAR, .default_value = fallback};
    };
    // TT-NN's fast_and_approximate_mode on the ops that take it: gelu acts on it (the tanh form); the others have
    // no approximate kernel here, so the flag is accepted and the exact kernel runs.
    const Param approx{.name = "fast_and_approximate_mode", .kind = ArgKind::BOOL, .default_value = 0.0};
    return {
        {U::RELU, "relu", "max(x, 0).", kFloatAndInt, {}, run_unary<U::RELU>},
        {U::GELU,
         "gelu",
         "x/2 (1 + erf(x/sqrt2)); fast_and_approximate_mode=True uses the tanh form (torch approximate='tanh').",
         FLOAT_DTYPES,
         {{.name = "fast_and_approximate_mode", .kind = ArgKind::BOOL, .default_value = 0.0}},
         run_unary<U::GELU>},
        {U::SILU, "silu", "x * sigmoid(x).", FLOAT_DTYPES, {}, run_unary<U::SILU>},
        {U::SIGMOID, "sigmoid", "1 / (1 + exp(-x)).", FLOAT_DTYPES, {}, run_unary<U::SIGMOID>},
        {U::TANH, "tanh", "Hyperbolic tangent.", FLOAT_DTYPES, {}, run_unary<U::TANH>},
        {U::EXP,
         "exp",
         "e^x; fast_and_approximate_mode runs the exact kernel.",
         FLOAT_DTYPES,
         {approx},
         run_unary<U::EXP>},
        {U::LOG,
         "log",
         "Natural logarithm; fast_and_approximate_mode runs the exact kernel.",
         FLOAT_DTYPES,
         {approx},
         run_unary<U::LOG>},
        {U::SQRT,
         "sqrt",
         "Square root; fast_and_approximate_mode runs the exact kernel.",
         FLOAT_DTYPES,
         {approx},
         run_unary<U::SQRT>},
        {U::RSQRT,
         "rsqrt",
         "1 / sqrt(x); fast_and_approximate_mode runs the exact kernel.",
         FLOAT_DTYPES,
         {approx},
         run_unary<U::RSQRT>},
        {U::RECIPROCAL, "reciprocal", "1 / x.", FLOAT_DTYPES, {}, run_unary<U::RECIPROCAL>},
        {U::NEG, "neg", "-x (integers wrap).", kFloatAndInt, {}, run_unary<U::NEG>},
        {U::ABS, "abs", "|x|.", kFloatAndInt, {}, run_unary<U::ABS>},
        {U::SIN, "sin", "Sine.", FLOAT_DTYPES, {}, run_unary<U::SIN>},
        {U::COS, "cos", "Cosine.", FLOAT_DTYPES, {}, run_unary<U::COS>},
        {U::ERF,
         "erf",
         "The error function; fast_and_approximate_mode runs the exact kernel.",
         FLOAT_DTYPES,
         {approx},
         run_unary<U::ERF>},
        {U::FLOOR, "floor", "Rounds toward -inf.", FLOAT_DTYPES, {}, run_unary<U::FLOOR>},
        {U::CEIL, "ceil", "Rounds toward +inf.", FLOAT_DTYPES, {}, run_unary<U::CEIL>},
        {U::ROUND,
         "round",
         "Rounds to the nearest integer, halves to even (torch.round).",
         FLOAT_DTYPES,
         {},
         run_unary<U::ROUND>},
        {U::SIGN, "sign", "1, 0 or -1 by the sign of x (0 for NaN).", kFloatAndInt, {}, run_unary<U::SIGN>},
        {U::CLAMP,
         "clamp",
         "min(max(x, min), max); either bound may be None (not both).",
         kFloatAndInt,
         {scalar("min"), scalar("max")},
         run_unary<U::CLAMP>},
        {U::CLIP, "clip", "Alias of clamp.", kFloatAndInt, {scalar("min"), scalar("max")}, run_unary<U::CLIP>},
        {U::HARDTANH,
         "hardtanh",
         "clamp(x, min_val, max_val).",
         kFloatAndInt,
         {number("min_val", -1.0), number("max_val", 1.0)},
         run_unary<U::HARDTANH>},
        {U::HARDSIGMOID, "hardsigmoid", "min(max(x + 3, 0), 6) / 6.", FLOAT_DTYPES, {}, run_unary<U::HARDSIGMOID>},
        {U::HARDSWISH, "hardswish", "x * hardsigmoid(x).", FLOAT_DTYPES, {}, run_unary<U::HARDSWISH>},
        {U::LEAKY_RELU,
         "leaky_relu",
         "x if x > 0 else negative_slope * x.",
         FLOAT_DTYPES,
         {number("negative_slope", 0.01)},
         run_unary<U::LEAKY_RELU>},
        {U::ELU,
         "elu",
         "x if x > 0 else alpha * (exp(x) - 1).",
         FLOAT_DTYPES,
         {number("alpha", 1.0)},
         run_unary<U::ELU>},
        {U::SOFTPLUS,
         "softplus",
         "log(1 + exp(beta x)) / beta; x where beta x > threshold.",
         FLOAT_DTYPES,
         {number("beta", 1.0), number("threshold", 20.0)},
         run_unary<U::SOFTPLUS>},
        {U::LOGICAL_NOT,
         "logical_not",
         "1 where x == 0, else 0, in the input's dtype (TT-NN returns no bool).",
         kFloatAndInt,
         {},
         run_unary<U::LOGICAL_NOT>},
        {U::BITWISE_NOT, "bitwise_not", "~x on integer tensors.", INT_DTYPES, {}, run_unary<U::BITWISE_NOT>},
        {U::ISNAN, "isnan", "1 where x is NaN, else 0, in the input's dtype.", FLOAT_DTYPES, {}, run_unary<U::ISNAN>},
        {U::ISINF, "isinf", "1 where x is +-inf, else 0, in the input's dtype.", FLOAT_DTYPES, {}, run_unary<U::ISINF>},
        {U::SQUARE, "square", "x * x.", kFloatAndInt, {}, run_unary<U::SQUARE>},
        {U::LOG1P,
         "log1p",
         "log(1 + x), accurate for small x; fast_and_approximate_mode runs the exact kernel.",
         FLOAT_DTYPES,
         {approx},
         run_unary<U::LOG1P>},
        {U::EXPM1, "expm1", "e^x - 1, accurate for small x.", FLOAT_DTYPES, {}, run_unary<U::EXPM1>},
        {U::TRUNC, "trunc", "Rounds toward zero.", FLOAT_DTYPES, {}, run_unary<U::TRUNC>},
    };
}

}  // namespace

void register_eltwise_unary_ops(std::vector<OpInfo>& ops) {
    for (UnaryEntry& e : unary_entries()) {
        std::vector<Param> params{kInput};
        params.insert(params.end(), e.extra.begin(), e.extra.end());
        params.push_back(kMemoryConfig);
        register_pointwise(ops, "eltwise_unary", e.name, e.doc, std::move(params), e.dtypes, e.invoke);
    }
    register_unary_math_ops(ops);
}

}  // namespace ops
}  // namespace ttnn
