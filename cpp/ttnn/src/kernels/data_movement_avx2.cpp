// 8x8 block transposes for the blocked transpose in data_movement_copy.cpp: element (r, c) of the source block
// (rows `src_stride` elements apart) lands at (c, r) of the destination block. Unpack networks: 24 shuffles
// per 64 elements instead of 64 strided scalar moves.
#include <immintrin.h>

#include "kernels/data_movement_copy.hpp"

namespace ttnn::kernels {

void transpose8x8_u16_avx2(const uint16_t* src, int64_t src_stride, uint16_t* dst, int64_t dst_stride) {
    __m128i r[8];
    for (int k = 0; k < 8; ++k)
        r[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + k * src_stride));
    __m128i t[8], u[8];
    for (int k = 0; k < 4; ++k) {
        t[2 * k] = _mm_unpacklo_epi16(r[2 * k], r[2 * k + 1]);
        t[2 * k + 1] = _mm_unpackhi_epi16(r[2 * k], r[2 * k + 1]);
    }
    for (int k = 0; k < 2; ++k) {
        u[4 * k] = _mm_unpacklo_epi32(t[4 * k], t[4 * k + 2]);
        u[4 * k + 1] = _mm_unpackhi_epi32(t[4 * k], t[4 * k + 2]);
        u[4 * k + 2] = _mm_unpacklo_epi32(t[4 * k + 1], t[4 * k + 3]);
        u[4 * k + 3] = _mm_unpackhi_epi32(t[4 * k + 1], t[4 * k + 3]);
    }
    for (int k = 0; k < 4; ++k) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + (2 * k) * dst_stride), _mm_unpacklo_epi64(u[k], u[k + 4]));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + (2 * k + 1) * dst_stride),
                         _mm_unpackhi_epi64(u[k], u[k + 4]));
    }
}

void transpose8x8_u32_avx2(const uint32_t* src, int64_t src_stride, uint32_t* dst, int64_t dst_stride) {
    __m256 r[8], t[8], u[8];
    for (int k = 0; k < 8; ++k)
        r[k] = _mm256_loadu_ps(reinterpret_cast<const float*>(src + k * src_stride));
    for (int k = 0; k < 4; ++k) {
        t[2 * k] = _mm256_unpacklo_ps(r[2 * k], r[2 * k + 1]);
        t[2 * k + 1] = _mm256_unpackhi_ps(r[2 * k], r[2 * k + 1]);
    }
    for (int k = 0; k < 2; ++k) {
        u[4 * k] = _mm256_shuffle_ps(t[4 * k], t[4 * k + 2], _MM_SHUFFLE(1, 0, 1, 0));
        u[4 * k + 1] = _mm256_shuffle_ps(t[4 * k], t[4 * k + 2], _MM_SHUFFLE(3, 2, 3, 2));
        u[4 * k + 2] = _mm256_shuffle_ps(t[4 * k + 1], t[4 * k + 3], _MM_SHUFFLE(1, 0, 1, 0));
        u[4 * k + 3] = _mm256_shuffle_ps(t[4 * k + 1], t[4 * k + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    for (int k = 0; k < 4; ++k) {
        _mm256_storeu_ps(reinterpret_cast<float*>(dst + k * dst_stride), _mm256_permute2f128_ps(u[k], u[k + 4], 0x20));
        _mm256_storeu_ps(reinterpret_cast<float*>(dst + (k + 4) * dst_stride),
                         _mm256_permute2f128_ps(u[k], u[k + 4], 0x31));
    }
}

}  // namespace ttnn::kernels
