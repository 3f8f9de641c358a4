#include <algorithm>
#include <cmath>

#include "kernels/backward_kernels.hpp"
#include "ttnn/dtype.hpp"

namespace ttnn::kernels {
namespace {

// aten's gelu_backward formulas, evaluated in fp32 like torch's CPU kernel.
float gelu_grad(float x) {
    constexpr float kAlpha = 0.70710678118654752440f;  // 1 / sqrt(2)
    constexpr float kBeta = 0.39894228040143267794f;   // 1 / sqrt(2 pi)
    const float cdf = 0.5f * (1.0f + std::erf(x * kAlpha));
    const float pdf = kBeta * std::exp(-0.5f * x * x);
    return cdf + x * pdf;
}

float gelu_tanh_grad(float x) {
    constexpr float kBeta = 0.79788456080286535588f;  // sqrt(2 / pi)
    constexpr float kKappa = 0.044715f;
    const float x_sq = x * x;
    const float inner = kBeta * (x + kKappa * x_sq * x);
    const float t = std::tanh(inner);
    const float left = 0.5f * x;
    const float right = 1.0f + t;
    const float left_derivative = 0.5f * right;
    const float right_derivative = left * (1.0f - t * t) * kBeta * (1.0f + 3.0f * kKappa * x_sq);
    return left_derivative + right_derivative;
}

}  // namespace

void pointwise_grad_f32_scalar(
    PointwiseGrad kind, const float* grad, const float* x, float* out, size_t count, float threshold) {
    switch (kind) {
        case PointwiseGrad::THRESHOLD:
            for (size_t i = 0; i < count; ++i)
                out[i] = x[i] > threshold ? grad[i] : 0.0f;
            break;
        case PointwiseGrad::GELU:
            for (size_t i = 0; i < count; ++i)
                out[i] = grad[i] * gelu_grad(x[i]);
            break;
        case PointwiseGrad::GELU_TANH:
            for (size_t i = 0; i < count; ++i)
                out[i] = grad[i] * gelu_tanh_grad(x[i]);
            break;
        case PointwiseGrad::TANH:
            for (size_t i = 0; i < count; ++i)
                out[i] = grad[i] * ((1.0f - x[i]) * (1.0f + x[i]));
            break;
        case PointwiseGrad::SIGMOID:
            for (size_t i = 0; i < count; ++i)
                out[i] = grad[i] * (1.0f - x[i]) * x[i];
            break;
    }
}

void pointwise_grad_bf16_scalar(
    PointwiseGrad kind, const uint16_t* grad, const uint16_t* x, uint16_t* out, size_t count, float threshold) {
    constexpr size_t kBlock = 256;  // three stack blocks of 1 KB: the widened operands stay in L1
    float g[kBlock], xs[kBlock], r[kBlock];
    for (size_t i = 0; i < count; i += kBlock) {
        const size_t n = std::min(kBlock, count - i);
        for (size_t j = 0; j < n; ++j) {
            g[j] = f32_from_bf16(grad[i + j]);
            xs[j] = f32_from_bf16(x[i + j]);
        }
        pointwise_grad_f32_scalar(kind, g, xs, r, n, threshold);
        for (size_t j = 0; j < n; ++j)
            out[i + j] = bf16_from_f32(r[j]);
    }
}

void add_f32_scalar(const float* src, float* dst, size_t count) {
    for (size_t i = 0; i < count; ++i)
        dst[i] += src[i];
}

void add_bf16_scalar(const uint16_t* src, float* dst, size_t count) {
    for (size_t i = 0; i < count; ++i)
        dst[i] += f32_from_bf16(src[i]);
}

void softmax_grad_lane_f32_scalar(const float* dy, const float* y, float* dx, int64_t count, int64_t stride, bool log) {
    double sum = 0.0;
    for (int64_t i = 0; i < count; ++i)
        sum += log ? dy[i * stride] : double{dy[i * stride]} * y[i * stride];
    const auto s = static_cast<float>(sum);
    for (int64_t i = 0; i < count; ++i) {
        const float g = dy[i * stride], out = y[i * stride];
        dx[i * stride] = log ? g - std::exp(out) * s : out * (g - s);
    }
}

void layer_norm_grad_row_f32_scalar(
    const float* dy, const float* x, const float* weight, float mean, float rstd, float* dx, int64_t count) {
    double sum_g = 0.0, sum_g_xhat = 0.0;
    for (int64_t i = 0; i < count; ++i) {
        const float g = weight != nullptr ? dy[i] * weight[i] : dy[i];
        sum_g += g;
        sum_g_xhat += double{g} * ((x[i] - mean) * rstd);
    }
    const auto mean_g = static_cast<float>(sum_g / static_cast<double>(count));
    const auto mean_g_xhat = static_cast<float>(sum_g_xhat / static_cast<double>(count));
    for (int64_t i = 0; i < count; ++i) {
        const float g = weight != nullptr ? dy[i] * weight[i] : dy[i];
        const float xhat = (x[i] - mean) * rstd;
        dx[i] = rstd * (g - mean_g - xhat * mean_g_xhat);
    }
}

}  // namespace ttnn::kernels
