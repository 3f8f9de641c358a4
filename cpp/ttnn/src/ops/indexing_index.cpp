// index, index_put, index_select and embedding: all read or write input[i0[b], i1[b], ...] for the positions
// b of broadcast index tensors, so they share one plan that turns every result position into a storage offset.
#include <algorithm>
#include <cstring>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

#include "kernels/data_movement_copy.hpp"
#include "ops/indexing_view.hpp"
#include "ops/op_common.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/indexing.hpp"

namespace ttnn {
namespace {

using ops::TensorView;

// Each result axis is either an input dim that no index touches (it steps the input by `input_stride`) or
// an axis of the broadcast index shape (it steps `base_offsets` by `index_stride`); the other stride is 0.
struct IndexPlan {
    std::vector<int64_t> result_shape;
    std::vector<int64_t> input_strides;
    std::vector<int64_t> index_strides;
    std::vector<int64_t> base_offsets;  // per broadcast index position: storage offset of the indexed dims
};

void add_axis(IndexPlan& plan, int64_t size, int64_t input_stride, int64_t index_stride) {
    plan.result_shape.push_back(size);
    plan.input_strides.push_back(input_stride);
    plan.index_strides.push_back(index_stride);
}

// Index tensors paired with their dims, sorted by dim: aten's list holds them in dim order.
std::vector<std::pair<int64_t, Tensor>> sorted_indices(const char* op,
                                                       const std::vector<Tensor>& indices,
                                                       const std::vector<int64_t>& dims,
                                                       int rank) {
    TTNN_CHECK(!indices.empty() && indices.size() == dims.size(),
               VALUE,
               "ttnn.",
               op,
               ": one dim per index tensor; expected ",
               indices.size(),
               " dims, got ",
               dims.size());
    std::vector<std::pair<int64_t, Tensor>> pairs;
    for (size_t k = 0; k < indices.size(); ++k) {
        TTNN_CHECK(dims[k] >= -rank && dims[k] < rank,
                   INDEX,
                   "ttnn.",
                   op,
                   ": dim out of range; expected ",
                   -rank,
                   " <= dim < ",
                   rank,
                   ", got ",
                   dims[k]);
        pairs.emplace_back(dims[k] < 0 ? dims[k] + rank : dims[k], indices[k]);
    }
    std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t k = 1; k < pairs.size(); ++k) {
        TTNN_CHECK(pairs[k].first != pairs[k - 1].first,
                   VALUE,
                   "ttnn.",
                   op,
                   ": each dim may be indexed once; expected distinct dims, got dim ",
                   pairs[k].first,
                   " twice");
    }
    return pairs;
}

IndexPlan plan_index(const char* op,
                     const Tensor& input,
                     const TensorView& view,
                     const std::vector<Tensor>& indices,
                     const std::vector<int64_t>& dims,
                     bool wrap_negative) {
    const int rank = input.logical_shape().rank();
    const auto pairs = sorted_indices(op, indices, dims, rank);
    std::vector<std::vector<int64_t>> index_shapes;
    for (const auto& [dim, t] : pairs)
        index_shapes.push_back(ops::dims_of(t));
    const std::vector<int64_t> broadcast = ops::broadcast_shapes(index_shapes, op);
    const int64_t positions = std::accumulate(broadcast.begin(), broadcast.end(), int64_t{1}, std::multiplies<>());

    IndexPlan plan;
    plan.base_offsets.assign(static_cast<size_t>(positions), 0);
    std::vector<int64_t> coords(broadcast.size());
    for (size_t k = 0; k < pairs.size(); ++k) {
        const int64_t dim = pairs[k].first;
        const std::vector<int64_t> values = ops::read_indices(
            pairs[k].second, view.shape[static_cast<size_t>(dim)], wrap_negative, op, "dim " + std::to_string(dim));
        const std::vector<int64_t> strides =
            ops::broadcast_strides(index_shapes[k], ops::contiguous_strides(index_shapes[k]), broadcast);
        for (int64_t b = 0; b < positions; ++b) {
            int64_t rest = b, position = 0;
            for (size_t d = broadcast.size(); d-- > 0;) {
                position += (rest % broadcast[d]) * strides[d];
                rest /= broadcast[d];
            }
            plan.base_offsets[static_cast<size_t>(b)] +=
                values[static_cast<size_t>(position)] * view.strides[static_cast<size_t>(dim)];
        }
    }

    const int64_t first = pairs.front().first, last = pairs.back().first;
    const bool consecutive = last - first + 1 == static_cast<int64_t>(pairs.size());
    const std::vector<int64_t> index_strides = ops::contiguous_strides(broadcast);
    auto add_index_axes = [&] {
        for (size_t j = 0; j < broadcast.size(); ++j)
            add_axis(plan, broadcast[j], 0, index_strides[j]);
    };
    auto indexed = [&](int64_t d) {
        return std::any_of(pairs.begin(), pairs.end(), [&](const auto& p) { return p.first == d; });
    };
    if (!consecutive)
        add_index_axes();
    for (int64_t d = 0; d < rank; ++d) {
        if (consecutive && d == first)
            add_index_axes();
        if (!indexed(d))
            add_axis(plan, view.shape[static_cast<size_t>(d)], view.strides[static_cast<size_t>(d)], 0);
    }
    return plan;
}

Shape to_shape(const std::vector<int64_t>& dims) {
    std::vector<uint32_t> out(dims.begin(), dims.end());
    return Shape(out);
}

// The plan's axes padded to at least one, so a rank-0 result is one row of one element.
std::vector<int64_t> row_shape(IndexPlan& plan) {
    if (plan.result_shape.empty())
        add_axis(plan, 1, 0, 0);
    return plan.result_shape;
}

Tensor index_impl(const char* op,
                  const Tensor& input,
                  const std::vector<Tensor>& indices,
                  const std::vector<int64_t>& dims,
                  bool wrap_negative,
                  const std::optional<MemoryConfig>& mc,
                  std::optional<Layout> layout = std::nullopt) {
    const TensorView in = ops::view_of(input);
    IndexPlan plan = plan_index(op, input, in, indices, dims, wrap_negative);
    Tensor out = ops::allocate_output(
        op, input, to_shape(plan.result_shape), input.dtype(), layout.value_or(input.layout()), mc);
    const TensorView ov = ops::view_of(out);
    const std::vector<int64_t> shape = row_shape(plan);
    const size_t lastaxis = shape.size() - 1;
    const int64_t in_step = plan.input_strides[lastaxis], index_step = plan.index_strides[lastaxis];
    ops::parallel_rows(ops::pool_for(input), shape, 4096, [&](int64_t row, const std::vector<int64_t>& c) {
        int64_t in_lead = 0, index_lead = 0;
        for (size_t j = 0; j < c.size(); ++j) {
            in_lead += c[j] * plan.input_strides[j];
            index_lead += c[j] * plan.index_strides[j];
        }
        const int64_t width = shape[lastaxis];
        const int64_t dst = ov.offset_of(row * width);
        if (index_step == 0 && in_step == 1) {
            const int64_t src = plan.base_offsets[static_cast<size_t>(index_lead)] + in_lead;
            ops::copy_elements(ov, dst, in, src, width);
            return;
        }
        for (int64_t i = 0; i < width; ++i) {
            const int64_t src =
                plan.base_offsets[static_cast<size_t>(index_lead + i * index_step)] + in_lead + i * in_step;
            ops::copy_elements(ov, dst + i, in, src, 1);
        }
    });
    return out;
}

// A dense ROW_MAJOR table gathered into a result of either layout: one copy per looked-up row, no index plan (the
// plan's per-row coordinates cost as much as the copies of a 128-token lookup). A TILE result stores its rows
// padded row-major, so a row is still one run; its padding comes zeroed from allocate_output.
std::optional<Tensor> embedding_rows(const Tensor& ids, const Tensor& weight, const EmbeddingOptions& options) {
    if (weight.layout() != Layout::ROW_MAJOR || is_block_float(weight.dtype()))
        return std::nullopt;
    const TensorView table = ops::view_of(weight);
    if (!table.dense)
        return std::nullopt;
    const std::vector<int64_t> rows = ops::read_indices(ids, table.shape[0], false, "embedding", "dim 0");
    std::vector<uint32_t> dims = ids.logical_shape().to_vector();
    dims.push_back(static_cast<uint32_t>(table.shape[1]));
    Tensor out = ops::allocate_output(
        "ttnn.embedding", weight, Shape(dims), weight.dtype(), options.layout, options.memory_config);
    const size_t row_bytes = static_cast<size_t>(table.shape[1]) * table.element_bytes;
    std::byte* const dst = ops::view_of(out).data;
    // Where each looked-up row starts in the result's storage: the ids' positions through its strides.
    std::vector<int64_t> strides = kernels::storage_strides(out.spec());
    strides.pop_back();
    const std::vector<uint64_t> positions(dims.begin(), dims.end() - 1);
    ops::pool_for(weight).parallel_for(
        rows.size(), std::max<size_t>(1, (64 << 10) / std::max<size_t>(row_bytes, 1)), [&](size_t begin, size_t end) {
            kernels::Odometer at(positions, strides, strides, begin);
            for (size_t i = begin; i < end; ++i, at.next()) {
                std::memcpy(dst + at.a() * static_cast<int64_t>(table.element_bytes),
                            table.at(rows[i] * table.shape[1]),
                            row_bytes);
            }
        });
    return out;
}

}  // namespace

