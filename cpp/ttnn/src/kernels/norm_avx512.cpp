// AVX-512 row kernels of softmax and the normalizations; twins of norm_scalar.cpp and norm_avx2.cpp
// (test_normalization_isa.py compares every tier with the scalar one). Sixteen lanes a step, and row tails
// through lane masks, so no element is read or written past n and no tail runs scalar code. The exp is
// norm_avx2's polynomial lane for lane (same constants, same operations), so a tier differs from the other
// only in the order its sums are added.
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's AVX-512 intrinsic headers pass an unset register as the unused merge source of masked builtins
// (the _mm512_reduce_* helpers among them).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include <cmath>
#include <limits>

#include "kernels/avx512_rows.hpp"
#include "kernels/codec_avx512.hpp"
#include "kernels/norm.hpp"
#include "ttnn/dtype.hpp"

namespace ttnn::kernels {
namespace {

inline __m512 widen16(const uint16_t* src) {
    const __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src));
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(bits), 16));
}

inline __m512 widen16(const uint16_t* src, __mmask16 m) {
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, src)), 16));
}

inline void store16(float* y, uint16_t* bf16_out, int64_t j, __mmask16 m, __m512 v) {
    if (bf16_out != nullptr)
        _mm256_mask_storeu_epi16(bf16_out + j, m, bf16_round16(v));
    else
        _mm512_mask_storeu_ps(y + j, m, v);
}

// Pass 1: x[j] = src[j] * scale (+ mask[j]), src being in.bf16, in.f32 or x itself; returns the max.
float scaled_max(float* x, int64_t n, float scale, const float* mask, RowIn in) {
    const float* src = in.f32 != nullptr ? in.f32 : x;
    const __m512 vscale = _mm512_set1_ps(scale);
    __m512 vmax = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
    for (int64_t j = 0; j < n; j += 16) {
        const __mmask16 m = lanes(n - j);
        __m512 v = in.bf16 != nullptr ? widen16(in.bf16 + j, m) : _mm512_maskz_loadu_ps(m, src + j);
        v = _mm512_mul_ps(v, vscale);
        if (mask != nullptr)
            v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, mask + j));
        _mm512_mask_storeu_ps(x + j, m, v);
        vmax = _mm512_mask_max_ps(vmax, m, vmax, v);
    }
    // A NaN score can drop out of the max (max_ps keeps one operand), but its exp makes the sum NaN.
    return _mm512_reduce_max_ps(vmax);
}

template <bool kBf16Out>
float exp_sum(float* x, int64_t n, float shift, bool store) {
    const __m512 vs = _mm512_set1_ps(shift);
    __m512 vsum = _mm512_setzero_ps();
    for (int64_t j = 0; j < n; j += 16) {
        const __mmask16 m = lanes(n - j);
        const __m512 e = exp_nonpositive512<kBf16Out>(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, x + j), vs));
        vsum = _mm512_mask_add_ps(vsum, m, vsum, e);
        if (store)
            _mm512_mask_storeu_ps(x + j, m, e);
    }
    return _mm512_reduce_add_ps(vsum);
}

}  // namespace

void softmax_row_avx512(float* x, int64_t n, float scale, const float* mask, bool log, RowIn in, uint16_t* bf16_out) {
    const float max = scaled_max(x, n, scale, mask, in);
    const float sum = bf16_out != nullptr ? exp_sum<true>(x, n, max, !log) : exp_sum<false>(x, n, max, !log);
    // A NaN or +inf score, or a row of -inf, makes the whole row NaN, as the other tiers and torch give.
    const bool finite = std::isfinite(max) && std::isfinite(sum);
    const float factor = !finite ? std::numeric_limits<float>::quiet_NaN() : log ? -(max + std::log(sum)) : 1.0f / sum;
    const __m512 f = _mm512_set1_ps(factor);
    for (int64_t j = 0; j < n; j += 16) {
        const __mmask16 m = lanes(n - j);
        const __m512 v = _mm512_maskz_loadu_ps(m, x + j);
        store16(x, bf16_out, j, m, finite ? (log ? _mm512_add_ps(v, f) : _mm512_mul_ps(v, f)) : f);
    }
}

