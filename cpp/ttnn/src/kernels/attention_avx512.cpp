// AVX-512 online-softmax step of flash attention; twin of online_softmax_scalar (norm_scalar.cpp) and
// online_softmax_avx2. Sixteen lanes a step, row tails through lane masks. With a bf16 P (the AMX path) the
// exp is a base-2 one to bf16 accuracy (exp2_nonpositive_bf16) and the rounding happens in the same pass, so
// the scores are read twice (max, exp) and P written once, without a separate fp32-to-bf16 pass. A row whose
// maximum did not move (most rows after the first key blocks) skips the correction exp and the rescale of
// its output row.
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
#include "ttnn/isa.hpp"

namespace ttnn::kernels {
namespace {

// 2^t for t <= 0 (or NaN) to bf16 accuracy: t = n + f with n an integer and |f| <= 1/2, 2^f by its Taylor
// polynomial of degree 5 (remainder below 2.4e-6 relative, ~1600 times below a bf16 rounding step), scaled by 2^n
// with vscalefps, which needs no range frame: t is clamped at -160 only so f stays finite, where 2^n and the
// result are exactly 0 (as e^-inf must be for masked scores). NaN stays NaN (the clamp returns t then).
inline __m512 exp2_nonpositive_bf16(__m512 t) {
    t = _mm512_max_ps(_mm512_set1_ps(-160.0f), t);
    const __m512 n = _mm512_roundscale_ps(t, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512 f = _mm512_sub_ps(t, n);
    __m512 p = _mm512_fmadd_ps(_mm512_set1_ps(1.3333558e-3f), f, _mm512_set1_ps(9.6181291e-3f));  // ln2^5/5!, ^4/4!
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.5504109e-2f));                                     // ln2^3/3!
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.4022651e-1f));                                     // ln2^2/2!
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.9314718e-1f));                                     // ln2
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
}

// max_j row[j] * scale. A positive scale commutes with the max (rounding is monotonic), so only the max is
// scaled; two chains so the max latency does not set the pace on short rows.
inline float scaled_max(const float* row, int64_t cols, float scale) {
    const __m512 vscale = _mm512_set1_ps(scale > 0.0f ? 1.0f : scale);
    const __m512 neg_inf = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
    __m512 a = neg_inf, b = neg_inf;
    int64_t j = 0;
    if (scale > 0.0f) {
        for (; j + 32 <= cols; j += 32) {
            a = _mm512_max_ps(a, _mm512_loadu_ps(row + j));
            b = _mm512_max_ps(b, _mm512_loadu_ps(row + j + 16));
        }
    }
    for (; j < cols; j += 16) {
        const __mmask16 m = lanes(cols - j);
        a = _mm512_mask_max_ps(a, m, a, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, row + j), vscale));
    }
    const float max = _mm512_reduce_max_ps(_mm512_max_ps(a, b));
    return scale > 0.0f ? max * scale : max;
}

enum class Out { F32, BF16, BF16_CVT };  // BF16_CVT: round with vcvtneps2bf16 (the AVX512_BF16 tier)

// row[j] = exp(row[j] * scale - base) (into p as bf16 for the bf16 outputs), returning the sum of the fp32
// values. The bf16 outputs take the exponent in base 2, scale and base folded with log2(e) into one FMA.
template <Out kOut>
inline float exp_row(float* row, int64_t cols, float scale, float base, uint16_t* p) {
    constexpr float kLog2e = 1.44269504088896341f;
    const bool f32 = kOut == Out::F32;
    const __m512 vscale = _mm512_set1_ps(f32 ? scale : scale * kLog2e);
    const __m512 vbase = _mm512_set1_ps(f32 ? base : base * kLog2e);
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    const auto step = [&](int64_t j, __mmask16 m, __m512& sum) {
        const __m512 t = _mm512_fmsub_ps(_mm512_maskz_loadu_ps(m, row + j), vscale, vbase);
        if constexpr (kOut == Out::F32) {
            const __m512 e = exp_nonpositive512<false>(t);
            sum = _mm512_mask_add_ps(sum, m, sum, e);
            _mm512_mask_storeu_ps(row + j, m, e);
        } else {
            const __m512 e = exp2_nonpositive_bf16(t);
            sum = _mm512_mask_add_ps(sum, m, sum, e);
            if constexpr (kOut == Out::BF16_CVT)
                _mm256_mask_storeu_epi16(p + j, m, reinterpret_cast<__m256i>(_mm512_cvtneps_pbh(e)));
            else
                _mm256_mask_storeu_epi16(p + j, m, bf16_round16(e));
        }
    };
    int64_t j = 0;
    for (; j + 32 <= cols; j += 32) {
        step(j, 0xffff, s0);
        step(j + 16, 0xffff, s1);
    }
    for (; j < cols; j += 16)
        step(j, lanes(cols - j), s0);
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

template <Out kOut>
void online_softmax_impl(float* s,
                         int64_t rows,
                         int64_t cols,
                         int64_t lds,
                         float scale,
                         float* m,
                         float* l,
                         float* o,
                         int64_t ldo,
                         int64_t dv,
                         uint16_t* p,
                         int64_t ldp) {
    for (int64_t r = 0; r < rows; ++r) {
        float* row = s + r * lds;
        const float m_new = std::fmax(m[r], scaled_max(row, cols, scale));
        // All scores so far -inf: keep everything at 0 rather than exp(-inf - -inf) = NaN.
        const float base = std::isinf(m_new) ? 0.0f : m_new;
        const float sum = exp_row<kOut>(row, cols, scale, base, p != nullptr ? p + r * ldp : nullptr);
        if (m_new == m[r] && base == m_new) {  // c = exp(m[r] - base) = 1
            l[r] += sum;
            continue;
        }
        const float c = std::exp(m[r] - base);
        l[r] = l[r] * c + sum;
        m[r] = m_new;
        const __m512 vc = _mm512_set1_ps(c);
        float* orow = o + r * ldo;
        for (int64_t j = 0; j < dv; j += 16) {
            const __mmask16 k = lanes(dv - j);
            _mm512_mask_storeu_ps(orow + j, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, orow + j), vc));
        }
    }
}

}  // namespace

void online_softmax_avx512(float* s,
                           int64_t rows,
                           int64_t cols,
                           int64_t lds,
                           float scale,
                           float* m,
                           float* l,
                           float* o,
                           int64_t ldo,
                           int64_t dv,
                           uint16_t* p,
                           int64_t ldp) {
    if (p == nullptr)
        online_softmax_impl<Out::F32>(s, rows, cols, lds, scale, m, l, o, ldo, dv, p, ldp);
    else if (isa_at_least(Isa::AVX512_BF16))
        online_softmax_impl<Out::BF16_CVT>(s, rows, cols, lds, scale, m, l, o, ldo, dv, p, ldp);
    else
        online_softmax_impl<Out::BF16>(s, rows, cols, lds, scale, m, l, o, ldo, dv, p, ldp);
}

}  // namespace ttnn::kernels
