// AVX2 row kernels of softmax and the normalizations; twins of norm_scalar.cpp (test_normalization_isa.py
// compares them). Row tails use masked loads so no element is read or written past n.
#include <immintrin.h>

#include <cmath>
#include <limits>

#include "kernels/norm.hpp"
#include "kernels/softmax_avx2_math.hpp"

namespace ttnn::kernels {

void softmax_row_avx2(float* x, int64_t n, float scale, const float* mask, bool log) {
    const __m256 vscale = _mm256_set1_ps(scale);
    const __m256 neg_inf = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
    __m256 vmax = neg_inf;
    int64_t j = 0;
    if (scale == 1.0f && mask == nullptr) {
        // Plain softmax (the common case): x * 1 is x, so the first pass only finds the max.
        __m256 vmax2 = neg_inf;
        for (; j + 16 <= n; j += 16) {
            vmax = _mm256_max_ps(vmax, _mm256_loadu_ps(x + j));
            vmax2 = _mm256_max_ps(vmax2, _mm256_loadu_ps(x + j + 8));
        }
        vmax = _mm256_max_ps(vmax, vmax2);
        for (; j + 8 <= n; j += 8)
            vmax = _mm256_max_ps(vmax, _mm256_loadu_ps(x + j));
    }
    for (; j + 8 <= n; j += 8) {
        __m256 v = _mm256_mul_ps(_mm256_loadu_ps(x + j), vscale);
        if (mask != nullptr)
            v = _mm256_add_ps(v, _mm256_loadu_ps(mask + j));
        _mm256_storeu_ps(x + j, v);
        vmax = _mm256_max_ps(vmax, v);
    }
    float max = hmax256(vmax);
    for (; j < n; ++j) {
        x[j] = mask != nullptr ? x[j] * scale + mask[j] : x[j] * scale;
        max = std::fmax(max, x[j]);
    }
    const float sum = exp_shifted_sum(x, n, max, !log);
    const __m256 factor = _mm256_set1_ps(log ? -(max + std::log(sum)) : 1.0f / sum);
    j = 0;
    for (; j + 8 <= n; j += 8) {
        const __m256 v = _mm256_loadu_ps(x + j);
        _mm256_storeu_ps(x + j, log ? _mm256_add_ps(v, factor) : _mm256_mul_ps(v, factor));
    }
    if (j < n) {
        const __m256i tail = tail_mask(static_cast<int>(n - j));
        const __m256 v = _mm256_maskload_ps(x + j, tail);
        _mm256_maskstore_ps(x + j, tail, log ? _mm256_add_ps(v, factor) : _mm256_mul_ps(v, factor));
    }
}

void sums_avx2(const float* x, int64_t n, float center, float* sum, float* sum_sq) {
    const __m256 c = _mm256_set1_ps(center);
    __m256 s = _mm256_setzero_ps();
    __m256 q = _mm256_setzero_ps();
    __m256 s2 = _mm256_setzero_ps();
    __m256 q2 = _mm256_setzero_ps();
    int64_t j = 0;
    // Two accumulator pairs: one add chain per register would wait on its own latency every step.
    for (; j + 16 <= n; j += 16) {
        const __m256 v0 = _mm256_loadu_ps(x + j);
        const __m256 v1 = _mm256_loadu_ps(x + j + 8);
        const __m256 d0 = _mm256_sub_ps(v0, c);
        const __m256 d1 = _mm256_sub_ps(v1, c);
        s = _mm256_add_ps(s, v0);
        s2 = _mm256_add_ps(s2, v1);
        q = _mm256_fmadd_ps(d0, d0, q);
        q2 = _mm256_fmadd_ps(d1, d1, q2);
    }
    s = _mm256_add_ps(s, s2);
    q = _mm256_add_ps(q, q2);
    for (; j + 8 <= n; j += 8) {
        const __m256 v = _mm256_loadu_ps(x + j);
        const __m256 d = _mm256_sub_ps(v, c);
        s = _mm256_add_ps(s, v);
        q = _mm256_fmadd_ps(d, d, q);
    }
    if (j < n) {
        const __m256i tail = tail_mask(static_cast<int>(n - j));
        const __m256 v = _mm256_maskload_ps(x + j, tail);
        const __m256 d = _mm256_and_ps(_mm256_sub_ps(v, c), _mm256_castsi256_ps(tail));
        s = _mm256_add_ps(s, v);
        q = _mm256_fmadd_ps(d, d, q);
    }
    *sum = hsum256(s);
    *sum_sq = hsum256(q);
}

void normalize_row_avx2(const float* x, int64_t n, float mean, float rstd, const float* w, const float* b, float* y) {
    const __m256 vm = _mm256_set1_ps(mean);
    const __m256 vr = _mm256_set1_ps(rstd);
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
        __m256 v = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + j), vm), vr);
        if (w != nullptr)
            v = _mm256_mul_ps(v, _mm256_loadu_ps(w + j));
        if (b != nullptr)
            v = _mm256_add_ps(v, _mm256_loadu_ps(b + j));
        _mm256_storeu_ps(y + j, v);
    }
    normalize_row_scalar(
        x + j, n - j, mean, rstd, w != nullptr ? w + j : nullptr, b != nullptr ? b + j : nullptr, y + j);
}

}  // namespace ttnn::kernels
