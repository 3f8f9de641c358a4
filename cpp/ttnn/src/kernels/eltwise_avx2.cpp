// AVX2+FMA element-wise kernels, 8 floats a step. Arithmetic, comparison and rounding ops agree bit for bit
// with eltwise_scalar.cpp (the same IEEE operations, NaN handled by explicit blends; remainder and floor
// division through an exact vector fmod, eltwise_avx2_fmod.hpp); exp, tanh, sigmoid, silu, elu, softplus and
// the tanh form of gelu use polynomials accurate to a few ulp, gelu and erf a rational (eltwise_avx2_math.hpp),
// pow a double-precision log2 and exp2 within an ulp of std::pow (eltwise_avx2_pow.hpp). Ops without a vector
// form here run the scalar kernel.
#include <immintrin.h>

#include <algorithm>

#include "kernels/codec_avx2.hpp"
#include "kernels/eltwise.hpp"
#include "kernels/eltwise_avx2_fmod.hpp"
#include "kernels/eltwise_avx2_math.hpp"
#include "kernels/eltwise_avx2_pow.hpp"

// The ops with a vector form here (the rest run the scalar kernel); clip and hardtanh run as clamp.
// clang-format off: one X entry per op, laid out by hand
#define TTNN_AVX2_UNARY_OPS(X)                                                                                        \
    X(RELU)                                                                                                           \
    X(GELU)                                                                                                           \
    X(GELU_TANH)                                                                                                      \
    X(SILU)                                                                                                           \
    X(SIGMOID) X(TANH) X(EXP) X(LOG) X(ERF) X(SIN) X(COS) X(SQRT) X(RSQRT) X(RECIPROCAL) X(NEG) X(ABS) X(FLOOR) X(CEIL) X(ROUND) X(SIGN) X(CLAMP) \
        X(HARDSIGMOID) X(HARDSWISH) X(LEAKY_RELU) X(ELU) X(SOFTPLUS) X(LOGICAL_NOT) X(ISNAN) X(ISINF) X(SQUARE)    \
            X(LOG1P) X(EXPM1) X(TRUNC)
// clang-format on
// clang-format off: one X entry per op, laid out by hand
#define TTNN_AVX2_BINARY_OPS(X)                                                                                \
    X(ADD)                                                                                                     \
    X(SUB)                                                                                                     \
    X(RSUB)                                                                                                    \
    X(MUL)                                                                                                     \
    X(DIV) X(DIV_TRUNC) X(MAXIMUM) X(MINIMUM) X(EQ) X(NE) X(LT) X(LE) X(GT) X(GE) X(LOGICAL_AND) X(LOGICAL_OR) \
        X(LOGICAL_XOR) X(POW) X(DIV_FLOOR) X(REMAINDER)
// clang-format on

namespace ttnn::kernels {
namespace {

using namespace avx2_math;  // NOLINT(google-build-using-namespace): V, set1, blend and the math below

inline V truth(V mask) {
    return _mm256_and_ps(mask, set1(1.0f));
}

// max/min as std::max/std::min order them: NaN in x passes through, and -0 stays -0.
inline V relu6_ramp(V x) {
    return _mm256_div_ps(_mm256_min_ps(set1(6.0f), _mm256_max_ps(_mm256_setzero_ps(), _mm256_add_ps(x, set1(3.0f)))),
                         set1(6.0f));
}

inline V clamp_ps(V x, V lo, V hi) {
    const V low = blend(x, lo, _mm256_cmp_ps(x, lo, _CMP_LT_OQ));
    return blend(low, hi, _mm256_cmp_ps(low, hi, _CMP_GT_OQ));
}

inline V sign_ps(V x) {
    const V pos = truth(_mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GT_OQ));
    const V neg = truth(_mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ));
    return _mm256_sub_ps(pos, neg);
}

