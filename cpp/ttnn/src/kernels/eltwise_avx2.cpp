// AVX2+FMA element-wise kernels, 8 floats a step. Arithmetic, comparison and rounding ops agree bit for bit
// with eltwise_scalar.cpp (the same IEEE operations, NaN handled by explicit blends); exp, tanh, sigmoid, silu
// and gelu use polynomials accurate to a few ulp. Ops without a vector form here run the scalar kernel.
#include <immintrin.h>

#include <algorithm>

#include "kernels/codec_avx2.hpp"
#include "kernels/eltwise.hpp"

// The ops with a vector form here (the rest run the scalar kernel); clip and hardtanh run as clamp.
// clang-format off: one X entry per op, laid out by hand
#define TTNN_AVX2_UNARY_OPS(X)                                                                                        \
    X(RELU)                                                                                                           \
    X(GELU)                                                                                                           \
    X(GELU_TANH)                                                                                                      \
    X(SILU)                                                                                                           \
    X(SIGMOID) X(TANH) X(EXP) X(SQRT) X(RSQRT) X(RECIPROCAL) X(NEG) X(ABS) X(FLOOR) X(CEIL) X(ROUND) X(SIGN) X(CLAMP) \
        X(HARDSIGMOID) X(HARDSWISH) X(LEAKY_RELU) X(LOGICAL_NOT) X(ISNAN) X(ISINF) X(SQUARE)
// clang-format on
// clang-format off: one X entry per op, laid out by hand
#define TTNN_AVX2_BINARY_OPS(X)                                                                                \
    X(ADD)                                                                                                     \
    X(SUB)                                                                                                     \
    X(RSUB)                                                                                                    \
    X(MUL)                                                                                                     \
    X(DIV) X(DIV_TRUNC) X(MAXIMUM) X(MINIMUM) X(EQ) X(NE) X(LT) X(LE) X(GT) X(GE) X(LOGICAL_AND) X(LOGICAL_OR) \
        X(LOGICAL_XOR)
// clang-format on

