#include "ops/conv_plan.hpp"

#include <string>

#include "kernels/codec.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

std::string describe(const Conv2dParams& p) {
    return detail::concat("kernel_size=[",
                          p.kernel_size[0],
                          ", ",
                          p.kernel_size[1],
                          "], stride=[",
                          p.stride[0],
                          ", ",
                          p.stride[1],
                          "], padding=[",
                          p.padding[0],
                          ", ",
                          p.padding[1],
                          ", ",
                          p.padding[2],
                          ", ",
                          p.padding[3],
                          "], dilation=[",
                          p.dilation[0],
                          ", ",
                          p.dilation[1],
                          "], groups=",
                          p.groups);
}

// The number a param gives, or the shape's when the param is 0 (not given); they must agree.
size_t agree(const char* op, const char* param, uint32_t given, size_t from_shape, const Shape& shape) {
    TTNN_CHECK(given == 0 || given == from_shape,
               VALUE,
               op,
               ": ",
               param,
               " disagrees with the input shape ",
               shape.to_string(),
               "; expected ",
               from_shape,
               ", got ",
               given);
    return from_shape;
}

size_t out_extent(const char* op,
                  const char* axis,
                  size_t in,
                  size_t pad_a,
                  size_t pad_b,
                  size_t k,
                  size_t s,
                  size_t d,
                  const Conv2dParams& p) {
    const size_t span = d * (k - 1) + 1;
    TTNN_CHECK(span <= in + pad_a + pad_b,
               VALUE,
               op,
               ": kernel is larger than the padded input along ",
               axis,
               "; expected a dilated kernel extent of at most ",
               in + pad_a + pad_b,
               " (input ",
               in,
               " + padding ",
               pad_a + pad_b,
               "), got ",
               span,
               " (",
               describe(p),
               ")");
    return (in + pad_a + pad_b - span) / s + 1;
}

void check_params(const char* op, const Conv2dParams& p) {
    TTNN_CHECK(p.stride[0] > 0 && p.stride[1] > 0, VALUE, op, ": stride must be positive; got ", describe(p));
    TTNN_CHECK(p.dilation[0] > 0 && p.dilation[1] > 0, VALUE, op, ": dilation must be positive; got ", describe(p));
    TTNN_CHECK(p.groups > 0, VALUE, op, ": groups must be positive; got ", describe(p));
}

// Fills batch/height/width/in_c and the form from the input's shape (or the params alone).
void read_activations(const char* op, const Shape* shape, const Conv2dParams& p, ConvPlan& plan) {
    kernels::ConvGeometry& g = plan.geometry;
    if (shape == nullptr) {
        TTNN_CHECK(p.batch_size > 0 && p.input_height > 0 && p.input_width > 0 && p.in_channels > 0,
                   VALUE,
                   op,
                   ": batch_size, input_height, input_width and in_channels are required; got ",
                   p.batch_size,
                   ", ",
                   p.input_height,
                   ", ",
                   p.input_width,
                   ", ",
                   p.in_channels);
        g.batch = p.batch_size, g.in_h = p.input_height, g.in_w = p.input_width, g.in_c = p.in_channels;
        return;
    }
    const NhwcInput in = read_nhwc(op,
                                   *shape,
                                   {p.batch_size, p.input_height, p.input_width, p.in_channels},
                                   {"batch_size", "input_height", "input_width", "in_channels"});
    g.batch = in.batch, g.in_h = in.height, g.in_w = in.width, g.in_c = in.channels;
    plan.flat = in.flat;
}

void finish_geometry(const char* op, const Conv2dParams& p, ConvPlan& plan) {
    kernels::ConvGeometry& g = plan.geometry;
    g.groups = p.groups;
    TTNN_CHECK(g.in_c % g.groups == 0 && g.out_c % g.groups == 0,
               VALUE,
               op,
               ": in_channels and out_channels must be divisible by groups; expected multiples of ",
               g.groups,
               ", got in_channels=",
               g.in_c,
               ", out_channels=",
               g.out_c);
    g.stride_h = p.stride[0], g.stride_w = p.stride[1], g.dil_h = p.dilation[0], g.dil_w = p.dilation[1];
    g.pad_top = p.padding[0], g.pad_left = p.padding[2];
    g.out_h = out_extent(op, "height", g.in_h, p.padding[0], p.padding[1], g.k_h, g.stride_h, g.dil_h, p);
    g.out_w = out_extent(op, "width", g.in_w, p.padding[2], p.padding[3], g.k_w, g.stride_w, g.dil_w, p);
}

}  // namespace

