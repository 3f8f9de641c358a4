// The pool family's ops: validate into a PoolGeometry, then one kernel call per output row, rows in parallel.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernels/pool_kernels.hpp"
#include "ops/conv_plan.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/pool.hpp"

namespace ttnn::ops {
namespace {

using kernels::PoolGeometry;

struct PoolPlan {
    PoolGeometry g;
    size_t batch = 0;
    bool flat = false;
};

constexpr NhwcNames kPoolNames{"batch_size", "input_h", "input_w", "channels"};

size_t pool_extent(const char* op, const char* axis, size_t in, size_t k, size_t s, size_t p, size_t d, bool ceil) {
    const size_t span = d * (k - 1) + 1;
    TTNN_CHECK(k > 0 && s > 0 && d > 0,
               VALUE,
               op,
               ": kernel_size, stride and dilation must be positive along ",
               axis,
               "; got kernel ",
               k,
               ", stride ",
               s,
               ", dilation ",
               d);
    TTNN_CHECK(2 * p <= span,
               VALUE,
               op,
               ": padding must be at most half the (dilated) kernel along ",
               axis,
               "; expected at most ",
               span / 2,
               ", got ",
               p);
    // torch's output size: floor or ceil of (in + 2p - span) / s, plus one. With ceil_mode a kernel larger
    // than the padded input still gives one window (EfficientNet's head pools a 7x7 map with a 1280 kernel).
    const size_t padded = in + 2 * p;
    TTNN_CHECK(span <= padded + (ceil ? s - 1 : 0),
               VALUE,
               op,
               ": kernel is larger than the padded input along ",
               axis,
               "; expected a dilated kernel extent of at most ",
               padded + (ceil ? s - 1 : 0),
               ceil ? " (with ceil_mode)" : "",
               ", got ",
               span);
    size_t out = (padded + (ceil ? s - 1 : 0) - span) / s + 1;
    // torch: with ceil_mode the last window must start inside the input or its left padding.
    if (ceil && (out - 1) * s >= in + p)
        --out;
    return out;
}

PoolPlan plan_pool(const char* op, const Shape& shape, const Pool2dParams& p, bool from_output = false) {
    PoolPlan plan;
    NhwcInput in;
    if (from_output) {  // backward: the input's size comes from the params alone
        TTNN_CHECK(p.batch_size > 0 && p.input_h > 0 && p.input_w > 0,
                   VALUE,
                   op,
                   ": batch_size, input_h and input_w are required; got ",
                   p.batch_size,
                   ", ",
                   p.input_h,
                   ", ",
                   p.input_w);
        TTNN_CHECK(shape.rank() == 4, VALUE, op, ": grad_output must be rank 4; got ", shape.to_string());
        in = {p.batch_size, p.input_h, p.input_w, shape[3], false};
    } else {
        in = read_nhwc(op, shape, {p.batch_size, p.input_h, p.input_w, p.channels}, kPoolNames);
    }
    PoolGeometry& g = plan.g;
    plan.batch = in.batch, plan.flat = in.flat;
    g.in_h = in.height, g.in_w = in.width, g.channels = in.channels;
    g.k_h = p.kernel_size[0], g.k_w = p.kernel_size[1];
    g.stride_h = p.stride[0] > 0 ? p.stride[0] : g.k_h;
    g.stride_w = p.stride[1] > 0 ? p.stride[1] : g.k_w;
    g.pad_top = p.padding[0], g.pad_left = p.padding[1], g.dil_h = p.dilation[0], g.dil_w = p.dilation[1];
    g.out_h = pool_extent(op, "height", g.in_h, g.k_h, g.stride_h, g.pad_top, g.dil_h, p.ceil_mode);
    g.out_w = pool_extent(op, "width", g.in_w, g.k_w, g.stride_w, g.pad_left, g.dil_w, p.ceil_mode);
    return plan;
}

Shape out_shape(const PoolPlan& plan) {
    return activation_shape(plan.flat, plan.batch, plan.g.out_h, plan.g.out_w, plan.g.channels);
}

// Calls row(n, oh, image, out_row) for every output row, in parallel.
template <typename Row>
void for_each_row(const Tensor& like,
                  size_t batch,
                  size_t in_plane,
                  size_t out_h,
                  size_t out_row_floats,
                  const float* input,
                  float* out,
                  const Row& row) {
    pool_for(like).parallel_for(batch * out_h, 1, [&](size_t begin, size_t end) {
        for (size_t r = begin; r < end; ++r) {
            row(r / out_h, r % out_h, input + (r / out_h) * in_plane, out + r * out_row_floats);
        }
    });
}

// Average pools share one kernel: rows [h0, h1) x columns [w0[ow], w1[ow]) scaled by scale[ow].
struct Windows {
    std::vector<size_t> h0, h1, w0, w1;
    std::vector<float> scale;  // per (oh, ow)
};

Tensor window_average(const char* op,
                      const Tensor& input_tensor,
                      const PoolPlan& plan,
                      const Windows& win,
                      const std::optional<MemoryConfig>& memory_config,
                      kernels::WindowSumRowKernel kernel = nullptr) {
    const PoolGeometry& g = plan.g;
    const Tensor input = rows_f32(input_tensor);
    Tensor out32 =
        allocate_output(op, input_tensor, out_shape(plan), DataType::FLOAT32, Layout::ROW_MAJOR, memory_config);
    if (kernel == nullptr)
        kernel = kernels::pool_kernels().window_sum_row;
    for_each_row(input_tensor,
                 plan.batch,
                 g.in_h * g.in_w * g.channels,
                 g.out_h,
                 g.out_w * g.channels,
                 input.data<float>(),
                 out32.data<float>(),
                 [&](size_t, size_t oh, const float* image, float* out) {
                     kernel(image,
                            g.in_w,
                            g.channels,
                            win.h0[oh],
                            win.h1[oh],
                            win.w0.data(),
                            win.w1.data(),
                            win.scale.data() + oh * g.out_w,
                            g.out_w,
                            out);
                 });
    return finish_output(out32, input_tensor.dtype(), input_tensor.layout());
}

// max_pool2d with or without torch's flat indices (INT32, in the input's layout).
std::pair<Tensor, std::optional<Tensor>> max_pool(const Tensor& input_tensor,
                                                  const Pool2dParams& params,
                                                  bool with_indices) {
    const char* op = with_indices ? "ttnn.max_pool2d_with_indices" : "ttnn.max_pool2d";
    const PoolPlan plan = plan_pool(op, input_tensor.logical_shape(), params);
    const PoolGeometry& g = plan.g;
    const Tensor input = rows_f32(input_tensor);
    Tensor out32 =
        allocate_output(op, input_tensor, out_shape(plan), DataType::FLOAT32, Layout::ROW_MAJOR, params.memory_config);
    std::optional<Tensor> index;
    if (with_indices) {
        index = allocate_output(
            op, input_tensor, out_shape(plan), DataType::INT32, Layout::ROW_MAJOR, params.memory_config);
    }
    const kernels::MaxPoolRowKernel kernel = kernels::pool_kernels().max_row;
    const size_t row = g.out_w * g.channels;
    int32_t* index_data = index ? index->data<int32_t>() : nullptr;
    for_each_row(input_tensor,
                 plan.batch,
                 g.in_h * g.in_w * g.channels,
                 g.out_h,
                 row,
                 input.data<float>(),
                 out32.data<float>(),
                 [&](size_t n, size_t oh, const float* image, float* out) {
                     kernel(g, image, oh, out, index_data ? index_data + (n * g.out_h + oh) * row : nullptr);
                 });
    if (index && input_tensor.layout() != Layout::ROW_MAJOR)
        index = to_layout(*index, input_tensor.layout());
    return {finish_output(out32, input_tensor.dtype(), input_tensor.layout()), index};
}

}  // namespace
}  // namespace ttnn::ops

