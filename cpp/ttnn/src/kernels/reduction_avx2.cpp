// AVX2+FMA reductions: bf16 widened to fp32 on load, four 8-lane accumulators per row to hide add latency.
// They agree with reduction_scalar.cpp up to the order of fp32 additions (test_reduction_kernels.cpp).
#include <immintrin.h>

#include <algorithm>
#include <cmath>

#include "kernels/reduction_kernels.hpp"

namespace ttnn::kernels {
namespace {

using Kind = ReduceKind;

// The portable kernels of T, which take the values after the last whole vector.
template <typename T>
const TypedReductionKernels<T>& scalar() {
    return reduction_kernels(Isa::SCALAR).of<T>();
}

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

// max and min leave NaN out of the fold (one max/min a vector) and watch for it apart: one unordered compare
// covers two vectors, so a value costs 2 operations instead of the max, compare and blend of vstep (fp32 max
// over the last dim of [8, 128, 768] ran 12% behind sum). A fold that saw a NaN ends as NaN.
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

// Loads 64 values as 8 vectors in any order (a row folds in any order). bf16 pairs need no unpacking: the low
// halves of the 32-bit lanes shifted up are the even elements as floats, the masked high halves the odd ones.
inline void load64(const float* p, __m256 (&v)[8]) {
    for (int j = 0; j < 8; ++j)
        v[j] = load8(p + 8 * j);
}
inline void load64(const uint16_t* p, __m256 (&v)[8]) {
    const __m256i high = _mm256_set1_epi32(static_cast<int>(0xffff0000u));
    for (int j = 0; j < 4; ++j) {
        const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 16 * j));
        v[2 * j] = _mm256_castsi256_ps(_mm256_slli_epi32(x, 16));
        v[2 * j + 1] = _mm256_castsi256_ps(_mm256_and_si256(x, high));
    }
}

// Eight chains of 8 lanes cover the fold's latency at two loads per cycle (four chains left fp32 max over the
// last dim of [8, 128, 768] 25% behind sum, with its NaN watch between the loads).
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

template <Kind K, typename T>
void fold_rows(
    const T* src, int64_t stride, size_t count, size_t rows, const float* center, float* out, int64_t out_stride) {
    for (size_t r = 0; r < rows; ++r) {
        const auto at = static_cast<int64_t>(r);
        out[at * out_stride] = row<K>(src + at * stride, count, center != nullptr ? center[at * out_stride] : 0.0f);
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
        out[r] = hreduce<K>(vcombine<K>(acc[r][0], acc[r][1]));
        if constexpr (kDeferNan<K>)
            out[r] = nan_if_seen(out[r], nan[r]);
        if (i == count)
            continue;
        out[r] = reduce_combine(K, out[r], scalar<T>().row(K, src + r * stride + i, count - i, center[r]));
    }
}

// Folds `rows` rows of 8 * V columns into acc with V vectors of accumulators kept in registers over all the
// rows, so each value costs one load and one step (accumulators kept in memory cost a load and a store more
// per vector). Per accumulator the rows fold in order, as in the scalar kernel; NaN propagates lane by lane.
template <Kind K, int V, typename T>
void fold_block(const T* src, int64_t stride, size_t rows, const float* center, float* acc, bool from_identity) {
    __m256 a[V], c[V];
    for (int j = 0; j < V; ++j) {
        a[j] = from_identity ? _mm256_set1_ps(reduce_identity(K)) : _mm256_loadu_ps(acc + 8 * j);
        c[j] = K == Kind::SQUARED_DEVIATION ? _mm256_loadu_ps(center + 8 * j) : _mm256_setzero_ps();
    }
    for (size_t r = 0; r < rows; ++r) {
        const T* p = src + static_cast<int64_t>(r) * stride;
        for (int j = 0; j < V; ++j)
            a[j] = vstep<K>(a[j], load8(p + 8 * j), c[j]);
    }
    for (int j = 0; j < V; ++j)
        _mm256_storeu_ps(acc + 8 * j, a[j]);
}

// max/min of 64 columns with NaN left out of the fold and one watch for the whole block. Returns false, with acc
// untouched, when a NaN was seen: the caller folds the block again with fold_block, which carries it lane by
// lane (a watch per vector took 8 registers and held fp32 max over dim 0 of [8, 128, 768] 25% behind sum).
template <Kind K, typename T>
bool fold_block_without_nan(const T* src, int64_t stride, size_t rows, float* acc, bool from_identity) {
    __m256 a[8];
    for (int j = 0; j < 8; ++j)
        a[j] = from_identity ? _mm256_set1_ps(reduce_identity(K)) : _mm256_loadu_ps(acc + 8 * j);
    __m256 nan = _mm256_setzero_ps();
    for (size_t r = 0; r < rows; ++r) {
        const T* p = src + static_cast<int64_t>(r) * stride;
        for (int j = 0; j < 8; j += 2) {  // in pairs: one compare watches two vectors, and few are live
            __m256 v = load8(p + 8 * j), w = load8(p + 8 * j + 8);
            in_register(v, w);
            a[j] = fold_step<K>(a[j], v, v);
            a[j + 1] = fold_step<K>(a[j + 1], w, w);
            nan = _mm256_or_ps(nan, nan_of(v, w));
        }
    }
    if (_mm256_movemask_ps(nan) != 0)
        return false;
    for (int j = 0; j < 8; ++j)
        _mm256_storeu_ps(acc + 8 * j, a[j]);
    return true;
}

