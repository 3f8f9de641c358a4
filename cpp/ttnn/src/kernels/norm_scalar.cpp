// Portable row kernels of softmax, the normalizations and flash attention's online softmax: the reference
// the AVX2 versions (norm_avx2.cpp, attention_avx2.cpp) are tested against.
#include <cmath>
#include <limits>

#include "kernels/norm.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/isa.hpp"

namespace ttnn::kernels {

void softmax_row_scalar(float* x, int64_t n, float scale, const float* mask, bool log, RowIn in, uint16_t* bf16_out) {
    float max = -std::numeric_limits<float>::infinity();
    for (int64_t j = 0; j < n; ++j) {
        const float v = in.bf16 != nullptr ? f32_from_bf16(in.bf16[j]) : (in.f32 != nullptr ? in.f32[j] : x[j]);
        x[j] = mask != nullptr ? v * scale + mask[j] : v * scale;
        max = std::fmax(max, x[j]);
    }
    // A row of -inf has no maximum to subtract; torch gives NaN there and so do we (0 * inf).
    float sum = 0.0f;
    for (int64_t j = 0; j < n; ++j) {
        const float e = std::exp(x[j] - max);
        sum += e;
        if (!log)
            x[j] = e;
    }
    if (log) {
        const float shift = max + std::log(sum);
        for (int64_t j = 0; j < n; ++j)
            x[j] -= shift;
    } else {
        const float inv = 1.0f / sum;
        for (int64_t j = 0; j < n; ++j)
            x[j] *= inv;
    }
    if (bf16_out != nullptr) {
        for (int64_t j = 0; j < n; ++j)
            bf16_out[j] = bf16_from_f32(x[j]);
    }
}

void sums_scalar(const float* x, int64_t n, float center, float* sum, float* sum_sq) {
    // Eight partial sums, as the AVX2 kernel's lanes: a single running sum over a long row loses low bits.
    float s[8] = {}, q[8] = {};
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
        for (int l = 0; l < 8; ++l) {
            const float d = x[j + l] - center;
            s[l] += x[j + l];
            q[l] = std::fma(d, d, q[l]);
        }
    }
    for (int l = 0; j < n; ++j, ++l) {
        const float d = x[j] - center;
        s[l] += x[j];
        q[l] = std::fma(d, d, q[l]);
    }
    float total = 0.0f, total_sq = 0.0f;
    for (int l = 0; l < 8; ++l) {
        total += s[l];
        total_sq += q[l];
    }
    if (sum != nullptr)
        *sum = total;
    if (sum_sq != nullptr)
        *sum_sq = total_sq;
}

float widen_sum_scalar(const uint16_t* src, int64_t n, float* x, bool squares) {
    for (int64_t j = 0; j < n; ++j)
        x[j] = f32_from_bf16(src[j]);
    float sum = 0.0f;
    sums_scalar(x, n, 0.0f, squares ? nullptr : &sum, squares ? &sum : nullptr);
    return sum;
}

void normalize_row_scalar(
    const float* x, int64_t n, float mean, float rstd, const float* w, const float* b, float* y, uint16_t* bf16_out) {
    for (int64_t j = 0; j < n; ++j) {
        float v = (x[j] - mean) * rstd;
        if (w != nullptr)
            v *= w[j];
        if (b != nullptr)
            v += b[j];
        if (bf16_out != nullptr)
            bf16_out[j] = bf16_from_f32(v);
        else
            y[j] = v;
    }
}

void online_softmax_scalar(float* s,
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
        float block_max = -std::numeric_limits<float>::infinity();
        for (int64_t j = 0; j < cols; ++j)
            block_max = std::fmax(block_max, row[j] * scale);
        const float m_new = std::fmax(m[r], block_max);
        // All scores so far -inf: keep everything at 0 rather than exp(-inf - -inf) = NaN.
        const float base = std::isinf(m_new) ? 0.0f : m_new;
        const float c = std::exp(m[r] - base);
        float sum = 0.0f;
        for (int64_t j = 0; j < cols; ++j) {
            const float e = std::exp(std::fma(row[j], scale, -base));  // the scaled score rounded once, as the twins
            sum += e;
            if (p != nullptr)
                p[r * ldp + j] = bf16_from_f32(e);
            else
                row[j] = e;
        }
        l[r] = l[r] * c + sum;
        for (int64_t j = 0; j < dv; ++j)
            o[r * ldo + j] *= c;
        m[r] = m_new;
    }
}

const NormKernels& norm_kernels() {
    static const NormKernels scalar{softmax_row_scalar, sums_scalar, widen_sum_scalar, normalize_row_scalar};
#if TTNN_HAVE_AVX512
    static const NormKernels avx512{softmax_row_avx512, sums_avx512, widen_sum_avx512, normalize_row_avx512};
    if (isa_at_least(Isa::AVX512))
        return avx512;
#endif
#if TTNN_HAVE_AVX2
    static const NormKernels avx2{softmax_row_avx2, sums_avx2, widen_sum_avx2, normalize_row_avx2};
    if (isa_at_least(Isa::AVX2))
        return avx2;
#endif
    return scalar;
}

const AttentionKernels& attention_kernels() {
    static const AttentionKernels scalar{online_softmax_scalar};
#if TTNN_HAVE_AVX512
    static const AttentionKernels avx512{online_softmax_avx512};
    if (isa_at_least(Isa::AVX512))
        return avx512;
#endif
#if TTNN_HAVE_AVX2
    static const AttentionKernels avx2{online_softmax_avx2};
    if (isa_at_least(Isa::AVX2))
        return avx2;
#endif
    return scalar;
}

}  // namespace ttnn::kernels
