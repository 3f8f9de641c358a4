#pragma once
// pow(a, b) on 8 floats for the AVX2 element-wise kernels: |a|^b = 2^(b log2|a|) computed in double precision
// (relative error ~1e-14 before the final rounding to float), so the result is the correctly rounded powf in
// all but the rarest near-ties. Include only from *_avx2.cpp translation units.
#include <immintrin.h>

#include <algorithm>
#include <cmath>

#include "kernels/eltwise_avx2_math.hpp"

namespace ttnn::kernels::avx2_math {

using D = __m256d;

inline D set1d(double v) {
    return _mm256_set1_pd(v);
}

// The math below runs on N independent vectors step by step, so their long dependency chains (a division,
// two polynomials) interleave in program order; one chain at a time left the out-of-order window full.

// log2(x) for finite x > 0 (any double made from a float: no subnormal doubles): x = 2^e m with m in
// [sqrt(1/2), sqrt(2)), ln m = 2 atanh(s) for s = (m - 1) / (m + 1), |s| <= 0.172, summed to s^13 (the
// first term left out is under 1e-12 of ln m).
template <int N>
inline void log2_pd(D (&x)[N]) {
    constexpr double kOddReciprocals[] = {1.0 / 11, 1.0 / 9, 1.0 / 7, 1.0 / 5, 1.0 / 3, 1.0};
    D e[N], s[N], s2[N], p[N];
    for (int j = 0; j < N; ++j) {
        const __m256i bits = _mm256_castpd_si256(x[j]);
        D m = _mm256_castsi256_pd(_mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi64x(0x000fffffffffffffLL)),
                                                  _mm256_set1_epi64x(0x3ff0000000000000LL)));
        // The biased exponent as a double: its 11 bits under the mantissa of 2^52, minus 2^52 + 1023.
        const __m256i biased = _mm256_or_si256(_mm256_srli_epi64(bits, 52), _mm256_set1_epi64x(0x4330000000000000LL));
        e[j] = _mm256_sub_pd(_mm256_castsi256_pd(biased), set1d(4503599627370496.0 + 1023));
        const D big = _mm256_cmp_pd(m, set1d(1.4142135623730951), _CMP_GT_OQ);
        m = _mm256_blendv_pd(m, _mm256_mul_pd(m, set1d(0.5)), big);
        e[j] = _mm256_add_pd(e[j], _mm256_and_pd(big, set1d(1.0)));
        s[j] = _mm256_div_pd(_mm256_sub_pd(m, set1d(1.0)), _mm256_add_pd(m, set1d(1.0)));
    }
    for (int j = 0; j < N; ++j) {
        s2[j] = _mm256_mul_pd(s[j], s[j]);
        p[j] = set1d(1.0 / 13);
    }
    for (const double c : kOddReciprocals) {
        for (int j = 0; j < N; ++j)
            p[j] = _mm256_fmadd_pd(p[j], s2[j], set1d(c));
    }
    for (int j = 0; j < N; ++j)
        x[j] = _mm256_fmadd_pd(_mm256_mul_pd(_mm256_add_pd(s[j], s[j]), p[j]), set1d(1.4426950408889634), e[j]);
}