namespace {

// Four accumulators per statistic: rows are short enough (hundreds to thousands of values) that the add
// chains, not the loads, would set the pace with fewer. Only the statistics asked for are computed. Lanes
// past n are zero in the sum and, masked after the subtraction, in the squares.
template <bool kSum, bool kSq>
void sums_impl(const float* x, int64_t n, float center, float* sum, float* sum_sq) {
    const __m512 c = _mm512_set1_ps(center);
    __m512 s[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
    __m512 q[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
    const auto add = [&](__m512 v, __m512 d, int k) {
        if (kSum)
            s[k] = _mm512_add_ps(s[k], v);
        if (kSq)
            q[k] = _mm512_fmadd_ps(d, d, q[k]);
    };
    int64_t j = 0;
    for (; j + 64 <= n; j += 64) {
        for (int k = 0; k < 4; ++k) {
            const __m512 v = _mm512_loadu_ps(x + j + 16 * k);
            add(v, _mm512_sub_ps(v, c), k);
        }
    }
    for (int k = 0; j < n; j += 16, k = (k + 1) & 3) {
        const __mmask16 m = lanes(n - j);
        const __m512 v = _mm512_maskz_loadu_ps(m, x + j);
        add(v, _mm512_maskz_sub_ps(m, v, c), k);
    }
    if (kSum)
        *sum = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s[0], s[1]), _mm512_add_ps(s[2], s[3])));
    if (kSq)
        *sum_sq = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(q[0], q[1]), _mm512_add_ps(q[2], q[3])));
}

template <bool kSquares>
float widen_sum_impl(const uint16_t* src, int64_t n, float* x) {
    __m512 s[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
    const auto add = [&](__m512 v, int k) { s[k] = kSquares ? _mm512_fmadd_ps(v, v, s[k]) : _mm512_add_ps(s[k], v); };
    int64_t j = 0;
    for (; j + 64 <= n; j += 64) {
        for (int k = 0; k < 4; ++k) {
            const __m512 v = widen16(src + j + 16 * k);
            _mm512_storeu_ps(x + j + 16 * k, v);
            add(v, k);
        }
    }
    for (int k = 0; j < n; j += 16, k = (k + 1) & 3) {
        const __mmask16 m = lanes(n - j);
        const __m512 v = widen16(src + j, m);
        _mm512_mask_storeu_ps(x + j, m, v);
        add(v, k);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s[0], s[1]), _mm512_add_ps(s[2], s[3])));
}

// One instantiation per weight/bias presence, so the loop carries no per-vector tests.
template <bool kWeight, bool kBias>
void normalize_impl(
    const float* x, int64_t n, float mean, float rstd, const float* w, const float* b, float* y, uint16_t* bf16_out) {
    const __m512 vm = _mm512_set1_ps(mean);
    const __m512 vr = _mm512_set1_ps(rstd);
    const auto row = [&](int64_t j, __mmask16 m) {
        __m512 v = _mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, x + j), vm), vr);
        if (kWeight)
            v = _mm512_mul_ps(v, _mm512_maskz_loadu_ps(m, w + j));
        if (kBias)
            v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, b + j));
        return v;
    };
    int64_t j = 0;
    if (bf16_out != nullptr) {
        for (; j + 16 <= n; j += 16)
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(bf16_out + j), bf16_round16(row(j, 0xffff)));
    } else {
        for (; j + 16 <= n; j += 16)
            _mm512_storeu_ps(y + j, row(j, 0xffff));
    }
    if (j < n)
        store16(y, bf16_out, j, lanes(n - j), row(j, lanes(n - j)));
}

}  // namespace

void sums_avx512(const float* x, int64_t n, float center, float* sum, float* sum_sq) {
    with_flags(sum != nullptr, sum_sq != nullptr, [&](auto s, auto q) {
        if constexpr (s || q)
            sums_impl<s, q>(x, n, center, sum, sum_sq);
    });
}

float widen_sum_avx512(const uint16_t* src, int64_t n, float* x, bool squares) {
    return squares ? widen_sum_impl<true>(src, n, x) : widen_sum_impl<false>(src, n, x);
}

void normalize_row_avx512(
    const float* x, int64_t n, float mean, float rstd, const float* w, const float* b, float* y, uint16_t* bf16_out) {
    with_flags(w != nullptr, b != nullptr, [&](auto kw, auto kb) {
        normalize_impl<kw, kb>(x, n, mean, rstd, w, b, y, bf16_out);
    });
}

}  // namespace ttnn::kernels
