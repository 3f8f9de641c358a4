// AVX2+FMA pointwise gradients. gelu's erf and exp are the shared ones of softmax_avx2_math.hpp (erf by
// Abramowitz-Stegun 7.1.26, as ATen's own Vectorized<float>::erf; exp by a Cephes polynomial), so they agree
// with the torch golden to ~1e-7 absolute, not bit for bit with the scalar twin (std::erf).
#include <immintrin.h>

#include <type_traits>

#include "kernels/backward_kernels.hpp"
#include "kernels/codec_avx2.hpp"
#include "kernels/softmax_avx2_math.hpp"

namespace ttnn::kernels {
namespace {

// tanh(z) = sign(z) * (1 - 2 / (exp(2|z|) + 1)); |error| ~1e-7, which gelu's (1 + t) and (1 - t^2) absorb.
__m256 tanh8(__m256 z) {
    const __m256 sign = _mm256_and_ps(z, _mm256_set1_ps(-0.0f));
    const __m256 e = exp256(_mm256_mul_ps(_mm256_xor_ps(z, sign), _mm256_set1_ps(2.0f)));
    const __m256 y = _mm256_sub_ps(_mm256_set1_ps(1.0f),
                                   _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, _mm256_set1_ps(1.0f))));
    return _mm256_xor_ps(y, sign);
}

__m256 gelu_grad8(__m256 x) {
    const __m256 cdf = _mm256_mul_ps(
        _mm256_set1_ps(0.5f),
        _mm256_add_ps(_mm256_set1_ps(1.0f), erf256(_mm256_mul_ps(x, _mm256_set1_ps(0.70710678118654752440f)))));
    const __m256 pdf = _mm256_mul_ps(_mm256_set1_ps(0.39894228040143267794f),
                                     exp256(_mm256_mul_ps(_mm256_mul_ps(x, x), _mm256_set1_ps(-0.5f))));
    return _mm256_fmadd_ps(x, pdf, cdf);
}

__m256 gelu_tanh_grad8(__m256 x) {
    const __m256 beta = _mm256_set1_ps(0.79788456080286535588f);
    const __m256 kappa = _mm256_set1_ps(0.044715f);
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 half = _mm256_set1_ps(0.5f);
    const __m256 x_sq = _mm256_mul_ps(x, x);
    const __m256 inner = _mm256_mul_ps(beta, _mm256_fmadd_ps(_mm256_mul_ps(kappa, x_sq), x, x));
    const __m256 t = tanh8(inner);
    const __m256 left_derivative = _mm256_mul_ps(half, _mm256_add_ps(one, t));
    const __m256 slope = _mm256_mul_ps(beta, _mm256_fmadd_ps(_mm256_set1_ps(3.0f * 0.044715f), x_sq, one));
    const __m256 right_derivative =
        _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(half, x), _mm256_fnmadd_ps(t, t, one)), slope);
    return _mm256_add_ps(left_derivative, right_derivative);
}

// The formula is a template argument so each loop is straight-line code (no switch per 8 lanes).
template <PointwiseGrad K>
__m256 grad8(__m256 g, __m256 x, [[maybe_unused]] __m256 threshold) {
    [[maybe_unused]] const __m256 one = _mm256_set1_ps(1.0f);
    if constexpr (K == PointwiseGrad::THRESHOLD) {
        return _mm256_and_ps(_mm256_cmp_ps(x, threshold, _CMP_GT_OQ), g);
    } else if constexpr (K == PointwiseGrad::GELU) {
        return _mm256_mul_ps(g, gelu_grad8(x));
    } else if constexpr (K == PointwiseGrad::GELU_TANH) {
        return _mm256_mul_ps(g, gelu_tanh_grad8(x));
    } else if constexpr (K == PointwiseGrad::TANH) {
        // (1 - y)(1 + y), not 1 - y*y: GCC contracts a vector mul+sub into an FMA here but not in the scalar
        // file, and a product of sums cannot be contracted, so both kernels round alike.
        return _mm256_mul_ps(g, _mm256_mul_ps(_mm256_sub_ps(one, x), _mm256_add_ps(one, x)));
    } else {
        return _mm256_mul_ps(_mm256_mul_ps(g, _mm256_sub_ps(one, x)), x);
    }
}

template <PointwiseGrad K>
size_t grad_f32(const float* grad, const float* x, float* out, size_t count, float threshold) {
    const __m256 th = _mm256_set1_ps(threshold);
    size_t i = 0;
    for (; i + 8 <= count; i += 8)
        _mm256_storeu_ps(out + i, grad8<K>(_mm256_loadu_ps(grad + i), _mm256_loadu_ps(x + i), th));
    return i;
}

template <PointwiseGrad K>
size_t grad_bf16(const uint16_t* grad, const uint16_t* x, uint16_t* out, size_t count, float threshold) {
    const __m256 th = _mm256_set1_ps(threshold);
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 r = grad8<K>(bf16_widen8(grad + i), bf16_widen8(x + i), th);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), bf16_round8(r));
    }
    return i;
}

// The vector loop for `kind`; returns how many elements it did (a multiple of 8), the caller does the rest.
template <typename T>
size_t grad_vector(PointwiseGrad kind, const T* grad, const T* x, T* out, size_t count, float threshold) {
    constexpr auto run = [](auto k, const T* g, const T* xs, T* o, size_t n, float th) {
        if constexpr (sizeof(T) == sizeof(float))
            return grad_f32<decltype(k)::value>(g, xs, o, n, th);
        else
            return grad_bf16<decltype(k)::value>(g, xs, o, n, th);
    };
    using G = PointwiseGrad;
    switch (kind) {
        case G::THRESHOLD:
            return run(std::integral_constant<G, G::THRESHOLD>{}, grad, x, out, count, threshold);
        case G::GELU:
            return run(std::integral_constant<G, G::GELU>{}, grad, x, out, count, threshold);
        case G::GELU_TANH:
            return run(std::integral_constant<G, G::GELU_TANH>{}, grad, x, out, count, threshold);
        case G::TANH:
            return run(std::integral_constant<G, G::TANH>{}, grad, x, out, count, threshold);
        case G::SIGMOID:
            return run(std::integral_constant<G, G::SIGMOID>{}, grad, x, out, count, threshold);
    }
    return 0;
}

}  // namespace

void pointwise_grad_f32_avx2(
    PointwiseGrad kind, const float* grad, const float* x, float* out, size_t count, float threshold) {
    const size_t i = grad_vector(kind, grad, x, out, count, threshold);
    pointwise_grad_f32_scalar(kind, grad + i, x + i, out + i, count - i, threshold);
}

void pointwise_grad_bf16_avx2(
    PointwiseGrad kind, const uint16_t* grad, const uint16_t* x, uint16_t* out, size_t count, float threshold) {
    const size_t i = grad_vector(kind, grad, x, out, count, threshold);
    pointwise_grad_bf16_scalar(kind, grad + i, x + i, out + i, count - i, threshold);
}

void add_f32_avx2(const float* src, float* dst, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8)
        _mm256_storeu_ps(dst + i, _mm256_add_ps(_mm256_loadu_ps(dst + i), _mm256_loadu_ps(src + i)));
    add_f32_scalar(src + i, dst + i, count - i);
}

void add_bf16_avx2(const uint16_t* src, float* dst, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8)
        _mm256_storeu_ps(dst + i, _mm256_add_ps(_mm256_loadu_ps(dst + i), bf16_widen8(src + i)));
    add_bf16_scalar(src + i, dst + i, count - i);
}

}  // namespace ttnn::kernels
