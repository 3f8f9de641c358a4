// Portable element-wise kernels: the reference every faster kernel is checked against. Float ops follow
// PyTorch's CPU formulas (floor division, remainder, NaN propagation of maximum/minimum) in float32.
#include <cmath>
#include <limits>
#include <numbers>

#include "kernels/eltwise.hpp"
#include "ttnn/error.hpp"
#include "ttnn/isa.hpp"

namespace ttnn::kernels {
namespace {

// std::max/std::min argument order on purpose: NaN in x passes through and -0 stays -0, as in the AVX2 kernels.
float max0(float x) {
    return x < 0.0f ? 0.0f : x;
}
float min6(float x) {
    return 6.0f < x ? 6.0f : x;
}
float relu(float x) {
    return max0(x);
}

// The exact form 0.5 x erfc(-x/sqrt2) stays accurate for very negative x, where 1 + erf(x) cancels; x/sqrt2
// is formed in double because rounding it in float would cost up to ~2 t^2 ulp in the tail.
float gelu(float x) {
    return static_cast<float>(0.5 * x * std::erfc(-x * 0.70710678118654752));
}

// x/2 (1 + tanh u) written as x / (1 + e^-2u): no cancellation for negative x. The vector kernel evaluates the
// same sequence (the cube, one fma, one scale) so the two differ only by their exp.
float gelu_tanh(float x) {
    const float x3 = x * x * x;
    return x / (1.0f + std::exp(-1.5957691216057307f * std::fma(0.044715f, x3, x)));
}

float hardsigmoid(float x) {
    return min6(max0(x + 3.0f)) / 6.0f;
}

float clamp(float x, float lo, float hi) {
    const float low = x < lo ? lo : x;  // comparisons are false for NaN, so NaN passes through
    return low > hi ? hi : low;
}

float sign(float x) {
    if (std::isnan(x))
        return 0.0f;
    return x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : 0.0f;
}

float unary_one(UnaryOpType op, float x, const UnaryArgs& args) {
    switch (op) {
        case UnaryOpType::RELU:
            return relu(x);
        case UnaryOpType::GELU:
            return gelu(x);
        case UnaryOpType::GELU_TANH:
            return gelu_tanh(x);
        case UnaryOpType::SILU:
            return x / (1.0f + std::exp(-x));
        case UnaryOpType::SIGMOID:
            return 1.0f / (1.0f + std::exp(-x));
        case UnaryOpType::TANH:
            return std::tanh(x);
        case UnaryOpType::EXP:
            return std::exp(x);
        case UnaryOpType::LOG:
            return std::log(x);
        case UnaryOpType::SQRT:
            return std::sqrt(x);
        case UnaryOpType::RSQRT:
            return 1.0f / std::sqrt(x);
        case UnaryOpType::RECIPROCAL:
            return 1.0f / x;
        case UnaryOpType::NEG:
            return -x;
        case UnaryOpType::ABS:
            return std::fabs(x);
        case UnaryOpType::SIN:
            return std::sin(x);
        case UnaryOpType::COS:
            return std::cos(x);
        case UnaryOpType::ERF:
            return std::erf(x);
        case UnaryOpType::FLOOR:
            return std::floor(x);
        case UnaryOpType::CEIL:
            return std::ceil(x);
        case UnaryOpType::ROUND:
            return std::nearbyint(x);  // the default rounding mode: half to even
        case UnaryOpType::SIGN:
            return sign(x);
        case UnaryOpType::CLAMP:
        case UnaryOpType::CLIP:
        case UnaryOpType::HARDTANH:
            return clamp(x, args.p0, args.p1);
        case UnaryOpType::HARDSIGMOID:
            return hardsigmoid(x);
        case UnaryOpType::HARDSWISH:
            return x * min6(max0(x + 3.0f)) / 6.0f;
        case UnaryOpType::LEAKY_RELU:
            return x > 0.0f ? x : x * args.p0;
        case UnaryOpType::ELU:
            return x > 0.0f ? x : args.p0 * std::expm1(x);
        case UnaryOpType::SOFTPLUS:
            return x * args.p0 > args.p1 ? x : std::log1p(std::exp(x * args.p0)) / args.p0;
        case UnaryOpType::LOGICAL_NOT:
            return x == 0.0f ? 1.0f : 0.0f;
        case UnaryOpType::ISNAN:
            return std::isnan(x) ? 1.0f : 0.0f;
        case UnaryOpType::ISINF:
            return std::isinf(x) ? 1.0f : 0.0f;
        case UnaryOpType::SQUARE:
            return x * x;
        case UnaryOpType::LOG1P:
            return std::log1p(x);
        case UnaryOpType::EXPM1:
            return std::expm1(x);
        case UnaryOpType::TRUNC:
            return std::trunc(x);
        case UnaryOpType::BITWISE_NOT:
            break;
    }
    return std::numeric_limits<float>::quiet_NaN();
}

// torch's div_floor_floating: the quotient of the exact remainder, corrected toward -inf.
float div_floor(float a, float b) {
    if (b == 0.0f)
        return a / b;
    const float mod = std::fmod(a, b);
    float div = (a - mod) / b;
    if (mod != 0.0f && (b < 0.0f) != (mod < 0.0f))
        div -= 1.0f;
    if (div == 0.0f)
        return std::copysign(0.0f, a / b);
    float floordiv = std::floor(div);
    if (div - floordiv > 0.5f)
        floordiv += 1.0f;
    return floordiv;
}

// torch.remainder: the result takes the divisor's sign.
float remainder(float a, float b) {
    float mod = std::fmod(a, b);
    if (mod != 0.0f && (b < 0.0f) != (mod < 0.0f))
        mod += b;
    return mod;
}

// log(e^a + e^b) without overflow: the larger plus log1p of the smaller's share (torch.logaddexp); equal
// infinities give that infinity, as torch does.
float logaddexp(float a, float b) {
    if (std::isinf(a) && a == b)
        return a;
    const float hi = std::fmax(a, b);
    return hi + std::log1p(std::exp(-std::fabs(a - b)));
}
float logaddexp2(float a, float b) {
    if (std::isinf(a) && a == b)
        return a;
    const float hi = std::fmax(a, b);
    return hi + std::log1p(std::exp2(-std::fabs(a - b))) / std::numbers::ln2_v<float>;
}

float maximum(float a, float b) {
    return std::isnan(a) ? a : std::isnan(b) ? b : (a > b ? a : b);
}
float minimum(float a, float b) {
    return std::isnan(a) ? a : std::isnan(b) ? b : (a < b ? a : b);
}

// The ops whose formula is the same for floats and integers; false when `op` is not one of them.
template <typename T>
bool binary_common(BinaryOpType op, T a, T b, T& out) {
    const auto truth = [](bool v) { return v ? T(1) : T(0); };
    switch (op) {
        case BinaryOpType::ADD:
            out = a + b;
            return true;
        case BinaryOpType::SUB:
            out = a - b;
            return true;
        case BinaryOpType::RSUB:
            out = b - a;
            return true;
        case BinaryOpType::MUL:
            out = a * b;
            return true;
        case BinaryOpType::EQ:
            out = truth(a == b);
            return true;
        case BinaryOpType::NE:
            out = truth(a != b);
            return true;
        case BinaryOpType::LT:
            out = truth(a < b);
            return true;
        case BinaryOpType::LE:
            out = truth(a <= b);
            return true;
        case BinaryOpType::GT:
            out = truth(a > b);
            return true;
        case BinaryOpType::GE:
            out = truth(a >= b);
            return true;
        case BinaryOpType::LOGICAL_AND:
            out = truth(a != T(0) && b != T(0));
            return true;
        case BinaryOpType::LOGICAL_OR:
            out = truth(a != T(0) || b != T(0));
            return true;
        case BinaryOpType::LOGICAL_XOR:
            out = truth((a != T(0)) != (b != T(0)));
            return true;
        case BinaryOpType::SQUARED_DIFFERENCE:
            out = (a - b) * (a - b);
            return true;
        default:
            return false;
    }
}

float binary_one(BinaryOpType op, float a, float b) {
    float out = 0.0f;
    if (binary_common(op, a, b, out))
        return out;
    switch (op) {
        case BinaryOpType::DIV:
            return a / b;
        case BinaryOpType::DIV_TRUNC:
            return std::trunc(a / b);
        case BinaryOpType::DIV_FLOOR:
            return div_floor(a, b);
        case BinaryOpType::REMAINDER:
            return remainder(a, b);
        case BinaryOpType::POW:
            return std::pow(a, b);
        case BinaryOpType::MAXIMUM:
            return maximum(a, b);
        case BinaryOpType::MINIMUM:
            return minimum(a, b);
        case BinaryOpType::LOGADDEXP:
            return logaddexp(a, b);
        case BinaryOpType::LOGADDEXP2:
            return logaddexp2(a, b);
        case BinaryOpType::BIAS_GELU:
            return gelu(a + b);
        case BinaryOpType::ATAN2:
            return std::atan2(a, b);
        default:
            return std::numeric_limits<float>::quiet_NaN();
    }
}

int64_t unary_int(UnaryOpType op, int64_t x, int64_t p0, int64_t p1) {
    switch (op) {
        case UnaryOpType::RELU:
            return x > 0 ? x : 0;
        case UnaryOpType::NEG:
            return -x;
        case UnaryOpType::ABS:
            return x < 0 ? -x : x;
        case UnaryOpType::SIGN:
            return (x > 0) - (x < 0);
        case UnaryOpType::SQUARE:
            return x * x;
        case UnaryOpType::CLAMP:
        case UnaryOpType::CLIP:
        case UnaryOpType::HARDTANH:
            return x < p0 ? p0 : (x > p1 ? p1 : x);
        case UnaryOpType::LOGICAL_NOT:
            return x == 0 ? 1 : 0;
        case UnaryOpType::BITWISE_NOT:
            return ~x;
        default:
            return 0;
    }
}

int64_t binary_int(BinaryOpType op, int64_t a, int64_t b) {
    int64_t out = 0;
    if (binary_common(op, a, b, out))
        return out;
    switch (op) {
        case BinaryOpType::MAXIMUM:
            return a > b ? a : b;
        case BinaryOpType::MINIMUM:
            return a < b ? a : b;
        case BinaryOpType::BITWISE_AND:
            return a & b;
        case BinaryOpType::BITWISE_OR:
            return a | b;
        default:
            return 0;
    }
}

}  // namespace

void unary_f32_scalar(UnaryOpType op, const float* in, float* out, size_t n, const UnaryArgs& args) {
    for (size_t i = 0; i < n; ++i)
        out[i] = unary_one(op, in[i], args);
}

void binary_f32_scalar(BinaryOpType op, const float* a, const float* b, float* out, size_t n) {
    for (size_t i = 0; i < n; ++i)
        out[i] = binary_one(op, a[i], b[i]);
}

void where_f32_scalar(const float* cond, const float* a, const float* b, float* out, size_t n) {
    for (size_t i = 0; i < n; ++i)
        out[i] = cond[i] != 0.0f ? a[i] : b[i];
}

void unary_i64(UnaryOpType op, const int64_t* in, int64_t* out, size_t n, int64_t p0, int64_t p1) {
    for (size_t i = 0; i < n; ++i)
        out[i] = unary_int(op, in[i], p0, p1);
}

namespace {
// One loop per op, so the op's switch folds away and the compiler vectorises the loop.
template <UnaryOpType OP>
void unary_i32_loop(const int32_t* in, int32_t* out, size_t n, int64_t p0, int64_t p1) {
    for (size_t i = 0; i < n; ++i)
        out[i] = static_cast<int32_t>(unary_int(OP, in[i], p0, p1));  // modular, as the int64 loop's store
}
}  // namespace

void unary_i32(UnaryOpType op, const int32_t* in, int32_t* out, size_t n, int64_t p0, int64_t p1) {
    switch (op) {
        case UnaryOpType::RELU:
            return unary_i32_loop<UnaryOpType::RELU>(in, out, n, p0, p1);
        case UnaryOpType::NEG:
            return unary_i32_loop<UnaryOpType::NEG>(in, out, n, p0, p1);
        case UnaryOpType::ABS:
            return unary_i32_loop<UnaryOpType::ABS>(in, out, n, p0, p1);
        case UnaryOpType::SIGN:
            return unary_i32_loop<UnaryOpType::SIGN>(in, out, n, p0, p1);
        case UnaryOpType::SQUARE:
            return unary_i32_loop<UnaryOpType::SQUARE>(in, out, n, p0, p1);
        case UnaryOpType::LOGICAL_NOT:
            return unary_i32_loop<UnaryOpType::LOGICAL_NOT>(in, out, n, p0, p1);
        case UnaryOpType::BITWISE_NOT:
            return unary_i32_loop<UnaryOpType::BITWISE_NOT>(in, out, n, p0, p1);
        case UnaryOpType::CLAMP:
        case UnaryOpType::CLIP:
        case UnaryOpType::HARDTANH:
            return unary_i32_loop<UnaryOpType::CLAMP>(in, out, n, p0, p1);
        default:
            TTNN_ASSERT(false, "unary_i32: op ", static_cast<int>(op), " has no integer form");
    }
}

void binary_i64(BinaryOpType op, const int64_t* a, const int64_t* b, int64_t* out, size_t n) {
    for (size_t i = 0; i < n; ++i)
        out[i] = binary_int(op, a[i], b[i]);
}

void binary_i32_scalar(BinaryOpType op, const int32_t* a, const int32_t* b, int32_t* out, size_t n) {
    for (size_t i = 0; i < n; ++i)
        out[i] = static_cast<int32_t>(binary_int(op, a[i], b[i]));  // modular, as the int64 loop's store
}

void where_i64(const int64_t* cond, const int64_t* a, const int64_t* b, int64_t* out, size_t n) {
    for (size_t i = 0; i < n; ++i)
        out[i] = cond[i] != 0 ? a[i] : b[i];
}

bool unary_supports_int(UnaryOpType op) {
    switch (op) {
        case UnaryOpType::RELU:
        case UnaryOpType::NEG:
        case UnaryOpType::ABS:
        case UnaryOpType::SIGN:
        case UnaryOpType::SQUARE:
        case UnaryOpType::CLAMP:
        case UnaryOpType::CLIP:
        case UnaryOpType::HARDTANH:
        case UnaryOpType::LOGICAL_NOT:
        case UnaryOpType::BITWISE_NOT:
            return true;
        default:
            return false;
    }
}

bool binary_supports_int(BinaryOpType op) {
    switch (op) {
        case BinaryOpType::DIV:
        case BinaryOpType::DIV_TRUNC:
        case BinaryOpType::DIV_FLOOR:
        case BinaryOpType::REMAINDER:
        case BinaryOpType::POW:
        case BinaryOpType::LOGADDEXP:
        case BinaryOpType::LOGADDEXP2:
        case BinaryOpType::BIAS_GELU:
        case BinaryOpType::ATAN2:
            return false;
        default:
            return true;
    }
}

namespace {
// The portable path has no fused kernels: widening through the codec is the reference.
UnaryBf16Fn no_unary_bf16(UnaryOpType) {
    return nullptr;
}
BinaryBf16Fn no_binary_bf16(BinaryOpType) {
    return nullptr;
}
}  // namespace

const EltwiseKernels& eltwise() {
    static const EltwiseKernels scalar{
        unary_f32_scalar, binary_f32_scalar, binary_i32_scalar, where_f32_scalar, no_unary_bf16, no_binary_bf16};
#if TTNN_HAVE_AVX2
    static const EltwiseKernels avx2{
        unary_f32_avx2, binary_f32_avx2, binary_i32_avx2, where_f32_avx2, unary_bf16_table_avx2, binary_bf16_avx2};
    if (isa_at_least(Isa::AVX2))
        return avx2;
#endif
    return scalar;
}

}  // namespace ttnn::kernels