Tensor index(const Tensor& input_tensor,
             const std::vector<Tensor>& indices,
             const std::vector<int64_t>& dims,
             const std::optional<MemoryConfig>& memory_config) {
    return index_impl("index", input_tensor, indices, dims, true, memory_config);
}

Tensor index_select(const Tensor& input_tensor,
                    int64_t dim,
                    const Tensor& index,
                    const std::optional<MemoryConfig>& memory_config) {
    TTNN_CHECK(index.logical_shape().rank() <= 1,
               VALUE,
               "ttnn.index_select: index must be 1-D; expected rank <= 1, got shape ",
               index.logical_shape().to_string());
    TTNN_CHECK(input_tensor.logical_shape().rank() >= 1,
               VALUE,
               "ttnn.index_select: input must have a dim to select; expected rank >= 1, got shape []");
    const Tensor flat = index.logical_shape().rank() == 0 ? reshape(index, {1}) : index;
    return index_impl("index_select", input_tensor, {flat}, {dim}, false, memory_config);
}

Tensor embedding(const Tensor& input_tensor, const Tensor& weight, const EmbeddingOptions& options) {
    TTNN_CHECK(weight.logical_shape().rank() == 2,
               VALUE,
               "ttnn.embedding: weight must be [num_embeddings, hidden]; expected rank 2, got shape ",
               weight.logical_shape().to_string());
    if (std::optional<Tensor> out = embedding_rows(input_tensor, weight, options)) {
        return options.dtype.has_value() && *options.dtype != out->dtype() ? typecast(*out, *options.dtype) : *out;
    }
    // Rows are gathered straight into the requested layout: both address rows as runs of elements, so a TILE
    // result needs no second pass through to_layout.
    const std::optional<Layout> layout =
        is_block_float(weight.dtype()) ? std::nullopt : std::optional<Layout>(options.layout);
    Tensor out = index_impl("embedding", weight, {input_tensor}, {0}, false, options.memory_config, layout);
    if (out.layout() != options.layout)
        out = to_layout(out, options.layout);
    if (options.dtype.has_value() && *options.dtype != out.dtype())
        out = typecast(out, *options.dtype);
    return out;
}

