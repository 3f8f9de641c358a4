#pragma once
// Kernel table for the dtype codecs. One entry per ISA; dispatch.cpp picks the active one.
#include <cstddef>
#include <cstdint>

namespace ttnn::kernels {

struct CodecKernels {
    void (*f32_to_bf16)(const float* src, uint16_t* dst, size_t count);
    void (*bf16_to_f32)(const uint16_t* src, float* dst, size_t count);
};

const CodecKernels& codec();

void f32_to_bf16_scalar(const float* src, uint16_t* dst, size_t count);
void bf16_to_f32_scalar(const uint16_t* src, float* dst, size_t count);
#if TTNN_HAVE_AVX2
void f32_to_bf16_avx2(const float* src, uint16_t* dst, size_t count);
void bf16_to_f32_avx2(const uint16_t* src, float* dst, size_t count);
#endif

}  // namespace ttnn::kernels
