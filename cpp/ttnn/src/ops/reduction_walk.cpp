// The walks of reduce_into (reduction_plan.hpp): rows (the reduced dim innermost), four short rows at once,
// columns (the innermost dim kept), and few long folds split into parts.
#include <algorithm>
#include <type_traits>

#include "kernels/data_movement_copy.hpp"
#include "ops/op_common.hpp"
#include "ops/reduction_plan.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

using kernels::Odometer;
using kernels::ReduceKind;

// Work per parallel chunk, in elements read.
constexpr size_t kChunkElements = 32 * 1024;
// Columns one accumulate task owns: 4 KiB of fp32 accumulators stay in L1.
constexpr uint64_t kColumns = 1024;
// Rows at least this long fold one at a time: four interleaved rows hide the latency of short folds, but over a
// long row one stream reads faster (measured: docs/performance.md, "Measurements behind choices in the code").
constexpr uint64_t kLongRow = 256;
// Fewer outputs (or column tasks) than this leave threads idle, so their rows are split into parts folded
// apart and combined in part order. The number of parts follows from the shape alone, so a result does not
// depend on how many threads ran it.
constexpr uint64_t kFewTasks = 8;
constexpr uint64_t kMaxParts = 16;

// How many parts to split `tasks` tasks of `elements` elements each into (1: no split).
uint64_t split_parts(uint64_t tasks, uint64_t elements) {
    if (tasks >= kFewTasks)
        return 1;
    return std::clamp<uint64_t>(elements / kChunkElements, 1, kMaxParts);
}

// Rows [first, last) of `rows` when split into `parts` equal parts.
std::pair<uint64_t, uint64_t> part_range(uint64_t rows, uint64_t parts, uint64_t part) {
    return {rows * part / parts, rows * (part + 1) / parts};
}

// What a reduction of T accumulates in: fp32 for the floats, the integer type itself for int32/uint32.
template <typename T>
using Acc = std::conditional_t<std::is_integral_v<T> && sizeof(T) == 4, T, float>;

template <typename A>
A identity(ReduceKind kind) {
    if constexpr (std::is_integral_v<A>) {
        return kernels::reduce_identity_int<A>(kind);
    } else {
        return kernels::reduce_identity(kind);
    }
}

template <typename A>
A combine(ReduceKind kind, A a, A b) {
    if constexpr (std::is_integral_v<A>) {
        return kernels::reduce_combine_int(kind, a, b);
    } else {
        return kernels::reduce_combine(kind, a, b);
    }
}

template <typename T>
Acc<T> fold_row(const kernels::ReductionKernels& k, ReduceKind kind, const T* src, size_t count, float center) {
    if constexpr (std::is_integral_v<Acc<T>>) {
        return kernels::row_int(kind, src, count);
    } else {
        return k.of<T>().row(kind, src, count, center);
    }
}

// `rows` long rows `stride` apart, one output each, `out_stride` apart (the kernels' rows entries).
template <typename T>
void fold_long_rows(const kernels::ReductionKernels& k,
                    ReduceKind kind,
                    const T* src,
                    int64_t stride,
                    size_t count,
                    size_t rows,
                    const float* center,
                    Acc<T>* out,
                    int64_t out_stride) {
    if constexpr (std::is_integral_v<Acc<T>>) {
        kernels::fold_each_row(src, stride, rows, center, out, out_stride, [&](const T* line, float) {
            return kernels::row_int(kind, line, count);
        });
    } else {
        k.of<T>().rows(kind, src, stride, count, rows, center, out, out_stride);
    }
}

template <typename T>
void fold_rows4(const kernels::ReductionKernels& k,
                ReduceKind kind,
                const T* src,
                int64_t stride,
                size_t count,
                const float* center,
                Acc<T>* out) {
    if constexpr (std::is_integral_v<Acc<T>>) {
        for (int64_t r = 0; r < 4; ++r)
            out[r] = kernels::row_int(kind, src + r * stride, count);
    } else {
        k.of<T>().rows4(kind, src, stride, count, center, out);
    }
}