namespace ttnn {

std::pair<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input_tensor, const Pool2dParams& params) {
    auto [values, indices] = ops::max_pool(input_tensor, params, true);
    return {values, *indices};
}

Tensor max_pool2d(const Tensor& input_tensor, const Pool2dParams& params) {
    return ops::max_pool(input_tensor, params, false).first;
}

Tensor max_pool2d_backward(const Tensor& grad_output, const Tensor& indices, const Pool2dParams& params) {
    using namespace ops;
    const char* op = "ttnn.max_pool2d_backward";
    PoolPlan plan = plan_pool(op, grad_output.logical_shape(), params, true);
    const PoolGeometry& g = plan.g;
    const Shape& gs = grad_output.logical_shape();
    plan.flat = !(gs == activation_shape(false, plan.batch, g.out_h, g.out_w, g.channels));
    TTNN_CHECK(gs == out_shape(plan),
               VALUE,
               op,
               ": grad_output shape does not match the pool's output; expected ",
               out_shape(plan).to_string(),
               ", got ",
               gs.to_string());
    TTNN_CHECK(indices.logical_shape() == gs,
               VALUE,
               op,
               ": indices must have grad_output's shape; expected ",
               gs.to_string(),
               ", got ",
               indices.logical_shape().to_string());
    const Tensor go = rows_f32(grad_output);
    const Tensor index = to_layout(indices, Layout::ROW_MAJOR);
    Tensor out32 = allocate_output(op,
                                   grad_output,
                                   activation_shape(plan.flat, plan.batch, g.in_h, g.in_w, g.channels),
                                   DataType::FLOAT32,
                                   Layout::ROW_MAJOR,
                                   params.memory_config);
    const size_t channels = g.channels, plane = g.in_h * g.in_w, out_plane = g.out_h * g.out_w;
    const float* src = go.data<float>();
    const int32_t* at = index.data<int32_t>();
    float* dst = out32.data<float>();
    // Each (image, channel block) owns its slice of grad_input, so the scatter-add needs no atomics.
    const size_t blocks = (channels + 15) / 16;
    pool_for(grad_output).parallel_for(plan.batch * blocks, 1, [&](size_t begin, size_t end) {
        for (size_t item = begin; item < end; ++item) {
            const size_t n = item / blocks, c0 = item % blocks * 16, c1 = std::min(channels, c0 + 16);
            float* image = dst + n * plane * channels;
            for (size_t p = 0; p < plane; ++p)
                std::fill(image + p * channels + c0, image + p * channels + c1, 0.0f);
            for (size_t p = 0; p < out_plane; ++p) {
                const size_t base = (n * out_plane + p) * channels;
                for (size_t c = c0; c < c1; ++c) {
                    const int32_t i = at[base + c];
                    TTNN_CHECK(i >= 0 && static_cast<size_t>(i) < plane,
                               VALUE,
                               op,
                               ": index ",
                               i,
                               " is outside the input plane; expected 0 <= index < ",
                               plane);
                    image[static_cast<size_t>(i) * channels + c] += src[base + c];
                }
            }
        }
    });
    return finish_output(out32, grad_output.dtype(), grad_output.layout());
}