namespace ttnn::kernels {
namespace {

using V = __m256;

inline V set1(float v) {
    return _mm256_set1_ps(v);
}
inline V blend(V if_false, V if_true, V mask) {
    return _mm256_blendv_ps(if_false, if_true, mask);
}
inline V is_nan(V x) {
    return _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
}
inline V truth(V mask) {
    return _mm256_and_ps(mask, set1(1.0f));
}

// exp(x) = 2^n * e^r with |r| <= ln2/2 (Cephes' expf polynomial, ~1 ulp). 2^n is applied in two halves so
// results that are subnormal or overflow come out as the true IEEE value.
inline V exp_full_ps(V x) {
    const V clamped = _mm256_min_ps(_mm256_max_ps(x, set1(-104.0f)), set1(89.0f));
    const V n = _mm256_round_ps(_mm256_mul_ps(clamped, set1(1.44269504088896341f)),
                                _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    V r = _mm256_fnmadd_ps(n, set1(0.693359375f), clamped);
    r = _mm256_fnmadd_ps(n, set1(-2.12194440e-4f), r);
    V p = set1(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, set1(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, set1(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, set1(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, set1(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, set1(5.0000001201e-1f));
    const V y = _mm256_add_ps(_mm256_fmadd_ps(_mm256_mul_ps(p, r), r, r), set1(1.0f));
    const __m256i ni = _mm256_cvtps_epi32(n);
    const __m256i half = _mm256_srai_epi32(ni, 1);
    const __m256i rest = _mm256_sub_epi32(ni, half);
    const V scale1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(half, _mm256_set1_epi32(127)), 23));
    const V scale2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(rest, _mm256_set1_epi32(127)), 23));
    const V result = _mm256_mul_ps(_mm256_mul_ps(y, scale1), scale2);
    return blend(result, x, is_nan(x));
}

// exp_full_ps's polynomial with a cheaper frame while every lane is within [-87, 87] (normal results, no NaN):
// n comes out of one FMA against a magic number that leaves n + 127 in the low mantissa bits, and 2^n is
// those bits shifted into the exponent; one multiply applies it. Other vectors take the full path.
inline V exp_ps(V x) {
    const V in_range = _mm256_cmp_ps(_mm256_andnot_ps(set1(-0.0f), x), set1(87.0f), _CMP_LE_OQ);
    if (_mm256_movemask_ps(in_range) != 0xff)
        return exp_full_ps(x);
    const V magic = set1(12582912.0f + 127.0f);  // 1.5 * 2^23 + the exponent bias
    const V biased = _mm256_fmadd_ps(x, set1(1.44269504088896341f), magic);
    const V n = _mm256_sub_ps(biased, magic);
    V r = _mm256_fnmadd_ps(n, set1(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, set1(-2.12194440e-4f), r);
    V p = set1(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, set1(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, set1(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, set1(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, set1(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, set1(5.0000001201e-1f));
    const V y = _mm256_add_ps(_mm256_fmadd_ps(_mm256_mul_ps(p, r), r, r), set1(1.0f));
    const V scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_castps_si256(biased), 23));
    return _mm256_mul_ps(y, scale);
}

// tanh: Cephes' odd polynomial below |x| = 0.625, 1 - 2 / (e^2|x| + 1) above, sign restored.
inline V tanh_ps(V x) {
    const V sign_bit = set1(-0.0f);
    const V ax = _mm256_andnot_ps(sign_bit, x);
    const V z = _mm256_mul_ps(x, x);
    V p = set1(-5.70498872745e-3f);
    p = _mm256_fmadd_ps(p, z, set1(2.06390887954e-2f));
    p = _mm256_fmadd_ps(p, z, set1(-5.37397155531e-2f));
    p = _mm256_fmadd_ps(p, z, set1(1.33314422036e-1f));
    p = _mm256_fmadd_ps(p, z, set1(-3.33332819422e-1f));
    const V small = _mm256_fmadd_ps(_mm256_mul_ps(p, z), x, x);
    const V e = exp_ps(_mm256_min_ps(_mm256_add_ps(ax, ax), set1(40.0f)));
    const V large_abs = _mm256_sub_ps(set1(1.0f), _mm256_div_ps(set1(2.0f), _mm256_add_ps(e, set1(1.0f))));
    const V large = _mm256_or_ps(large_abs, _mm256_and_ps(x, sign_bit));
    const V result = blend(large, small, _mm256_cmp_ps(ax, set1(0.625f), _CMP_LT_OQ));
    return blend(result, x, is_nan(x));
}

// gelu(x) = x/2 * erfc(-x/sqrt2). erfc(t), t >= 0, is Numerical Recipes' erfcc (fractional error < 1.2e-7):
// s * exp(-t^2 + P(s)), s = 2 / (2 + t). The exponent is carried as hi + lo (t^2 = x^2/2 split exactly with
// an FMA) so the large exponent of the tail costs no accuracy; erfc(-t) = 2 - erfc(t) for x >= 0.
inline V gelu_erfc_ps(V x) {
    // erfc(30/sqrt2) is far below the smallest float; the clamp keeps inf out of the exact square below.
    const V ax = _mm256_min_ps(_mm256_andnot_ps(set1(-0.0f), x), set1(30.0f));
    const V t = _mm256_mul_ps(ax, set1(0.70710678118654752f));
    // s = 2 / (2 + t) by reciprocal estimate plus one Newton step (~23 bits): a divide costs more than the rest.
    const V d = _mm256_add_ps(set1(2.0f), t);
    const V r0 = _mm256_rcp_ps(d);
    const V r1 = _mm256_mul_ps(r0, _mm256_fnmadd_ps(d, r0, set1(2.0f)));
    const V s = _mm256_add_ps(r1, r1);
    static constexpr float kP[] = {0.17087277f,
                                   -0.82215223f,
                                   1.48851587f,
                                   -1.13520398f,
                                   0.27886807f,
                                   -0.18628806f,
                                   0.09678418f,
                                   0.37409196f,
                                   1.00002368f,
                                   -1.26551223f};
    V p = set1(kP[0]);
    for (int i = 1; i < 10; ++i)
        p = _mm256_fmadd_ps(p, s, set1(kP[i]));
    const V sq = _mm256_mul_ps(ax, ax);
    const V sq_lo = _mm256_fmsub_ps(ax, ax, sq);  // ax*ax - sq exactly
    const V hi = _mm256_fnmadd_ps(sq, set1(0.5f), p);
    // Two-sum of p - sq/2: what rounding `hi` dropped, plus the low part of -x^2/2.
    const V back = _mm256_sub_ps(hi, p);
    const V dropped =
        _mm256_add_ps(_mm256_sub_ps(p, _mm256_sub_ps(hi, back)), _mm256_sub_ps(_mm256_mul_ps(sq, set1(-0.5f)), back));
    const V lo = _mm256_fnmadd_ps(sq_lo, set1(0.5f), dropped);
    const V tail = _mm256_mul_ps(s, exp_ps(hi));
    const V erfc_t = _mm256_fmadd_ps(tail, lo, tail);
    const V positive = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GE_OQ);
    const V g = blend(erfc_t, _mm256_sub_ps(set1(2.0f), erfc_t), positive);
    const V result = _mm256_mul_ps(_mm256_mul_ps(set1(0.5f), x), g);
    return blend(result, x, is_nan(x));
}

// gelu(x) = x/2 * (1 + erf(x/sqrt2)), erf(x/sqrt2) as the odd rational x P(x^2) / Q(x^2) (degrees 11 and 10,
// fitted here by iterated weighted least squares on [0, 5.2]: |error| < 1e-8 in float64, a few ulp evaluated
// in float), with no exp: a third of the erfc form's work. For x in [-3, 5.2) the result is within ~4e-7 of
// gelu, well inside the fp32 golden tolerance. From 5.2 up erf is 1 to float precision and the result is x
// itself, as the exact form gives (no 1-ulp dip below a power of two to move a bfloat8_b block's exponent).
// Below -3, where 1 + erf cancels and gelu is tiny, the lanes are recomputed with the erfc form: rare in
// activations (one vector in ~100 for unit normal data). Those two selects also catch the rational's
// overflow for huge |x|; NaN propagates through the arithmetic.
inline V gelu_ps(V x) {
    const V x2 = _mm256_mul_ps(x, x);
    V p = set1(4.9465414306e-08f);
    p = _mm256_fmadd_ps(p, x2, set1(1.2815898151e-05f));
    p = _mm256_fmadd_ps(p, x2, set1(3.1370627651e-04f));
    p = _mm256_fmadd_ps(p, x2, set1(9.2171954514e-03f));
    p = _mm256_fmadd_ps(p, x2, set1(6.5087225776e-02f));
    p = _mm256_fmadd_ps(p, x2, set1(7.9788452210e-01f));
    V q = set1(1.2589183822e-06f);
    q = _mm256_fmadd_ps(q, x2, set1(7.0493970109e-05f));
    q = _mm256_fmadd_ps(q, x2, set1(1.8171553876e-03f));
    q = _mm256_fmadd_ps(q, x2, set1(2.7926176921e-02f));
    q = _mm256_fmadd_ps(q, x2, set1(2.4824108245e-01f));
    q = _mm256_fmadd_ps(q, x2, set1(1.0f));
    const V erf = _mm256_div_ps(_mm256_mul_ps(p, x), q);
    const V half_x = _mm256_mul_ps(set1(0.5f), x);
    const V result = blend(_mm256_fmadd_ps(half_x, erf, half_x), x, _mm256_cmp_ps(x, set1(5.2f), _CMP_GE_OQ));
    const V tail = _mm256_cmp_ps(x, set1(-3.0f), _CMP_LT_OQ);
    if (_mm256_movemask_ps(tail) == 0)
        return result;
    return blend(result, gelu_erfc_ps(x), tail);
}

// The tanh form as x * sigmoid(2u) = x / (1 + e^-2u), u = sqrt(2/pi) (x + 0.044715 x^3): the same function as
// x/2 (1 + tanh u) without its cancellation for negative x, and one exp and one divide.
inline V gelu_tanh_ps(V x) {
    const V x3 = _mm256_mul_ps(_mm256_mul_ps(x, x), x);
    const V minus_2u = _mm256_mul_ps(set1(-1.5957691216057307f), _mm256_fmadd_ps(set1(0.044715f), x3, x));
    return _mm256_div_ps(x, _mm256_add_ps(set1(1.0f), exp_ps(minus_2u)));
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
    if constexpr (OP == UnaryOpType::LOGICAL_NOT)
        return truth(_mm256_cmp_ps(x, zero, _CMP_EQ_OQ));
    if constexpr (OP == UnaryOpType::ISNAN)
        return truth(is_nan(x));
    if constexpr (OP == UnaryOpType::ISINF)
        return truth(_mm256_cmp_ps(_mm256_andnot_ps(set1(-0.0f), x), set1(__builtin_inff()), _CMP_EQ_OQ));
    if constexpr (OP == UnaryOpType::SQUARE)
        return _mm256_mul_ps(x, x);
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
    size_t i = 0;
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

inline void store16(uint16_t* dst, Pair r) {
    const __m256i even = _mm256_srli_epi32(round_high(r.even), 16);
    const __m256i odd = _mm256_and_si256(round_high(r.odd), _mm256_set1_epi32(static_cast<int>(0xffff0000u)));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), _mm256_or_si256(even, odd));
}

// Runs op over n bf16 values of up to two inputs, 16 at a time; the last n % 16 go through a padded copy so
// every value sees the same vector code.
template <int INPUTS, typename Op>
inline void bf16_loop(const uint16_t* const* in, uint16_t* out, size_t n, Op op) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const Pair a = widen16(in[0] + i);
        const Pair b = INPUTS > 1 ? widen16(in[INPUTS - 1] + i) : a;
        store16(out + i, {op(a.even, b.even), op(a.odd, b.odd)});
    }
    if (i == n)
        return;
    alignas(32) uint16_t padded[2][16] = {};
    alignas(32) uint16_t result[16];
    for (int k = 0; k < INPUTS; ++k)
        std::copy_n(in[k] + i, n - i, padded[k]);
    const Pair a = widen16(padded[0]);
    const Pair b = widen16(padded[INPUTS - 1]);
    store16(result, {op(a.even, b.even), op(a.odd, b.odd)});
    std::copy_n(result, n - i, out + i);
}

template <UnaryOpType OP>
void unary_bf16_loop(const uint16_t* in, uint16_t* out, size_t n, const UnaryArgs& args) {
    const uint16_t* inputs[] = {in};
    bf16_loop<1>(inputs, out, n, [&](V x, V) { return unary_vec<OP>(x, args); });
}

template <BinaryOpType OP>
void binary_bf16_loop(const uint16_t* a, const uint16_t* b, uint16_t* out, size_t n) {
    const uint16_t* inputs[] = {a, b};
    bf16_loop<2>(inputs, out, n, [](V x, V y) { return binary_vec<OP>(x, y); });
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
