#pragma once
// Inline AVX2 bf16 codecs, shared by the codec kernels and the fused bf16 element-wise kernels.
// Include only from *_avx2.cpp files (compiled with -mavx2).
#include <immintrin.h>

#include <cstdint>

namespace ttnn::kernels {

// Round to nearest even on 8 lanes: (bits + 0x7fff + lsb) >> 16, NaN lanes forced to 0xffff as torch does.
inline __m128i bf16_round8(__m256 values) {
    const __m256i bits = _mm256_castps_si256(values);
    const __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(bits, 16), _mm256_set1_epi32(1));
    const __m256i bias = _mm256_add_epi32(lsb, _mm256_set1_epi32(0x7fff));
    __m256i rounded = _mm256_srli_epi32(_mm256_add_epi32(bits, bias), 16);
    const __m256i is_nan = _mm256_castps_si256(_mm256_cmp_ps(values, values, _CMP_UNORD_Q));
    rounded = _mm256_blendv_epi8(rounded, _mm256_set1_epi32(0xffff), is_nan);
    // packus works within 128-bit lanes; the permute puts the eight results in order.
    const __m256i packed = _mm256_packus_epi32(rounded, rounded);
    return _mm256_castsi256_si128(_mm256_permute4x64_epi64(packed, 0x08));
}

// Eight bf16 values widened to float32 (exact: a shift).
inline __m256 bf16_widen8(const uint16_t* src) {
    const __m256i wide = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(wide, 16));
}

}  // namespace ttnn::kernels
