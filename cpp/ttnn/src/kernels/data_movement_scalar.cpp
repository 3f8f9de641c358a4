// The portable kernels of data_movement_copy.cpp (the AVX2 twins are in data_movement_avx2.cpp): short-run
// copies and 8x8 block transposes.
#include <cstring>

#include "kernels/data_movement_copy.hpp"

namespace ttnn::kernels {

// Short runs (a permute's last dim of 64 bf16) cost more in the memcpy call than in the copy; fixed-size
// 16-byte pieces compile to plain vector moves.
void copy_runs_scalar(
    const std::byte* src, int64_t src_step, std::byte* dst, int64_t dst_step, uint64_t count, size_t bytes) {
    const bool pieces = bytes <= 512 && bytes % 16 == 0;
    for (uint64_t j = 0; j < count; ++j, src += src_step, dst += dst_step) {
        if (!pieces) {
            std::memcpy(dst, src, bytes);
            continue;
        }
        for (size_t i = 0; i < bytes; i += 16)
            std::memcpy(dst + i, src + i, 16);
    }
}

namespace {

template <typename T>
void transpose8x8(const T* src, int64_t src_stride, T* dst, int64_t dst_stride) {
    for (int64_t r = 0; r < 8; ++r) {
        for (int64_t c = 0; c < 8; ++c)
            dst[c * dst_stride + r] = src[r * src_stride + c];
    }
}

}  // namespace

void transpose8x8_u16_scalar(const uint16_t* src, int64_t src_stride, uint16_t* dst, int64_t dst_stride) {
    transpose8x8(src, src_stride, dst, dst_stride);
}

void transpose8x8_u32_scalar(const uint32_t* src, int64_t src_stride, uint32_t* dst, int64_t dst_stride) {
    transpose8x8(src, src_stride, dst, dst_stride);
}

}  // namespace ttnn::kernels
