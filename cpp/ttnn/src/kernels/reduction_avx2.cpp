// AVX2+FMA reductions over rows and argmax/argmin, and the AVX2 kernel table (the column kernels are in
// reduction_columns_avx2.cpp). bf16 widened to fp32 on load, eight 8-lane chains per row to hide the fold's
// latency. They agree with reduction_scalar.cpp up to the order of fp32 additions (test_reduction_kernels.cpp).
#include <immintrin.h>

#include <algorithm>
#include <cmath>

#include "kernels/reduction_avx2_fold.hpp"

namespace ttnn::kernels {
namespace {

using namespace reduction_avx2;

// Loads 64 values as 8 vectors in any order (a row folds in any order, so bf16 comes in even/odd pairs).
inline void load64(const float* p, __m256 (&v)[8]) {
    for (int j = 0; j < 8; ++j)
        v[j] = load8(p + 8 * j);
}
inline void load64(const uint16_t* p, __m256 (&v)[8]) {
    for (int j = 0; j < 4; ++j)
        load16_pairs(p + 16 * j, v[2 * j], v[2 * j + 1]);
}

// Eight chains of 8 lanes cover the fold's latency at two loads per cycle; four left fp32 max, with its NaN
// watch between the loads, behind sum (docs/performance.md, "Measurements behind choices in the code").
template <Kind K, typename T>
float row(const T* src, size_t count, float center) {
    const __m256 c = _mm256_set1_ps(center);
    const __m256 id = _mm256_set1_ps(reduce_identity(K));
    __m256 a[8] = {id, id, id, id, id, id, id, id};
    [[maybe_unused]] __m256 nan = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 64 <= count; i += 64) {
        __m256 v[8];
        load64(src + i, v);
        for (int j = 0; j < 8; j += 2) {  // in pairs: one compare watches two vectors
            if constexpr (kDeferNan<K>)
                in_register(v[j], v[j + 1]);
            a[j] = fold_step<K>(a[j], v[j], c);
            a[j + 1] = fold_step<K>(a[j + 1], v[j + 1], c);
            if constexpr (kDeferNan<K>)
                nan = _mm256_or_ps(nan, nan_of(v[j], v[j + 1]));
        }
    }
    for (; i + 8 <= count; i += 8) {
        const __m256 v = load8(src + i);
        a[0] = fold_step<K>(a[0], v, c);
        if constexpr (kDeferNan<K>)
            nan = _mm256_or_ps(nan, nan_of(v, v));
    }
    // In registers: folding the lanes through reduce_combine (a call each) cost a 768-value row a third more.
    const __m256 low = vcombine<K>(vcombine<K>(a[0], a[1]), vcombine<K>(a[2], a[3]));
    const __m256 high = vcombine<K>(vcombine<K>(a[4], a[5]), vcombine<K>(a[6], a[7]));
    float result = hreduce<K>(vcombine<K>(low, high));
    if constexpr (kDeferNan<K>)
        result = nan_if_seen(result, nan);
    if (i == count)
        return result;
    return reduce_combine(K, result, scalar<T>().row(K, src + i, count - i, center));
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
                load16_pairs(p, v0, v1);
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
        out[r] = hreduce<K>(vcombine<K>(acc[r][0], acc[r][1]));
        if constexpr (kDeferNan<K>)
            out[r] = nan_if_seen(out[r], nan[r]);
        if (i == count)
            continue;
        out[r] = reduce_combine(K, out[r], scalar<T>().row(K, src + r * stride + i, count - i, center[r]));
    }
}

// argmax/argmin in two passes over a row that stays in L1: the extreme value (and whether a NaN occurs), then
// the first index holding it. -0 and +0 compare equal, so the first zero of either sign is found, as the
// scalar loop's strict comparisons keep it.
template <typename T>
uint32_t arg_row(const T* src, size_t count, bool largest) {
    if (count < 16)
        return scalar<T>().arg(src, count, largest);
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

// The table entries: the kind as a run-time argument.
template <typename T>
float row_entry(ReduceKind kind, const T* src, size_t count, float center) {
    return with_kind(kind, [&]<Kind K>() { return row<K>(src, count, center); });
}

template <typename T>
void rows_entry(ReduceKind kind,
                const T* src,
                int64_t stride,
                size_t count,
                size_t rows,
                const float* center,
                float* out,
                int64_t out_stride) {
    with_kind(kind, [&]<Kind K>() {
        fold_each_row(src, stride, rows, center, out, out_stride, [count](const T* line, float c) {
            return row<K>(line, count, c);
        });
    });
}

template <typename T>
void rows4_entry(ReduceKind kind, const T* src, int64_t stride, size_t count, const float* center, float* out) {
    with_kind(kind, [&]<Kind K>() { rows4<K>(src, stride, count, center, out); });
}

// The AVX2 kernels of T; the column kernel comes from reduction_columns_avx2.cpp.
template <typename T>
TypedReductionKernels<T> kernels_of(decltype(TypedReductionKernels<T>::accumulate) accumulate) {
    return {.row = row_entry<T>,
            .rows = rows_entry<T>,
            .rows4 = rows4_entry<T>,
            .accumulate = accumulate,
            .arg = arg_row<T>};
}

}  // namespace

const ReductionKernels& avx2_reduction_kernels() {
    static const ReductionKernels avx2{.f32 = kernels_of<float>(accumulate_f32),
                                       .bf16 = kernels_of<uint16_t>(accumulate_bf16)};
    return avx2;
}

}  // namespace ttnn::kernels
