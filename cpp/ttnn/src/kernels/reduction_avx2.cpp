// AVX2+FMA reductions: bf16 widened to fp32 on load, four 8-lane accumulators per row to hide add latency.
// They agree with reduction_scalar.cpp up to the order of fp32 additions (test_reduction_kernels.cpp).
#include <immintrin.h>

#include <algorithm>
#include <cmath>

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

// max and min leave NaN out of the fold (one max/min a vector) and watch for it apart: one unordered compare
// covers two vectors, so a value costs 2 operations instead of the max, compare and blend of vstep (fp32 max
// over the last dim of [8, 128, 768] ran 12% behind sum). Lanes that saw a NaN end as NaN.
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

// Lanes where x or y is NaN.
inline __m256 nan_of(__m256 x, __m256 y) {
    return _mm256_cmp_ps(x, y, _CMP_UNORD_Q);
}

inline __m256 with_nan(__m256 x, __m256 nan) {
    return _mm256_blendv_ps(x, _mm256_set1_ps(__builtin_nanf("")), nan);
}

// Folds the 8 lanes into one value (lane order does not matter to any kind).
template <Kind K>
inline float hreduce(__m256 x) {
    x = vcombine<K>(x, _mm256_permute2f128_ps(x, x, 1));
    x = vcombine<K>(x, _mm256_shuffle_ps(x, x, _MM_SHUFFLE(1, 0, 3, 2)));
    x = vcombine<K>(x, _mm256_shuffle_ps(x, x, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm256_cvtss_f32(x);
}

template <Kind K, typename T>
float row(const T* src, size_t count, float center) {
    const __m256 c = _mm256_set1_ps(center);
    __m256 a0 = _mm256_set1_ps(reduce_identity(K)), a1 = a0, a2 = a0, a3 = a0;
    [[maybe_unused]] __m256 nan = _mm256_setzero_ps();
    size_t i = 0;
    if constexpr (sizeof(T) == 2) {
        // A row folds in any order, so bf16 pairs need no unpacking: the low halves of the 32-bit lanes
        // shifted up are the even elements as floats, the masked high halves the odd ones. Eight chains of
        // adds cover the add latency at two loads per cycle.
        const __m256i high = _mm256_set1_epi32(static_cast<int>(0xffff0000u));
        __m256 b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (; i + 64 <= count; i += 64) {
            __m256 v[8];
            for (int j = 0; j < 4; ++j) {
                const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 16 * j));
                v[2 * j] = _mm256_castsi256_ps(_mm256_slli_epi32(x, 16));
                v[2 * j + 1] = _mm256_castsi256_ps(_mm256_and_si256(x, high));
            }
            a0 = fold_step<K>(a0, v[0], c);
            a1 = fold_step<K>(a1, v[1], c);
            a2 = fold_step<K>(a2, v[2], c);
            a3 = fold_step<K>(a3, v[3], c);
            b0 = fold_step<K>(b0, v[4], c);
            b1 = fold_step<K>(b1, v[5], c);
            b2 = fold_step<K>(b2, v[6], c);
            b3 = fold_step<K>(b3, v[7], c);
            if constexpr (kDeferNan<K>) {
                nan = _mm256_or_ps(_mm256_or_ps(nan, nan_of(v[0], v[1])),
                                   _mm256_or_ps(nan_of(v[2], v[3]), nan_of(v[4], v[5])));
                nan = _mm256_or_ps(nan, nan_of(v[6], v[7]));
            }
        }
        a0 = vcombine<K>(a0, b0);
        a1 = vcombine<K>(a1, b1);
        a2 = vcombine<K>(a2, b2);
        a3 = vcombine<K>(a3, b3);
    }
    for (; i + 32 <= count; i += 32) {
        const __m256 v0 = load8(src + i), v1 = load8(src + i + 8), v2 = load8(src + i + 16), v3 = load8(src + i + 24);
        a0 = fold_step<K>(a0, v0, c);
        a1 = fold_step<K>(a1, v1, c);
        a2 = fold_step<K>(a2, v2, c);
        a3 = fold_step<K>(a3, v3, c);
        if constexpr (kDeferNan<K>)
            nan = _mm256_or_ps(nan, _mm256_or_ps(nan_of(v0, v1), nan_of(v2, v3)));
    }
    for (; i + 8 <= count; i += 8) {
        const __m256 v = load8(src + i);
        a0 = fold_step<K>(a0, v, c);
        if constexpr (kDeferNan<K>)
            nan = _mm256_or_ps(nan, nan_of(v, v));
    }
    if constexpr (kDeferNan<K>)
        a0 = with_nan(a0, nan);
    // In registers: folding the lanes through reduce_combine (a call each) cost a 768-value row a third more.
    const float result = hreduce<K>(vcombine<K>(vcombine<K>(a0, a1), vcombine<K>(a2, a3)));
    if (i == count)
        return result;
    if constexpr (sizeof(T) == 2) {
        return reduce_combine(K, result, row_bf16_scalar(K, src + i, count - i, center));
    } else {
        return reduce_combine(K, result, row_f32_scalar(K, src + i, count - i, center));
    }
}

