// AVX2 row kernels of softmax and the normalizations; twins of norm_scalar.cpp (test_normalization_isa.py
// compares them). Row tails use masked loads or scalar code so no element is read or written past n.
#include <immintrin.h>

#include <cmath>
#include <limits>

#include "ttnn/dtype.hpp"

#include "kernels/codec_avx2.hpp"
#include "kernels/norm.hpp"
#include "kernels/softmax_avx2_math.hpp"

namespace ttnn::kernels {
namespace {

// Round to nearest even without bf16_round8's NaN select, for values known not to be NaN; two vectors
// packed at once (one pack and one permute for sixteen values, not two each).
inline __m256i bf16_round16_no_nan(__m256 lo, __m256 hi) {
    const __m256i one = _mm256_set1_epi32(1);
    const __m256i half = _mm256_set1_epi32(0x7fff);
    const auto round = [&](__m256 v) {
        const __m256i bits = _mm256_castps_si256(v);
        const __m256i bias = _mm256_add_epi32(_mm256_and_si256(_mm256_srli_epi32(bits, 16), one), half);
        return _mm256_srli_epi32(_mm256_add_epi32(bits, bias), 16);
    };
    // packus works within 128-bit lanes: [lo0-3 hi0-3 | lo4-7 hi4-7], put in order by the permute.
    return _mm256_permute4x64_epi64(_mm256_packus_epi32(round(lo), round(hi)), 0xD8);
}

// Pass 1: x[j] = src[j] * scale (+ mask[j]), src being in.bf16, in.f32 or x itself; returns the max.
float scaled_max(float* x, int64_t n, float scale, const float* mask, RowIn in) {
    const float* src = in.f32 != nullptr ? in.f32 : x;
    const __m256 vscale = _mm256_set1_ps(scale);
    const __m256 neg_inf = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
    __m256 vmax = neg_inf;
    __m256 vmax2 = neg_inf;
    // x * 1 is x exactly, so plain softmax shares the scaled loop.
    const auto load8 = [&](int64_t i) {
        __m256 v = _mm256_mul_ps(in.bf16 != nullptr ? bf16_widen8(in.bf16 + i) : _mm256_loadu_ps(src + i), vscale);
        if (mask != nullptr)
            v = _mm256_add_ps(v, _mm256_loadu_ps(mask + i));
        _mm256_storeu_ps(x + i, v);
        return v;
    };
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) {
        vmax = _mm256_max_ps(vmax, load8(j));
        vmax2 = _mm256_max_ps(vmax2, load8(j + 8));
    }
    for (; j + 8 <= n; j += 8)
        vmax = _mm256_max_ps(vmax, load8(j));
    float max = hmax256(_mm256_max_ps(vmax, vmax2));
    for (; j < n; ++j) {
        const float v = in.bf16 != nullptr ? f32_from_bf16(in.bf16[j]) : src[j];
        x[j] = mask != nullptr ? v * scale + mask[j] : v * scale;
        max = std::fmax(max, x[j]);
    }
    return max;
}

// Last pass: x[j] * factor (softmax) or x[j] + factor (log_softmax), into bf16_out or back into x. Every
// value is finite or -inf here (softmax_row_avx2 checked the row), so the rounding needs no NaN select.
void scale_out(float* x, int64_t n, float factor, bool log, uint16_t* bf16_out) {
    const __m256 f = _mm256_set1_ps(factor);
    const auto apply = [&](int64_t i) {
        const __m256 v = _mm256_loadu_ps(x + i);
        return log ? _mm256_add_ps(v, f) : _mm256_mul_ps(v, f);
    };
    int64_t j = 0;
    if (bf16_out != nullptr) {
        for (; j + 16 <= n; j += 16)
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(bf16_out + j), bf16_round16_no_nan(apply(j), apply(j + 8)));
        for (; j < n; ++j)
            bf16_out[j] = bf16_from_f32(log ? x[j] + factor : x[j] * factor);
        return;
    }
    for (; j + 8 <= n; j += 8)
        _mm256_storeu_ps(x + j, apply(j));
    for (; j < n; ++j)
        x[j] = log ? x[j] + factor : x[j] * factor;
}

}  // namespace