// 2^t for |t| < 127: 2^n e^r with n = round(t), r = (t - n) ln 2, |r| <= 0.347, Taylor to r^10 (relative
// error under 3e-13).
template <int N>
inline void exp2_pd(D (&t)[N]) {
    constexpr double kInverseFactorials[] = {
        1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0};  // 1/9! .. 1/0!
    D n[N], r[N], p[N];
    for (int j = 0; j < N; ++j) {
        n[j] = _mm256_round_pd(t[j], _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        r[j] = _mm256_mul_pd(_mm256_sub_pd(t[j], n[j]), set1d(0.6931471805599453));
        p[j] = set1d(1.0 / 3628800);  // 1/10!
    }
    for (const double c : kInverseFactorials) {
        for (int j = 0; j < N; ++j)
            p[j] = _mm256_fmadd_pd(p[j], r[j], set1d(c));
    }
    for (int j = 0; j < N; ++j) {
        // 2^n: n + 1023 in the low bits of 2^52 + n + 1023, shifted into the exponent field.
        const __m256i scale =
            _mm256_slli_epi64(_mm256_castpd_si256(_mm256_add_pd(n[j], set1d(4503599627370496.0 + 1023))), 52);
        t[j] = _mm256_mul_pd(p[j], _mm256_castsi256_pd(scale));
    }
}

// |a[k]|^b[k] for two vectors of 8 floats (four chains of 4 doubles); t = b log2|a| is clamped to +-200,
// whose results round to infinity or zero in float (pow_finish sends those lanes to std::pow).
inline void pow_abs16(const V (&a)[2], const V (&b)[2], V (&out)[2]) {
    D x[4], y[4];
    for (int k = 0; k < 2; ++k) {
        const V abs_a = _mm256_andnot_ps(set1(-0.0f), a[k]);
        x[2 * k] = _mm256_cvtps_pd(_mm256_castps256_ps128(abs_a));
        x[2 * k + 1] = _mm256_cvtps_pd(_mm256_extractf128_ps(abs_a, 1));
        y[2 * k] = _mm256_cvtps_pd(_mm256_castps256_ps128(b[k]));
        y[2 * k + 1] = _mm256_cvtps_pd(_mm256_extractf128_ps(b[k], 1));
    }
    log2_pd(x);
    for (int j = 0; j < 4; ++j)
        x[j] = _mm256_min_pd(_mm256_max_pd(_mm256_mul_pd(y[j], x[j]), set1d(-200.0)), set1d(200.0));
    exp2_pd(x);
    for (int k = 0; k < 2; ++k)
        out[k] = _mm256_set_m128(_mm256_cvtpd_ps(x[2 * k + 1]), _mm256_cvtpd_ps(x[2 * k]));
}

// pow as std::pow(float, float) from |a|^b: the vector result for finite a != 0 and finite b with a result in
// the normal float range (negative a with an integral b: |a|^b, negated for odd b); the lanes outside it
// (zeros, infinities, NaN, negative a with a fractional b, overflow, underflow) take std::pow.
inline V pow_finish(V a, V b, V magnitude) {
    // The usual vector: every a positive and finite with a normal result, or +0 with b > 0 (TILE padding):
    // |a|^b as it is, and +0 for the zeros.
    const V zero = _mm256_setzero_ps();
    const V finite_b = _mm256_cmp_ps(_mm256_andnot_ps(set1(-0.0f), b), set1(INFINITY), _CMP_LT_OQ);
    const V normal_r = _mm256_and_ps(_mm256_cmp_ps(magnitude, set1(1.17549435e-38f), _CMP_GE_OQ),
                                     _mm256_cmp_ps(magnitude, set1(3.40282347e38f), _CMP_LE_OQ));
    const V sign_clear = _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_castps_si256(a), _mm256_set1_epi32(-1)));
    const V below_inf = _mm256_cmp_ps(a, set1(INFINITY), _CMP_LT_OQ);
    const V zero_base = _mm256_and_ps(_mm256_cmp_ps(a, zero, _CMP_EQ_OQ), _mm256_cmp_ps(b, zero, _CMP_GT_OQ));
    const V usual =
        _mm256_and_ps(_mm256_and_ps(_mm256_and_ps(sign_clear, below_inf), finite_b), _mm256_or_ps(normal_r, zero_base));
    if (_mm256_movemask_ps(usual) == 0xff)
        return _mm256_andnot_ps(zero_base, magnitude);
    const V abs_a = _mm256_andnot_ps(set1(-0.0f), a);
    const V integral = _mm256_cmp_ps(_mm256_round_ps(b, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC), b, _CMP_EQ_OQ);
    // Integral b below 2^24 in magnitude: its low bit says odd; larger floats are all even.
    const V small = _mm256_cmp_ps(_mm256_andnot_ps(set1(-0.0f), b), set1(16777216.0f), _CMP_LT_OQ);
    const __m256i low_bit = _mm256_slli_epi32(_mm256_cvttps_epi32(_mm256_and_ps(b, small)), 31);
    const V negative = _mm256_cmp_ps(a, zero, _CMP_LT_OQ);
    const V sign = _mm256_and_ps(_mm256_and_ps(negative, small), _mm256_castsi256_ps(low_bit));
    const V result = _mm256_or_ps(magnitude, sign);
    // Vector lanes: 0 < |a| < inf, |b| < inf, a > 0 or b integral, and a normal, finite result.
    const V finite_a = _mm256_cmp_ps(abs_a, set1(INFINITY), _CMP_LT_OQ);
    const V nonzero_a = _mm256_cmp_ps(abs_a, zero, _CMP_GT_OQ);
    const V base_ok = _mm256_or_ps(_mm256_cmp_ps(a, zero, _CMP_GT_OQ), integral);
    const V ok =
        _mm256_and_ps(_mm256_and_ps(_mm256_and_ps(finite_a, nonzero_a), _mm256_and_ps(finite_b, normal_r)), base_ok);
    const int vector_lanes = _mm256_movemask_ps(ok);
    if (vector_lanes == 0xff)
        return result;
    alignas(32) float av[8], bv[8], rv[8];
    _mm256_store_ps(av, a);
    _mm256_store_ps(bv, b);
    _mm256_store_ps(rv, result);
    for (int i = 0; i < 8; ++i) {
        if (((vector_lanes >> i) & 1) == 0)
            rv[i] = std::pow(av[i], bv[i]);
    }
    return _mm256_load_ps(rv);
}

// pow_finish of two vectors at once (the unit the loops call: see log2_pd on interleaving).
inline void pow_ps2(const V (&a)[2], const V (&b)[2], V (&out)[2]) {
    pow_abs16(a, b, out);
    for (int k = 0; k < 2; ++k)
        out[k] = pow_finish(a[k], b[k], out[k]);
}

// pow, 16 values a step (two vectors: pow_ps2), the last n % 16 through a padded copy.
inline void pow_loop(const float* a, const float* b, float* out, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const V av[2] = {_mm256_loadu_ps(a + i), _mm256_loadu_ps(a + i + 8)};
        const V bv[2] = {_mm256_loadu_ps(b + i), _mm256_loadu_ps(b + i + 8)};
        V r[2];
        pow_ps2(av, bv, r);
        _mm256_storeu_ps(out + i, r[0]);
        _mm256_storeu_ps(out + i + 8, r[1]);
    }
    if (i == n)
        return;
    alignas(32) float pa[16] = {}, pb[16] = {}, pr[16];
    std::copy(a + i, a + n, pa);
    std::copy(b + i, b + n, pb);
    pow_loop(pa, pb, pr, 16);
    std::copy(pr, pr + (n - i), out + i);
}

}  // namespace ttnn::kernels::avx2_math
