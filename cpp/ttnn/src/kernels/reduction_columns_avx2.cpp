// AVX2 column reductions (the innermost dim kept): blocks of accumulators kept in registers over all the rows,
// each accumulator folding its rows in order, so the bits are the scalar kernel's.
#include "kernels/reduction_avx2_fold.hpp"

namespace ttnn::kernels::reduction_avx2 {
namespace {

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
// lane (a watch per vector took 8 registers and held fp32 max over dim 0 well behind sum).
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
// [c1 c3 .. c15], the order load16_pairs gives them in: two operations for 16 values where widening takes two
// loads, two shuffles and two shifts. Accumulators change order once per block, not per row.
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
            __m256 e, o;
            load16_pairs(p + 16 * j, e, o);
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

}  // namespace

const decltype(TypedReductionKernels<float>::accumulate) accumulate_f32 = accumulate_entry<float>;
const decltype(TypedReductionKernels<uint16_t>::accumulate) accumulate_bf16 = accumulate_entry<uint16_t>;

}  // namespace ttnn::kernels::reduction_avx2
