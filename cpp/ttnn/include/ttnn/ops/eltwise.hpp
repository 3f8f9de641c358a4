#pragma once
// Element-wise ops: unary, binary (PyTorch broadcasting, a number on either side) and where.
// Every op reads its inputs as stored, computes in float32 (int64 for integer tensors) and rounds each output
// element to the output dtype once (bf16: round to nearest even), as TT's SFPU does.
// Comparison and logical ops return the input's dtype holding 1 or 0, as TT-NN does (not torch.bool).
#include <cstdint>
#include <optional>
#include <variant>

#include "ttnn/memory_config.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn {

// X(ENUM, python name): the unary ops, in registry order.
// clang-format off: one X entry per op, laid out by hand
#define TTNN_UNARY_OPS(X)                                                                                             \
    X(RELU, relu)                                                                                                     \
    X(GELU, gelu)                                                                                                     \
    X(SILU, silu)                                                                                                     \
    X(SIGMOID, sigmoid) X(TANH, tanh) X(EXP, exp) X(LOG, log) X(SQRT, sqrt) X(RSQRT, rsqrt) X(RECIPROCAL, reciprocal) \
        X(NEG, neg) X(ABS, abs) X(SIN, sin) X(COS, cos) X(ERF, erf) X(FLOOR, floor) X(CEIL, ceil) X(ROUND, round)     \
            X(SIGN, sign) X(CLAMP, clamp) X(CLIP, clip) X(HARDTANH, hardtanh) X(HARDSIGMOID, hardsigmoid)             \
                X(HARDSWISH, hardswish) X(LEAKY_RELU, leaky_relu) X(ELU, elu) X(SOFTPLUS, softplus)                   \
                    X(LOGICAL_NOT, logical_not) X(BITWISE_NOT, bitwise_not) X(ISNAN, isnan) X(ISINF, isinf)           \
                        X(SQUARE, square) X(LOG1P, log1p) X(EXPM1, expm1) X(TRUNC, trunc) X(GELU_TANH, gelu_tanh)
// clang-format on

// X(ENUM, python name): the binary ops, in registry order.
// clang-format off: one X entry per op, laid out by hand
#define TTNN_BINARY_OPS(X)                                                                                      \
    X(ADD, add)                                                                                                 \
    X(SUB, sub)                                                                                                 \
    X(RSUB, rsub)                                                                                               \
    X(MUL, mul) X(DIV, div) X(DIV_TRUNC, div_trunc) X(DIV_FLOOR, div_floor) X(REMAINDER, remainder) X(POW, pow) \
        X(MAXIMUM, maximum) X(MINIMUM, minimum) X(EQ, eq) X(NE, ne) X(LT, lt) X(LE, le) X(GT, gt) X(GE, ge)     \
            X(LOGICAL_AND, logical_and) X(LOGICAL_OR, logical_or) X(LOGICAL_XOR, logical_xor)                   \
                X(BITWISE_AND, bitwise_and) X(BITWISE_OR, bitwise_or) X(SQUARED_DIFFERENCE, squared_difference) \
                    X(LOGADDEXP, logaddexp) X(LOGADDEXP2, logaddexp2) X(BIAS_GELU, bias_gelu) X(ATAN2, atan2)
// clang-format on

enum class UnaryOpType : uint8_t {
#define TTNN_ENUM(E, N) E,
    TTNN_UNARY_OPS(TTNN_ENUM)
#undef TTNN_ENUM
};

enum class BinaryOpType : uint8_t {
#define TTNN_ENUM(E, N) E,
    TTNN_BINARY_OPS(TTNN_ENUM)
#undef TTNN_ENUM
};

// The op parameters a unary op may take; each op reads only its own (see the registry docs).
struct UnaryParams {
    double param0 = 0.0;  // clamp/clip/hardtanh min, leaky_relu negative_slope, elu alpha, softplus beta
    double param1 = 0.0;  // clamp/clip/hardtanh max, softplus threshold
    bool has_param0 = true;
    bool has_param1 = true;
};

struct EltwiseOptions {
    std::optional<MemoryConfig> memory_config;
    std::optional<DataType> dtype;  // output dtype; default: the (first tensor) input's
};

// A binary operand: a tensor, or a number broadcast to the other operand's shape.
using TensorOrScalar = std::variant<Tensor, double>;

Tensor unary(UnaryOpType op,
             const Tensor& input_tensor,
             const UnaryParams& params = {},
             const EltwiseOptions& options = {});
Tensor binary(BinaryOpType op,
              const TensorOrScalar& input_tensor_a,
              const TensorOrScalar& input_tensor_b,
              const EltwiseOptions& options = {});
// where(condition, a, b): a where condition != 0, else b; all three broadcast together.
Tensor where(const Tensor& condition,
             const TensorOrScalar& true_value,
             const TensorOrScalar& false_value,
             const EltwiseOptions& options = {});

// The output shape of broadcasting `a` with `b` (PyTorch's rule); raises a ValueError naming `op` otherwise.
Shape broadcast_shape(const char* op, const Shape& a, const Shape& b);

// TT-NN's names for the most used ops, as typed C++ calls.
inline Tensor relu(const Tensor& t, const EltwiseOptions& o = {}) {
    return unary(UnaryOpType::RELU, t, {}, o);
}
inline Tensor gelu(const Tensor& t, bool fast_and_approximate_mode = false, const EltwiseOptions& o = {}) {
    return unary(fast_and_approximate_mode ? UnaryOpType::GELU_TANH : UnaryOpType::GELU, t, {}, o);
}
inline Tensor silu(const Tensor& t, const EltwiseOptions& o = {}) {
    return unary(UnaryOpType::SILU, t, {}, o);
}
inline Tensor exp(const Tensor& t, const EltwiseOptions& o = {}) {
    return unary(UnaryOpType::EXP, t, {}, o);
}
inline Tensor add(const TensorOrScalar& a, const TensorOrScalar& b, const EltwiseOptions& o = {}) {
    return binary(BinaryOpType::ADD, a, b, o);
}
inline Tensor subtract(const TensorOrScalar& a, const TensorOrScalar& b, const EltwiseOptions& o = {}) {
    return binary(BinaryOpType::SUB, a, b, o);
}
inline Tensor multiply(const TensorOrScalar& a, const TensorOrScalar& b, const EltwiseOptions& o = {}) {
    return binary(BinaryOpType::MUL, a, b, o);
}
inline Tensor divide(const TensorOrScalar& a, const TensorOrScalar& b, const EltwiseOptions& o = {}) {
    return binary(BinaryOpType::DIV, a, b, o);
}

}  // namespace ttnn