// One vector of a unary op (only the ops unary_f32_avx2 routes here).
template <UnaryOpType OP>
inline V unary_vec(V x, [[maybe_unused]] const UnaryArgs& args) {
    [[maybe_unused]] const V zero = _mm256_setzero_ps();
    if constexpr (OP == UnaryOpType::RELU)
        return _mm256_max_ps(zero, x);
    if constexpr (OP == UnaryOpType::GELU)
        return gelu_ps(x);
    if constexpr (OP == UnaryOpType::GELU_TANH)
        return gelu_tanh_ps(x);
    if constexpr (OP == UnaryOpType::SILU)
        return _mm256_div_ps(x, _mm256_add_ps(set1(1.0f), exp_ps(_mm256_sub_ps(zero, x))));
    if constexpr (OP == UnaryOpType::SIGMOID)
        return _mm256_div_ps(set1(1.0f), _mm256_add_ps(set1(1.0f), exp_ps(_mm256_sub_ps(zero, x))));
    if constexpr (OP == UnaryOpType::TANH)
        return tanh_ps(x);
    if constexpr (OP == UnaryOpType::EXP)
        return exp_ps(x);
    if constexpr (OP == UnaryOpType::LOG)
        return log_ps(x);
    if constexpr (OP == UnaryOpType::ERF)
        return erf_ps(x);
    if constexpr (OP == UnaryOpType::SIN)
        return sin_cos_ps<false>(x);
    if constexpr (OP == UnaryOpType::COS)
        return sin_cos_ps<true>(x);
    if constexpr (OP == UnaryOpType::SQRT)
        return _mm256_sqrt_ps(x);
    if constexpr (OP == UnaryOpType::RSQRT)
        return _mm256_div_ps(set1(1.0f), _mm256_sqrt_ps(x));
    if constexpr (OP == UnaryOpType::RECIPROCAL)
        return _mm256_div_ps(set1(1.0f), x);
    if constexpr (OP == UnaryOpType::NEG)
        return _mm256_xor_ps(x, set1(-0.0f));
    if constexpr (OP == UnaryOpType::ABS)
        return _mm256_andnot_ps(set1(-0.0f), x);
    if constexpr (OP == UnaryOpType::FLOOR)
        return _mm256_round_ps(x, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    if constexpr (OP == UnaryOpType::CEIL)
        return _mm256_round_ps(x, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC);
    if constexpr (OP == UnaryOpType::ROUND)
        return _mm256_round_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    if constexpr (OP == UnaryOpType::SIGN)
        return sign_ps(x);
    if constexpr (OP == UnaryOpType::CLAMP)
        return clamp_ps(x, set1(args.p0), set1(args.p1));
    if constexpr (OP == UnaryOpType::HARDSIGMOID)
        return relu6_ramp(x);
    if constexpr (OP == UnaryOpType::HARDSWISH)
        return _mm256_div_ps(
            _mm256_mul_ps(x, _mm256_min_ps(set1(6.0f), _mm256_max_ps(zero, _mm256_add_ps(x, set1(3.0f))))), set1(6.0f));
    if constexpr (OP == UnaryOpType::LEAKY_RELU)
        return blend(_mm256_mul_ps(x, set1(args.p0)), x, _mm256_cmp_ps(x, zero, _CMP_GT_OQ));
    if constexpr (OP == UnaryOpType::ELU)
        return blend(_mm256_mul_ps(set1(args.p0), expm1_ps(x)), x, _mm256_cmp_ps(x, zero, _CMP_GT_OQ));
    if constexpr (OP == UnaryOpType::SOFTPLUS)
        return softplus_ps(x, args.p0, args.p1);
    if constexpr (OP == UnaryOpType::LOGICAL_NOT)
        return truth(_mm256_cmp_ps(x, zero, _CMP_EQ_OQ));
    if constexpr (OP == UnaryOpType::ISNAN)
        return truth(is_nan(x));
    if constexpr (OP == UnaryOpType::ISINF)
        return truth(_mm256_cmp_ps(_mm256_andnot_ps(set1(-0.0f), x), set1(__builtin_inff()), _CMP_EQ_OQ));
    if constexpr (OP == UnaryOpType::SQUARE)
        return _mm256_mul_ps(x, x);
    if constexpr (OP == UnaryOpType::LOG1P)
        return log1p_ps(x);
    if constexpr (OP == UnaryOpType::EXPM1)
        return expm1_ps(x);
    if constexpr (OP == UnaryOpType::TRUNC)
        return _mm256_round_ps(x, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    return x;
}

template <UnaryOpType OP>
void unary_loop(const float* in, float* out, size_t n, const UnaryArgs& args) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(out + i, unary_vec<OP>(_mm256_loadu_ps(in + i), args));
    unary_f32_scalar(OP, in + i, out + i, n - i, args);
}

inline V maximum_ps(V a, V b, bool max) {
    // The comparison predicate must be an immediate even in unoptimised (sanitizer) builds.
    const V a_wins = max ? _mm256_cmp_ps(a, b, _CMP_GT_OQ) : _mm256_cmp_ps(a, b, _CMP_LT_OQ);
    V r = blend(b, a, a_wins);
    r = blend(r, b, is_nan(b));
    return blend(r, a, is_nan(a));
}

template <BinaryOpType OP>
inline V binary_vec(V a, V b) {
    [[maybe_unused]] const V zero = _mm256_setzero_ps();
    if constexpr (OP == BinaryOpType::ADD)
        return _mm256_add_ps(a, b);
    if constexpr (OP == BinaryOpType::SUB)
        return _mm256_sub_ps(a, b);
    if constexpr (OP == BinaryOpType::RSUB)
        return _mm256_sub_ps(b, a);
    if constexpr (OP == BinaryOpType::MUL)
        return _mm256_mul_ps(a, b);
    if constexpr (OP == BinaryOpType::DIV)
        return _mm256_div_ps(a, b);
    if constexpr (OP == BinaryOpType::DIV_TRUNC)
        return _mm256_round_ps(_mm256_div_ps(a, b), _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    if constexpr (OP == BinaryOpType::DIV_FLOOR)
        return div_floor_ps(a, b);
    if constexpr (OP == BinaryOpType::REMAINDER)
        return remainder_ps(a, b);
    if constexpr (OP == BinaryOpType::MAXIMUM)
        return maximum_ps(a, b, true);
    if constexpr (OP == BinaryOpType::MINIMUM)
        return maximum_ps(a, b, false);
    if constexpr (OP == BinaryOpType::EQ)
        return truth(_mm256_cmp_ps(a, b, _CMP_EQ_OQ));
    if constexpr (OP == BinaryOpType::NE)
        return truth(_mm256_cmp_ps(a, b, _CMP_NEQ_UQ));
    if constexpr (OP == BinaryOpType::LT)
        return truth(_mm256_cmp_ps(a, b, _CMP_LT_OQ));
    if constexpr (OP == BinaryOpType::LE)
        return truth(_mm256_cmp_ps(a, b, _CMP_LE_OQ));
    if constexpr (OP == BinaryOpType::GT)
        return truth(_mm256_cmp_ps(a, b, _CMP_GT_OQ));
    if constexpr (OP == BinaryOpType::GE)
        return truth(_mm256_cmp_ps(a, b, _CMP_GE_OQ));
    const V na = _mm256_cmp_ps(a, zero, _CMP_NEQ_UQ);
    const V nb = _mm256_cmp_ps(b, zero, _CMP_NEQ_UQ);
    if constexpr (OP == BinaryOpType::LOGICAL_AND)
        return truth(_mm256_and_ps(na, nb));
    if constexpr (OP == BinaryOpType::LOGICAL_OR)
        return truth(_mm256_or_ps(na, nb));
    if constexpr (OP == BinaryOpType::LOGICAL_XOR)
        return truth(_mm256_xor_ps(na, nb));
    return a;
}

template <BinaryOpType OP>
void binary_loop(const float* a, const float* b, float* out, size_t n) {
    if constexpr (OP == BinaryOpType::POW) {
        pow_loop(a, b, out, n);
        return;
    }
    size_t i = 0;
    // Four vectors a step keep more loads in flight: a memory-bound add one vector at a time ran under torch.
    for (; i + 32 <= n; i += 32) {
        for (size_t k = 0; k < 32; k += 8)
            _mm256_storeu_ps(out + i + k, binary_vec<OP>(_mm256_loadu_ps(a + i + k), _mm256_loadu_ps(b + i + k)));
    }
    for (; i + 8 <= n; i += 8) {
        _mm256_storeu_ps(out + i, binary_vec<OP>(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
    }
    binary_f32_scalar(OP, a + i, b + i, out + i, n - i);
}

// Sixteen bf16 values as two float vectors without a shuffle: the even elements shifted up, the odd ones
// masked. Element-wise ops do not care about the order, and the results are put back the same way.
struct Pair {
    V even;
    V odd;
};

inline Pair widen16(const uint16_t* src) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src));
    return {_mm256_castsi256_ps(_mm256_slli_epi32(x, 16)),
            _mm256_castsi256_ps(_mm256_and_si256(x, _mm256_set1_epi32(static_cast<int>(0xffff0000u))))};
}

// bf16_round8's rounding (nearest even, NaN to 0xffff) with the result left in the high half of each lane.
inline __m256i round_high(V v) {
    const __m256i bits = _mm256_castps_si256(v);
    const __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(bits, 16), _mm256_set1_epi32(1));
    const __m256i rounded = _mm256_add_epi32(bits, _mm256_add_epi32(lsb, _mm256_set1_epi32(0x7fff)));
    return _mm256_or_si256(rounded, _mm256_castps_si256(is_nan(v)));
}

