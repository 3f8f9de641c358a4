// AVX2+FMA reductions: bf16 widened to fp32 on load, four 8-lane accumulators per row to hide add latency.
// They agree with reduction_scalar.cpp up to the order of fp32 additions (test_reduction_kernels.cpp).
#include <immintrin.h>

#include "kernels/reduction_kernels.hpp"

namespace ttnn::kernels {
namespace {

using Kind = ReduceKind;

inline __m256 load8(const float* p) {
    return _mm256_loadu_ps(p);
}
inline __m256 load8(const uint16_t* p) {
    const __m256i wide = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(wide, 16));
}

// One step on 8 lanes. max_ps/min_ps return their second operand when either is NaN, so a NaN already in
// `acc` stays; the blend makes a NaN in `v` win too (torch's max/min propagate NaN).
template <Kind K>
inline __m256 vstep(__m256 acc, __m256 v, __m256 c) {
    if constexpr (K == Kind::SUM)
        return _mm256_add_ps(acc, v);
    if constexpr (K == Kind::PROD)
        return _mm256_mul_ps(acc, v);
    if constexpr (K == Kind::MAX)
        return _mm256_blendv_ps(_mm256_max_ps(v, acc), v, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    if constexpr (K == Kind::MIN)
        return _mm256_blendv_ps(_mm256_min_ps(v, acc), v, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    if constexpr (K == Kind::NONZERO) {
        const __m256 nonzero = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_NEQ_UQ);
        return _mm256_add_ps(acc, _mm256_and_ps(nonzero, _mm256_set1_ps(1.0f)));
    }
    if constexpr (K == Kind::SQUARED_DEVIATION) {
        const __m256 d = _mm256_sub_ps(v, c);
        return _mm256_fmadd_ps(d, d, acc);
    }
    return acc;
}

template <Kind K>
inline __m256 vcombine(__m256 a, __m256 b) {
    if constexpr (K == Kind::PROD || K == Kind::MAX || K == Kind::MIN)
        return vstep<K>(a, b, a);
    return _mm256_add_ps(a, b);
}

template <Kind K, typename T>
float row(const T* src, size_t count, float center) {
    const __m256 c = _mm256_set1_ps(center);
    __m256 a0 = _mm256_set1_ps(reduce_identity(K)), a1 = a0, a2 = a0, a3 = a0;
    size_t i = 0;
    for (; i + 32 <= count; i += 32) {
        a0 = vstep<K>(a0, load8(src + i), c);
        a1 = vstep<K>(a1, load8(src + i + 8), c);
        a2 = vstep<K>(a2, load8(src + i + 16), c);
        a3 = vstep<K>(a3, load8(src + i + 24), c);
    }
    for (; i + 8 <= count; i += 8)
        a0 = vstep<K>(a0, load8(src + i), c);
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, vcombine<K>(vcombine<K>(a0, a1), vcombine<K>(a2, a3)));
    float result = reduce_identity(K);
    for (float lane : lanes)
        result = reduce_combine(K, result, lane);
    if constexpr (sizeof(T) == 2) {
        return reduce_combine(K, result, row_bf16_scalar(K, src + i, count - i, center));
    } else {
        return reduce_combine(K, result, row_f32_scalar(K, src + i, count - i, center));
    }
}

template <Kind K, typename T>
void accumulate(const T* src, const float* center, float* acc, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 c = K == Kind::SQUARED_DEVIATION ? _mm256_loadu_ps(center + i) : _mm256_setzero_ps();
        _mm256_storeu_ps(acc + i, vstep<K>(_mm256_loadu_ps(acc + i), load8(src + i), c));
    }
    const float* rest_center = K == Kind::SQUARED_DEVIATION ? center + i : center;
    if constexpr (sizeof(T) == 2) {
        accumulate_bf16_scalar(K, src + i, rest_center, acc + i, count - i);
    } else {
        accumulate_f32_scalar(K, src + i, rest_center, acc + i, count - i);
    }
}

template <typename T>
float row_any(Kind kind, const T* src, size_t count, float center) {
    switch (kind) {
        case Kind::SUM:
            return row<Kind::SUM>(src, count, center);
        case Kind::PROD:
            return row<Kind::PROD>(src, count, center);
        case Kind::MAX:
            return row<Kind::MAX>(src, count, center);
        case Kind::MIN:
            return row<Kind::MIN>(src, count, center);
        case Kind::NONZERO:
            return row<Kind::NONZERO>(src, count, center);
        case Kind::SQUARED_DEVIATION:
            return row<Kind::SQUARED_DEVIATION>(src, count, center);
    }
    return 0.0f;
}

template <typename T>
void accumulate_any(Kind kind, const T* src, const float* center, float* acc, size_t count) {
    switch (kind) {
        case Kind::SUM:
            return accumulate<Kind::SUM>(src, center, acc, count);
        case Kind::PROD:
            return accumulate<Kind::PROD>(src, center, acc, count);
        case Kind::MAX:
            return accumulate<Kind::MAX>(src, center, acc, count);
        case Kind::MIN:
            return accumulate<Kind::MIN>(src, center, acc, count);
        case Kind::NONZERO:
            return accumulate<Kind::NONZERO>(src, center, acc, count);
        case Kind::SQUARED_DEVIATION:
            return accumulate<Kind::SQUARED_DEVIATION>(src, center, acc, count);
    }
}

}  // namespace

float row_f32_avx2(ReduceKind kind, const float* src, size_t count, float center) {
    return row_any(kind, src, count, center);
}
float row_bf16_avx2(ReduceKind kind, const uint16_t* src, size_t count, float center) {
    return row_any(kind, src, count, center);
}
void accumulate_f32_avx2(ReduceKind kind, const float* src, const float* center, float* acc, size_t count) {
    accumulate_any(kind, src, center, acc, count);
}
void accumulate_bf16_avx2(ReduceKind kind, const uint16_t* src, const float* center, float* acc, size_t count) {
    accumulate_any(kind, src, center, acc, count);
}

}  // namespace ttnn::kernels
