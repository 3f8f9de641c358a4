// Mixture-of-experts routing: sort, histc and grouped_matmul (ttnn/ops/routing.hpp) and their registry
// entries. sort and histc work on a ROW_MAJOR fp32 (or int32) image of the input where it lives: their
// inputs are routing metadata (a few values per token), not activations. grouped_matmul runs the packed GEMM
// once per group on the rows the offsets give, reading a, b and c in their stored layout.
#include "ttnn/ops/routing.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "kernels/gemm.hpp"
#include "ops/families.hpp"
#include "ops/op_common.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"

namespace ttnn {
namespace {

bool is_int(DataType d) {
    return d == DataType::INT32 || d == DataType::UINT32 || d == DataType::UINT16 || d == DataType::UINT8;
}

// (outer, length, inner) of `dim`: element (o, i, j) of a ROW_MAJOR tensor at (o * length + i) * inner + j.
struct Lines {
    size_t outer = 1, length = 1, inner = 1;
};
Lines lines_of(const Shape& s, int dim) {
    Lines l;
    for (int d = 0; d < s.rank(); ++d)
        (d < dim ? l.outer : d == dim ? l.length : l.inner) *= s[d];
    return l;
}

int normalize(const char* op, int64_t dim, int rank) {
    const int64_t r = std::max(rank, 1);
    TTNN_CHECK(dim >= -r && dim < r, VALUE, op, ": dim out of range; expected [", -r, ", ", r - 1, "], got ", dim);
    return static_cast<int>(dim < 0 ? dim + r : dim);
}

// The permutation that sorts one line of `src` (`inner` apart), equal values in index order.
template <typename T>
void sort_line(const T* src, size_t length, size_t inner, bool descending, uint32_t* order) {
    std::iota(order, order + length, 0u);
    const auto key = [&](uint32_t i) { return src[i * inner]; };
    std::stable_sort(order, order + length, [&](uint32_t a, uint32_t b) {
        const T x = key(a), y = key(b);
        if constexpr (std::is_floating_point_v<T>) {
            if (std::isnan(x) || std::isnan(y))  // NaN is the largest value
                return descending ? std::isnan(x) && !std::isnan(y) : !std::isnan(x) && std::isnan(y);
        }
        return descending ? x > y : x < y;
    });
}

template <typename T>
void sort_all(const T* src, T* values, uint32_t* indices, const Lines& l, bool descending, ThreadPool& pool) {
    pool.parallel_for(l.outer * l.inner, 16, [&](size_t begin, size_t end) {
        std::vector<uint32_t> order(l.length);
        for (size_t line = begin; line < end; ++line) {
            const size_t base = line / l.inner * l.length * l.inner + line % l.inner;
            sort_line(src + base, l.length, l.inner, descending, order.data());
            for (size_t i = 0; i < l.length; ++i) {
                values[base + i * l.inner] = src[base + order[i] * l.inner];
                indices[base + i * l.inner] = order[i];
            }
        }
    });
}

}  // namespace

std::vector<Tensor> sort(const Tensor& input_tensor, const SortOptions& options) {
    input_tensor.check_usable("ttnn.sort");
    const Shape& shape = input_tensor.logical_shape();
    const int d = normalize("ttnn.sort", options.dim, shape.rank());
    // Unsigned values sort as unsigned (an int32 image would put those past 2^31 first).
    const DataType in = input_tensor.dtype();
    const DataType work = in == DataType::UINT32 ? DataType::UINT32 : is_int(in) ? DataType::INT32 : DataType::FLOAT32;
    const Tensor image = to_layout(input_tensor, Layout::ROW_MAJOR, work);
    Tensor values = ops::allocate_output("ttnn.sort", image, shape, work, Layout::ROW_MAJOR);
    Tensor indices = ops::allocate_output("ttnn.sort", image, shape, DataType::UINT32, Layout::ROW_MAJOR);
    const Lines l = shape.rank() == 0 ? Lines{} : lines_of(shape, d);
    if (shape.volume() > 0) {
        ThreadPool& pool = ops::pool_for(input_tensor);
        if (work == DataType::UINT32)
            sort_all(
                image.data<uint32_t>(), values.data<uint32_t>(), indices.data<uint32_t>(), l, options.descending, pool);
        else if (work == DataType::INT32)
            sort_all(
                image.data<int32_t>(), values.data<int32_t>(), indices.data<uint32_t>(), l, options.descending, pool);
        else
            sort_all(image.data<float>(), values.data<float>(), indices.data<uint32_t>(), l, options.descending, pool);
    }
    const Layout layout = input_tensor.layout();
    return {to_layout(values, layout, input_tensor.dtype(), options.memory_config),
            to_layout(indices, layout, std::nullopt, options.memory_config)};
}

Tensor histc(const Tensor& input_tensor, const HistcOptions& options) {
    input_tensor.check_usable("ttnn.histc");
    TTNN_CHECK(options.bins > 0, VALUE, "ttnn.histc: bins must be positive; got ", options.bins);
    TTNN_CHECK(!(options.min > options.max) && std::isfinite(options.min) && std::isfinite(options.max),
               VALUE,
               "ttnn.histc: min must not exceed max and both must be finite; got min=",
               options.min,
               ", max=",
               options.max);
    const Tensor image = to_layout(input_tensor, Layout::ROW_MAJOR, DataType::FLOAT32);
    const float* x = image.data<float>();
    const size_t n = image.logical_shape().volume();
    // Bounds and bin index in fp32, as torch computes them for a float32 input.
    float lo = static_cast<float>(options.min), hi = static_cast<float>(options.max);
    if (lo == hi && n > 0) {
        lo = *std::min_element(x, x + n), hi = *std::max_element(x, x + n);
    }
    if (lo == hi)
        lo -= 1.0f, hi += 1.0f;
    std::vector<int64_t> counts(static_cast<size_t>(options.bins), 0);
    for (size_t i = 0; i < n; ++i) {
        if (!(x[i] >= lo && x[i] <= hi))  // NaN too
            continue;
        auto bin = static_cast<int64_t>((x[i] - lo) * static_cast<float>(options.bins) / (hi - lo));
        counts[static_cast<size_t>(std::min(bin, options.bins - 1))] += 1;
    }
    const DataType out_dtype =
        options.dtype.value_or(is_int(input_tensor.dtype()) ? DataType::FLOAT32 : input_tensor.dtype());
    const bool int_out = is_int(out_dtype);
    Tensor out = ops::allocate_output("ttnn.histc",
                                      image,
                                      Shape{static_cast<uint32_t>(options.bins)},
                                      int_out ? DataType::INT32 : DataType::FLOAT32,
                                      Layout::ROW_MAJOR);
    for (size_t b = 0; b < counts.size(); ++b) {
        if (int_out)
            out.data<int32_t>()[b] = static_cast<int32_t>(counts[b]);
        else
            out.data<float>()[b] = static_cast<float>(counts[b]);
    }
    return to_layout(out, input_tensor.layout(), out_dtype, options.memory_config);
}

}  // namespace ttnn

