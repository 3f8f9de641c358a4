// AVX2 row kernels of softmax and the normalizations; twins of norm_scalar.cpp (test_normalization_isa.py
// compares them). Row tails use masked loads so no element is read or written past n.
#include <immintrin.h>

#include <cmath>
#include <limits>

#include "ttnn/dtype.hpp"

#include "kernels/codec_avx2.hpp"
#include "kernels/norm.hpp"
#include "kernels/softmax_avx2_math.hpp"

namespace ttnn::kernels {

void softmax_row_avx2(
    float* x, int64_t n, float scale, const float* mask, bool log, const uint16_t* bf16_in, uint16_t* bf16_out) {
    const __m256 vscale = _mm256_set1_ps(scale);
    const __m256 neg_inf = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
    // bf16 input is widened in the first pass, which writes the fp32 row the later passes read.
    const auto load8 = [&](int64_t i) {
        return bf16_in != nullptr ? bf16_widen8(bf16_in + i) : _mm256_loadu_ps(x + i);
    };
    __m256 vmax = neg_inf;
    int64_t j = 0;
    if (scale == 1.0f && mask == nullptr) {
        // Plain softmax (the common case): x * 1 is x, so the first pass only finds the max.
        __m256 vmax2 = neg_inf;
        for (; j + 16 <= n; j += 16) {
            const __m256 v0 = load8(j);
            const __m256 v1 = load8(j + 8);
            if (bf16_in != nullptr) {
                _mm256_storeu_ps(x + j, v0);
                _mm256_storeu_ps(x + j + 8, v1);
            }
            vmax = _mm256_max_ps(vmax, v0);
            vmax2 = _mm256_max_ps(vmax2, v1);
        }
        vmax = _mm256_max_ps(vmax, vmax2);
    }
    for (; j + 8 <= n; j += 8) {
        __m256 v = _mm256_mul_ps(load8(j), vscale);
        if (mask != nullptr)
            v = _mm256_add_ps(v, _mm256_loadu_ps(mask + j));
        _mm256_storeu_ps(x + j, v);
        vmax = _mm256_max_ps(vmax, v);
    }
    float max = hmax256(vmax);
    for (; j < n; ++j) {
        const float v = bf16_in != nullptr ? f32_from_bf16(bf16_in[j]) : x[j];
        x[j] = mask != nullptr ? v * scale + mask[j] : v * scale;
        max = std::fmax(max, x[j]);
    }
    const float sum = exp_shifted_sum(x, n, max, !log);
    const __m256 factor = _mm256_set1_ps(log ? -(max + std::log(sum)) : 1.0f / sum);
    j = 0;
    // The last pass scales and, for bf16 output, rounds straight into it: no fp32 row written back and re-read.
    if (bf16_out != nullptr) {
        for (; j + 8 <= n; j += 8) {
            const __m256 v = _mm256_loadu_ps(x + j);
            const __m256 y = log ? _mm256_add_ps(v, factor) : _mm256_mul_ps(v, factor);
            _mm_storeu_si128(reinterpret_cast<__m128i*>(bf16_out + j), bf16_round8(y));
        }
        const float f = _mm256_cvtss_f32(factor);
        for (; j < n; ++j)
            bf16_out[j] = bf16_from_f32(log ? x[j] + f : x[j] * f);
        return;
    }
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

namespace {

// Two accumulator pairs: one add chain per register would wait on its own latency every step. Only the
// statistics asked for are computed (layer_norm's mean pass needs no squares, rms_norm's pass no sum).
template <bool kSum, bool kSq>
void sums_impl(const float* x, int64_t n, float center, float* sum, float* sum_sq) {
    const __m256 c = _mm256_set1_ps(center);
    __m256 s = _mm256_setzero_ps();
    __m256 q = _mm256_setzero_ps();
    __m256 s2 = _mm256_setzero_ps();
    __m256 q2 = _mm256_setzero_ps();
    const auto add = [&](__m256 v, __m256& sv, __m256& qv) {
        if (kSum)
            sv = _mm256_add_ps(sv, v);
        if (kSq) {
            const __m256 d = _mm256_sub_ps(v, c);
            qv = _mm256_fmadd_ps(d, d, qv);
        }
    };
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) {
        add(_mm256_loadu_ps(x + j), s, q);
        add(_mm256_loadu_ps(x + j + 8), s2, q2);
    }
    for (; j + 8 <= n; j += 8)
        add(_mm256_loadu_ps(x + j), s, q);
    if (j < n) {
        const __m256i tail = tail_mask(static_cast<int>(n - j));
        const __m256 v = _mm256_maskload_ps(x + j, tail);
        if (kSum)
            s = _mm256_add_ps(s, v);
        if (kSq) {
            // The masked lanes read 0, whose deviation from center must not count.
            const __m256 d = _mm256_and_ps(_mm256_sub_ps(v, c), _mm256_castsi256_ps(tail));
            q = _mm256_fmadd_ps(d, d, q);
        }
    }
    if (kSum)
        *sum = hsum256(_mm256_add_ps(s, s2));
    if (kSq)
        *sum_sq = hsum256(_mm256_add_ps(q, q2));
}

}  // namespace

void sums_avx2(const float* x, int64_t n, float center, float* sum, float* sum_sq) {
    if (sum != nullptr && sum_sq != nullptr)
        sums_impl<true, true>(x, n, center, sum, sum_sq);
    else if (sum != nullptr)
        sums_impl<true, false>(x, n, center, sum, sum_sq);
    else if (sum_sq != nullptr)
        sums_impl<false, true>(x, n, center, sum, sum_sq);
}

float widen_sum_avx2(const uint16_t* src, int64_t n, float* x) {
    __m256 s = _mm256_setzero_ps();
    __m256 s2 = _mm256_setzero_ps();
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) {
        const __m256 v0 = bf16_widen8(src + j);
        const __m256 v1 = bf16_widen8(src + j + 8);
        _mm256_storeu_ps(x + j, v0);
        _mm256_storeu_ps(x + j + 8, v1);
        s = _mm256_add_ps(s, v0);
        s2 = _mm256_add_ps(s2, v1);
    }
    float total = hsum256(_mm256_add_ps(s, s2));
    for (; j < n; ++j) {
        x[j] = f32_from_bf16(src[j]);
        total += x[j];
    }
    return total;
}

void normalize_row_avx2(
    const float* x, int64_t n, float mean, float rstd, const float* w, const float* b, float* y, uint16_t* bf16_out) {
    const __m256 vm = _mm256_set1_ps(mean);
    const __m256 vr = _mm256_set1_ps(rstd);
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
        __m256 v = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + j), vm), vr);
        if (w != nullptr)
            v = _mm256_mul_ps(v, _mm256_loadu_ps(w + j));
        if (b != nullptr)
            v = _mm256_add_ps(v, _mm256_loadu_ps(b + j));
        if (bf16_out != nullptr)
            _mm_storeu_si128(reinterpret_cast<__m128i*>(bf16_out + j), bf16_round8(v));
        else
            _mm256_storeu_ps(y + j, v);
    }
    normalize_row_scalar(x + j,
                         n - j,
                         mean,
                         rstd,
                         w != nullptr ? w + j : nullptr,
                         b != nullptr ? b + j : nullptr,
                         y != nullptr ? y + j : nullptr,
                         bf16_out != nullptr ? bf16_out + j : nullptr);
}

}  // namespace ttnn::kernels
