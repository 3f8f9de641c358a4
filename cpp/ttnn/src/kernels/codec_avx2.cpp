// AVX2 versions of the codec kernels; each must agree bit for bit with its scalar twin in codec_scalar.cpp.
#include <immintrin.h>

#include "kernels/codec.hpp"
#include "kernels/codec_avx2.hpp"
#include "ttnn/dtype.hpp"

namespace ttnn::kernels {

void f32_to_bf16_avx2(const float* src, uint16_t* dst, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), bf16_round8(_mm256_loadu_ps(src + i)));
    }
    f32_to_bf16_scalar(src + i, dst + i, count - i);
}

void bf16_to_f32_avx2(const uint16_t* src, float* dst, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        _mm256_storeu_ps(dst + i, bf16_widen8(src + i));
    }
    bf16_to_f32_scalar(src + i, dst + i, count - i);
}

}  // namespace ttnn::kernels
