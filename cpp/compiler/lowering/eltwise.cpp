// Element-wise overloads: unary math, binary arithmetic and comparisons (tensor or scalar operand), where,
// casts and the aliases functionalisation leaves behind. TT-NN broadcasts binary operands itself.
#include <cmath>

#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

// A number argument in the form ttnn takes it: ints stay ints so integer ops stay exact.
ttnn::Arg scalar(const LowerCtx& ctx, std::string_view arg) {
    if (ctx.is_integer_number(arg))
        return ctx.integer(arg);
    return ctx.number(arg);
}

Operand tensor_or_scalar(const LowerCtx& ctx, std::string_view arg) {
    if (ctx.is_tensor(arg))
        return ctx.tensor(arg);
    return scalar(ctx, arg);
}

bool unary(LowerCtx& ctx) {
    ctx.set(0, ctx.op(ctx.target_op(), {{0, ctx.tensor("self")}}));
    return true;
}

// Arithmetic, comparisons and the bitwise ops, each operand a tensor or a number. Also rsub: aten.rsub(x, y) is
// y - x, as ttnn.rsub(x, y) is.
bool binary(LowerCtx& ctx) {
    ctx.set(0, ctx.op(ctx.target_op(), {{0, tensor_or_scalar(ctx, "self")}, {1, tensor_or_scalar(ctx, "other")}}));
    return true;
}

// Each of the base and the exponent a tensor or a number (pow.Scalar: 2 ** x); ttnn's pow takes either so.
bool power(LowerCtx& ctx) {
    ctx.set(0, ctx.op("pow", {{0, tensor_or_scalar(ctx, "self")}, {1, tensor_or_scalar(ctx, "exponent")}}));
    return true;
}

// gelu's exact form is erf-based; approximate="tanh" is TT's fast mode.
bool gelu(LowerCtx& ctx) {
    const bool fast = ctx.string("approximate") == "tanh";
    std::vector<OpArg> args = {{0, ctx.tensor("self")}};
    if (ctx.has_param("gelu", "fast_and_approximate_mode"))
        args.push_back({"fast_and_approximate_mode", fast});
    else if (fast)
        return ctx.fail();
    ctx.set(0, ctx.op("gelu", std::move(args)));
    return true;
}

bool div_guard(const LowerCtx& ctx) {
    return !ctx.has("rounding_mode");
}

// div.Tensor_mode: ttnn's div rounds the quotient as torch does ('trunc', 'floor') on floats; an integer
// quotient (torch divides ints exactly) would pass through the float compute dtype, so it stays on the host.
bool div_mode_guard(const LowerCtx& ctx) {
    const std::string mode = ctx.string("rounding_mode");
    return is_floating(ctx.out().dtype) && (mode.empty() || mode == "trunc" || mode == "floor");
}

bool div_mode(LowerCtx& ctx) {
    std::vector<OpArg> args = {{0, tensor_or_scalar(ctx, "self")}, {1, tensor_or_scalar(ctx, "other")}};
    if (const std::string mode = ctx.string("rounding_mode"); !mode.empty())
        args.push_back({"round_mode", ttnn::Arg(mode)});
    ctx.set(0, ctx.op("div", std::move(args)));
    return true;
}

// torch promotes an integer tensor clamped by fractional bounds to float: int.clamp(-2.5, 3.5) holds 3.5, so
// the tensor is cast first (the rule's to_float; found by the fuzzer: the clamp ran in integers).
bool clamp(LowerCtx& ctx) {
    std::vector<OpArg> args = {{0, ctx.tensor("self")}};
    if (ctx.has("min"))
        args.push_back({"min", tensor_or_scalar(ctx, "min")});
    if (ctx.has("max"))
        args.push_back({"max", tensor_or_scalar(ctx, "max")});
    ctx.set(0, ctx.op("clamp", std::move(args)));
    return true;
}