void softmax_row_avx2(float* x, int64_t n, float scale, const float* mask, bool log, RowIn in, uint16_t* bf16_out) {
    const float max = scaled_max(x, n, scale, mask, in);
    // bf16 output takes the cheaper exp (still ~100x below its rounding step).
    const float sum = bf16_out != nullptr ? exp_nonpositive_sum<true>(x, n, 1.0f, max, !log)
                                          : exp_nonpositive_sum<false>(x, n, 1.0f, max, !log);
    // A NaN or +inf score, or a row of -inf, makes the max or the sum non-finite: the whole row is NaN, as
    // the scalar kernel and torch give (exp(inf - inf) or exp(-inf - -inf) is NaN and reaches every value).
    if (!std::isfinite(max) || !std::isfinite(sum)) {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        for (int64_t j = 0; j < n; ++j) {
            if (bf16_out != nullptr)
                bf16_out[j] = bf16_from_f32(nan);
            else
                x[j] = nan;
        }
        return;
    }
    scale_out(x, n, log ? -(max + std::log(sum)) : 1.0f / sum, log, bf16_out);
}

namespace {

// Four accumulator pairs: an add chain per register waits on its own latency (3-4 cycles) every step, and
// rows are short enough (hundreds to thousands of values) that the chains, not the loads, would set the
// pace. Only the statistics asked for are computed (layer_norm's mean pass needs no squares, rms_norm's
// pass no sum). The masked tail adds 0 to the sum and, masked after the subtraction, 0 to the squares.
template <bool kSum, bool kSq>
void sums_impl(const float* x, int64_t n, float center, float* sum, float* sum_sq) {
    const __m256 c = _mm256_set1_ps(center);
    __m256 s[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    __m256 q[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    const auto add = [&](__m256 v, int k) {
        if (kSum)
            s[k] = _mm256_add_ps(s[k], v);
        if (kSq) {
            const __m256 d = _mm256_sub_ps(v, c);
            q[k] = _mm256_fmadd_ps(d, d, q[k]);
        }
    };
    int64_t j = 0;
    for (; j + 32 <= n; j += 32) {
        for (int k = 0; k < 4; ++k)
            add(_mm256_loadu_ps(x + j + 8 * k), k);
    }
    for (; j + 8 <= n; j += 8)
        add(_mm256_loadu_ps(x + j), 0);
    if (j < n) {
        const __m256i tail = tail_mask(static_cast<int>(n - j));
        const __m256 v = _mm256_maskload_ps(x + j, tail);
        if (kSum)
            s[1] = _mm256_add_ps(s[1], v);
        if (kSq) {
            const __m256 d = _mm256_and_ps(_mm256_sub_ps(v, c), _mm256_castsi256_ps(tail));
            q[1] = _mm256_fmadd_ps(d, d, q[1]);
        }
    }
    if (kSum)
        *sum = hsum256(_mm256_add_ps(_mm256_add_ps(s[0], s[1]), _mm256_add_ps(s[2], s[3])));
    if (kSq)
        *sum_sq = hsum256(_mm256_add_ps(_mm256_add_ps(q[0], q[1]), _mm256_add_ps(q[2], q[3])));
}

}  // namespace

void sums_avx2(const float* x, int64_t n, float center, float* sum, float* sum_sq) {
    with_flags(sum != nullptr, sum_sq != nullptr, [&](auto s, auto q) {
        if constexpr (s || q)
            sums_impl<s, q>(x, n, center, sum, sum_sq);
    });
}

namespace {

template <bool kSquares>
float widen_sum_impl(const uint16_t* src, int64_t n, float* x) {
    __m256 s[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    const auto add = [&](int64_t i, int k) {
        const __m256 v = bf16_widen8(src + i);
        _mm256_storeu_ps(x + i, v);
        s[k] = kSquares ? _mm256_fmadd_ps(v, v, s[k]) : _mm256_add_ps(s[k], v);
    };
    int64_t j = 0;
    for (; j + 32 <= n; j += 32) {
        for (int k = 0; k < 4; ++k)
            add(j + 8 * k, k);
    }
    for (; j + 8 <= n; j += 8)
        add(j, 0);
    float total = hsum256(_mm256_add_ps(_mm256_add_ps(s[0], s[1]), _mm256_add_ps(s[2], s[3])));
    for (; j < n; ++j) {
        x[j] = f32_from_bf16(src[j]);
        total = kSquares ? std::fma(x[j], x[j], total) : total + x[j];
    }
    return total;
}

}  // namespace

// rms_norm's statistic rides on the widening pass too: its row then takes two passes, not three.
float widen_sum_avx2(const uint16_t* src, int64_t n, float* x, bool squares) {
    return squares ? widen_sum_impl<true>(src, n, x) : widen_sum_impl<false>(src, n, x);
}

namespace {

template <bool kWeight, bool kBias>
inline __m256 normalize8(const float* x, int64_t j, __m256 vm, __m256 vr, const float* w, const float* b) {
    __m256 v = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + j), vm), vr);
    if (kWeight)
        v = _mm256_mul_ps(v, _mm256_loadu_ps(w + j));
    if (kBias)
        v = _mm256_add_ps(v, _mm256_loadu_ps(b + j));
    return v;
}

// One instantiation per weight/bias presence, so the loop carries no per-vector tests. bf16 output rounds
// sixteen values at a time; NaN (from a NaN input, weight or bias) is checked per block and, where present,
// rounded with bf16_round8's NaN select, so the common block skips it.
template <bool kWeight, bool kBias>
void normalize_impl(
    const float* x, int64_t n, float mean, float rstd, const float* w, const float* b, float* y, uint16_t* bf16_out) {
    const __m256 vm = _mm256_set1_ps(mean);
    const __m256 vr = _mm256_set1_ps(rstd);
    int64_t j = 0;
    if (bf16_out != nullptr) {
        for (; j + 16 <= n; j += 16) {
            const __m256 lo = normalize8<kWeight, kBias>(x, j, vm, vr, w, b);
            const __m256 hi = normalize8<kWeight, kBias>(x, j + 8, vm, vr, w, b);
            __m256i* dst = reinterpret_cast<__m256i*>(bf16_out + j);
            if (_mm256_movemask_ps(_mm256_cmp_ps(lo, hi, _CMP_UNORD_Q)) == 0) {
                _mm256_storeu_si256(dst, bf16_round16_no_nan(lo, hi));
            } else {
                _mm256_storeu_si256(dst, _mm256_set_m128i(bf16_round8(hi), bf16_round8(lo)));
            }
        }
    } else {
        for (; j + 8 <= n; j += 8)
            _mm256_storeu_ps(y + j, normalize8<kWeight, kBias>(x, j, vm, vr, w, b));
    }
    normalize_row_scalar(x + j,
                         n - j,
                         mean,
                         rstd,
                         kWeight ? w + j : nullptr,
                         kBias ? b + j : nullptr,
                         y != nullptr ? y + j : nullptr,
                         bf16_out != nullptr ? bf16_out + j : nullptr);
}

}  // namespace

void normalize_row_avx2(
    const float* x, int64_t n, float mean, float rstd, const float* w, const float* b, float* y, uint16_t* bf16_out) {
    with_flags(w != nullptr, b != nullptr, [&](auto kw, auto kb) {
        normalize_impl<kw, kb>(x, n, mean, rstd, w, b, y, bf16_out);
    });
}

}  // namespace ttnn::kernels
