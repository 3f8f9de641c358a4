// AVX2+FMA GEMM kernels: a 6 x 16 microkernel (12 ymm accumulators, two B loads and six A broadcasts per
// k step, FMA bound) and the vectorised epilogue. Checked against gemm_scalar.cpp by test_gemm.cpp.
#include <immintrin.h>

#include <algorithm>

#include "kernels/codec_avx2.hpp"
#include "kernels/gemm.hpp"
#include "kernels/softmax_avx2_math.hpp"

namespace ttnn::kernels {

#define TTNN_GEMM_ROW(I)                                \
    {                                                   \
        const __m256 ai = _mm256_broadcast_ss(a + (I)); \
        c##I##0 = _mm256_fmadd_ps(ai, b0, c##I##0);     \
        c##I##1 = _mm256_fmadd_ps(ai, b1, c##I##1);     \
    }

void gemm_micro_avx2(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate) {
    __m256 c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    if (accumulate) {
        c00 = _mm256_loadu_ps(c), c01 = _mm256_loadu_ps(c + 8);
        c10 = _mm256_loadu_ps(c + ldc), c11 = _mm256_loadu_ps(c + ldc + 8);
        c20 = _mm256_loadu_ps(c + 2 * ldc), c21 = _mm256_loadu_ps(c + 2 * ldc + 8);
        c30 = _mm256_loadu_ps(c + 3 * ldc), c31 = _mm256_loadu_ps(c + 3 * ldc + 8);
        c40 = _mm256_loadu_ps(c + 4 * ldc), c41 = _mm256_loadu_ps(c + 4 * ldc + 8);
        c50 = _mm256_loadu_ps(c + 5 * ldc), c51 = _mm256_loadu_ps(c + 5 * ldc + 8);
    } else {
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = _mm256_setzero_ps();
    }
    for (int64_t p = 0; p < kc; ++p) {
        _mm_prefetch(reinterpret_cast<const char*>(b + 8 * kGemmNr), _MM_HINT_T0);
        const __m256 b0 = _mm256_load_ps(b);
        const __m256 b1 = _mm256_load_ps(b + 8);
        TTNN_GEMM_ROW(0)
        TTNN_GEMM_ROW(1)
        TTNN_GEMM_ROW(2)
        TTNN_GEMM_ROW(3)
        TTNN_GEMM_ROW(4)
        TTNN_GEMM_ROW(5)
        a += kGemmMr;
        b += kGemmNr;
    }
    _mm256_storeu_ps(c, c00), _mm256_storeu_ps(c + 8, c01);
    _mm256_storeu_ps(c + ldc, c10), _mm256_storeu_ps(c + ldc + 8, c11);
    _mm256_storeu_ps(c + 2 * ldc, c20), _mm256_storeu_ps(c + 2 * ldc + 8, c21);
    _mm256_storeu_ps(c + 3 * ldc, c30), _mm256_storeu_ps(c + 3 * ldc + 8, c31);
    _mm256_storeu_ps(c + 4 * ldc, c40), _mm256_storeu_ps(c + 4 * ldc + 8, c41);
    _mm256_storeu_ps(c + 5 * ldc, c50), _mm256_storeu_ps(c + 5 * ldc + 8, c51);
}
#undef TTNN_GEMM_ROW

static inline __m256 activate8(__m256 x, Activation act) {
    const __m256 one = _mm256_set1_ps(1.0f);
    switch (act) {
        case Activation::NONE:
            return x;
        case Activation::RELU:
            return _mm256_max_ps(x, _mm256_setzero_ps());
        case Activation::GELU: {
            const __m256 e = erf256(_mm256_mul_ps(x, _mm256_set1_ps(0.70710678118654752f)));
            return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), x), _mm256_add_ps(one, e));
        }
        case Activation::SILU:
            return _mm256_div_ps(x, _mm256_add_ps(one, exp256(_mm256_sub_ps(_mm256_setzero_ps(), x))));
        case Activation::SIGMOID:
            return _mm256_div_ps(one, _mm256_add_ps(one, exp256(_mm256_sub_ps(_mm256_setzero_ps(), x))));
    }
    return x;
}

void gemm_finish_row_avx2(const float* acc, int64_t n, const float* bias, Activation act, void* out, bool out_bf16) {
    // bf16 output is rounded in the same pass (bf16_round8, as f32_to_bf16 does), not staged in fp32.
    uint16_t* out16 = static_cast<uint16_t*>(out);
    float* out32 = static_cast<float*>(out);
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
        __m256 v = _mm256_loadu_ps(acc + j);
        if (bias != nullptr)
            v = _mm256_add_ps(v, _mm256_loadu_ps(bias + j));
        v = activate8(v, act);
        if (out_bf16)
            _mm_storeu_si128(reinterpret_cast<__m128i*>(out16 + j), bf16_round8(v));
        else
            _mm256_storeu_ps(out32 + j, v);
    }
    if (j < n) {
        const int len = static_cast<int>(n - j);
        const __m256i mask = tail_mask(len);
        __m256 v = _mm256_maskload_ps(acc + j, mask);
        if (bias != nullptr)
            v = _mm256_add_ps(v, _mm256_maskload_ps(bias + j, mask));
        v = activate8(v, act);
        if (out_bf16) {
            alignas(32) uint16_t tmp[8];
            _mm_store_si128(reinterpret_cast<__m128i*>(tmp), bf16_round8(v));
            std::copy(tmp, tmp + len, out16 + j);
        } else {
            _mm256_maskstore_ps(out32 + j, mask, v);
        }
    }
}

}  // namespace ttnn::kernels