// Activations with number parameters, each passed under TT-NN's name for it. One aten leaves out is left out:
// the op then reads its declared default, which is torch's too (hardtanh's [-1, 1], leaky_relu's 0.01).
bool with_numbers(LowerCtx& ctx, std::initializer_list<std::string_view> names) {
    std::vector<OpArg> args = {{0, ctx.tensor("self")}};
    for (std::string_view n : names) {
        if (ctx.has(n))
            args.push_back({n, ctx.number(n)});
    }
    ctx.set(0, ctx.op(ctx.target_op(), std::move(args)));
    return true;
}

bool hardtanh(LowerCtx& ctx) {
    return with_numbers(ctx, {"min_val", "max_val"});
}

bool leaky_relu(LowerCtx& ctx) {
    return with_numbers(ctx, {"negative_slope"});
}

// where(c, int tensor, float tensor) is float in torch; ttnn.where takes values of one kind, so the integer
// side is cast (the rule's to_float; found by the fuzzer: ttnn.where refused int32 with float32).
bool where(LowerCtx& ctx) {
    ctx.set(
        0,
        ctx.op(
            "where",
            {{0, ctx.tensor("condition")}, {1, tensor_or_scalar(ctx, "self")}, {2, tensor_or_scalar(ctx, "other")}}));
    return true;
}

// masked_fill(x, mask, v) is where(mask, v, x). torch casts a number v to x's dtype first: an integer
// tensor filled with -1.5 holds -1 (found by the fuzzer: ttnn.where refused the fraction).
bool masked_fill(LowerCtx& ctx) {
    Operand value = tensor_or_scalar(ctx, "value");
    if (!ctx.is_tensor("value") && is_integral(ctx.value("self").dtype) && !ctx.is_integer_number("value"))
        value = ttnn::Arg(static_cast<int64_t>(std::trunc(ctx.number("value"))));
    ctx.set(0, ctx.op("where", {{0, ctx.tensor("mask")}, {1, value}, {2, ctx.tensor("self")}}));
    return true;
}

// Functionalisation leaves value-preserving aliases; they need no device work.
bool alias(LowerCtx& ctx) {
    ctx.set(0, ctx.tensor("self"));
    return true;
}

bool clone(LowerCtx& ctx) {
    ctx.set(0, ctx.op("clone", {{0, ctx.tensor("self")}}));
    return true;
}

// _to_copy changes only the torch dtype here (same device, default layout). Float to float is a copy on the
// device (floats are computed in one device dtype); to an integer it is a typecast; to bool it is x != 0.
bool to_copy_guard(const LowerCtx& ctx) {
    const std::string device = ctx.string("device");
    return (device.empty() || device == "cpu") && !ctx.flag("non_blocking");
}

bool change_dtype(LowerCtx& ctx, std::string_view input) {
    const ScalarType from = ctx.value(input).dtype, to = ctx.out().dtype;
    const Ref x = ctx.tensor(input);
    if (to == ScalarType::BOOL) {
        ctx.set(0, ctx.op("ne", {{0, x}, {1, ttnn::Arg(0.0)}}));
    } else if (is_integral(to) && !is_integral(from)) {
        ctx.set(0, ctx.op("typecast", {{0, x}, {"dtype", ttnn::DataType::INT32}}));
    } else if (is_floating(to) && is_integral(from)) {
        ctx.set(0, ctx.op("typecast", {{0, x}, {"dtype", ctx.options().compute_dtype}}));
    } else {
        ctx.set(0, ctx.op("clone", {{0, x}}));
    }
    return true;
}

bool to_copy(LowerCtx& ctx) {
    return change_dtype(ctx, "self");
}

// The same conversion as decompositions spell it (dynamic-shape graphs: a size's arange cast to float).
bool convert_element_type(LowerCtx& ctx) {
    return change_dtype(ctx, "a");
}

// Dropout lowers only where it is the identity (eval, or p == 0); training dropout keeps torch's RNG stream.
bool dropout_guard(const LowerCtx& ctx) {
    const bool identity = !ctx.flag("train", true) || ctx.number("p") == 0.0;
    return identity && (ctx.num_outputs() < 2 || !ctx.output_used(1));
}