Tensor avg_pool2d(const Tensor& input_tensor, const Pool2dParams& params) {
    using namespace ops;
    const char* op = "ttnn.avg_pool2d";
    TTNN_CHECK(!params.divisor_override.has_value() || *params.divisor_override != 0,
               VALUE,
               op,
               ": divisor_override must not be zero");
    const PoolPlan plan = plan_pool(op, input_tensor.logical_shape(), params);
    const PoolGeometry& g = plan.g;
    Windows win;
    // torch's windows: the pool size counts padding but not the part of a ceil_mode window past it.
    const auto window = [](size_t o, size_t s, size_t pad, size_t k, size_t in, size_t& lo, size_t& hi) {
        const ptrdiff_t start = static_cast<ptrdiff_t>(o * s) - static_cast<ptrdiff_t>(pad);
        const ptrdiff_t stop = std::min(start + static_cast<ptrdiff_t>(k), static_cast<ptrdiff_t>(in + pad));
        lo = static_cast<size_t>(std::max<ptrdiff_t>(start, 0));
        hi = static_cast<size_t>(std::min(stop, static_cast<ptrdiff_t>(in)));
        return static_cast<size_t>(stop - start);
    };
    win.h0.resize(g.out_h), win.h1.resize(g.out_h), win.w0.resize(g.out_w), win.w1.resize(g.out_w);
    std::vector<size_t> pool_h(g.out_h), pool_w(g.out_w);
    for (size_t o = 0; o < g.out_h; ++o)
        pool_h[o] = window(o, g.stride_h, g.pad_top, g.k_h, g.in_h, win.h0[o], win.h1[o]);
    for (size_t o = 0; o < g.out_w; ++o)
        pool_w[o] = window(o, g.stride_w, g.pad_left, g.k_w, g.in_w, win.w0[o], win.w1[o]);
    win.scale.resize(g.out_h * g.out_w);
    for (size_t oh = 0; oh < g.out_h; ++oh) {
        for (size_t ow = 0; ow < g.out_w; ++ow) {
            const size_t count = params.count_include_pad ? pool_h[oh] * pool_w[ow]
                                                          : (win.h1[oh] - win.h0[oh]) * (win.w1[ow] - win.w0[ow]);
            const double divisor =
                params.divisor_override ? static_cast<double>(*params.divisor_override) : static_cast<double>(count);
            win.scale[oh * g.out_w + ow] = static_cast<float>(1.0 / divisor);
        }
    }
    return window_average(op, input_tensor, plan, win, params.memory_config);
}

