#pragma once
// Kernel table of the element-wise ops. Kernels work on blocks of float32 (or int64) values that the loop in
// kernels/eltwise_loop.cpp has already widened from the stored dtype; one switch per block picks the op.
// The scalar kernels are the reference; the AVX2 ones agree bit for bit on the arithmetic ops, within a few
// ulp on the transcendental ones, and within the fp32 golden tolerance on gelu (a rational erf against the
// scalar erfc); cpp/tests/test_eltwise_kernels.cpp checks all three.
#include <cstddef>
#include <cstdint>

#include "ttnn/ops/eltwise.hpp"

namespace ttnn::kernels {

struct UnaryArgs {
    float p0 = 0.0f;
    float p1 = 0.0f;
};

// Fused bf16 kernels: widen, compute and round in registers, for contiguous bf16 inputs and output (the
// memory-bound common case). Each gives the same bits as the float kernel of its ISA followed by the codec.
using UnaryBf16Fn = void (*)(const uint16_t* in, uint16_t* out, size_t n, const UnaryArgs& args);
using BinaryBf16Fn = void (*)(const uint16_t* a, const uint16_t* b, uint16_t* out, size_t n);

struct EltwiseKernels {
    void (*unary_f32)(UnaryOpType op, const float* in, float* out, size_t n, const UnaryArgs& args);
    void (*binary_f32)(BinaryOpType op, const float* a, const float* b, float* out, size_t n);
    void (*binary_i32)(BinaryOpType op, const int32_t* a, const int32_t* b, int32_t* out, size_t n);
    void (*where_f32)(const float* cond, const float* a, const float* b, float* out, size_t n);
    UnaryBf16Fn (*unary_bf16)(UnaryOpType op);     // null when the op has no fused form on this ISA
    BinaryBf16Fn (*binary_bf16)(BinaryOpType op);  // null when the op has no fused form on this ISA
};

const EltwiseKernels& eltwise();

void unary_f32_scalar(UnaryOpType op, const float* in, float* out, size_t n, const UnaryArgs& args);
void binary_f32_scalar(BinaryOpType op, const float* a, const float* b, float* out, size_t n);
void where_f32_scalar(const float* cond, const float* a, const float* b, float* out, size_t n);
// int32 operands and output (binary_supports_int ops only): binary_i64's results wrapped to int32, which is
// what the int64 loop stores, computed without widening.
void binary_i32_scalar(BinaryOpType op, const int32_t* a, const int32_t* b, int32_t* out, size_t n);
#if TTNN_HAVE_AVX2
void unary_f32_avx2(UnaryOpType op, const float* in, float* out, size_t n, const UnaryArgs& args);
void binary_f32_avx2(BinaryOpType op, const float* a, const float* b, float* out, size_t n);
void where_f32_avx2(const float* cond, const float* a, const float* b, float* out, size_t n);
void binary_i32_avx2(BinaryOpType op, const int32_t* a, const int32_t* b, int32_t* out, size_t n);
UnaryBf16Fn unary_bf16_avx2(UnaryOpType op);
// unary_bf16_avx2's results, looked up in a per-op table of all 65536 inputs for the expensive ops
// (eltwise_lut_avx2.cpp); the other ops get unary_bf16_avx2's kernel.
UnaryBf16Fn unary_bf16_table_avx2(UnaryOpType op);
BinaryBf16Fn binary_bf16_avx2(BinaryOpType op);
#endif

// Other integer tensors compute in int64 (portable only: rarer still).
void unary_i64(UnaryOpType op, const int64_t* in, int64_t* out, size_t n, int64_t p0, int64_t p1);
// int32 input and output (unary_supports_int ops only): unary_i64's results wrapped to int32.
void unary_i32(UnaryOpType op, const int32_t* in, int32_t* out, size_t n, int64_t p0, int64_t p1);
void binary_i64(BinaryOpType op, const int64_t* a, const int64_t* b, int64_t* out, size_t n);
void where_i64(const int64_t* cond, const int64_t* a, const int64_t* b, int64_t* out, size_t n);

// Whether an op is defined on integer tensors (the registry lists int dtypes for exactly these).
bool unary_supports_int(UnaryOpType op);
bool binary_supports_int(BinaryOpType op);

}  // namespace ttnn::kernels