// Two chains per row, four rows: eight independent chains whatever the row length.
template <Kind K, typename T>
void rows4(const T* src, int64_t stride, size_t count, const float* center, float* out) {
    __m256 acc[4][2], c[4], nan[4];
    for (int r = 0; r < 4; ++r) {
        acc[r][0] = acc[r][1] = _mm256_set1_ps(reduce_identity(K));
        c[r] = _mm256_set1_ps(center[r]);
        nan[r] = _mm256_setzero_ps();
    }
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        for (int r = 0; r < 4; ++r) {
            const T* p = src + r * stride + i;
            __m256 v0, v1;
            if constexpr (sizeof(T) == 2) {
                const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
                v0 = _mm256_castsi256_ps(_mm256_slli_epi32(v, 16));
                v1 = _mm256_castsi256_ps(_mm256_and_si256(v, _mm256_set1_epi32(static_cast<int>(0xffff0000u))));
            } else {
                v0 = load8(p);
                v1 = load8(p + 8);
            }
            acc[r][0] = fold_step<K>(acc[r][0], v0, c[r]);
            acc[r][1] = fold_step<K>(acc[r][1], v1, c[r]);
            if constexpr (kDeferNan<K>)
                nan[r] = _mm256_or_ps(nan[r], nan_of(v0, v1));
        }
    }
    for (int r = 0; r < 4; ++r) {
        if constexpr (kDeferNan<K>)
            acc[r][0] = with_nan(acc[r][0], nan[r]);
        out[r] = hreduce<K>(vcombine<K>(acc[r][0], acc[r][1]));
        if (i == count)
            continue;
        if constexpr (sizeof(T) == 2) {
            out[r] = reduce_combine(K, out[r], row_bf16_scalar(K, src + r * stride + i, count - i, center[r]));
        } else {
            out[r] = reduce_combine(K, out[r], row_f32_scalar(K, src + r * stride + i, count - i, center[r]));
        }
    }
}

// Four vectors of accumulators stay in registers over all the rows, so each value costs one load and one
// step (accumulators kept in memory cost a load and a store more per vector). Per accumulator the rows fold
// in order, as in the scalar kernel.
template <Kind K, typename T>
void accumulate(const T* src, int64_t stride, size_t rows, const float* center, float* acc, size_t count) {
    constexpr bool kCentered = K == Kind::SQUARED_DEVIATION;
    constexpr int kVectors = kCentered || kDeferNan<K> ? 4 : 8;  // centers or NaN watches take registers too
    size_t i = 0;
    if constexpr (kDeferNan<K>) {
        // Rows two at a time: one compare watches the same columns of both.
        for (; i + 8 * kVectors <= count; i += 8 * kVectors) {
            __m256 a[kVectors], nan[kVectors];
            for (int j = 0; j < kVectors; ++j) {
                a[j] = _mm256_loadu_ps(acc + i + 8 * j);
                nan[j] = _mm256_setzero_ps();
            }
            size_t r = 0;
            for (; r + 2 <= rows; r += 2) {
                const T* p = src + static_cast<int64_t>(r) * stride + i;
                for (int j = 0; j < kVectors; ++j) {
                    const __m256 v = load8(p + 8 * j), w = load8(p + stride + 8 * j);
                    a[j] = fold_step<K>(fold_step<K>(a[j], v, v), w, w);
                    nan[j] = _mm256_or_ps(nan[j], nan_of(v, w));
                }
            }
            for (; r < rows; ++r) {
                const T* p = src + static_cast<int64_t>(r) * stride + i;
                for (int j = 0; j < kVectors; ++j) {
                    const __m256 v = load8(p + 8 * j);
                    a[j] = fold_step<K>(a[j], v, v);
                    nan[j] = _mm256_or_ps(nan[j], nan_of(v, v));
                }
            }
            for (int j = 0; j < kVectors; ++j)
                _mm256_storeu_ps(acc + i + 8 * j, with_nan(a[j], nan[j]));
        }
    }
    for (; i + 8 * kVectors <= count; i += 8 * kVectors) {
        __m256 a[kVectors], c[kVectors];
        for (int j = 0; j < kVectors; ++j) {
            a[j] = _mm256_loadu_ps(acc + i + 8 * j);
            c[j] = kCentered ? _mm256_loadu_ps(center + i + 8 * j) : _mm256_setzero_ps();
        }
        for (size_t r = 0; r < rows; ++r) {
            const T* p = src + static_cast<int64_t>(r) * stride + i;
            for (int j = 0; j < kVectors; ++j)
                a[j] = vstep<K>(a[j], load8(p + 8 * j), c[j]);
        }
        for (int j = 0; j < kVectors; ++j)
            _mm256_storeu_ps(acc + i + 8 * j, a[j]);
    }
    for (; i + 8 <= count; i += 8) {
        __m256 a = _mm256_loadu_ps(acc + i);
        const __m256 c = kCentered ? _mm256_loadu_ps(center + i) : _mm256_setzero_ps();
        for (size_t r = 0; r < rows; ++r)
            a = vstep<K>(a, load8(src + static_cast<int64_t>(r) * stride + i), c);
        _mm256_storeu_ps(acc + i, a);
    }
    if (i == count)
        return;
    const float* rest_center = kCentered ? center + i : center;
    if constexpr (sizeof(T) == 2) {
        accumulate_bf16_scalar(K, src + i, stride, rows, rest_center, acc + i, count - i);
    } else {
        accumulate_f32_scalar(K, src + i, stride, rows, rest_center, acc + i, count - i);
    }
}