uint32_t non_negative_arg(const OpArgs& a, std::string_view name, int64_t v) {
    TTNN_CHECK(v >= 0 && v <= INT32_MAX, VALUE, "ttnn.", a.op(), ": ", name, " must be a non-negative int; got ", v);
    return static_cast<uint32_t>(v);
}

std::array<uint32_t, 2> pair_arg(const OpArgs& a, std::string_view name, uint32_t fallback) {
    if (!a.has(name))
        return {fallback, fallback};
    const std::vector<int64_t> v = a.int_list(name);
    TTNN_CHECK(v.size() == 1 || v.size() == 2,
               VALUE,
               "ttnn.",
               a.op(),
               ": ",
               name,
               " must be an int or a pair of ints; got ",
               v.size(),
               " values");
    return {non_negative_arg(a, name, v[0]), non_negative_arg(a, name, v.back())};
}

void read_conv_params(const OpArgs& a, ConvParamsBase& p) {
    TTNN_CHECK(!a.flag_or("return_output_dim", false) && !a.flag_or("return_weights_and_bias", false),
               NOT_IMPLEMENTED,
               "ttnn.",
               a.op(),
               ": return_output_dim and return_weights_and_bias are not supported; expected False");
    const auto count = [&](std::string_view name) { return non_negative_arg(a, name, a.integer_or(name, 0)); };
    p.in_channels = count("in_channels");
    p.out_channels = count("out_channels");
    p.batch_size = count("batch_size");
    p.input_height = count("input_height");
    p.input_width = count("input_width");
    p.kernel_size = pair_arg(a, "kernel_size", 0);
    p.stride = pair_arg(a, "stride", 1);
    p.dilation = pair_arg(a, "dilation", 1);
    p.groups = non_negative_arg(a, "groups", a.integer_or("groups", 1));
    p.dtype = a.dtype("dtype");
    p.memory_config = a.memory_config("memory_config");
}

NhwcInput read_nhwc(const char* op, const Shape& s, std::array<uint32_t, 4> given, const NhwcNames& names) {
    TTNN_CHECK(
        s.rank() == 4, VALUE, op, ": input must be rank 4 ([N, H, W, C] or [1, 1, N*H*W, C]); got ", s.to_string());
    NhwcInput in;
    in.channels = agree(op, names.channels, given[3], s[3], s);
    const auto [batch, height, width, channels] = given;
    const bool any = batch > 0 || height > 0 || width > 0;
    if (!any || (s[0] == batch && s[1] == height && s[2] == width)) {
        in.batch = s[0], in.height = s[1], in.width = s[2];
        return in;
    }
    const uint64_t rows = uint64_t{batch} * height * width;
    TTNN_CHECK(s[0] == 1 && s[1] == 1 && s[2] == rows && batch > 0 && height > 0 && width > 0,
               VALUE,
               op,
               ": input shape disagrees with ",
               names.batch,
               "=",
               batch,
               ", ",
               names.height,
               "=",
               height,
               ", ",
               names.width,
               "=",
               width,
               "; expected [",
               batch,
               ", ",
               height,
               ", ",
               width,
               ", C] or [1, 1, ",
               rows,
               ", C], got ",
               s.to_string());
    in.flat = true;
    in.batch = batch, in.height = height, in.width = width;
    return in;
}

ConvPlan plan_conv(const char* op, const Shape* input_shape, const Shape& w, const Conv2dParams& p) {
    check_params(op, p);
    ConvPlan plan;
    read_activations(op, input_shape, p, plan);
    kernels::ConvGeometry& g = plan.geometry;
    // The prepared form [O, I/groups*kh*kw] holds OIHW's values in OIHW's order, so the kernels read both alike.
    TTNN_CHECK(w.rank() == 4 || (w.rank() == 2 && p.kernel_size[0] > 0 && p.kernel_size[1] > 0),
               VALUE,
               op,
               ": weight must be rank 4 (OIHW), or rank 2 ([O, I/groups*kh*kw]) with kernel_size given; got ",
               w.to_string(),
               " with ",
               describe(p));
    g.out_c = agree(op, "out_channels", p.out_channels, w[0], w);
    g.k_h = w.rank() == 4 ? agree(op, "kernel_size[0]", p.kernel_size[0], w[2], w) : p.kernel_size[0];
    g.k_w = w.rank() == 4 ? agree(op, "kernel_size[1]", p.kernel_size[1], w[3], w) : p.kernel_size[1];
    TTNN_CHECK(g.in_c % p.groups == 0 && g.out_c % p.groups == 0,
               VALUE,
               op,
               ": in_channels and out_channels must be divisible by groups; expected multiples of ",
               p.groups,
               ", got in_channels=",
               g.in_c,
               ", out_channels=",
               g.out_c);
    const size_t per_channel = w.rank() == 4 ? size_t{w[1]} : size_t{w[1]} / (g.k_h * g.k_w);
    TTNN_CHECK(per_channel == g.in_c / p.groups && (w.rank() == 4 || w[1] % (g.k_h * g.k_w) == 0),
               VALUE,
               op,
               ": weight shape does not match in_channels / groups; expected [",
               g.out_c,
               ", ",
               g.in_c / p.groups,
               ", ",
               g.k_h,
               ", ",
               g.k_w,
               "] for in_channels=",
               g.in_c,
               " and groups=",
               p.groups,
               ", got ",
               w.to_string());
    TTNN_CHECK(g.k_h > 0 && g.k_w > 0, VALUE, op, ": kernel must be at least 1x1; got weight ", w.to_string());
    finish_geometry(op, p, plan);
    return plan;
}