bool dropout(LowerCtx& ctx) {
    ctx.set(0, ctx.tensor("input"));
    return true;
}

// glu: a * sigmoid(b), a and b the halves of dim. ttnn.glu splits the last dim only; another dim (speech
// models' channel gates, dim=1) is the two slices, a sigmoid and a mul.
bool glu(LowerCtx& ctx) {
    const int64_t rank = ctx.rank("self");
    const int64_t dim = ctx.dim("dim", rank);
    const int64_t half = ctx.shape("self")[static_cast<size_t>(dim)] / 2;
    if (dim == rank - 1) {
        ctx.set(0, ctx.op("glu", {{0, ctx.tensor("self")}, {"dim", int64_t{-1}}}));
        return true;
    }
    const Ref a = ctx.slice(ctx.tensor("self"), dim, 0, half);
    const Ref gate = ctx.op("sigmoid", {{0, ctx.slice(ctx.tensor("self"), dim, half, 2 * half)}});
    ctx.set(0, ctx.op("mul", {{0, a}, {1, gate}}));
    return true;
}

// An integer's remainder by a non-zero integer (CANINE's hash buckets): a - floor_div(a, b) * b in int32, which
// takes b's sign as torch's does; ttnn.remainder divides in floating point.
bool int_remainder_guard(const LowerCtx& ctx) {
    return is_integral(ctx.value("self").dtype) && ctx.is_integer_number("other") && ctx.integer("other") != 0 &&
           is_integral(ctx.out().dtype);
}

bool int_remainder(LowerCtx& ctx) {
    const ttnn::Arg other(static_cast<double>(ctx.integer("other")));
    const Ref quotient = ctx.op("floor_div", {{0, ctx.tensor("self")}, {1, other}});
    ctx.set(0, ctx.op("sub", {{0, ctx.tensor("self")}, {1, ctx.op("mul", {{0, quotient}, {1, other}})}}));
    return true;
}

bool softplus(LowerCtx& ctx) {
    ctx.set(0,
            ctx.op("softplus",
                   {{0, ctx.tensor("self")},
                    {"beta", ctx.number("beta", 1.0)},
                    {"threshold", ctx.number("threshold", 20.0)}}));
    return true;
}

// aten.elu(x, alpha, scale, input_scale) is elu, selu (torch's constants) or celu (input_scale = 1 / alpha).
bool elu(LowerCtx& ctx) {
    const double alpha = ctx.number("alpha", 1.0), scale = ctx.number("scale", 1.0);
    const double input_scale = ctx.number("input_scale", 1.0);
    const Ref x = ctx.tensor("self");
    if (scale == 1.0 && input_scale == 1.0) {
        ctx.set(0, ctx.op("elu", {{0, x}, {"alpha", alpha}}));
    } else if (input_scale == 1.0) {
        ctx.set(0, ctx.op("selu", {{0, x}, {"scale", scale}, {"alpha", alpha}}));
    } else if (scale == 1.0 && std::fabs(input_scale * alpha - 1.0) < 1e-12) {
        ctx.set(0, ctx.op("celu", {{0, x}, {"alpha", alpha}}));
    } else {
        return ctx.fail("elu with both scale and input_scale set");
    }
    return true;
}

bool celu(LowerCtx& ctx) {
    ctx.set(0, ctx.op("celu", {{0, ctx.tensor("self")}, {"alpha", ctx.number("alpha", 1.0)}}));
    return true;
}

// log_sigmoid's second output is a buffer for the backward; the forward alone is ttnn.log_sigmoid.
bool log_sigmoid_guard(const LowerCtx& ctx) {
    return ctx.num_outputs() < 2 || !ctx.output_used(1);
}

bool glu_guard(const LowerCtx& ctx) {
    const int64_t dim = ctx.dim("dim", ctx.rank("self"));
    return ctx.shape("self")[static_cast<size_t>(dim)] % 2 == 0;
}