template <typename T>
void fold_columns(const kernels::ReductionKernels& k,
                  ReduceKind kind,
                  const T* src,
                  int64_t stride,
                  size_t rows,
                  const float* center,
                  Acc<T>* acc,
                  size_t count,
                  bool from_identity) {
    if constexpr (std::is_integral_v<Acc<T>>) {
        kernels::accumulate_int(kind, src, stride, rows, acc, count, from_identity);
    } else {
        k.of<T>().accumulate(kind, src, stride, rows, center, acc, count, from_identity);
    }
}

// Calls run(offset, stride, count) for rows [first, last) of the plan's reduced dims, as runs of equally spaced
// rows along the innermost reduced dim.
template <typename Run>
void row_runs(const ReducePlan& p, uint64_t first, uint64_t last, Run run) {
    if (first >= last)
        return;  // also an empty fold, whose zero extent must not divide below
    if (p.reduced.empty()) {
        run(int64_t{0}, int64_t{0}, uint64_t{1});
        return;
    }
    const uint64_t inner = p.reduced.back();
    const int64_t step = p.reduced_in.back();
    const std::vector<uint64_t> outer(p.reduced.begin(), p.reduced.end() - 1);
    const std::vector<int64_t> outer_in(p.reduced_in.begin(), p.reduced_in.end() - 1);
    Odometer at(outer, outer_in, outer_in, first / inner);
    for (uint64_t r = first; r < last;) {
        const uint64_t within = r % inner;
        const uint64_t count = std::min(last - r, inner - within);
        run(at.a() + static_cast<int64_t>(within) * step, step, count);
        r += count;
        if (r % inner == 0)
            at.next();
    }
}

// What each output of the row walk folds: `rows` rows (the reduced dims but the innermost, walked by `rest`)
// of `width` contiguous elements (the innermost reduced dim when it is contiguous, else 1).
struct RowWalk {
    std::vector<uint64_t> rest;
    std::vector<int64_t> rest_in;
    uint64_t width = 1;
    uint64_t rows = 1;
};

RowWalk row_walk(const ReducePlan& p) {
    RowWalk w{p.reduced, p.reduced_in};
    if (!w.rest.empty() && w.rest_in.back() == 1) {
        w.width = w.rest.back();
        w.rest.pop_back();
        w.rest_in.pop_back();
    }
    w.rows = kernels::volume(w.rest);
    return w;
}

// Rows [first, last) of one output's fold, starting at `base`.
template <typename T>
Acc<T> fold_rows(const kernels::ReductionKernels& k,
                 ReduceKind kind,
                 const T* base,
                 const RowWalk& w,
                 uint64_t first,
                 uint64_t last,
                 float center) {
    Acc<T> acc = identity<Acc<T>>(kind);
    Odometer row(w.rest, w.rest_in, w.rest_in, first);
    for (uint64_t r = first; r < last; ++r, row.next())
        acc = combine(kind, acc, fold_row(k, kind, base + row.a(), w.width, center));
    return acc;
}

// Few long folds: each part folds a range of an output's rows (of its one row's width when it has one row);
// the parts combine in order.
template <typename T>
void reduce_rows_in_parts(ReduceKind kind,
                          const T* in,
                          const ReducePlan& p,
                          const RowWalk& w,
                          uint64_t parts,
                          Acc<T>* out,
                          const float* center,
                          ThreadPool& pool) {
    const kernels::ReductionKernels& k = kernels::reduction_kernels();
    const uint64_t outputs = kernels::volume(p.kept);
    std::vector<Acc<T>> partial(outputs * parts);
    pool.parallel_for(outputs * parts, 1, [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) {
            const Odometer at(p.kept, p.kept_in, p.kept_out, t / parts);
            const float c = center != nullptr ? center[at.b()] : 0.0f;
            if (w.rows == 1) {
                const auto [first, last] = part_range(w.width, parts, t % parts);
                partial[t] = fold_row(k, kind, in + at.a() + static_cast<int64_t>(first), last - first, c);
            } else {
                const auto [first, last] = part_range(w.rows, parts, t % parts);
                partial[t] = fold_rows(k, kind, in + at.a(), w, first, last, c);
            }
        }
    });
    Odometer at(p.kept, p.kept_in, p.kept_out, 0);
    for (uint64_t o = 0; o < outputs; ++o, at.next()) {
        Acc<T> acc = identity<Acc<T>>(kind);
        for (uint64_t part = 0; part < parts; ++part)
            acc = combine(kind, acc, partial[o * parts + part]);
        out[at.b()] = acc;
    }
}

