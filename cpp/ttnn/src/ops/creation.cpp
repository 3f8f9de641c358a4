// Creation ops: full and friends fill through the element-wise loop (a number broadcast into the output, so
// padding, layouts and dtype rounding work as for any op); arange builds its values on the host and moves
// them once.
#include "ttnn/ops/creation.hpp"

#include <cmath>
#include <cstring>

#include "kernels/eltwise_loop.hpp"
#include "ops/families.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"

namespace ttnn {
namespace {

Tensor allocate(const char* op, const Shape& shape, const CreationOptions& o) {
    if (o.device != nullptr)
        o.device->check_open(op);
    const TensorSpec spec = make_spec(op, shape, o.dtype, o.layout, o.memory_config);
    std::shared_ptr<Buffer> buffer =
        o.device != nullptr ? Buffer::allocate_device(o.device, spec) : Buffer::allocate_host(spec.storage_bytes());
    if (o.layout == Layout::TILE && spec.storage_bytes() > 0 && !(spec.logical_shape == spec.padded_shape)) {
        std::memset(buffer->data(), 0, spec.storage_bytes());  // padding reads as zero
    }
    return Tensor(spec, std::move(buffer));
}

void fill(Tensor& out, double value) {
    kernels::LoopInput in;
    in.scalar = value;
    const kernels::LoopOutput target{
        out.buffer()->data(), out.dtype(), kernels::broadcast_strides(out.spec(), out.logical_shape())};
    ThreadPool& pool = out.device() != nullptr ? out.device()->pool() : ThreadPool::host();
    const std::span<const kernels::LoopInput> inputs(&in, 1);
    if (!is_floating(out.dtype()) && std::trunc(value) == value && std::fabs(value) < 9.0e15) {
        kernels::eltwise_loop(
            out.logical_shape(),
            inputs,
            target,
            pool,
            kernels::BlockFn<int64_t>([](const int64_t* const* v, int64_t* o, size_t n) { std::copy_n(v[0], n, o); }));
    } else {
        kernels::eltwise_loop(
            out.logical_shape(),
            inputs,
            target,
            pool,
            kernels::BlockFn<float>([](const float* const* v, float* o, size_t n) { std::copy_n(v[0], n, o); }));
    }
}

}  // namespace

Tensor full(const Shape& shape, double fill_value, const CreationOptions& options) {
    if (!is_block_float(options.dtype)) {
        Tensor out = allocate("ttnn.full", shape, options);
        fill(out, fill_value);
        return out;
    }
    // Block floats pack a float32 fill once.
    CreationOptions f32 = options;
    f32.dtype = DataType::FLOAT32;
    make_spec("ttnn.full", shape, options.dtype, options.layout);  // rejects ROW_MAJOR before allocating
    return typecast(full(shape, fill_value, f32), options.dtype);
}

Tensor zeros(const Shape& shape, const CreationOptions& options) {
    return full(shape, 0.0, options);
}
Tensor ones(const Shape& shape, const CreationOptions& options) {
    return full(shape, 1.0, options);
}
Tensor empty(const Shape& shape, const CreationOptions& options) {
    return allocate("ttnn.empty", shape, options);
}

Tensor full_like(const Tensor& input_tensor, double fill_value, const LikeOptions& options) {
    input_tensor.check_usable("ttnn.full_like");
    return full(input_tensor.logical_shape(),
                fill_value,
                {options.dtype.value_or(input_tensor.dtype()),
                 options.layout.value_or(input_tensor.layout()),
                 options.device != nullptr ? options.device : input_tensor.device(),
                 options.memory_config.value_or(input_tensor.memory_config())});
}

namespace {

template <typename T>
Tensor host_range(const Shape& shape, DataType dtype, auto value_at) {
    Tensor host = allocate_host_tensor(shape, dtype);
    T* out = host.data<T>();
    for (uint32_t i = 0; i < shape[0]; ++i)
        out[i] = value_at(i);
    return host;
}

}  // namespace

Tensor arange(double start, double end, double step, const CreationOptions& options) {
    TTNN_CHECK(step != 0.0, VALUE, "ttnn.arange: step must be non-zero; got 0");
    TTNN_CHECK(std::isfinite(start) && std::isfinite(end),
               VALUE,
               "ttnn.arange: bounds must be finite; got start ",
               start,
               " and end ",
               end);
    TTNN_CHECK((end - start) * step >= 0.0,
               VALUE,
               "ttnn.arange: the range [",
               start,
               ", ",
               end,
               ") is inconsistent with the sign of step; expected step ",
               end >= start ? "> 0" : "< 0",
               ", got ",
               step);
    const double length = std::ceil((end - start) / step);
    TTNN_CHECK(length < 4.0e9, VALUE, "ttnn.arange: too many elements; expected fewer than 2^32, got ", length);
    const Shape shape{static_cast<uint32_t>(length)};
    const bool integral = std::trunc(start) == start && std::trunc(step) == step;
    Tensor host = [&] {
        switch (options.dtype) {
            case DataType::INT32:
            case DataType::UINT32:
            case DataType::UINT16:
            case DataType::UINT8:
                if (integral) {
                    const auto s = static_cast<int64_t>(start), d = static_cast<int64_t>(step);
                    return typecast(
                        host_range<int32_t>(
                            shape, DataType::INT32, [&](uint32_t i) { return static_cast<int32_t>(s + d * i); }),
                        options.dtype);
                }
                [[fallthrough]];
            default:
                // torch computes each value in double (float32's accumulate type) and casts it once.
                return host_range<float>(
                    shape, DataType::FLOAT32, [&](uint32_t i) { return static_cast<float>(start + step * i); });
        }
    }();
    return from_host(host, options.dtype, options.layout, options.device, options.memory_config);
}

}  // namespace ttnn

