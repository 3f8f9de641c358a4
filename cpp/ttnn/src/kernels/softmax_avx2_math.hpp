#pragma once
// Vector transcendental functions for the AVX2 kernels (softmax, norms, attention, GEMM epilogue). Include
// only from *_avx2.cpp files, which are compiled with -mavx2 -mfma. Accuracy: exp ~1 ulp (eltwise_avx2_math.hpp); erf
// within 1.5e-7 absolute (Abramowitz & Stegun 7.1.26).
#include <immintrin.h>

#include <cstdint>

#include "kernels/eltwise_avx2_math.hpp"
#include "kernels/exp_nonpositive.hpp"

namespace ttnn::kernels {

// e^x: the element-wise kernels' exp (one implementation), with its fast frame while every lane is within
// [-87, 87]. Below fp32's normal range it gives the subnormal (or 0), so exp(-inf) is exactly 0 as softmax needs.
static inline __m256 exp256(__m256 x) {
    return avx2_math::exp_ps(x);
}

static inline __m256 erf256(__m256 x) {
    const __m256 sign = _mm256_and_ps(x, _mm256_set1_ps(-0.0f));
    const __m256 ax = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
    const __m256 t =
        _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(ax, _mm256_set1_ps(0.3275911f), _mm256_set1_ps(1.0f)));
    __m256 p = _mm256_set1_ps(1.061405429f);
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-1.453152027f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(1.421413741f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-0.284496736f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.254829592f));
    p = _mm256_mul_ps(p, t);
    const __m256 e = exp256(_mm256_sub_ps(_mm256_setzero_ps(), _mm256_mul_ps(ax, ax)));
    const __m256 y = _mm256_fnmadd_ps(p, e, _mm256_set1_ps(1.0f));
    return _mm256_or_ps(y, sign);
}

static inline float hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

static inline float hmax256(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// Lanes [0, n) of a row, the rest zero, for row tails shorter than 8.
static inline __m256i tail_mask(int n) {
    const __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), index);
}

// e^d for d = x - max <= 0 (exp_nonpositive.hpp has the method and its accuracy), branch free: exp256 tests
// every vector for its range.
template <bool kBf16Out>
inline __m256 exp_nonpositive256(__m256 d) {
    TTNN_EXP_NONPOSITIVE_BODY(_mm256, 256, __m256, kBf16Out, d)
}

// x[j] = exp(x[j] * scale - shift) on exp_nonpositive256, returning the sum: shift is the row's largest scaled
// value, so every exponent is <= 0 (or NaN, which reaches the sum). The product is exact inside the FMA, so
// scale 1 gives exactly x - shift; flash attention passes its score scale.
template <bool kBf16Out>
inline float exp_nonpositive_sum(float* x, int64_t n, float scale, float shift, bool store) {
    const __m256 vscale = _mm256_set1_ps(scale);
    const __m256 vs = _mm256_set1_ps(shift);
    // One vector a step and one sum: the exps of successive steps overlap anyway (only the sum is carried),
    // and a second exp in flight would push the exp's constants or the sums out of the 16 registers.
    __m256 vsum = _mm256_setzero_ps();
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
        const __m256 e = exp_nonpositive256<kBf16Out>(_mm256_fmsub_ps(_mm256_loadu_ps(x + j), vscale, vs));
        vsum = _mm256_add_ps(vsum, e);
        if (store)
            _mm256_storeu_ps(x + j, e);
    }
    if (j < n) {
        const __m256i tail = tail_mask(static_cast<int>(n - j));
        const __m256 d = _mm256_fmsub_ps(_mm256_maskload_ps(x + j, tail), vscale, vs);
        const __m256 e = _mm256_and_ps(exp_nonpositive256<kBf16Out>(d), _mm256_castsi256_ps(tail));
        vsum = _mm256_add_ps(vsum, e);
        if (store)
            _mm256_maskstore_ps(x + j, tail, e);
    }
    return hsum256(vsum);
}

}  // namespace ttnn::kernels