constexpr std::pair<std::string_view, std::string_view> kUnary[] = {
    {"aten.relu.default", "relu"},
    {"aten.sigmoid.default", "sigmoid"},
    {"aten.tanh.default", "tanh"},
    {"aten.cos.default", "cos"},
    {"aten.sin.default", "sin"},
    {"aten.neg.default", "neg"},
    {"aten.floor.default", "floor"},
    {"aten.ceil.default", "ceil"},
    {"aten.rsqrt.default", "rsqrt"},
    {"aten.sqrt.default", "sqrt"},
    {"aten.exp.default", "exp"},
    {"aten.log.default", "log"},
    {"aten.abs.default", "abs"},
    {"aten.silu.default", "silu"},
    {"aten.reciprocal.default", "reciprocal"},
    {"aten.erf.default", "erf"},
    {"aten.sign.default", "sign"},
    {"aten.logical_not.default", "logical_not"},
    {"aten.hardsigmoid.default", "hardsigmoid"},
    {"aten.hardswish.default", "hardswish"},
    {"aten.log1p.default", "log1p"},
    {"aten.expm1.default", "expm1"},
    {"aten.trunc.default", "trunc"},
    {"aten.round.default", "round"},
    // The math family (ttnn's eltwise_unary_math rows): a model that calls one (YOSO's acos) stays on the device.
    {"aten.acos.default", "acos"},
    {"aten.asin.default", "asin"},
    {"aten.atan.default", "atan"},
    {"aten.acosh.default", "acosh"},
    {"aten.asinh.default", "asinh"},
    {"aten.atanh.default", "atanh"},
    {"aten.tan.default", "tan"},
    {"aten.sinh.default", "sinh"},
    {"aten.cosh.default", "cosh"},
    {"aten.erfc.default", "erfc"},
    {"aten.erfinv.default", "erfinv"},
    {"aten.exp2.default", "exp2"},
    {"aten.log2.default", "log2"},
    {"aten.log10.default", "log10"},
    {"aten.frac.default", "frac"},
    {"aten.lgamma.default", "lgamma"},
    {"aten.digamma.default", "digamma"},
    {"aten.mish.default", "mish"},
};

constexpr std::pair<std::string_view, std::string_view> kBinary[] = {
    {"aten.mul.Tensor", "mul"},
    {"aten.mul.Scalar", "mul"},
    {"aten.div.Tensor", "div"},
    {"aten.true_divide.Tensor", "div"},
    {"aten.div.Scalar", "div"},
    {"aten.eq.Tensor", "eq"},
    {"aten.eq.Scalar", "eq"},
    {"aten.ne.Tensor", "ne"},
    {"aten.ne.Scalar", "ne"},
    {"aten.gt.Tensor", "gt"},
    {"aten.gt.Scalar", "gt"},
    {"aten.lt.Tensor", "lt"},
    {"aten.lt.Scalar", "lt"},
    {"aten.ge.Tensor", "ge"},
    {"aten.ge.Scalar", "ge"},
    {"aten.le.Tensor", "le"},
    {"aten.le.Scalar", "le"},
    {"aten.maximum.default", "maximum"},
    {"aten.minimum.default", "minimum"},
    {"aten.logical_and.default", "logical_and"},
    {"aten.logical_or.default", "logical_or"},
    {"aten.atan2.default", "atan2"},
    {"aten.remainder.Scalar", "remainder"},
};

}  // namespace

