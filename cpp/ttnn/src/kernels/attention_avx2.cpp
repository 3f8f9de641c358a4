// AVX2 online-softmax step of flash attention; twin of online_softmax_scalar (norm_scalar.cpp).
#include <immintrin.h>

#include <cmath>
#include <limits>

#include "kernels/codec.hpp"
#include "kernels/norm.hpp"
#include "kernels/softmax_avx2_math.hpp"

namespace ttnn::kernels {

void online_softmax_avx2(float* s,
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
    const __m256 vscale = _mm256_set1_ps(scale);
    for (int64_t r = 0; r < rows; ++r) {
        float* row = s + r * lds;
        __m256 vmax = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
        int64_t j = 0;
        for (; j + 8 <= cols; j += 8)
            vmax = _mm256_max_ps(vmax, _mm256_mul_ps(_mm256_loadu_ps(row + j), vscale));
        float block_max = hmax256(vmax);
        for (; j < cols; ++j)
            block_max = std::fmax(block_max, row[j] * scale);
        const float m_new = std::fmax(m[r], block_max);
        const float base = std::isinf(m_new) ? 0.0f : m_new;
        const float c = std::exp(m[r] - base);
        // fp32 accuracy where P feeds an fp32 product with V.
        const float sum = p != nullptr ? exp_nonpositive_sum<true>(row, cols, scale, base, true)
                                       : exp_nonpositive_sum<false>(row, cols, scale, base, true);
        if (p != nullptr)
            codec().f32_to_bf16(row, p + r * ldp, static_cast<size_t>(cols));
        l[r] = l[r] * c + sum;
        if (c != 1.0f) {
            const __m256 vc = _mm256_set1_ps(c);
            float* orow = o + r * ldo;
            j = 0;
            for (; j + 8 <= dv; j += 8)
                _mm256_storeu_ps(orow + j, _mm256_mul_ps(_mm256_loadu_ps(orow + j), vc));
            for (; j < dv; ++j)
                orow[j] *= c;
        }
        m[r] = m_new;
    }
}

}  // namespace ttnn::kernels
