#pragma once
// Kernels of the backward ops. The pointwise gradients read and write their operands as stored (fp32 or bf16)
// and have an AVX2 twin (gelu_bw's erf/exp left the scalar path far behind torch); so has conv's
// col2im accumulation. The row-wise ones (softmax lanes, layer-norm rows) are scalar only: they are
// memory-bound next to the dense copies their ops make.
#include <cstddef>
#include <cstdint>

#include "ttnn/isa.hpp"

namespace ttnn::kernels {

enum class PointwiseGrad : uint8_t { THRESHOLD, GELU, GELU_TANH, TANH, SIGMOID };

// out[i] = grad[i] * d(f)/d(input) at x[i]; for TANH and SIGMOID `x` is the forward output (aten's form).
void pointwise_grad_f32_scalar(
    PointwiseGrad kind, const float* grad, const float* x, float* out, size_t count, float threshold);
#if TTNN_HAVE_AVX2
// Same contract; THRESHOLD, TANH and SIGMOID agree bit for bit with the scalar kernel, GELU and GELU_TANH to
// ~1e-7 absolute (their erf/exp/tanh are polynomial approximations, as in torch's AVX2 path).
void pointwise_grad_f32_avx2(
    PointwiseGrad kind, const float* grad, const float* x, float* out, size_t count, float threshold);
#endif

// The same on bf16 operands as stored: widened exactly, computed in fp32, rounded to nearest even once. Bit for
// bit the fp32 kernel's result rounded, so THRESHOLD, TANH and SIGMOID agree exactly between the ISAs here too.
void pointwise_grad_bf16_scalar(
    PointwiseGrad kind, const uint16_t* grad, const uint16_t* x, uint16_t* out, size_t count, float threshold);
#if TTNN_HAVE_AVX2
void pointwise_grad_bf16_avx2(
    PointwiseGrad kind, const uint16_t* grad, const uint16_t* x, uint16_t* out, size_t count, float threshold);
#endif

// dst[i] += src[i] for i < count: conv backward's col2im, adding one tap's column block into an input pixel.
void add_f32_scalar(const float* src, float* dst, size_t count);
#if TTNN_HAVE_AVX2
void add_f32_avx2(const float* src, float* dst, size_t count);
#endif

// dst[i] += src[i] widened from bf16: conv2d_backward_bias summing grad_output rows as stored.
void add_bf16_scalar(const uint16_t* src, float* dst, size_t count);
#if TTNN_HAVE_AVX2
void add_bf16_avx2(const uint16_t* src, float* dst, size_t count);
#endif

inline auto backward_add_bf16_kernel() {
#if TTNN_HAVE_AVX2
    if (isa_at_least(Isa::AVX2))
        return &add_bf16_avx2;
#endif
    return &add_bf16_scalar;
}

// add_f32 of the active ISA (checked on every call, so set_isa() takes effect).
inline auto backward_add_kernel() {
#if TTNN_HAVE_AVX2
    if (isa_at_least(Isa::AVX2))
        return &add_f32_avx2;
#endif
    return &add_f32_scalar;
}

// One lane of softmax / log_softmax backward from the forward output y (elements `stride` apart):
// softmax: dx = y * (dy - sum(dy * y)); log_softmax: dx = dy - exp(y) * sum(dy).
void softmax_grad_lane_f32_scalar(const float* dy, const float* y, float* dx, int64_t count, int64_t stride, bool log);

// One row of layer-norm backward: dx = rstd * (g - mean(g) - xhat * mean(g * xhat)), g = dy * weight
// (weight may be null: ones), xhat = (x - mean) * rstd.
void layer_norm_grad_row_f32_scalar(
    const float* dy, const float* x, const float* weight, float mean, float rstd, float* dx, int64_t count);

}  // namespace ttnn::kernels