// The innermost input dim is reduced (or nothing is contiguous): each output folds rows of `width` elements.
template <typename T>
void reduce_rows(
    ReduceKind kind, const T* in, const ReducePlan& p, Acc<T>* out, const float* center, ThreadPool& pool) {
    const RowWalk w = row_walk(p);
    if (const uint64_t parts = split_parts(kernels::volume(p.kept), p.reduce_count); parts > 1)
        return reduce_rows_in_parts(kind, in, p, w, parts, out, center, pool);
    const kernels::ReductionKernels& k = kernels::reduction_kernels();
    const size_t grain = std::max<size_t>(1, kChunkElements / std::max<uint64_t>(p.reduce_count, 1));
    const uint64_t inner = p.kept.empty() ? 1 : p.kept.back();
    const int64_t in_step = p.kept.empty() ? 0 : p.kept_in.back();
    const int64_t out_step = p.kept.empty() ? 0 : p.kept_out.back();
    if (w.rows == 1 && w.width >= kLongRow && p.kept.size() == 1) {
        // One long row per output, outputs along one dim: offsets by arithmetic (an Odometer step per output
        // was a tenth of fp32 sum over the last dim of [8, 128, 768]).
        pool.parallel_for(inner, grain, [&](size_t begin, size_t end) {
            const auto first = static_cast<int64_t>(begin);
            fold_long_rows(k,
                           kind,
                           in + first * in_step,
                           in_step,
                           w.width,
                           end - begin,
                           center != nullptr ? center + first * out_step : nullptr,
                           out + first * out_step,
                           out_step);
        });
        return;
    }
    pool.parallel_for(kernels::volume(p.kept), grain, [&](size_t begin, size_t end) {
        Odometer at(p.kept, p.kept_in, p.kept_out, begin);
        for (size_t o = begin; o < end;) {
            // Consecutive outputs along the innermost kept dim go four at a time when each folds one short row.
            if (w.rows == 1 && w.width < kLongRow && o % inner + 4 <= inner && o + 4 <= end) {
                float c[4] = {};
                Acc<T> folded[4];
                for (int64_t j = 0; j < 4 && center != nullptr; ++j)
                    c[j] = center[at.b() + j * out_step];
                fold_rows4(k, kind, in + at.a(), in_step, w.width, c, folded);
                for (int64_t j = 0; j < 4; ++j, at.next())
                    out[at.b()] = folded[j];
                o += 4;
                continue;
            }
            const float c = center != nullptr ? center[at.b()] : 0.0f;
            out[at.b()] = w.rows == 1 ? fold_row(k, kind, in + at.a(), w.width, c)
                                      : fold_rows(k, kind, in + at.a(), w, 0, w.rows, c);
            ++o;
            at.next();
        }
    });
}