// Bools are 0/1 floats on the device: the bitwise ops of bools are the logical ones (BOOL_AS_LOGICAL).
void add_eltwise_rules(RuleTable& rules) {
    constexpr Operands kSelfOther = {"self", "other"};
    for (const auto& [aten, op] : kUnary)
        rules.push_back({aten, op, nullptr, unary});
    rules.push_back({"aten.glu.default", "glu", glu_guard, glu});
    rules.push_back({"aten.softplus.default", "softplus", nullptr, softplus});
    rules.push_back({"aten.elu.default", "elu", nullptr, elu});
    rules.push_back({"aten.celu.default", "celu", nullptr, celu});
    rules.push_back({"aten.log_sigmoid_forward.default", "log_sigmoid", log_sigmoid_guard, unary});
    rules.push_back({"aten.remainder.Scalar", "floor_div", int_remainder_guard, int_remainder});
    for (const auto& [aten, op] : kBinary)
        rules.push_back({aten, op, aten.starts_with("aten.div") ? div_guard : nullptr, binary, 0, kSelfOther});
    for (std::string_view aten : {"aten.add.Tensor", "aten.add.Scalar"})
        rules.push_back({aten, "add", nullptr, binary, ALPHA_IS_ONE, kSelfOther});
    for (std::string_view aten : {"aten.sub.Tensor", "aten.sub.Scalar"})
        rules.push_back({aten, "sub", nullptr, binary, ALPHA_IS_ONE, kSelfOther});
    rules.push_back({"aten.rsub.Scalar", "rsub", nullptr, binary, ALPHA_IS_ONE, kSelfOther});
    rules.push_back({"aten.rsub.Tensor", "rsub", nullptr, binary, ALPHA_IS_ONE, kSelfOther});
    rules.push_back({"aten.pow.Tensor_Scalar", "pow", nullptr, power, 0, {"self", "exponent"}});
    rules.push_back({"aten.pow.Tensor_Tensor", "pow", nullptr, power});
    rules.push_back({"aten.pow.Scalar", "pow", nullptr, power});
    rules.push_back({"aten.div.Tensor_mode", "div", div_mode_guard, div_mode, 0, kSelfOther});
    rules.push_back({"aten.gelu.default", "gelu", nullptr, gelu});
    constexpr Operands kClamped = {"self", "min", "max"};
    rules.push_back({"aten.clamp.default", "clamp", nullptr, clamp, 0, kClamped});
    rules.push_back({"aten.clamp.Tensor", "clamp", nullptr, clamp, 0, kClamped});
    rules.push_back({"aten.clamp_min.default", "clamp", nullptr, clamp, 0, kClamped});
    rules.push_back({"aten.clamp_max.default", "clamp", nullptr, clamp, 0, kClamped});
    rules.push_back({"aten.where.self", "where", nullptr, where, 0, kSelfOther});
    rules.push_back({"aten.hardtanh.default", "hardtanh", nullptr, hardtanh});
    rules.push_back({"aten.leaky_relu.default", "leaky_relu", nullptr, leaky_relu});
    rules.push_back({"aten.masked_fill.Scalar", "where", nullptr, masked_fill});
    rules.push_back({"aten.masked_fill.Tensor", "where", nullptr, masked_fill});
    rules.push_back({"aten.bitwise_not.default", "bitwise_not", nullptr, unary, BOOL_AS_LOGICAL});
    rules.push_back({"aten.bitwise_and.Tensor", "bitwise_and", nullptr, binary, BOOL_AS_LOGICAL});
    rules.push_back({"aten.bitwise_or.Tensor", "bitwise_or", nullptr, binary, BOOL_AS_LOGICAL});
    rules.push_back({"aten.bitwise_xor.Tensor", "bitwise_xor", nullptr, binary, BOOL_AS_LOGICAL});
    for (std::string_view aten : {"aten.detach.default", "aten.alias.default", "aten.lift_fresh_copy.default"}) {
        rules.push_back({aten, "", nullptr, alias});
    }
    rules.push_back({"aten.clone.default", "clone", nullptr, clone});
    rules.push_back({"aten._to_copy.default", "typecast", to_copy_guard, to_copy});
    rules.push_back({"prims.convert_element_type.default", "typecast", nullptr, convert_element_type});
    rules.push_back({"aten.native_dropout.default", "", dropout_guard, dropout});
    rules.push_back({"aten.dropout.default", "", dropout_guard, dropout});
}

}  // namespace torch_ttnn