// bf16 columns in even/odd order: 16 stored columns [c0 .. c15] as the vectors [c0 c2 .. c14] and
// [c1 c3 .. c15], the order one 256-bit load gives them in (the low halves of the 32-bit lanes shifted up, the
// high halves masked): two operations for 16 values where widening takes two loads, two shuffles and two
// shifts. Accumulators change order once per block, not per row.
inline void to_pairs(const float* acc, __m256& even, __m256& odd) {
    const __m256 x = _mm256_loadu_ps(acc), y = _mm256_loadu_ps(acc + 8);
    // Per 128-bit half: [x0 x2 y0 y2 | x4 x6 y4 y6], then the 64-bit pairs back in column order.
    const auto in_order = [](__m256 v) {
        return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(v), _MM_SHUFFLE(3, 1, 2, 0)));
    };
    even = in_order(_mm256_shuffle_ps(x, y, _MM_SHUFFLE(2, 0, 2, 0)));
    odd = in_order(_mm256_shuffle_ps(x, y, _MM_SHUFFLE(3, 1, 3, 1)));
}

inline void from_pairs(__m256 even, __m256 odd, float* acc) {
    const __m256 low = _mm256_unpacklo_ps(even, odd);   // [c0 c1 c2 c3 | c8 c9 c10 c11]
    const __m256 high = _mm256_unpackhi_ps(even, odd);  // [c4 c5 c6 c7 | c12 c13 c14 c15]
    _mm256_storeu_ps(acc, _mm256_permute2f128_ps(low, high, 0x20));
    _mm256_storeu_ps(acc + 8, _mm256_permute2f128_ps(low, high, 0x31));
}

// 64 bf16 columns (not SQUARED_DEVIATION) over all the rows, each column's rows in order. max/min leave NaN
// out and return false, acc untouched, when their watch saw one (the caller folds the block again).
template <Kind K>
bool fold_bf16_block(const uint16_t* src, int64_t stride, size_t rows, float* acc, bool from_identity) {
    const __m256i high = _mm256_set1_epi32(static_cast<int>(0xffff0000u));
    __m256 even[4], odd[4];
    for (int j = 0; j < 4; ++j) {
        if (from_identity) {
            even[j] = odd[j] = _mm256_set1_ps(reduce_identity(K));
        } else {
            to_pairs(acc + 16 * j, even[j], odd[j]);
        }
    }
    [[maybe_unused]] __m256 nan = _mm256_setzero_ps();
    for (size_t r = 0; r < rows; ++r) {
        const uint16_t* p = src + static_cast<int64_t>(r) * stride;
        for (int j = 0; j < 4; ++j) {
            const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 16 * j));
            const __m256 e = _mm256_castsi256_ps(_mm256_slli_epi32(x, 16));
            const __m256 o = _mm256_castsi256_ps(_mm256_and_si256(x, high));
            even[j] = fold_step<K>(even[j], e, e);
            odd[j] = fold_step<K>(odd[j], o, o);
            if constexpr (kDeferNan<K>)
                nan = _mm256_or_ps(nan, nan_of(e, o));
        }
    }
    if constexpr (kDeferNan<K>) {
        if (_mm256_movemask_ps(nan) != 0)
            return false;
    }
    for (int j = 0; j < 4; ++j)
        from_pairs(even[j], odd[j], acc + 16 * j);
    return true;
}

template <Kind K, typename T>
void accumulate(
    const T* src, int64_t stride, size_t rows, const float* center, float* acc, size_t count, bool from_identity) {
    constexpr bool kCentered = K == Kind::SQUARED_DEVIATION;
    constexpr int kVectors = kCentered ? 4 : 8;  // the centers take registers too
    const auto centers_at = [center](size_t i) { return kCentered ? center + i : center; };
    size_t i = 0;
    for (; i + 8 * kVectors <= count; i += 8 * kVectors) {
        if constexpr (sizeof(T) == 2 && !kCentered) {
            if (fold_bf16_block<K>(src + i, stride, rows, acc + i, from_identity))
                continue;
        } else if constexpr (kDeferNan<K>) {
            if (fold_block_without_nan<K>(src + i, stride, rows, acc + i, from_identity))
                continue;
        }
        fold_block<K, kVectors>(src + i, stride, rows, centers_at(i), acc + i, from_identity);
    }
    for (; i + 8 <= count; i += 8)
        fold_block<K, 1>(src + i, stride, rows, centers_at(i), acc + i, from_identity);
    if (i == count)
        return;
    scalar<T>().accumulate(K, src + i, stride, rows, centers_at(i), acc + i, count - i, from_identity);
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
    with_kind(kind, [&]<Kind K>() { fold_rows<K>(src, stride, count, rows, center, out, out_stride); });
}

template <typename T>
void rows4_entry(ReduceKind kind, const T* src, int64_t stride, size_t count, const float* center, float* out) {
    with_kind(kind, [&]<Kind K>() { rows4<K>(src, stride, count, center, out); });
}

template <typename T>
void accumulate_entry(ReduceKind kind,
                      const T* src,
                      int64_t stride,
                      size_t rows,
                      const float* center,
                      float* acc,
                      size_t count,
                      bool from_identity) {
    with_kind(kind, [&]<Kind K>() { accumulate<K>(src, stride, rows, center, acc, count, from_identity); });
}

template <typename T>
constexpr TypedReductionKernels<T> kAvx2{.row = row_entry<T>,
                                         .rows = rows_entry<T>,
                                         .rows4 = rows4_entry<T>,
                                         .accumulate = accumulate_entry<T>,
                                         .arg = arg_row<T>};

}  // namespace

const ReductionKernels& avx2_reduction_kernels() {
    static const ReductionKernels avx2{.f32 = kAvx2<float>, .bf16 = kAvx2<uint16_t>};
    return avx2;
}

}  // namespace ttnn::kernels