// The innermost input dim is kept: fold whole input rows into a row of accumulators, kColumns at a time.
template <typename T>
void reduce_columns(
    ReduceKind kind, const T* in, const ReducePlan& p, Acc<T>* out, const float* center, ThreadPool& pool) {
    const uint64_t width = p.kept.back();
    const std::vector<uint64_t> outer(p.kept.begin(), p.kept.end() - 1);
    const std::vector<int64_t> outer_in(p.kept_in.begin(), p.kept_in.end() - 1);
    const std::vector<int64_t> outer_out(p.kept_out.begin(), p.kept_out.end() - 1);
    const uint64_t tasks_per_row = (width + kColumns - 1) / kColumns;
    const uint64_t rows = kernels::volume(p.reduced);
    const kernels::ReductionKernels& k = kernels::reduction_kernels();
    const uint64_t tasks = kernels::volume(outer) * tasks_per_row;
    // Few column tasks over many rows: each part folds a range of the rows into its own accumulators.
    const uint64_t parts = split_parts(tasks, rows * std::min(width, kColumns));
    std::vector<Acc<T>> partial(parts > 1 ? tasks * parts * kColumns : 0);
    const size_t grain = std::max<size_t>(1, kChunkElements * parts / std::max<uint64_t>(rows * kColumns, 1));
    pool.parallel_for(tasks * parts, grain, [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) {
            const uint64_t task = t / parts;
            const Odometer at(outer, outer_in, outer_out, task / tasks_per_row);
            const uint64_t column = (task % tasks_per_row) * kColumns;
            const size_t count = std::min(kColumns, width - column);
            const auto shift = static_cast<int64_t>(column);
            // Unsplit, the output's own columns are the accumulators (they are contiguous on this path).
            Acc<T>* acc = parts > 1 ? partial.data() + t * kColumns : out + at.b() + shift;
            const float* c = center != nullptr ? center + at.b() + shift : nullptr;
            const auto [first, last] = part_range(rows, parts, t % parts);
            bool fresh = true;  // the first run starts the accumulators at the identity
            row_runs(p, first, last, [&](int64_t offset, int64_t stride, uint64_t run) {
                fold_columns(k, kind, in + at.a() + offset + shift, stride, run, c, acc, count, fresh);
                fresh = false;
            });
            if (fresh)  // no rows (a zero-size reduced dim): the identity
                std::fill_n(acc, count, identity<Acc<T>>(kind));
        }
    });
    for (uint64_t task = 0; parts > 1 && task < tasks; ++task) {
        const Odometer at(outer, outer_in, outer_out, task / tasks_per_row);
        const uint64_t column = (task % tasks_per_row) * kColumns;
        const size_t count = std::min(kColumns, width - column);
        Acc<T>* dst = out + at.b() + static_cast<int64_t>(column);
        // The parts fold into the first in part order: the sums of partial sums (and counts) add.
        Acc<T>* first = partial.data() + task * parts * kColumns;
        const ReduceKind merge =
            kind == ReduceKind::SQUARED_DEVIATION || kind == ReduceKind::NONZERO ? ReduceKind::SUM : kind;
        fold_columns<Acc<T>>(
            k, merge, first + kColumns, static_cast<int64_t>(kColumns), parts - 1, nullptr, first, count, false);
        std::copy_n(first, count, dst);
    }
}

// Runs the row or column walk over `image`'s elements as T into `out`'s accumulators.
template <typename T>
void reduce_typed(
    ReduceKind kind, const Tensor& image, const ReducePlan& plan, const Tensor& out, const float* center) {
    const T* src = image.data<T>();
    Acc<T>* dst = out.data<Acc<T>>();
    ThreadPool& pool = pool_for(out);
    const bool columns = !plan.kept.empty() && plan.kept_in.back() == 1 && plan.kept_out.back() == 1;
    columns ? reduce_columns(kind, src, plan, dst, center, pool) : reduce_rows(kind, src, plan, dst, center, pool);
}

}  // namespace

DataType accumulator_dtype(DataType image_dtype) {
    return image_dtype == DataType::INT32 || image_dtype == DataType::UINT32 ? image_dtype : DataType::FLOAT32;
}

void reduce_into(
    ReduceKind kind, const Tensor& image, const ReducePlan& plan, const Tensor& out, const Tensor* center) {
    TTNN_ASSERT(out.dtype() == accumulator_dtype(image.dtype()), out.to_string());
    if (kernels::volume(plan.kept) == 0 || out.logical_shape().volume() == 0)
        return;
    const float* c = center != nullptr ? center->data<float>() : nullptr;
    switch (image.dtype()) {
        case DataType::BFLOAT16:
            return reduce_typed<uint16_t>(kind, image, plan, out, c);
        case DataType::INT32:
            TTNN_ASSERT(c == nullptr, image.to_string());
            return reduce_typed<int32_t>(kind, image, plan, out, c);
        case DataType::UINT32:
            TTNN_ASSERT(c == nullptr, image.to_string());
            return reduce_typed<uint32_t>(kind, image, plan, out, c);
        default:
            TTNN_ASSERT(image.dtype() == DataType::FLOAT32, image.to_string());
            return reduce_typed<float>(kind, image, plan, out, c);
    }
}

}  // namespace ttnn::ops
