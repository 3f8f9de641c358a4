// Binary element-wise ops with PyTorch broadcasting and a number on either side; where() lives beside them in
// eltwise_ternary.cpp. Output dtype: the first tensor's unless `dtype` says otherwise (TT-NN's rule, also for
// comparisons, which hold 1 or 0 in that dtype).
#include <optional>

#include "kernels/eltwise.hpp"
#include "ops/eltwise_common.hpp"
#include "ops/families.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"

namespace ttnn {
namespace {

std::string op_name(BinaryOpType op) {
    if (op == BinaryOpType::DIV_TRUNC || op == BinaryOpType::DIV_FLOOR)
        return "ttnn.div";
    switch (op) {
#define TTNN_NAME(E, N)   \
    case BinaryOpType::E: \
        return "ttnn." #N;
        TTNN_BINARY_OPS(TTNN_NAME)
#undef TTNN_NAME
    }
    return "ttnn.binary";
}

// pow(x, e) for the exponents torch computes without pow (2, 3, 0.5, -0.5, -1, -2): the same chain of rounded
// ops (x*x, then *x; sqrt; 1/sqrt; 1/x; 1/(x*x)) instead of std::pow per element. GPT-2's gelu takes pow(x, 3)
// of every FFN activation, which cost more than the FFN's matmuls of some layers.
std::optional<Tensor> pow_without_pow(const Tensor& x, double exponent, const EltwiseOptions& options) {
    if (x.dtype() != DataType::FLOAT32 && x.dtype() != DataType::BFLOAT16)
        return std::nullopt;
    const EltwiseOptions inner{options.memory_config, std::nullopt};
    if (exponent == 2.0)
        return unary(UnaryOpType::SQUARE, x, {}, options);
    if (exponent == 3.0)
        return binary(BinaryOpType::MUL, unary(UnaryOpType::SQUARE, x, {}, inner), x, options);
    if (exponent == 0.5)
        return unary(UnaryOpType::SQRT, x, {}, options);
    if (exponent == -0.5)
        return unary(UnaryOpType::RSQRT, x, {}, options);
    if (exponent == -1.0)
        return unary(UnaryOpType::RECIPROCAL, x, {}, options);
    if (exponent == -2.0)
        return unary(UnaryOpType::RECIPROCAL, unary(UnaryOpType::SQUARE, x, {}, inner), {}, options);
    return std::nullopt;
}

}  // namespace

Tensor binary(BinaryOpType op,
              const TensorOrScalar& input_tensor_a,
              const TensorOrScalar& input_tensor_b,
              const EltwiseOptions& options) {
    const std::string name = op_name(op);
    const Tensor* a = std::get_if<Tensor>(&input_tensor_a);
    const Tensor* b = std::get_if<Tensor>(&input_tensor_b);
    // A float base with an integer exponent tensor: TT-NN converts the exponent to float first (fp32, exact
    // to 2^24), so the result takes the float operand's dtype (fp32 for a number base).
    if (op == BinaryOpType::POW && b != nullptr && !is_floating(b->dtype()) &&
        (a == nullptr || is_floating(a->dtype())))
        return binary(op, input_tensor_a, typecast(*b, DataType::FLOAT32), options);
    if (op == BinaryOpType::POW && a != nullptr && b == nullptr) {
        a->check_usable(name.c_str());
        if (std::optional<Tensor> result = pow_without_pow(*a, std::get<double>(input_tensor_b), options))
            return *std::move(result);
    }
    const TensorOrScalar operands[] = {input_tensor_a, input_tensor_b};
    TTNN_CHECK(a != nullptr || b != nullptr, TYPE, name, ": expected at least one Tensor operand, got only numbers");
    if (a != nullptr && b != nullptr) {
        TTNN_CHECK(is_floating(a->dtype()) == is_floating(b->dtype()),
                   TYPE,
                   name,
                   ": operands must both be floating or both integer; got ",
                   ttnn::name(a->dtype()),
                   " and ",
                   ttnn::name(b->dtype()));
    }
    const bool integer = ops::all_integer(operands);
    const bool integer_tensor = !is_floating(ops::first_tensor_dtype(operands));
    TTNN_CHECK(integer || !integer_tensor,
               TYPE,
               name,
               ": an integer tensor takes only integral numbers; expected an int, got a fractional number");
    TTNN_CHECK(!integer || kernels::binary_supports_int(op),
               TYPE,
               name,
               ": unsupported dtype for integer tensors; expected a floating dtype, got ",
               ttnn::name(ops::first_tensor_dtype(operands)));
    TTNN_CHECK(integer || (op != BinaryOpType::BITWISE_AND && op != BinaryOpType::BITWISE_OR),
               TYPE,
               name,
               ": unsupported dtype; expected integer tensors, got ",
               ttnn::name(ops::first_tensor_dtype(operands)));
    const kernels::EltwiseKernels& k = kernels::eltwise();
    kernels::BlockFn<uint16_t> fused;
    if (const kernels::BinaryBf16Fn f = k.binary_bf16(op)) {
        fused = [f](const uint16_t* const* in, uint16_t* out, size_t n) { f(in[0], in[1], out, n); };
    }
    return ops::run_eltwise(
        name,
        operands,
        options.dtype.value_or(ops::first_tensor_dtype(operands)),
        options,
        [&](const float* const* in, float* out, size_t n) { k.binary_f32(op, in[0], in[1], out, n); },
        [&](const int64_t* const* in, int64_t* out, size_t n) { kernels::binary_i64(op, in[0], in[1], out, n); },
        integer,
        -1,
        fused,
        [&](const int32_t* const* in, int32_t* out, size_t n) { k.binary_i32(op, in[0], in[1], out, n); });
}

namespace ops {
namespace {

// A tensor operand with TT-NN's `input_tensor_<x>_activations` applied first; numbers pass unchanged.
TensorOrScalar activated_operand(const OpArgs& a, std::string_view name, std::string_view activations) {
    TensorOrScalar v = tensor_or_scalar(a, name);
    if (Tensor* t = std::get_if<Tensor>(&v); t != nullptr && a.has(activations))
        return apply_activations(a.op(), a.string_or(activations, ""), *t);
    return v;
}

template <BinaryOpType OP>
OpOutputs run_binary(const OpArgs& a) {
    const EltwiseOptions options{a.memory_config("memory_config"), a.dtype("dtype")};
    if constexpr (OP == BinaryOpType::POW) {
        return {binary(OP, tensor_or_scalar(a, "input_tensor"), tensor_or_scalar(a, "exponent"), options)};
    }
    BinaryOpType op = OP;
    if constexpr (OP == BinaryOpType::DIV) {
        const std::string mode = a.string_or("round_mode", "");
        TTNN_CHECK(mode.empty() || mode == "trunc" || mode == "floor",
                   VALUE,
                   "ttnn.div: unknown round_mode; expected None, 'trunc' or 'floor', got '",
                   mode,
                   "'");
        op = mode == "trunc" ? BinaryOpType::DIV_TRUNC : mode == "floor" ? BinaryOpType::DIV_FLOOR : OP;
    }
    Tensor out = binary(op,
                        activated_operand(a, "input_tensor_a", "input_tensor_a_activations"),
                        activated_operand(a, "input_tensor_b", "input_tensor_b_activations"),
                        options);
    return {a.has("activations") ? apply_activations(a.op(), a.string_or("activations", ""), out) : out};
}

struct BinaryEntry {
    std::string_view name;
    std::string_view doc;
    DTypeSet dtypes;
    OpInvoke invoke;
};

std::vector<BinaryEntry> binary_entries() {
    using B = BinaryOpType;
    const DTypeSet all = ALL_DTYPES;
    const DTypeSet floats = FLOAT_DTYPES;
    return {
        {"add", "a + b.", all, run_binary<B::ADD>},
        {"sub", "a - b.", all, run_binary<B::SUB>},
        {"rsub", "b - a.", all, run_binary<B::RSUB>},
        {"mul", "a * b.", all, run_binary<B::MUL>},
        {"div",
         "a / b; round_mode 'trunc' or 'floor' rounds the quotient as torch.div does.",
         floats,
         run_binary<B::DIV>},
        {"remainder",
         "a - floor(a / b) * b: the result takes b's sign (torch.remainder).",
         floats,
         run_binary<B::REMAINDER>},
        {"pow", "input_tensor ** exponent; either may be a number.", floats, run_binary<B::POW>},
        {"maximum", "Element-wise max; NaN propagates.", all, run_binary<B::MAXIMUM>},
        {"minimum", "Element-wise min; NaN propagates.", all, run_binary<B::MINIMUM>},
        {"eq", "1 where a == b, else 0, in the output dtype (TT-NN returns no bool).", all, run_binary<B::EQ>},
        {"ne", "1 where a != b, else 0, in the output dtype.", all, run_binary<B::NE>},
        {"lt", "1 where a < b, else 0, in the output dtype.", all, run_binary<B::LT>},
        {"le", "1 where a <= b, else 0, in the output dtype.", all, run_binary<B::LE>},
        {"gt", "1 where a > b, else 0, in the output dtype.", all, run_binary<B::GT>},
        {"ge", "1 where a >= b, else 0, in the output dtype.", all, run_binary<B::GE>},
        {"logical_and", "1 where a != 0 and b != 0, else 0, in the output dtype.", all, run_binary<B::LOGICAL_AND>},
        {"logical_or", "1 where a != 0 or b != 0, else 0, in the output dtype.", all, run_binary<B::LOGICAL_OR>},
        {"logical_xor", "1 where exactly one of a, b is non-zero, else 0.", all, run_binary<B::LOGICAL_XOR>},
        {"bitwise_and", "a & b on integer tensors.", INT_DTYPES, run_binary<B::BITWISE_AND>},
        {"bitwise_or", "a | b on integer tensors.", INT_DTYPES, run_binary<B::BITWISE_OR>},
        {"divide", "Alias of div (TT-NN's name).", floats, run_binary<B::DIV>},
        {"subtract", "Alias of sub (TT-NN's name).", all, run_binary<B::SUB>},
        {"multiply", "Alias of mul (TT-NN's name).", all, run_binary<B::MUL>},
        {"squared_difference", "(a - b)^2.", all, run_binary<B::SQUARED_DIFFERENCE>},
        {"logaddexp", "log(exp(a) + exp(b)) without overflow (torch.logaddexp).", floats, run_binary<B::LOGADDEXP>},
        {"logaddexp2", "log2(2^a + 2^b) without overflow (torch.logaddexp2).", floats, run_binary<B::LOGADDEXP2>},
        {"bias_gelu", "gelu(a + b), erf form: a bias add fused with gelu.", floats, run_binary<B::BIAS_GELU>},
        {"atan2",
         "atan2(a, b): the angle of the point (b, a), in (-pi, pi] (torch.atan2).",
         floats,
         run_binary<B::ATAN2>},
    };
}

}  // namespace

void register_eltwise_binary_ops(std::vector<OpInfo>& ops) {
    const Param memory_config{"memory_config", ArgKind::MEMORY_CONFIG};
    const Param dtype{"dtype", ArgKind::DTYPE};
    for (const BinaryEntry& e : binary_entries()) {
        std::vector<Param> params;
        if (e.name == "pow") {
            // The exponent may also be an int32/uint32 tensor (converted to float inside the op).
            const DTypeSet exponent_dtypes{DataType::BFLOAT16,
                                           DataType::FLOAT32,
                                           DataType::BFLOAT8_B,
                                           DataType::BFLOAT4_B,
                                           DataType::INT32,
                                           DataType::UINT32};
            params = {{"input_tensor", ArgKind::TENSOR_OR_SCALAR, true},
                      {"exponent", ArgKind::TENSOR_OR_SCALAR, true, exponent_dtypes}};
        } else {
            params = {{"input_tensor_a", ArgKind::TENSOR_OR_SCALAR, true},
                      {"input_tensor_b", ArgKind::TENSOR_OR_SCALAR, true}};
        }
        if (e.name == "div" || e.name == "divide")
            params.push_back({"round_mode", ArgKind::STRING});
        params.push_back(memory_config);
        params.push_back(dtype);
        if (e.name != "pow") {
            // TT-NN's fused activations: names of eltwise_unary ops (ttnn.UnaryWithParam), comma-separated.
            params.push_back({"activations", ArgKind::STRING});
            params.push_back({"input_tensor_a_activations", ArgKind::STRING});
            params.push_back({"input_tensor_b_activations", ArgKind::STRING});
            params.push_back({"use_legacy", ArgKind::BOOL});  // picks a card's program; same values
        }
        register_pointwise(ops, "eltwise_binary", e.name, e.doc, std::move(params), e.dtypes, e.invoke);
    }
    register_binary_math_ops(ops);
    register_inplace_ops(ops);
}

}  // namespace ops
}  // namespace ttnn
