// Short-run copies and 8x8 block transposes for data_movement_copy.cpp. The 8x8 transposes: element (r, c) of the
// source block (rows `src_stride` elements apart) lands at (c, r) of the destination block. Unpack networks: 24
// shuffles per 64 elements instead of 64 strided scalar moves.
#include <immintrin.h>

#include "kernels/data_movement_copy.hpp"

namespace ttnn::kernels {
namespace {

template <size_t VECTORS>
void copy_fixed_runs(const std::byte* src, int64_t src_step, std::byte* dst, int64_t dst_step, uint64_t count) {
    for (uint64_t j = 0; j < count; ++j, src += src_step, dst += dst_step) {
        __m256i v[VECTORS];
        for (size_t k = 0; k < VECTORS; ++k)
            v[k] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src) + k);
        for (size_t k = 0; k < VECTORS; ++k)
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst) + k, v[k]);
    }
}

}  // namespace

void copy_runs_avx2(
    const std::byte* src, int64_t src_step, std::byte* dst, int64_t dst_step, uint64_t count, size_t bytes) {
    switch (bytes) {
        case 32:
            return copy_fixed_runs<1>(src, src_step, dst, dst_step, count);
        case 64:
            return copy_fixed_runs<2>(src, src_step, dst, dst_step, count);
        case 128:
            return copy_fixed_runs<4>(src, src_step, dst, dst_step, count);
        case 256:
            return copy_fixed_runs<8>(src, src_step, dst, dst_step, count);
        default:
            break;
    }
    if (bytes % 32 != 0 || bytes > 512)
        return copy_runs_scalar(src, src_step, dst, dst_step, count, bytes);
    for (uint64_t j = 0; j < count; ++j, src += src_step, dst += dst_step) {
        for (size_t k = 0; k < bytes; k += 32)
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + k),
                                _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + k)));
    }
}

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
