// im2col with AVX2 copies of the short channel runs (body in im2col_impl.hpp).
#include <immintrin.h>

#include "kernels/codec_avx2.hpp"
#include "kernels/conv_kernels.hpp"
#include "kernels/im2col_impl.hpp"
#include "ttnn/dtype.hpp"

namespace ttnn::kernels {
namespace {

struct Avx2Ops {
    // No masked stores (slow on AMD): a run of 8 or more ends with an overlapping full vector, a shorter one
    // is copied element by element.
    static void copy(float* dst, const float* src, size_t n) {
        if (n < 8) {
            for (size_t i = 0; i < n; ++i)
                dst[i] = src[i];
            return;
        }
        size_t i = 0;
        for (; i + 8 <= n; i += 8)
            _mm256_storeu_ps(dst + i, _mm256_loadu_ps(src + i));
        if (i < n)
            _mm256_storeu_ps(dst + n - 8, _mm256_loadu_ps(src + n - 8));
    }
    // bf16 runs widen exactly (a shift), 8 at a time, the same overlapping tail for runs of 8 or more.
    static void copy(float* dst, const uint16_t* src, size_t n) {
        if (n < 8) {
            for (size_t i = 0; i < n; ++i)
                dst[i] = f32_from_bf16(src[i]);
            return;
        }
        size_t i = 0;
        for (; i + 8 <= n; i += 8)
            _mm256_storeu_ps(dst + i, bf16_widen8(src + i));
        if (i < n)
            _mm256_storeu_ps(dst + n - 8, bf16_widen8(src + n - 8));
    }
    static void zero(float* dst, size_t n) {
        size_t i = 0;
        for (; i + 8 <= n; i += 8)
            _mm256_storeu_ps(dst + i, _mm256_setzero_ps());
        for (; i < n; ++i)
            dst[i] = 0.0f;
    }
};

}  // namespace

void im2col_rows_avx2(const ConvGeometry& g, const float* input, size_t group, size_t m0, size_t rows, float* dst) {
    detail::im2col_rows<Avx2Ops>(g, input, group, m0, rows, dst);
}

void im2col_rows_bf16_avx2(
    const ConvGeometry& g, const uint16_t* input, size_t group, size_t m0, size_t rows, float* dst) {
    detail::im2col_rows<Avx2Ops>(g, input, group, m0, rows, dst);
}

}  // namespace ttnn::kernels