// argmax/argmin in two passes over a row that stays in L1: the extreme value (and whether a NaN occurs), then
// the first index holding it. -0 and +0 compare equal, so the first zero of either sign is found, as the
// scalar loop's strict comparisons keep it.
template <typename T>
uint32_t arg_row(const T* src, size_t count, bool largest) {
    if (count < 16) {
        if constexpr (sizeof(T) == 2) {
            return arg_bf16_scalar(src, count, largest);
        } else {
            return arg_f32_scalar(src, count, largest);
        }
    }
    __m256 best = load8(src), nan = _mm256_cmp_ps(best, best, _CMP_UNORD_Q);
    size_t i = 8;
    for (; i + 8 <= count; i += 8) {
        const __m256 v = load8(src + i);
        best = largest ? _mm256_max_ps(best, v) : _mm256_min_ps(best, v);
        nan = _mm256_or_ps(nan, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    }
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, best);
    float target = lanes[0];
    for (float lane : lanes)
        target = largest ? std::max(target, lane) : std::min(target, lane);
    bool any_nan = _mm256_movemask_ps(nan) != 0;
    // The tail (under 8 values) joins the search scalar by scalar.
    alignas(32) float tail[8];
    _mm256_store_ps(tail, load8(src + count - 8));
    for (size_t j = i; j < count; ++j) {
        const float v = tail[j - (count - 8)];
        any_nan = any_nan || std::isnan(v);
        target = largest ? std::max(target, v) : std::min(target, v);
    }
    const __m256 want = _mm256_set1_ps(target);
    for (size_t j = 0; j + 8 <= count; j += 8) {
        const __m256 v = load8(src + j);
        const __m256 hit = any_nan ? _mm256_cmp_ps(v, v, _CMP_UNORD_Q) : _mm256_cmp_ps(v, want, _CMP_EQ_OQ);
        if (const int mask = _mm256_movemask_ps(hit); mask != 0)
            return static_cast<uint32_t>(j + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask))));
    }
    for (size_t j = i; j < count; ++j) {  // the values after the last whole vector
        const float v = tail[j - (count - 8)];
        if (any_nan ? std::isnan(v) : v == target)
            return static_cast<uint32_t>(j);
    }
    return 0;  // not reached: target is one of the values
}

// Calls fn.template operator()<K>() with the kind as a compile-time constant.
template <typename Fn>
decltype(auto) with_kind(Kind kind, Fn&& fn) {
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

}  // namespace

float row_f32_avx2(ReduceKind kind, const float* src, size_t count, float center) {
    return with_kind(kind, [&]<Kind K>() { return row<K>(src, count, center); });
}
float row_bf16_avx2(ReduceKind kind, const uint16_t* src, size_t count, float center) {
    return with_kind(kind, [&]<Kind K>() { return row<K>(src, count, center); });
}
void rows4_f32_avx2(ReduceKind kind, const float* src, int64_t stride, size_t count, const float* center, float* out) {
    with_kind(kind, [&]<Kind K>() { rows4<K>(src, stride, count, center, out); });
}
void rows4_bf16_avx2(
    ReduceKind kind, const uint16_t* src, int64_t stride, size_t count, const float* center, float* out) {
    with_kind(kind, [&]<Kind K>() { rows4<K>(src, stride, count, center, out); });
}
uint32_t arg_f32_avx2(const float* src, size_t count, bool largest) {
    return arg_row(src, count, largest);
}
uint32_t arg_bf16_avx2(const uint16_t* src, size_t count, bool largest) {
    return arg_row(src, count, largest);
}
void accumulate_f32_avx2(
    ReduceKind kind, const float* src, int64_t stride, size_t rows, const float* center, float* acc, size_t count) {
    with_kind(kind, [&]<Kind K>() { accumulate<K>(src, stride, rows, center, acc, count); });
}
void accumulate_bf16_avx2(
    ReduceKind kind, const uint16_t* src, int64_t stride, size_t rows, const float* center, float* acc, size_t count) {
    with_kind(kind, [&]<Kind K>() { accumulate<K>(src, stride, rows, center, acc, count); });
}

}  // namespace ttnn::kernels
