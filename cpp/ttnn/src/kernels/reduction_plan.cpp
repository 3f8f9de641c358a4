#include "kernels/reduction_plan.hpp"

#include <algorithm>
#include <type_traits>

#include "kernels/data_movement_copy.hpp"
#include "kernels/data_movement_views.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

using kernels::Odometer;
using kernels::ReduceKind;

// Work per parallel chunk, in elements read.
constexpr size_t kChunkElements = 32 * 1024;
// Columns one accumulate task owns: 4 KiB of fp32 accumulators stay in L1.
constexpr uint64_t kColumns = 1024;

// Appends a dim, merging it into the previous one when both strides run on contiguously.
void push_dim(std::vector<uint64_t>& extents,
              std::vector<int64_t>& a,
              std::vector<int64_t>* b,
              uint64_t n,
              int64_t sa,
              int64_t sb) {
    if (n == 1)
        return;
    const auto wide = static_cast<int64_t>(n);
    if (!extents.empty() && a.back() == sa * wide && (b == nullptr || b->back() == sb * wide)) {
        extents.back() *= n;
        a.back() = sa;
        if (b != nullptr)
            b->back() = sb;
        return;
    }
    extents.push_back(n);
    a.push_back(sa);
    if (b != nullptr)
        b->push_back(sb);
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
    } else if constexpr (sizeof(T) == 2) {
        return k.row_bf16(kind, src, count, center);
    } else {
        return k.row_f32(kind, src, count, center);
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
    } else if constexpr (sizeof(T) == 2) {
        k.rows4_bf16(kind, src, stride, count, center, out);
    } else {
        k.rows4_f32(kind, src, stride, count, center, out);
    }
}

template <typename T>
void fold_columns(
    const kernels::ReductionKernels& k, ReduceKind kind, const T* src, const float* center, Acc<T>* acc, size_t count) {
    if constexpr (std::is_integral_v<Acc<T>>) {
        kernels::accumulate_int(kind, src, acc, count);
    } else if constexpr (sizeof(T) == 2) {
        k.accumulate_bf16(kind, src, center, acc, count);
    } else {
        k.accumulate_f32(kind, src, center, acc, count);
    }
}

// The innermost input dim is reduced (or nothing is contiguous): each output folds rows of `width` elements.
template <typename T>
void reduce_rows(
    ReduceKind kind, const T* in, const ReducePlan& p, Acc<T>* out, const float* center, ThreadPool& pool) {
    std::vector<uint64_t> rest = p.reduced;
    std::vector<int64_t> rest_in = p.reduced_in;
    uint64_t width = 1;
    if (!rest.empty() && rest_in.back() == 1) {
        width = rest.back();
        rest.pop_back();
        rest_in.pop_back();
    }
    const uint64_t rows = kernels::volume(rest);
    const kernels::ReductionKernels& k = kernels::reduction_kernels();
    const size_t grain = std::max<size_t>(1, kChunkElements / std::max<uint64_t>(p.reduce_count, 1));
    // Consecutive outputs along the innermost kept dim go four at a time when each folds one row.
    const uint64_t inner = p.kept.empty() ? 1 : p.kept.back();
    const int64_t in_step = p.kept.empty() ? 0 : p.kept_in.back();
    const int64_t out_step = p.kept.empty() ? 0 : p.kept_out.back();
    pool.parallel_for(kernels::volume(p.kept), grain, [&](size_t begin, size_t end) {
        Odometer at(p.kept, p.kept_in, p.kept_out, begin);
        for (size_t o = begin; o < end;) {
            if (rows == 1 && o % inner + 4 <= inner && o + 4 <= end) {
                float c[4] = {};
                Acc<T> folded[4];
                for (int64_t j = 0; j < 4 && center != nullptr; ++j)
                    c[j] = center[at.b() + j * out_step];
                fold_rows4(k, kind, in + at.a(), in_step, width, c, folded);
                for (int64_t j = 0; j < 4; ++j, at.next())
                    out[at.b()] = folded[j];
                o += 4;
                continue;
            }
            const float c = center != nullptr ? center[at.b()] : 0.0f;
            Acc<T> acc = identity<Acc<T>>(kind);
            Odometer row(rest, rest_in, rest_in, 0);
            for (uint64_t r = 0; r < rows; ++r, row.next()) {
                acc = combine(kind, acc, fold_row(k, kind, in + at.a() + row.a(), width, c));
            }
            out[at.b()] = acc;
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
    const size_t grain = std::max<size_t>(1, kChunkElements / std::max<uint64_t>(rows * kColumns, 1));
    pool.parallel_for(kernels::volume(outer) * tasks_per_row, grain, [&](size_t begin, size_t end) {
        std::vector<Acc<T>> acc(kColumns);
        for (size_t task = begin; task < end; ++task) {
            const Odometer at(outer, outer_in, outer_out, task / tasks_per_row);
            const uint64_t column = (task % tasks_per_row) * kColumns;
            const size_t count = std::min(kColumns, width - column);
            const auto shift = static_cast<int64_t>(column);
            std::fill_n(acc.begin(), count, identity<Acc<T>>(kind));
            const float* c = center != nullptr ? center + at.b() + shift : nullptr;
            Odometer row(p.reduced, p.reduced_in, p.reduced_in, 0);
            for (uint64_t r = 0; r < rows; ++r, row.next()) {
                fold_columns(k, kind, in + at.a() + row.a() + shift, c, acc.data(), count);
            }
            std::copy_n(acc.begin(), count, out + at.b() + shift);
        }
    });
}

}  // namespace

std::vector<bool> reduced_dims(const char* op, const Shape& shape, const std::optional<std::vector<int64_t>>& dim) {
    std::vector<bool> mask(static_cast<size_t>(shape.rank()), !dim.has_value() || dim->empty());
    for (int64_t d : dim.value_or(std::vector<int64_t>{})) {
        const int n = normalize_dim(op, d, shape.rank());
        if (shape.rank() == 0)
            continue;
        TTNN_CHECK(!mask[static_cast<size_t>(n)],
                   VALUE,
                   "ttnn.",
                   op,
                   ": dim ",
                   n,
                   " appears more than once; expected each dim at most once");
        mask[static_cast<size_t>(n)] = true;
    }
    return mask;
}

Shape reduced_shape(const Shape& shape, const std::vector<bool>& mask, bool keepdim) {
    std::vector<uint32_t> dims;
    for (int i = 0; i < shape.rank(); ++i) {
        if (!mask[static_cast<size_t>(i)]) {
            dims.push_back(shape[i]);
        } else if (keepdim) {
            dims.push_back(1);
        }
    }
    return Shape(dims);
}

ReducePlan make_plan(const TensorSpec& in, const TensorSpec& out, const std::vector<bool>& mask, bool keepdim) {
    const std::vector<int64_t> in_strides = kernels::storage_strides(in);
    const std::vector<int64_t> out_strides = kernels::storage_strides(out);
    ReducePlan p;
    size_t j = 0;
    for (size_t i = 0; i < mask.size(); ++i) {
        const uint64_t n = in.logical_shape[static_cast<int>(i)];
        if (mask[i]) {
            p.reduce_count *= n;
            push_dim(p.reduced, p.reduced_in, nullptr, n, in_strides[i], 0);
            j += keepdim ? 1 : 0;
        } else {
            push_dim(p.kept, p.kept_in, &p.kept_out, n, in_strides[i], out_strides[j++]);
        }
    }
    return p;
}

namespace {

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