namespace ttnn::ops {
namespace {

Shape shape_arg(const OpArgs& a, std::string_view op) {
    std::vector<uint32_t> dims;
    for (int64_t d : a.int_list("shape")) {
        TTNN_CHECK(d >= 0 && d <= UINT32_MAX, VALUE, "ttnn.", op, ": dims must be non-negative; got ", d, " in shape");
        dims.push_back(static_cast<uint32_t>(d));
    }
    return Shape(std::move(dims));
}

CreationOptions creation_options(const OpArgs& a) {
    return {a.dtype("dtype").value_or(DataType::BFLOAT16),
            a.layout("layout").value_or(Layout::ROW_MAJOR),
            a.device("device"),
            a.memory_config("memory_config").value_or(DRAM_MEMORY_CONFIG)};
}

LikeOptions like_options(const OpArgs& a) {
    return {a.dtype("dtype"), a.layout("layout"), a.device("device"), a.memory_config("memory_config")};
}

OpOutputs run_full(const OpArgs& a) {
    return {full(shape_arg(a, "full"), a.scalar("fill_value"), creation_options(a))};
}
OpOutputs run_zeros(const OpArgs& a) {
    return {zeros(shape_arg(a, "zeros"), creation_options(a))};
}
OpOutputs run_ones(const OpArgs& a) {
    return {ones(shape_arg(a, "ones"), creation_options(a))};
}
OpOutputs run_empty(const OpArgs& a) {
    return {empty(shape_arg(a, "empty"), creation_options(a))};
}
OpOutputs run_full_like(const OpArgs& a) {
    return {full_like(a.tensor("input_tensor"), a.scalar("fill_value"), like_options(a))};
}
OpOutputs run_zeros_like(const OpArgs& a) {
    return {full_like(a.tensor("input_tensor"), 0.0, like_options(a))};
}
OpOutputs run_ones_like(const OpArgs& a) {
    return {full_like(a.tensor("input_tensor"), 1.0, like_options(a))};
}

// arange(end) counts from 0, as torch.arange does with one argument.
OpOutputs run_arange(const OpArgs& a) {
    const double first = a.scalar("start");
    const bool one_bound = !a.has("end");
    return {arange(
        one_bound ? 0.0 : first, one_bound ? first : a.scalar("end"), a.scalar_or("step", 1.0), creation_options(a))};
}

}  // namespace

void register_creation_ops(std::vector<OpInfo>& ops) {
    const Param shape{"shape", ArgKind::INT_LIST, true};
    const Param input{"input_tensor", ArgKind::TENSOR, true};
    const Param fill_value{"fill_value", ArgKind::SCALAR, true};
    const std::vector<Param> where{{"dtype", ArgKind::DTYPE},
                                   {"layout", ArgKind::LAYOUT},
                                   {"device", ArgKind::DEVICE},
                                   {"memory_config", ArgKind::MEMORY_CONFIG}};
    auto params = [&](std::initializer_list<Param> first) {
        std::vector<Param> all(first);
        all.insert(all.end(), where.begin(), where.end());
        return all;
    };
    auto add = [&](std::string_view name, std::string_view doc, std::vector<Param> p, OpInvoke invoke) {
        ops.push_back(family_op("creation", name, doc, std::move(p), ALL_DTYPES, invoke));
    };
    add("full",
        "A tensor of `shape` filled with fill_value (default bfloat16, ROW_MAJOR, on the host).",
        params({shape, fill_value}),
        run_full);
    add("zeros", "A tensor of `shape` filled with 0.", params({shape}), run_zeros);
    add("ones", "A tensor of `shape` filled with 1.", params({shape}), run_ones);
    add("empty",
        "A tensor of `shape` whose values are unspecified (allocated, not filled).",
        params({shape}),
        run_empty);
    add("full_like",
        "full() with the input's shape, dtype, layout and device unless given.",
        params({input, fill_value}),
        run_full_like);
    add("zeros_like",
        "zeros() with the input's shape, dtype, layout and device unless given.",
        params({input}),
        run_zeros_like);
    add("ones_like",
        "ones() with the input's shape, dtype, layout and device unless given.",
        params({input}),
        run_ones_like);
    add("arange",
        "[start, end) by step (arange(end) counts from 0); ceil((end - start) / step) values, shape [n].",
        {{"start", ArgKind::SCALAR, true},
         {"end", ArgKind::SCALAR},
         {"step", ArgKind::SCALAR},
         {"dtype", ArgKind::DTYPE},
         {"device", ArgKind::DEVICE},
         {"layout", ArgKind::LAYOUT},
         {"memory_config", ArgKind::MEMORY_CONFIG}},
        run_arange);
}

}  // namespace ttnn::ops