// The odd results already sit in the high halves, so one word blend merges them with the shifted even ones
// (in place of a mask and an or).
inline void store16(uint16_t* dst, Pair r) {
    const __m256i even = _mm256_srli_epi32(round_high(r.even), 16);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), _mm256_blend_epi16(even, round_high(r.odd), 0xAA));
}

// Runs op (Pair of each input -> Pair) over n bf16 values of up to two inputs, 16 at a time; the last n % 16
// go through a padded copy so every value sees the same vector code.
template <int INPUTS, typename PairOp>
inline void bf16_pair_loop(const uint16_t* const* in, uint16_t* out, size_t n, PairOp op) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const Pair a = widen16(in[0] + i);
        const Pair b = INPUTS > 1 ? widen16(in[INPUTS - 1] + i) : a;
        store16(out + i, op(a, b));
    }
    if (i == n)
        return;
    alignas(32) uint16_t padded[2][16] = {};
    alignas(32) uint16_t result[16];
    for (int k = 0; k < INPUTS; ++k)
        std::copy_n(in[k] + i, n - i, padded[k]);
    store16(result, op(widen16(padded[0]), widen16(padded[INPUTS - 1])));
    std::copy_n(result, n - i, out + i);
}

// bf16_pair_loop with an op on one float vector of each input.
template <int INPUTS, typename Op>
inline void bf16_loop(const uint16_t* const* in, uint16_t* out, size_t n, Op op) {
    bf16_pair_loop<INPUTS>(in, out, n, [&](Pair a, Pair b) { return Pair{op(a.even, b.even), op(a.odd, b.odd)}; });
}