Tensor index_put(const Tensor& input_tensor,
                 const std::vector<Tensor>& indices,
                 const std::vector<int64_t>& dims,
                 const Tensor& values,
                 bool accumulate,
                 const std::optional<MemoryConfig>& memory_config) {
    ops::check_same_dtype("index_put", "values", values, input_tensor);
    Tensor out = clone(input_tensor, memory_config);
    const TensorView ov = ops::view_of(out);
    IndexPlan plan = plan_index("index_put", out, ov, indices, dims, true);
    const TensorView vv = ops::view_of(values);
    const std::vector<int64_t> value_dims = ops::dims_of(values);
    bool fits = value_dims.size() <= plan.result_shape.size();
    for (size_t i = 0; fits && i < value_dims.size(); ++i) {
        const int64_t target = plan.result_shape[plan.result_shape.size() - value_dims.size() + i];
        fits = value_dims[i] == 1 || value_dims[i] == target;
    }
    TTNN_CHECK(fits,
               VALUE,
               "ttnn.index_put: values do not broadcast to the indexed shape; expected a shape broadcastable to ",
               to_shape(plan.result_shape).to_string(),
               ", got ",
               values.logical_shape().to_string());
    std::vector<int64_t> value_strides = ops::broadcast_strides(
        value_dims,
        std::vector<int64_t>(vv.strides.end() - static_cast<int64_t>(value_dims.size()), vv.strides.end()),
        plan.result_shape);
    const std::vector<int64_t> shape = row_shape(plan);
    if (value_strides.size() < shape.size())
        value_strides.push_back(0);
    ops::ElementWriter writer(out, accumulate);
    // Serial on purpose: duplicate indices make writes collide, and their order decides the result.
    int64_t rows = 1;
    for (size_t j = 0; j + 1 < shape.size(); ++j)
        rows *= shape[j];
    if (shape.back() > 0) {
        ops::for_rows(shape, 0, rows, [&](int64_t, const std::vector<int64_t>& c) {
            int64_t in_lead = 0, index_lead = 0, value_lead = 0;
            for (size_t j = 0; j < c.size(); ++j) {
                in_lead += c[j] * plan.input_strides[j];
                index_lead += c[j] * plan.index_strides[j];
                value_lead += c[j] * value_strides[j];
            }
            const size_t l = shape.size() - 1;
            for (int64_t i = 0; i < shape[l]; ++i) {
                const int64_t dst = plan.base_offsets[static_cast<size_t>(index_lead + i * plan.index_strides[l])] +
                                    in_lead + i * plan.input_strides[l];
                writer.put(dst, vv, value_lead + i * value_strides[l]);
            }
        });
    }
    writer.finish();
    return out;
}

}  // namespace ttnn
