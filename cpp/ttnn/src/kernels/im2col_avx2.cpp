// im2col with AVX2 copies of the short channel runs (body in im2col_impl.hpp).
#include <immintrin.h>

#include "kernels/codec_avx2.hpp"
#include "kernels/conv_kernels.hpp"
#include "kernels/im2col_impl.hpp"
#include "ttnn/dtype.hpp"

namespace ttnn::kernels {
namespace {

struct Avx2Ops {
    static __m256 load8(const float* src) { return _mm256_loadu_ps(src); }
    static __m256 load8(const uint16_t* src) { return bf16_widen8(src); }  // exact: a shift
    static float load1(float v) { return v; }
    static float load1(uint16_t v) { return f32_from_bf16(v); }

    // No masked stores (slow on AMD): a run of 8 or more ends with an overlapping full vector, a shorter one
    // is copied element by element.
    template <typename T>
    static void copy(float* dst, const T* src, size_t n) {
        if (n < 8) {
            for (size_t i = 0; i < n; ++i)
                dst[i] = load1(src[i]);
            return;
        }
        size_t i = 0;
        for (; i + 8 <= n; i += 8)
            _mm256_storeu_ps(dst + i, load8(src + i));
        if (i < n)
            _mm256_storeu_ps(dst + n - 8, load8(src + n - 8));
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