template <UnaryOpType OP>
void unary_bf16_loop(const uint16_t* in, uint16_t* out, size_t n, const UnaryArgs& args) {
    const uint16_t* inputs[] = {in};
    bf16_loop<1>(inputs, out, n, [&](V x, V) { return unary_vec<OP>(x, args); });
}

template <BinaryOpType OP>
void binary_bf16_loop(const uint16_t* a, const uint16_t* b, uint16_t* out, size_t n) {
    const uint16_t* inputs[] = {a, b};
    if constexpr (OP == BinaryOpType::POW) {
        bf16_pair_loop<2>(inputs, out, n, [](Pair x, Pair y) {
            V r[2];
            pow_ps2({x.even, x.odd}, {y.even, y.odd}, r);
            return Pair{r[0], r[1]};
        });
    } else {
        bf16_loop<2>(inputs, out, n, [](V x, V y) { return binary_vec<OP>(x, y); });
    }
}

// Sign-bit ops on bf16 as stored, 16 values a vector: no widening or rounding, so they stream at copy
// speed. The bits are those of the float kernel plus the codec: NaN in, 0xffff out; relu keeps -0.0 (max_ps
// returns its second operand when the two compare equal).
template <UnaryOpType OP>
void sign_bits_bf16(const uint16_t* in, uint16_t* out, size_t n, const UnaryArgs&) {
    const auto vec = [](__m256i x) {
        const __m256i magnitude = _mm256_and_si256(x, _mm256_set1_epi16(0x7fff));
        const __m256i nan = _mm256_cmpgt_epi16(magnitude, _mm256_set1_epi16(0x7f80));
        __m256i r;
        if constexpr (OP == UnaryOpType::NEG) {
            r = _mm256_xor_si256(x, _mm256_set1_epi16(static_cast<int16_t>(0x8000)));
        } else if constexpr (OP == UnaryOpType::ABS) {
            r = magnitude;
        } else {
            const __m256i negative = _mm256_cmpgt_epi16(_mm256_setzero_si256(), x);
            const __m256i minus_zero = _mm256_cmpeq_epi16(x, _mm256_set1_epi16(static_cast<int16_t>(0x8000)));
            r = _mm256_andnot_si256(_mm256_andnot_si256(minus_zero, negative), x);
        }
        return _mm256_or_si256(r, nan);
    };
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), vec(x));
    }
    if (i == n)
        return;
    alignas(32) uint16_t tail[16] = {};
    std::copy_n(in + i, n - i, tail);
    _mm256_store_si256(reinterpret_cast<__m256i*>(tail),
                       vec(_mm256_load_si256(reinterpret_cast<const __m256i*>(tail))));
    std::copy_n(tail, n - i, out + i);
}

}  // namespace

