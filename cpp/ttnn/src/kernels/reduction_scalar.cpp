// The portable reductions: the reference the AVX2 kernels are checked against (test_reduction_kernels.cpp).
#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels/reduction_kernels.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/error.hpp"

namespace ttnn::kernels {
namespace {

inline float load(float v) {
    return v;
}
inline float load(uint16_t v) {
    return f32_from_bf16(v);
}

// One step of a reduction; `c` is the center of SQUARED_DEVIATION.
inline float step(ReduceKind kind, float acc, float v, float c) {
    switch (kind) {
        case ReduceKind::SUM:
            return acc + v;
        case ReduceKind::PROD:
            return acc * v;
        case ReduceKind::MAX:
            return (v > acc || std::isnan(v)) && !std::isnan(acc) ? v : acc;
        case ReduceKind::MIN:
            return (v < acc || std::isnan(v)) && !std::isnan(acc) ? v : acc;
        case ReduceKind::NONZERO:
            return acc + (v != 0.0f ? 1.0f : 0.0f);
        case ReduceKind::SQUARED_DEVIATION:
            return acc + (v - c) * (v - c);
    }
    return acc;
}

template <typename T>
float row(ReduceKind kind, const T* src, size_t count, float center) {
    float acc = reduce_identity(kind);
    for (size_t i = 0; i < count; ++i)
        acc = step(kind, acc, load(src[i]), center);
    return acc;
}

template <typename T>
void accumulate_row(ReduceKind kind, const T* src, const float* center, float* acc, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        acc[i] = step(kind, acc[i], load(src[i]), kind == ReduceKind::SQUARED_DEVIATION ? center[i] : 0.0f);
    }
}

}  // namespace

float reduce_combine(ReduceKind kind, float a, float b) {
    return step(
        kind == ReduceKind::SQUARED_DEVIATION || kind == ReduceKind::NONZERO ? ReduceKind::SUM : kind, a, b, 0.0f);
}

namespace {
// torch's order for argmax: NaN above every number; for argmin NaN still wins (the first NaN is returned).
template <typename T>
uint32_t arg(const T* src, size_t count, bool largest) {
    const auto value = [&](size_t i) {
        if constexpr (sizeof(T) == 2) {
            return f32_from_bf16(src[i]);
        } else {
            return src[i];
        }
    };
    float best = count > 0 ? value(0) : 0.0f;
    uint32_t best_index = 0;
    for (size_t i = 1; i < count && !std::isnan(best); ++i) {
        const float v = value(i);
        // Strict comparisons keep the first of equal values.
        if (std::isnan(v) || (largest ? v > best : v < best)) {
            best = v;
            best_index = static_cast<uint32_t>(i);
        }
    }
    return best_index;
}

template <typename T>
void rows(ReduceKind kind,
          const T* src,
          int64_t stride,
          size_t count,
          size_t rows,
          const float* center,
          float* out,
          int64_t out_stride) {
    fold_each_row(
        src, stride, rows, center, out, out_stride, [&](const T* line, float c) { return row(kind, line, count, c); });
}

template <typename T>
void rows4(ReduceKind kind, const T* src, int64_t stride, size_t count, const float* center, float* out) {
    for (int r = 0; r < 4; ++r)
        out[r] = row(kind, src + r * stride, count, center[r]);
}

template <typename T>
void accumulate(ReduceKind kind,
                const T* src,
                int64_t stride,
                size_t rows,
                const float* center,
                float* acc,
                size_t count,
                bool from_identity) {
    if (from_identity)
        std::fill_n(acc, count, reduce_identity(kind));
    for (size_t r = 0; r < rows; ++r)
        accumulate_row(kind, src + static_cast<int64_t>(r) * stride, center, acc, count);
}

template <typename T>
constexpr TypedReductionKernels<T> kScalar{
    .row = row<T>, .rows = rows<T>, .rows4 = rows4<T>, .accumulate = accumulate<T>, .arg = arg<T>};
}  // namespace

template <typename T>
T reduce_identity_int(ReduceKind kind) {
    switch (kind) {
        case ReduceKind::MAX:
            return std::numeric_limits<T>::lowest();
        case ReduceKind::MIN:
            return std::numeric_limits<T>::max();
        default:
            return 0;
    }
}

// Calls body(combine) with the kind's combining function, so each kind's loop vectorises on its own.
template <typename T, typename Body>
auto with_int_combine(ReduceKind kind, Body body) {
    switch (kind) {
        case ReduceKind::MAX:
            return body([](T a, T b) { return a < b ? b : a; });
        case ReduceKind::MIN:
            return body([](T a, T b) { return b < a ? b : a; });
        default:
            TTNN_ASSERT(kind == ReduceKind::SUM, "integer reductions are SUM, MAX and MIN");
            // Unsigned arithmetic wraps without undefined behaviour; the conversion back is modular (C++20).
            return body([](T a, T b) { return static_cast<T>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b)); });
    }
}

template <typename T>
T reduce_combine_int(ReduceKind kind, T a, T b) {
    return with_int_combine<T>(kind, [&](auto combine) { return combine(a, b); });
}

template <typename T>
T row_int(ReduceKind kind, const T* src, size_t count) {
    return with_int_combine<T>(kind, [&](auto combine) {
        T acc = reduce_identity_int<T>(kind);
        for (size_t i = 0; i < count; ++i)
            acc = combine(acc, src[i]);
        return acc;
    });
}

template <typename T>
void accumulate_int(
    ReduceKind kind, const T* src, int64_t stride, size_t rows, T* acc, size_t count, bool from_identity) {
    if (from_identity)
        std::fill_n(acc, count, reduce_identity_int<T>(kind));
    with_int_combine<T>(kind, [&](auto combine) {
        for (size_t r = 0; r < rows; ++r) {
            const T* row = src + static_cast<int64_t>(r) * stride;
            for (size_t i = 0; i < count; ++i)
                acc[i] = combine(acc[i], row[i]);
        }
    });
}

template int32_t reduce_identity_int<int32_t>(ReduceKind);
template uint32_t reduce_identity_int<uint32_t>(ReduceKind);
template int32_t reduce_combine_int<int32_t>(ReduceKind, int32_t, int32_t);
template uint32_t reduce_combine_int<uint32_t>(ReduceKind, uint32_t, uint32_t);
template int32_t row_int<int32_t>(ReduceKind, const int32_t*, size_t);
template uint32_t row_int<uint32_t>(ReduceKind, const uint32_t*, size_t);
template void accumulate_int<int32_t>(ReduceKind, const int32_t*, int64_t, size_t, int32_t*, size_t, bool);
template void accumulate_int<uint32_t>(ReduceKind, const uint32_t*, int64_t, size_t, uint32_t*, size_t, bool);

const ReductionKernels& reduction_kernels(Isa isa) {
    static const ReductionKernels scalar{.f32 = kScalar<float>, .bf16 = kScalar<uint16_t>};
#if TTNN_HAVE_AVX2
    if (static_cast<int>(isa) >= static_cast<int>(Isa::AVX2))
        return avx2_reduction_kernels();
#else
    (void)isa;
#endif
    return scalar;
}

const ReductionKernels& reduction_kernels() {
    return reduction_kernels(active_isa());
}

}  // namespace ttnn::kernels
