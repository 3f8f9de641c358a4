// The portable reductions: the reference the AVX2 kernels are checked against (test_reduction_kernels.cpp).
#include <cmath>
#include <limits>

#include "kernels/reduction_kernels.hpp"
#include "ttnn/dtype.hpp"

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
void accumulate(ReduceKind kind, const T* src, const float* center, float* acc, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        acc[i] = step(kind, acc[i], load(src[i]), kind == ReduceKind::SQUARED_DEVIATION ? center[i] : 0.0f);
    }
}

}  // namespace

float reduce_identity(ReduceKind kind) {
    switch (kind) {
        case ReduceKind::PROD:
            return 1.0f;
        case ReduceKind::MAX:
            return -std::numeric_limits<float>::infinity();
        case ReduceKind::MIN:
            return std::numeric_limits<float>::infinity();
        default:
            return 0.0f;
    }
}

float reduce_combine(ReduceKind kind, float a, float b) {
    return step(
        kind == ReduceKind::SQUARED_DEVIATION || kind == ReduceKind::NONZERO ? ReduceKind::SUM : kind, a, b, 0.0f);
}

float row_f32_scalar(ReduceKind kind, const float* src, size_t count, float center) {
    return row(kind, src, count, center);
}
float row_bf16_scalar(ReduceKind kind, const uint16_t* src, size_t count, float center) {
    return row(kind, src, count, center);
}
void rows4_f32_scalar(
    ReduceKind kind, const float* src, int64_t stride, size_t count, const float* center, float* out) {
    for (int r = 0; r < 4; ++r)
        out[r] = row(kind, src + r * stride, count, center[r]);
}
void rows4_bf16_scalar(
    ReduceKind kind, const uint16_t* src, int64_t stride, size_t count, const float* center, float* out) {
    for (int r = 0; r < 4; ++r)
        out[r] = row(kind, src + r * stride, count, center[r]);
}
void accumulate_f32_scalar(ReduceKind kind, const float* src, const float* center, float* acc, size_t count) {
    accumulate(kind, src, center, acc, count);
}
void accumulate_bf16_scalar(ReduceKind kind, const uint16_t* src, const float* center, float* acc, size_t count) {
    accumulate(kind, src, center, acc, count);
}

const ReductionKernels& reduction_kernels(Isa isa) {
    static const ReductionKernels scalar{.row_f32 = row_f32_scalar,
                                         .row_bf16 = row_bf16_scalar,
                                         .rows4_f32 = rows4_f32_scalar,
                                         .rows4_bf16 = rows4_bf16_scalar,
                                         .accumulate_f32 = accumulate_f32_scalar,
                                         .accumulate_bf16 = accumulate_bf16_scalar};
#if TTNN_HAVE_AVX2
    static const ReductionKernels avx2{.row_f32 = row_f32_avx2,
                                       .row_bf16 = row_bf16_avx2,
                                       .rows4_f32 = rows4_f32_avx2,
                                       .rows4_bf16 = rows4_bf16_avx2,
                                       .accumulate_f32 = accumulate_f32_avx2,
                                       .accumulate_bf16 = accumulate_bf16_avx2};
    if (isa == Isa::AVX2)
        return avx2;
#else
    (void)isa;
#endif
    return scalar;
}

const ReductionKernels& reduction_kernels() {
    return reduction_kernels(active_isa());
}

}  // namespace ttnn::kernels
