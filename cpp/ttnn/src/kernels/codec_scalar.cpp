#include "kernels/codec.hpp"
#include "ttnn/dtype.hpp"

namespace ttnn::kernels {

void f32_to_bf16_scalar(const float* src, uint16_t* dst, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        dst[i] = bf16_from_f32(src[i]);
    }
}

void bf16_to_f32_scalar(const uint16_t* src, float* dst, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        dst[i] = f32_from_bf16(src[i]);
    }
}

}  // namespace ttnn::kernels