ConvPlan plan_conv_from_params(const char* op, const Shape* input_shape, const Conv2dParams& p) {
    check_params(op, p);
    ConvPlan plan;
    read_activations(op, input_shape, p, plan);
    kernels::ConvGeometry& g = plan.geometry;
    TTNN_CHECK(p.out_channels > 0 && p.kernel_size[0] > 0 && p.kernel_size[1] > 0,
               VALUE,
               op,
               ": out_channels and kernel_size are required; got out_channels=",
               p.out_channels,
               ", ",
               describe(p));
    g.out_c = p.out_channels, g.k_h = p.kernel_size[0], g.k_w = p.kernel_size[1];
    finish_geometry(op, p, plan);
    return plan;
}

Shape activation_shape(bool flat, size_t batch, size_t height, size_t width, size_t channels) {
    const auto u = [](size_t v) { return static_cast<uint32_t>(v); };
    return flat ? Shape{1, 1, u(batch * height * width), u(channels)}
                : Shape{u(batch), u(height), u(width), u(channels)};
}

void check_grad_output(const char* op, const ConvPlan& plan, const Shape& s) {
    const kernels::ConvGeometry& g = plan.geometry;
    const Shape expected = activation_shape(plan.flat, g.batch, g.out_h, g.out_w, g.out_c);
    const Shape other = activation_shape(!plan.flat, g.batch, g.out_h, g.out_w, g.out_c);
    TTNN_CHECK(s == expected || s == other,
               VALUE,
               op,
               ": grad_output shape does not match the convolution's output;"
               " expected ",
               expected.to_string(),
               ", got ",
               s.to_string());
}

namespace {

// Calls convert(begin, end) over [0, count) in parallel chunks big enough to amortise the hand-off.
template <typename Convert>
void convert_parallel(const Tensor& like, size_t count, const Convert& convert) {
    pool_for(like).parallel_for(count, size_t{1} << 15, [&](size_t begin, size_t end) { convert(begin, end); });
}

}  // namespace

// bf16 <-> fp32 of ROW_MAJOR data is the common case (bf16 activations and weights); it goes through the
// codec kernels directly, in parallel. Everything else (TILE, block floats) takes to_layout.
Tensor rows_f32(const Tensor& t) {
    if (t.layout() == Layout::ROW_MAJOR && t.dtype() == DataType::FLOAT32)
        return t;
    if (t.layout() != Layout::ROW_MAJOR || t.dtype() != DataType::BFLOAT16) {
        return to_layout(t, Layout::ROW_MAJOR, DataType::FLOAT32);
    }
    Tensor out = allocate_output("ttnn.to_layout", t, t.logical_shape(), DataType::FLOAT32, Layout::ROW_MAJOR);
    const uint16_t* src = t.data<uint16_t>();
    float* dst = out.data<float>();
    const auto convert = kernels::codec().bf16_to_f32;
    convert_parallel(t, t.logical_shape().volume(), [&](size_t begin, size_t end) {
        convert(src + begin, dst + begin, end - begin);
    });
    return out;
}

Tensor finish_output(const Tensor& out32, DataType dtype, Layout layout) {
    if (dtype == DataType::FLOAT32 && layout == Layout::ROW_MAJOR)
        return out32;
    if (dtype != DataType::BFLOAT16 || layout != Layout::ROW_MAJOR)
        return to_layout(out32, layout, dtype);
    Tensor out = allocate_output("ttnn.to_layout", out32, out32.logical_shape(), dtype, layout);
    const float* src = out32.data<float>();
    uint16_t* dst = out.data<uint16_t>();
    const auto convert = kernels::codec().f32_to_bf16;
    convert_parallel(out32, out32.logical_shape().volume(), [&](size_t begin, size_t end) {
        convert(src + begin, dst + begin, end - begin);
    });
    return out;
}

}  // namespace ttnn::ops
