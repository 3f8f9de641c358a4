#pragma once
// Kernel table of the reductions: fp32 accumulation over bf16 or fp32 storage, one row at a time.
// Two shapes of work cover every reduction (ops/reduction.cpp picks one per call):
//   row:        reduce `count` contiguous elements to one float (the reduced dim is innermost);
//   rows:       `rows` rows `stride` elements apart, each folded as by row into out[r * out_stride] (center,
//               when not null, is read at the same offsets): long rows without a call per row;
//   rows4:      four rows `stride` elements apart at once (short rows are bound by the latency of the
//               fold, so independent rows are interleaved); center and out hold four values;
//   accumulate: fold `rows` contiguous rows, `stride` elements apart, into `count` accumulators (the
//               innermost dim is kept); each accumulator folds its rows in order, so every ISA gives the
//               same bits, and the AVX2 kernel keeps a block of accumulators in registers over all rows.
//               With `from_identity` the accumulators start at the kind's identity and acc is only written
//               (a fill pass before the fold cost fp32 max over dim 0 of [8, 128, 768] a tenth of its time).
//   arg:        the index of the first largest (or smallest) of `count` contiguous elements, the first NaN
//               if there is one (torch's argmax/argmin order).
// SQUARED_DEVIATION sums (x - center)^2 for var/std; `center` is the row's mean (row) or the
// accumulators' means (accumulate) and is ignored by the other kinds.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "ttnn/isa.hpp"

namespace ttnn::kernels {

enum class ReduceKind : uint8_t { SUM, PROD, MAX, MIN, NONZERO, SQUARED_DEVIATION };

// The kernels of one storage type T: float (fp32) or uint16_t (bf16 bits).
template <typename T>
struct TypedReductionKernels {
    float (*row)(ReduceKind kind, const T* src, size_t count, float center);
    void (*rows)(ReduceKind kind,
                 const T* src,
                 int64_t stride,
                 size_t count,
                 size_t rows,
                 const float* center,
                 float* out,
                 int64_t out_stride);
    void (*rows4)(ReduceKind kind, const T* src, int64_t stride, size_t count, const float* center, float* out);
    void (*accumulate)(ReduceKind kind,
                       const T* src,
                       int64_t stride,
                       size_t rows,
                       const float* center,
                       float* acc,
                       size_t count,
                       bool from_identity);
    uint32_t (*arg)(const T* src, size_t count, bool largest);
};

struct ReductionKernels {
    TypedReductionKernels<float> f32;
    TypedReductionKernels<uint16_t> bf16;

    template <typename T>
    const TypedReductionKernels<T>& of() const {
        static_assert(std::is_same_v<T, float> || std::is_same_v<T, uint16_t>, "fp32 or bf16 storage");
        if constexpr (std::is_same_v<T, float>) {
            return f32;
        } else {
            return bf16;
        }
    }
};

// The loop of the rows entries: out[r * out_stride] = fold(row r, its center), rows `stride` apart, the centers
// (when not null) laid out like out.
template <typename T, typename A, typename Fold>
void fold_each_row(
    const T* src, int64_t stride, size_t rows, const float* center, A* out, int64_t out_stride, Fold fold) {
    for (size_t r = 0; r < rows; ++r) {
        const auto at = static_cast<int64_t>(r);
        out[at * out_stride] = fold(src + at * stride, center != nullptr ? center[at * out_stride] : 0.0f);
    }
}

const ReductionKernels& reduction_kernels();         // the active ISA's
const ReductionKernels& reduction_kernels(Isa isa);  // a given ISA's (tests compare them)
#if TTNN_HAVE_AVX2
const ReductionKernels& avx2_reduction_kernels();  // reduction_avx2.cpp's table
#endif

// The value a reduction starts from (inline: the kernels' per-row setup folds it to a constant; a call cost
// fp32 sum over the last dim of [8, 128, 768] a quarter of its time), and how two partial results combine
// (NaN propagates through MAX/MIN).
constexpr float reduce_identity(ReduceKind kind) {
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
float reduce_combine(ReduceKind kind, float a, float b);

// Integer reductions (SUM, MAX, MIN; T is int32_t or uint32_t) in the input's own type, so they stay exact:
// SUM wraps modulo 2^32 as TT's 32-bit integer adder does. Plain loops the compiler vectorises; every ISA
// shares them.
template <typename T>
T reduce_identity_int(ReduceKind kind);
template <typename T>
T reduce_combine_int(ReduceKind kind, T a, T b);
template <typename T>
T row_int(ReduceKind kind, const T* src, size_t count);
template <typename T>
void accumulate_int(
    ReduceKind kind, const T* src, int64_t stride, size_t rows, T* acc, size_t count, bool from_identity);

}  // namespace ttnn::kernels
