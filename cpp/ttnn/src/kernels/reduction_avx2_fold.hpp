#pragma once
// The fold steps the AVX2 reduction kernels share (reduction_avx2.cpp: rows and argmax;
// reduction_columns_avx2.cpp: columns). Include only from *_avx2.cpp translation units.
#include <immintrin.h>

#include "kernels/reduction_kernels.hpp"

namespace ttnn::kernels::reduction_avx2 {

using Kind = ReduceKind;

// The portable kernels of T, which take the values after the last whole vector.
template <typename T>
inline const TypedReductionKernels<T>& scalar() {
    return reduction_kernels(Isa::SCALAR).of<T>();
}

inline __m256 load8(const float* p) {
    return _mm256_loadu_ps(p);
}
inline __m256 load8(const uint16_t* p) {
    const __m256i wide = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(wide, 16));
}

// 16 bf16 values as two float vectors without a shuffle: the even elements (the low halves of the 32-bit lanes
// shifted up) and the odd ones (the high halves masked). A fold in any order, or columns kept in even/odd
// order, needs nothing more.
inline void load16_pairs(const uint16_t* p, __m256& even, __m256& odd) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    even = _mm256_castsi256_ps(_mm256_slli_epi32(x, 16));
    odd = _mm256_castsi256_ps(_mm256_and_si256(x, _mm256_set1_epi32(static_cast<int>(0xffff0000u))));
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

// max and min leave NaN out of the fold (one max/min a vector) and watch for it apart: one unordered compare
// covers two vectors, so a value costs 2 operations instead of the max, compare and blend of vstep (which left
// fp32 max behind sum: docs/performance.md, "Measurements behind choices in the code"). A fold that saw a NaN
// ends as NaN.
template <Kind K>
constexpr bool kDeferNan = K == Kind::MAX || K == Kind::MIN;

// One fold step; for max/min without NaN handling (the second operand, the accumulator, wins an unordered
// compare, so a NaN already in it stays).
template <Kind K>
inline __m256 fold_step(__m256 acc, __m256 v, __m256 c) {
    if constexpr (K == Kind::MAX)
        return _mm256_max_ps(v, acc);
    if constexpr (K == Kind::MIN)
        return _mm256_min_ps(v, acc);
    return vstep<K>(acc, v, c);
}

// Pins loaded vectors to registers: GCC otherwise folds the load into the max and loads again for the NaN
// compare, 12 loads per 8 vectors instead of 8.
inline void in_register(__m256& x, __m256& y) {
    asm("" : "+x"(x), "+x"(y));
}

// Lanes where x or y is NaN.
inline __m256 nan_of(__m256 x, __m256 y) {
    return _mm256_cmp_ps(x, y, _CMP_UNORD_Q);
}

// How two partial vectors of a fold combine; max/min watch for NaN apart, so a plain max/min will do.
template <Kind K>
inline __m256 vcombine(__m256 a, __m256 b) {
    if constexpr (K == Kind::PROD || K == Kind::MAX || K == Kind::MIN)
        return fold_step<K>(a, b, a);
    return _mm256_add_ps(a, b);
}

// A deferred-NaN fold's result: NaN if its watch saw one.
inline float nan_if_seen(float x, __m256 nan) {
    return _mm256_movemask_ps(nan) != 0 ? __builtin_nanf("") : x;
}

// Folds the 8 lanes into one value (lane order does not matter to any kind).
template <Kind K>
inline float hreduce(__m256 x) {
    x = vcombine<K>(x, _mm256_permute2f128_ps(x, x, 1));
    x = vcombine<K>(x, _mm256_shuffle_ps(x, x, _MM_SHUFFLE(1, 0, 3, 2)));
    x = vcombine<K>(x, _mm256_shuffle_ps(x, x, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm256_cvtss_f32(x);
}

// Calls fn.template operator()<K>() with the kind as a compile-time constant.
template <typename Fn>
inline decltype(auto) with_kind(Kind kind, Fn&& fn) {
    switch (kind) {
        case Kind::SUM:
            return fn.template operator()<Kind::SUM>();
        case Kind::PROD:
            return fn.template operator()<Kind::PROD>();
        case Kind::MAX:
            return fn.template operator()<Kind::MAX>();
        case Kind::MIN:
            return fn.template operator()<Kind::MIN>();
        case Kind::NONZERO:
            return fn.template operator()<Kind::NONZERO>();
        case Kind::SQUARED_DEVIATION:
            break;
    }
    return fn.template operator()<Kind::SQUARED_DEVIATION>();
}

// The column kernels of the table (reduction_columns_avx2.cpp), for float and bf16 bits.
extern const decltype(TypedReductionKernels<float>::accumulate) accumulate_f32;
extern const decltype(TypedReductionKernels<uint16_t>::accumulate) accumulate_bf16;

}  // namespace ttnn::kernels::reduction_avx2
