#pragma once
// Vector math of the AVX2 element-wise kernels (exp, tanh, gelu): include only from *_avx2.cpp translation
// units, which are compiled with -mavx2 -mfma.
#include <immintrin.h>

#include <cmath>
#include <cstdint>

namespace ttnn::kernels::avx2_math {

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

// e^r for r = x - n ln2 (ln2 in two parts, so r is exact): Cephes' expf polynomial, ~1 ulp for |r| <= ln2/2.
inline V exp_reduced(V x, V n) {
    V r = _mm256_fnmadd_ps(n, set1(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, set1(-2.12194440e-4f), r);
    V p = set1(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, set1(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, set1(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, set1(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, set1(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, set1(5.0000001201e-1f));
    return _mm256_add_ps(_mm256_fmadd_ps(_mm256_mul_ps(p, r), r, r), set1(1.0f));
}

// exp(x) = 2^n * e^r with |r| <= ln2/2 (exp_reduced). 2^n is applied in two halves so
// results that are subnormal or overflow come out as the true IEEE value.
inline V exp_full_ps(V x) {
    const V clamped = _mm256_min_ps(_mm256_max_ps(x, set1(-104.0f)), set1(89.0f));
    const V n = _mm256_round_ps(_mm256_mul_ps(clamped, set1(1.44269504088896341f)),
                                _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const V y = exp_reduced(clamped, n);
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
    const V y = exp_reduced(x, n);
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

// P(x^2) and Q(x^2) of the rational erf(x / sqrt2) = x P(x^2) / Q(x^2) that gelu_ps and erf_ps share (fit below).
struct ErfRational {
    V p, q;
};
inline ErfRational erf_rational(V x) {
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
    return {p, q};
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
    const ErfRational r = erf_rational(x);
    const V erf = _mm256_div_ps(_mm256_mul_ps(r.p, x), r.q);
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

// log(x) = e ln2 + log(m), x = 2^e m with m in [sqrt(1/2), sqrt(2)): Cephes' logf polynomial in m - 1 (~1 ulp),
// ln2 in two parts so e ln2 adds no error. Subnormals are scaled by 2^23 first. As std::log: x < 0 and NaN
// give NaN, +-0 gives -inf, +inf gives +inf.
inline V log_ps(V x) {
    const V subnormal = _mm256_cmp_ps(x, set1(1.17549435e-38f), _CMP_LT_OQ);  // (zero and negatives: fixed below)
    const __m256i bits = _mm256_castps_si256(blend(x, _mm256_mul_ps(x, set1(8388608.0f)), subnormal));
    V e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(126)));
    e = _mm256_sub_ps(e, _mm256_and_ps(subnormal, set1(23.0f)));
    // The mantissa as m in [0.5, 1); below sqrt(1/2) it is doubled (and e lowered) so m - 1 stays small.
    V m = _mm256_castsi256_ps(
        _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)), _mm256_set1_epi32(0x3f000000)));
    const V low = _mm256_cmp_ps(m, set1(0.707106781186547524f), _CMP_LT_OQ);
    e = _mm256_sub_ps(e, _mm256_and_ps(low, set1(1.0f)));
    m = _mm256_sub_ps(_mm256_add_ps(m, _mm256_and_ps(low, m)), set1(1.0f));
    static constexpr float kP[] = {7.0376836292e-2f,
                                   -1.1514610310e-1f,
                                   1.1676998740e-1f,
                                   -1.2420140846e-1f,
                                   1.4249322787e-1f,
                                   -1.6668057665e-1f,
                                   2.0000714765e-1f,
                                   -2.4999993993e-1f,
                                   3.3333331174e-1f};
    V p = set1(kP[0]);
    for (int i = 1; i < 9; ++i)
        p = _mm256_fmadd_ps(p, m, set1(kP[i]));
    const V z = _mm256_mul_ps(m, m);
    V y = _mm256_mul_ps(_mm256_mul_ps(p, m), z);
    y = _mm256_fmadd_ps(e, set1(-2.12194440e-4f), y);
    y = _mm256_fnmadd_ps(z, set1(0.5f), y);
    V r = _mm256_fmadd_ps(e, set1(0.693359375f), _mm256_add_ps(m, y));
    const V inf = set1(__builtin_inff());
    r = blend(r, _mm256_sub_ps(_mm256_setzero_ps(), inf), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_EQ_OQ));
    r = blend(r, inf, _mm256_cmp_ps(x, inf, _CMP_EQ_OQ));
    r = blend(r, set1(__builtin_nanf("")), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ));
    return blend(r, x, is_nan(x));
}

// e^x - 1: below |x| = ln2/2 the Taylor series to x^8 (truncation under 1e-9 relative), where exp(x) - 1 would
// cancel; exp(x) - 1 above, losing at most two bits. NaN propagates through exp.
inline V expm1_ps(V x) {
    static constexpr float kInverseFactorials[] = {
        1.0f / 40320, 1.0f / 5040, 1.0f / 720, 1.0f / 120, 1.0f / 24, 1.0f / 6, 0.5f};
    V p = set1(kInverseFactorials[0]);
    for (int i = 1; i < 7; ++i)
        p = _mm256_fmadd_ps(p, x, set1(kInverseFactorials[i]));
    const V series = _mm256_fmadd_ps(_mm256_mul_ps(p, x), x, x);
    const V small = _mm256_cmp_ps(_mm256_andnot_ps(set1(-0.0f), x), set1(0.34657359f), _CMP_LT_OQ);
    return blend(_mm256_sub_ps(exp_ps(x), set1(1.0f)), series, small);
}

// log(1 + w) for w >= 0 (or NaN): log(u) w / (u - 1) with u = 1 + w rounded, which cancels u's rounding
// (u - 1 is exact); w itself where u rounds to 1.
inline V log1p_nonnegative_ps(V w) {
    const V u = _mm256_add_ps(set1(1.0f), w);
    const V d = _mm256_sub_ps(u, set1(1.0f));
    const V r = _mm256_div_ps(_mm256_mul_ps(log_ps(u), w), d);
    return blend(r, w, _mm256_cmp_ps(d, _mm256_setzero_ps(), _CMP_EQ_OQ));
}

// log(1 + w) for any w, by the same correction: log(u) (w / (u - 1)), where u - 1 is exact near u = 1 (and
// w / (u - 1) is 1 for w in [-1, -1/2], where u is exact); w itself where u rounds to 1, and +inf at +inf. As
// std::log1p: -1 gives -inf, below -1 NaN, NaN propagates.
inline V log1p_ps(V w) {
    const V u = _mm256_add_ps(set1(1.0f), w);
    const V d = _mm256_sub_ps(u, set1(1.0f));
    V r = _mm256_mul_ps(log_ps(u), _mm256_div_ps(w, d));
    r = blend(r, w, _mm256_cmp_ps(d, _mm256_setzero_ps(), _CMP_EQ_OQ));
    return blend(r, w, _mm256_cmp_ps(w, set1(__builtin_inff()), _CMP_EQ_OQ));
}

// softplus(x) = log(1 + e^(beta x)) / beta, x itself once beta x passes the threshold. Written as
// max(z, 0) + log1p(e^-|z|) for z = beta x: e^-|z| is in (0, 1], so nothing overflows or cancels.
inline V softplus_ps(V x, float beta, float threshold) {
    const V z = _mm256_mul_ps(x, set1(beta));
    const V az = _mm256_andnot_ps(set1(-0.0f), z);
    const V tail = log1p_nonnegative_ps(exp_ps(_mm256_sub_ps(_mm256_setzero_ps(), az)));
    const V r = _mm256_div_ps(_mm256_add_ps(_mm256_max_ps(z, _mm256_setzero_ps()), tail), set1(beta));
    return blend(r, x, _mm256_cmp_ps(z, set1(threshold), _CMP_GT_OQ));
}

// erf(y) = gelu_ps's rational at x = y sqrt2 (erf(x / sqrt2) = x P(x^2) / Q(x^2) on [0, 5.2]); from |y| = 5.2 /
// sqrt2 on erf is +-1 to within 3 ulp. NaN propagates through the arithmetic.
inline V erf_ps(V y) {
    const V x = _mm256_mul_ps(y, set1(1.41421356237309505f));
    const ErfRational r = erf_rational(x);
    // For small |y| the rational in y itself keeps full relative precision (x = y sqrt2 rounds once).
    const V erf = _mm256_div_ps(_mm256_mul_ps(_mm256_mul_ps(r.p, set1(1.41421356237309505f)), y), r.q);
    const V one = _mm256_or_ps(set1(1.0f), _mm256_and_ps(y, set1(-0.0f)));
    return blend(erf, one, _mm256_cmp_ps(_mm256_andnot_ps(set1(-0.0f), x), set1(5.2f), _CMP_GE_OQ));
}

// sin and cos as Cephes' sinf/cosf: |x| reduced by pi/4 in three parts (exact products up to |x| = 8192), the
// sine or cosine polynomial on [-pi/4, pi/4] picked by octant, the sign from the octant (and, for sin, from x).
// Lanes beyond 8192 lose the reduction's precision and are computed by std::sin / std::cos; inf and NaN give NaN.
template <bool COS>
inline V sin_cos_ps(V x) {
    const V ax = _mm256_andnot_ps(set1(-0.0f), x);
    __m256i j = _mm256_cvttps_epi32(_mm256_mul_ps(_mm256_min_ps(ax, set1(8192.0f)), set1(1.27323954473516f)));
    j = _mm256_and_si256(_mm256_add_epi32(j, _mm256_set1_epi32(1)), _mm256_set1_epi32(~1));  // even octant
    const V y = _mm256_cvtepi32_ps(j);
    if constexpr (COS)
        j = _mm256_sub_epi32(j, _mm256_set1_epi32(2));
    const __m256i four = _mm256_set1_epi32(4);
    __m256i sign = COS ? _mm256_andnot_si256(j, four) : _mm256_and_si256(j, four);
    sign = _mm256_slli_epi32(sign, 29);
    if constexpr (!COS)
        sign = _mm256_xor_si256(sign, _mm256_and_si256(_mm256_castps_si256(x), _mm256_set1_epi32(INT32_MIN)));
    const V sine_poly =
        _mm256_castsi256_ps(_mm256_cmpeq_epi32(_mm256_and_si256(j, _mm256_set1_epi32(2)), _mm256_setzero_si256()));
    V z = _mm256_fnmadd_ps(y, set1(0.78515625f), ax);
    z = _mm256_fnmadd_ps(y, set1(2.4187564849853515625e-4f), z);
    z = _mm256_fnmadd_ps(y, set1(3.77489497744594108e-8f), z);
    const V zz = _mm256_mul_ps(z, z);
    V c = _mm256_fmadd_ps(set1(2.443315711809948e-5f), zz, set1(-1.388731625493765e-3f));
    c = _mm256_fmadd_ps(c, zz, set1(4.166664568298827e-2f));
    c = _mm256_fmadd_ps(_mm256_mul_ps(c, zz), zz, _mm256_fnmadd_ps(zz, set1(0.5f), set1(1.0f)));
    V s = _mm256_fmadd_ps(set1(-1.9515295891e-4f), zz, set1(8.3321608736e-3f));
    s = _mm256_fmadd_ps(s, zz, set1(-1.6666654611e-1f));
    s = _mm256_fmadd_ps(_mm256_mul_ps(s, zz), z, z);
    V r = _mm256_xor_ps(blend(c, s, sine_poly), _mm256_castsi256_ps(sign));
    r = blend(r, set1(__builtin_nanf("")), _mm256_cmp_ps(ax, set1(__builtin_inff()), _CMP_EQ_OQ));
    r = blend(r, x, is_nan(x));
    const V far = _mm256_cmp_ps(ax, set1(8192.0f), _CMP_GT_OQ);
    if (_mm256_movemask_ps(_mm256_andnot_ps(_mm256_cmp_ps(ax, set1(__builtin_inff()), _CMP_EQ_OQ), far)) == 0)
        return r;
    alignas(32) float in[8], out[8];
    _mm256_store_ps(in, x);
    _mm256_store_ps(out, r);
    for (int i = 0; i < 8; ++i) {
        if (std::fabs(in[i]) > 8192.0f && std::isfinite(in[i]))
            out[i] = COS ? std::cos(in[i]) : std::sin(in[i]);
    }
    return _mm256_load_ps(out);
}

}  // namespace ttnn::kernels::avx2_math
