// Reductions that track positions: argmax, argmin, topk, and the running sum and product (cumsum, cumprod).
// Scalar loops over the same plans as reduction.cpp; indices are uint32 (see reduction.hpp). argmax, argmin,
// cumsum and cumprod also take int32/uint32, compared, summed and multiplied as integers.
#include <algorithm>
#include <cmath>
#include <type_traits>

#include "ops/data_movement_views.hpp"
#include "ops/op_common.hpp"
#include "ops/reduction_plan.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/reduction.hpp"

namespace ttnn {
namespace {

using kernels::Odometer;

inline float load(const float* p, int64_t i) {
    return p[i];
}
inline float load(const uint16_t* p, int64_t i) {
    return f32_from_bf16(p[i]);
}
inline int32_t load(const int32_t* p, int64_t i) {
    return p[i];
}
inline uint32_t load(const uint32_t* p, int64_t i) {
    return p[i];
}

// torch's order for max-like selection: NaN above every number.
inline bool greater(float a, float b) {
    return std::isnan(a) ? !std::isnan(b) : a > b;
}
// ...and for min-like selection NaN still wins (torch's argmin returns the first NaN too).
inline bool lower(float a, float b) {
    return std::isnan(a) ? !std::isnan(b) : !std::isnan(b) && a < b;
}
template <typename T>
inline bool greater(T a, T b) {
    return a > b;
}
template <typename T>
inline bool lower(T a, T b) {
    return a < b;
}

template <typename Fn>
void with_elements(const Tensor& image, Fn fn) {
    if (image.dtype() == DataType::BFLOAT16) {
        fn(image.data<uint16_t>());
    } else {
        TTNN_ASSERT(image.dtype() == DataType::FLOAT32, image.to_string());
        fn(image.data<float>());
    }
}

// with_elements, also over int32/uint32 images (compared and summed as integers, so exactly).
template <typename Fn>
void with_any_elements(const Tensor& image, Fn fn) {
    if (image.dtype() == DataType::INT32) {
        fn(image.data<int32_t>());
    } else if (image.dtype() == DataType::UINT32) {
        fn(image.data<uint32_t>());
    } else {
        with_elements(image, fn);
    }
}

// Every 1-D line of `shape` along dim `d`: the other dims walked in row-major order.
struct Lines {
    std::vector<uint64_t> extents;
    std::vector<int64_t> in, out;
    uint64_t length;
    int64_t in_step, out_step;
};

Lines lines_along(const Tensor& in, const Tensor& out, int d) {
    const std::vector<int64_t> is = kernels::storage_strides(in.spec()), os = kernels::storage_strides(out.spec());
    Lines lines{{}, {}, {}, in.logical_shape()[d], is[static_cast<size_t>(d)], os[static_cast<size_t>(d)]};
    for (int i = 0; i < in.logical_shape().rank(); ++i) {
        if (i == d)
            continue;
        lines.extents.push_back(in.logical_shape()[i]);
        lines.in.push_back(is[static_cast<size_t>(i)]);
        lines.out.push_back(os[static_cast<size_t>(i)]);
    }
    return lines;
}

// Calls body(in_offset, out_offset) for every line, in parallel.
template <typename Body>
void for_each_line(const Lines& lines, ThreadPool& pool, Body body) {
    const size_t grain = std::max<size_t>(1, 16384 / std::max<uint64_t>(lines.length, 1));
    pool.parallel_for(kernels::volume(lines.extents), grain, [&](size_t begin, size_t end) {
        Odometer at(lines.extents, lines.in, lines.out, begin);
        for (size_t i = begin; i < end; ++i, at.next())
            body(at.a(), at.b());
    });
}

Tensor arg_extremum(const char* op, bool largest, const Tensor& input_tensor, const ReduceOptions& options) {
    input_tensor.check_usable(op);
    TTNN_CHECK(!options.dim.has_value() || options.dim->size() <= 1,
               VALUE,
               "ttnn.",
               op,
               ": dim must be None or a single dim; got ",
               options.dim.value_or(std::vector<int64_t>{}).size(),
               " dims");
    const Tensor image = ops::element_image(input_tensor);
    const std::vector<bool> mask = ops::reduced_dims(op, image.logical_shape(), options.dim);
    const Shape out_shape = ops::reduced_shape(image.logical_shape(), mask, options.keepdim);
    Tensor out = ops::allocate_output(op, image, out_shape, DataType::UINT32, image.layout(), options.memory_config);
    const ops::ReducePlan p = ops::make_plan(image.spec(), out.spec(), mask, options.keepdim);
    TTNN_CHECK(p.reduce_count > 0 || out_shape.volume() == 0,
               VALUE,
               "ttnn.",
               op,
               ": cannot reduce over a zero-size dim; got shape ",
               image.logical_shape().to_string());
    auto* dst = out.data<uint32_t>();
    // A contiguous reduced dim of floats: the SIMD row kernel (two passes over the row).
    const bool rows = p.reduced.size() == 1 && p.reduced_in[0] == 1;
    const kernels::ReductionKernels& kernels = kernels::reduction_kernels();
    with_any_elements(image, [&](const auto* src) {
        using Element = std::remove_cvref_t<decltype(*src)>;
        const size_t grain = std::max<size_t>(1, 32768 / std::max<uint64_t>(p.reduce_count, 1));
        ops::pool_for(out).parallel_for(kernels::volume(p.kept), grain, [&](size_t begin, size_t end) {
            Odometer at(p.kept, p.kept_in, p.kept_out, begin);
            for (size_t o = begin; o < end; ++o, at.next()) {
                if constexpr (std::is_same_v<Element, float> || std::is_same_v<Element, uint16_t>) {
                    if (rows) {
                        dst[at.b()] = kernels.of<Element>().arg(src + at.a(), p.reduce_count, largest);
                        continue;
                    }
                }
                Odometer r(p.reduced, p.reduced_in, p.reduced_in, 0);
                auto best = load(src, at.a());
                uint32_t best_index = 0;
                for (uint32_t k = 0; k < p.reduce_count; ++k, r.next()) {
                    const auto v = load(src, at.a() + r.a());
                    // Strict comparisons keep the first occurrence of a tie; the first NaN wins and stays.
                    if (largest ? greater(v, best) : lower(v, best)) {
                        best = v;
                        best_index = k;
                    }
                }
                dst[at.b()] = best_index;
            }
        });
    });
    return out;
}

}  // namespace

Tensor argmax(const Tensor& input_tensor, const ReduceOptions& options) {
    return arg_extremum("argmax", true, input_tensor, options);
}

Tensor argmin(const Tensor& input_tensor, const ReduceOptions& options) {
    return arg_extremum("argmin", false, input_tensor, options);
}

namespace {

// cumsum and cumprod: fp32 for the floats; int32/uint32 in uint32, wrapping modulo 2^32 as TT's integer units.
template <bool PRODUCT>
Tensor running(const char* op,
               const Tensor& input_tensor,
               int64_t dim,
               const std::optional<MemoryConfig>& memory_config,
               bool reverse) {
    input_tensor.check_usable(op);
    const Tensor image = ops::element_image(input_tensor);
    const Shape& shape = image.logical_shape();
    const DataType acc_dtype = ops::accumulator_dtype(image.dtype());
    Tensor out = ops::allocate_output(op, image, shape, acc_dtype, image.layout(), memory_config);
    const int d = ops::normalize_dim(op, dim, shape.rank());
    const Lines lines = shape.rank() == 0 ? Lines{{}, {}, {}, 1, 0, 0} : lines_along(image, out, d);
    // The i-th position visited along a line: from the end of the dim when reversed.
    const auto position = [&](uint64_t i) { return static_cast<int64_t>(reverse ? lines.length - 1 - i : i); };
    with_any_elements(image, [&](const auto* src) {
        using Value = decltype(load(src, 0));
        using Acc = std::conditional_t<std::is_integral_v<Value>, uint32_t, float>;
        const auto combine = [](Acc a, Acc b) { return PRODUCT ? static_cast<Acc>(a * b) : static_cast<Acc>(a + b); };
        const Acc identity = PRODUCT ? Acc{1} : Acc{0};
        auto* dst = out.data<Value>();
        if (shape.rank() > 0 && d < shape.rank() - 1 && lines.in_step == lines.out_step) {
            // Along an outer dim the lines are the columns of rows of in_step elements (TILE padding included,
            // which the result keeps zero): running values of whole rows, in the same order per element as one
            // line's loop, read and written contiguously instead of one strided line at a time.
            const auto block = static_cast<uint64_t>(lines.in_step);
            const std::vector<int64_t> strides = kernels::storage_strides(image.spec());
            const std::vector<uint64_t> outer(lines.extents.begin(), lines.extents.begin() + d);
            const std::vector<int64_t> outer_in(strides.begin(), strides.begin() + d);
            const int64_t back = reverse ? -lines.in_step : lines.in_step;  // from a row to the one before it
            constexpr uint64_t kSpan = 4096;  // elements of a row one task carries down the dim
            const uint64_t spans = (block + kSpan - 1) / kSpan;
            ops::pool_for(out).parallel_for(kernels::volume(outer) * spans, 1, [&](size_t begin, size_t end) {
                for (size_t task = begin; task < end; ++task) {
                    const Odometer at(outer, outer_in, outer_in, task / spans);
                    const uint64_t first = (task % spans) * kSpan, count = std::min(kSpan, block - first);
                    const int64_t base = at.a() + static_cast<int64_t>(first);
                    for (uint64_t i = 0; i < lines.length; ++i) {
                        const int64_t row = base + position(i) * lines.in_step;
                        for (uint64_t j = 0; j < count; ++j) {
                            const int64_t e = row + static_cast<int64_t>(j);
                            const Acc previous = i == 0 ? identity : static_cast<Acc>(dst[e - back]);
                            dst[e] = static_cast<Value>(combine(previous, static_cast<Acc>(load(src, e))));
                        }
                    }
                }
            });
            return;
        }
        for_each_line(lines, ops::pool_for(out), [&](int64_t in, int64_t at) {
            Acc acc = identity;
            for (uint64_t i = 0; i < lines.length; ++i) {
                const int64_t k = position(i);
                acc = combine(acc, static_cast<Acc>(load(src, in + k * lines.in_step)));
                dst[at + k * lines.out_step] = static_cast<Value>(acc);
            }
        });
    });
    return ops::finish(out, input_tensor.dtype(), memory_config);
}

}  // namespace

Tensor cumsum(const Tensor& input_tensor,
              int64_t dim,
              const std::optional<MemoryConfig>& memory_config,
              bool reverse_order) {
    return running<false>("cumsum", input_tensor, dim, memory_config, reverse_order);
}

Tensor cumprod(const Tensor& input_tensor,
               int64_t dim,
               const std::optional<MemoryConfig>& memory_config,
               bool reverse_order) {
    return running<true>("cumprod", input_tensor, dim, memory_config, reverse_order);
}

namespace {

// A k this much smaller than the line, or a line this short, selects by insertion (below) rather than sorting
// a copy of the line (std::sort of a few values is an insertion sort; partial_sort builds a heap).
constexpr uint64_t kSelectRatio = 8;
constexpr uint64_t kShortLine = 32;

// The first `count` of the line in `before` order, into best[0..count): the first count values sorted, then
// each later value that goes before the current last one inserted in place. A later value never ties its way
// in (ties keep index order), so a plain value test against the last decides most of them.
template <typename T, typename Before>
void select_top(const T* src,
                int64_t in,
                int64_t step,
                uint64_t length,
                size_t count,
                bool largest,
                const Before& before,
                std::vector<std::pair<float, uint32_t>>& best) {
    best.resize(count);
    for (uint32_t i = 0; i < count; ++i)
        best[i] = {load(src, in + i * step), i};
    std::sort(best.begin(), best.end(), before);
    for (auto i = static_cast<uint32_t>(count); i < length; ++i) {
        const float value = load(src, in + i * step);
        // The common case first: a number not beyond the current last (NaN goes before every number either way).
        const float last = best.back().first;
        if (!std::isnan(value) && (largest ? !(value > last) : !(value < last)))
            continue;
        const std::pair<float, uint32_t> v{value, i};
        if (!before(v, best.back()))
            continue;
        auto slot = std::upper_bound(best.begin(), best.end() - 1, v, before);
        std::move_backward(slot, best.end() - 1, best.end());
        *slot = v;
    }
}

}  // namespace

std::vector<Tensor> topk(const Tensor& input_tensor, int64_t k, const TopKOptions& options) {
    input_tensor.check_usable("topk");
    const Tensor image = ops::element_image(input_tensor);
    const Shape& shape = image.logical_shape();
    TTNN_CHECK(shape.rank() > 0, VALUE, "ttnn.topk: input must have at least 1 dim; got a scalar");
    const int d = ops::normalize_dim("topk", options.dim, shape.rank());
    TTNN_CHECK(k >= 0 && k <= shape[d],
               VALUE,
               "ttnn.topk: k out of range; expected 0 <= k <= ",
               shape[d],
               " (the size of dim ",
               d,
               "), got ",
               k);
    Shape out_shape = shape;
    out_shape[d] = static_cast<uint32_t>(k);
    Tensor values =
        ops::allocate_output("topk", image, out_shape, DataType::FLOAT32, image.layout(), options.memory_config);
    Tensor indices =
        ops::allocate_output("topk", image, out_shape, DataType::UINT32, image.layout(), options.memory_config);
    const Lines lines = lines_along(image, values, d);
    const int64_t index_step = kernels::storage_strides(indices.spec())[static_cast<size_t>(d)];
    const auto count = static_cast<size_t>(k);
    // Ties keep index order, so the first occurrence ranks first (the order torch's stable sort gives).
    const auto before = [largest = options.largest](const std::pair<float, uint32_t>& a,
                                                    const std::pair<float, uint32_t>& b) {
        if (greater(a.first, b.first) || greater(b.first, a.first))
            return largest == greater(a.first, b.first);
        return a.second < b.second;
    };
    with_elements(image, [&](const auto* src) {
        for_each_line(lines, ops::pool_for(values), [&](int64_t in, int64_t at) {
            thread_local std::vector<std::pair<float, uint32_t>> line;
            if (count > 0 && (count * kSelectRatio <= lines.length || lines.length <= kShortLine)) {
                select_top(src, in, lines.in_step, lines.length, count, options.largest, before, line);
            } else {
                line.resize(lines.length);
                for (uint32_t i = 0; i < lines.length; ++i)
                    line[i] = {load(src, in + i * lines.in_step), i};
                std::partial_sort(line.begin(), line.begin() + static_cast<int64_t>(count), line.end(), before);
            }
            // values and indices share a layout and shape, so one offset serves both.
            for (size_t i = 0; i < count; ++i) {
                values.data<float>()[at + static_cast<int64_t>(i) * lines.out_step] = line[i].first;
                indices.data<uint32_t>()[at + static_cast<int64_t>(i) * index_step] = line[i].second;
            }
        });
    });
    return {ops::finish(values, input_tensor.dtype(), options.memory_config), indices};
}

}  // namespace ttnn