namespace ttnn::ops {
namespace {

OpOutputs run_sort(const OpArgs& a) {
    return sort(a.tensor("input_tensor"),
                {.dim = a.integer_or("dim", -1),
                 .descending = a.flag_or("descending", false),
                 .stable = a.flag_or("stable", false),
                 .memory_config = a.memory_config("memory_config")});
}

OpOutputs run_histc(const OpArgs& a) {
    return {histc(a.tensor("input_tensor"),
                  {.bins = a.integer_or("bins", 100),
                   .min = a.scalar_or("min", 0.0),
                   .max = a.scalar_or("max", 0.0),
                   .dtype = a.dtype("dtype"),
                   .memory_config = a.memory_config("memory_config")})};
}

OpOutputs run_floor_div(const OpArgs& a) {
    const Tensor& x = a.tensor("input_tensor_a");
    if (a.is_tensor("input_tensor_b"))
        return {floor_div(x, a.tensor("input_tensor_b"), a.memory_config("memory_config"))};
    return {floor_div(x, a.scalar("input_tensor_b"), a.memory_config("memory_config"))};
}

OpOutputs run_grouped_matmul(const OpArgs& a) {
    return {grouped_matmul(a.tensor("input_tensor_a"),
                           a.tensor("input_tensor_b"),
                           a.tensor("offsets"),
                           a.flag_or("transpose_b", false),
                           a.memory_config("memory_config"))};
}

}  // namespace

void register_routing_ops(std::vector<OpInfo>& ops) {
    const Param input{"input_tensor", ArgKind::TENSOR, true};
    const Param memory_config{"memory_config", ArgKind::MEMORY_CONFIG};
    constexpr DTypeSet sortable{DataType::BFLOAT16, DataType::FLOAT32, DataType::INT32, DataType::UINT32};
    ops.push_back(family_op(
        "routing",
        "sort",
        "Values sorted along dim and their uint32 indices; stable, NaN above every number.",
        {input, {"dim", ArgKind::INT}, {"descending", ArgKind::BOOL}, {"stable", ArgKind::BOOL}, memory_config},
        sortable,
        run_sort,
        2));
    ops.push_back(family_op("routing",
                            "histc",
                            "torch.histc (aten name): counts in equal bins over [min, max] (min == max: the data's).",
                            {input,
                             {"bins", ArgKind::INT},
                             {"min", ArgKind::SCALAR},
                             {"max", ArgKind::SCALAR},
                             {"dtype", ArgKind::DTYPE},
                             memory_config},
                            sortable,
                            run_histc));
    ops.push_back(family_op(
        "routing",
        "floor_div",
        "floor(a / b), b a number or a tensor of a's shape; int32 divides exactly as integers.",
        {{"input_tensor_a", ArgKind::TENSOR, true}, {"input_tensor_b", ArgKind::TENSOR_OR_SCALAR, true}, memory_config},
        sortable,
        run_floor_div));
    ops.push_back(family_op("routing",
                            "grouped_matmul",
                            "Rows of a in runs given by running offsets, each run times its group's matrix of b "
                            "(a mixture-of-experts layer's grouped matmul).",
                            {{"input_tensor_a", ArgKind::TENSOR, true},
                             {"input_tensor_b", ArgKind::TENSOR, true},
                             {"offsets", ArgKind::TENSOR, true, DTypeSet{DataType::INT32, DataType::UINT32}},
                             {"transpose_b", ArgKind::BOOL},
                             memory_config},
                            DTypeSet{DataType::BFLOAT16, DataType::FLOAT32, DataType::BFLOAT8_B},
                            run_grouped_matmul));
}

}  // namespace ttnn::ops