namespace {

using ops::PoolPlan;

// torch's adaptive windows for output_size: rows [floor(i * H / OH), ceil((i + 1) * H / OH)), likewise columns;
// scale 1 / the window's size.
PoolPlan adaptive_plan(const char* op,
                       const Tensor& input_tensor,
                       std::array<uint32_t, 2> output_size,
                       const Pool2dParams& params,
                       ops::Windows& win) {
    using namespace ops;
    TTNN_CHECK(output_size[0] > 0 && output_size[1] > 0,
               VALUE,
               op,
               ": output_size must be positive; got [",
               output_size[0],
               ", ",
               output_size[1],
               "]");
    PoolPlan plan;
    const NhwcInput in = read_nhwc(op,
                                   input_tensor.logical_shape(),
                                   {params.batch_size, params.input_h, params.input_w, params.channels},
                                   kPoolNames);
    plan.batch = in.batch, plan.flat = in.flat;
    PoolGeometry& g = plan.g;
    g.in_h = in.height, g.in_w = in.width, g.channels = in.channels, g.out_h = output_size[0], g.out_w = output_size[1];
    const auto bounds = [](size_t o, size_t in_size, size_t out_size, size_t& lo, size_t& hi) {
        lo = o * in_size / out_size;
        hi = ((o + 1) * in_size + out_size - 1) / out_size;
    };
    win.h0.resize(g.out_h), win.h1.resize(g.out_h), win.w0.resize(g.out_w), win.w1.resize(g.out_w);
    for (size_t o = 0; o < g.out_h; ++o)
        bounds(o, g.in_h, g.out_h, win.h0[o], win.h1[o]);
    for (size_t o = 0; o < g.out_w; ++o)
        bounds(o, g.in_w, g.out_w, win.w0[o], win.w1[o]);
    win.scale.resize(g.out_h * g.out_w);
    for (size_t oh = 0; oh < g.out_h; ++oh) {
        for (size_t ow = 0; ow < g.out_w; ++ow) {
            const size_t count = (win.h1[oh] - win.h0[oh]) * (win.w1[ow] - win.w0[ow]);
            win.scale[oh * g.out_w + ow] = count > 0 ? 1.0f / static_cast<float>(count) : 0.0f;
        }
    }
    return plan;
}

}  // namespace

Tensor adaptive_avg_pool2d(const Tensor& input_tensor,
                           std::array<uint32_t, 2> output_size,
                           const Pool2dParams& params) {
    const char* op = "ttnn.adaptive_avg_pool2d";
    ops::Windows win;
    const PoolPlan plan = adaptive_plan(op, input_tensor, output_size, params, win);
    return ops::window_average(op, input_tensor, plan, win, params.memory_config);
}

Tensor adaptive_max_pool2d(const Tensor& input_tensor,
                           std::array<uint32_t, 2> output_size,
                           const Pool2dParams& params) {
    const char* op = "ttnn.adaptive_max_pool2d";
    ops::Windows win;
    const PoolPlan plan = adaptive_plan(op, input_tensor, output_size, params, win);
    return ops::window_average(
        op, input_tensor, plan, win, params.memory_config, kernels::pool_kernels().window_max_row);
}

Tensor global_avg_pool2d(const Tensor& input_tensor, const std::optional<MemoryConfig>& memory_config) {
    const Shape& s = input_tensor.logical_shape();
    TTNN_CHECK(s.rank() == 4, VALUE, "ttnn.global_avg_pool2d: input must be [N, H, W, C]; got ", s.to_string());
    Pool2dParams params;
    params.memory_config = memory_config;
    return adaptive_avg_pool2d(input_tensor, {1, 1}, params);
}

}  // namespace ttnn