void unary_f32_avx2(UnaryOpType op, const float* in, float* out, size_t n, const UnaryArgs& args) {
    switch (op) {
        // clang-format off: one X entry per op, laid out by hand
#define TTNN_CASE(E)     \
    case UnaryOpType::E: \
        return unary_loop<UnaryOpType::E>(in, out, n, args);
        // clang-format on
        TTNN_AVX2_UNARY_OPS(TTNN_CASE)
#undef TTNN_CASE
        case UnaryOpType::CLIP:
        case UnaryOpType::HARDTANH:
            return unary_loop<UnaryOpType::CLAMP>(in, out, n, args);
        default:
            return unary_f32_scalar(op, in, out, n, args);
    }
}

void binary_f32_avx2(BinaryOpType op, const float* a, const float* b, float* out, size_t n) {
    switch (op) {
        // clang-format off: one X entry per op, laid out by hand
#define TTNN_CASE(E)      \
    case BinaryOpType::E: \
        return binary_loop<BinaryOpType::E>(a, b, out, n);
        // clang-format on
        TTNN_AVX2_BINARY_OPS(TTNN_CASE)
#undef TTNN_CASE
        default:
            return binary_f32_scalar(op, a, b, out, n);
    }
}

void where_f32_avx2(const float* cond, const float* a, const float* b, float* out, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const V take_a = _mm256_cmp_ps(_mm256_loadu_ps(cond + i), _mm256_setzero_ps(), _CMP_NEQ_UQ);
        _mm256_storeu_ps(out + i, blend(_mm256_loadu_ps(b + i), _mm256_loadu_ps(a + i), take_a));
    }
    where_f32_scalar(cond + i, a + i, b + i, out + i, n - i);
}

UnaryBf16Fn unary_bf16_avx2(UnaryOpType op) {
    if (op == UnaryOpType::NEG)
        return sign_bits_bf16<UnaryOpType::NEG>;
    if (op == UnaryOpType::ABS)
        return sign_bits_bf16<UnaryOpType::ABS>;
    if (op == UnaryOpType::RELU)
        return sign_bits_bf16<UnaryOpType::RELU>;
    switch (op) {
        // clang-format off: one X entry per op, laid out by hand
#define TTNN_CASE(E)     \
    case UnaryOpType::E: \
        return unary_bf16_loop<UnaryOpType::E>;
        // clang-format on
        TTNN_AVX2_UNARY_OPS(TTNN_CASE)
#undef TTNN_CASE
        case UnaryOpType::CLIP:
        case UnaryOpType::HARDTANH:
            return unary_bf16_loop<UnaryOpType::CLAMP>;
        default:
            return nullptr;
    }
}

BinaryBf16Fn binary_bf16_avx2(BinaryOpType op) {
    switch (op) {
        // clang-format off: one X entry per op, laid out by hand
#define TTNN_CASE(E)      \
    case BinaryOpType::E: \
        return binary_bf16_loop<BinaryOpType::E>;
        // clang-format on
        TTNN_AVX2_BINARY_OPS(TTNN_CASE)
#undef TTNN_CASE
        default:
            return nullptr;
    }
}

}  // namespace ttnn::kernels
