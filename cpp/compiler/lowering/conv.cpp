// Convolution and pooling. TT-NN computes these in NHWC ([N, H, W, C]); the rules permute NCHW torch tensors
// in and out, and the permutes of consecutive convs cancel in fusion (permute pairs).
#include "compiler/lowering/nhwc.hpp"

namespace torch_ttnn {
namespace {

using nhwc::pair;

// conv2d, and conv1d as a conv2d over [N, C, 1, L] (the front end of speech encoders).
bool conv_guard(const LowerCtx& ctx) {
    if ((ctx.rank("input") != 4 && ctx.rank("input") != 3) || ctx.flag("transposed"))
        return false;
    for (int64_t p : ctx.ints("output_padding")) {
        if (p != 0)
            return false;
    }
    return ctx.options().device != nullptr;
}

// torch's per-dim argument as (h, w); a 1-D conv's h is the identity (stride and dilation 1, no padding).
std::vector<int64_t> hw(const LowerCtx& ctx, std::string_view arg, int64_t fallback, bool one_d) {
    if (!one_d)
        return pair(ctx, arg, {fallback, fallback});
    const std::vector<int64_t> v = ctx.ints(arg);
    return {arg == "padding" ? 0 : 1, v.empty() ? fallback : v[0]};
}

// The 2-D form of a 1-D conv's NCL shape (or OIK weight): a height of 1.
std::vector<int64_t> as_2d(const std::vector<int64_t>& s) {
    return s.size() == 3 ? std::vector<int64_t>{s[0], s[1], 1, s[2]} : s;
}

std::vector<OpArg> conv_params(const LowerCtx& ctx, const std::vector<int64_t>& in, const std::vector<int64_t>& w) {
    const bool one_d = ctx.rank("input") == 3;
    const std::vector<int64_t> pad = hw(ctx, "padding", 0, one_d);
    return {{"device", ttnn::Arg(ctx.options().device)},
            {"in_channels", in[1]},
            {"out_channels", w[0]},
            {"batch_size", in[0]},
            {"input_height", in[2]},
            {"input_width", in[3]},
            {"kernel_size", std::vector<int64_t>{w[2], w[3]}},
            {"stride", hw(ctx, "stride", 1, one_d)},
            {"padding", std::vector<int64_t>{pad[0], pad[0], pad[1], pad[1]}},
            {"dilation", hw(ctx, "dilation", 1, one_d)},
            {"groups", ctx.integer("groups", 1)}};
}

bool conv2d(LowerCtx& ctx) {
    const std::vector<int64_t> in = as_2d(ctx.shape("input")), w = as_2d(ctx.shape("weight"));
    const std::vector<int64_t> out = as_2d(ctx.out().shape);
    std::vector<OpArg> args = conv_params(ctx, in, w);
    args.push_back({"input_tensor", nhwc::in(ctx, ctx.reshape(ctx.tensor("input"), in))});
    // The weight in conv's prepared form, [O, I/groups*kh*kw] (OIHW's values in order): a parameter is
    // uploaded so (data movement reshapes it on the host), without OIHW's padded or one-element rows.
    args.push_back({"weight_tensor", ctx.reshape(ctx.tensor("weight"), {w[0], w[1] * w[2] * w[3]})});
    if (ctx.has("bias"))
        args.push_back({"bias_tensor", ctx.tensor("bias")});
    const Ref y = ctx.op("conv2d", std::move(args), nhwc::shape(out), ctx.out().dtype);
    ctx.set(0, ctx.reshape(nhwc::out(ctx, y, out), ctx.out().shape));
    return true;
}

// convolution_backward's three gradients, each its own ttnn op, computed only where output_mask asks.
// A 1-D conv's gradients are the 2-D ones over [N, C, 1, L], reshaped back.
bool conv_backward(LowerCtx& ctx) {
    const std::vector<int64_t> in = as_2d(ctx.shape("input")), w = as_2d(ctx.shape("weight"));
    const std::vector<int64_t> go = as_2d(ctx.shape("grad_output"));
    const Ref grad = nhwc::in(ctx, ctx.reshape(ctx.tensor("grad_output"), go));
    auto params = [&](std::string_view tensor_name, Ref tensor) {
        std::vector<OpArg> args = conv_params(ctx, in, w);
        args.push_back({"grad_output", grad});
        if (!tensor_name.empty())
            args.push_back({tensor_name, tensor});
        return args;
    };
    if (ctx.output_used(0)) {
        const Ref gi = ctx.op("conv2d_backward_input",
                              params("weight_tensor", ctx.reshape(ctx.tensor("weight"), w)),
                              nhwc::shape(in),
                              ctx.out(0).dtype);
        ctx.set(0, ctx.reshape(nhwc::out(ctx, gi, in), ctx.out(0).shape));
    }
    if (ctx.output_used(1)) {
        const Ref x = nhwc::in(ctx, ctx.reshape(ctx.tensor("input"), in));
        const Ref gw = ctx.op("conv2d_backward_weight", params("input_tensor", x), w, ctx.out(1).dtype);
        ctx.set(1, ctx.reshape(gw, ctx.out(1).shape));
    }
    if (ctx.output_used(2)) {
        ctx.set(2, ctx.op("conv2d_backward_bias", params("", Ref{}), ctx.out(2).shape, ctx.out(2).dtype));
    }
    return true;
}

bool conv_backward_guard(const LowerCtx& ctx) {
    const int64_t rank = ctx.rank("input");
    return (rank == 4 || rank == 3) && !ctx.flag("transposed") && ctx.options().device != nullptr;
}

// With the indices read (training), max_pool2d_with_indices; unread (inference), the plain max_pool2d.
bool indices_read(const LowerCtx& ctx) {
    return ctx.rank("self") == 4 && ctx.output_used(1);
}

bool max_pool_with_indices(LowerCtx& ctx) {
    const std::vector<int64_t> in = ctx.shape("self"), out = ctx.out(0).shape;
    std::vector<OpArg> args = nhwc::pool_params(ctx, in);
    args.push_back({0, nhwc::in(ctx, ctx.tensor("self"))});
    const std::vector<Ref> r = ctx.op_multi("max_pool2d_with_indices",
                                            std::move(args),
                                            {nhwc::shape(out), nhwc::shape(out)},
                                            {ctx.out(0).dtype, ctx.out(1).dtype});
    ctx.set(0, nhwc::out(ctx, r[0], out));
    ctx.set(1, nhwc::out(ctx, r[1], out));
    return true;
}

// The indices output of max_pool2d_with_indices is only read by its backward; TT-NN's pool gives values.
bool max_pool_guard(const LowerCtx& ctx) {
    return ctx.rank("self") == 4 && !ctx.output_used(1);
}

bool max_pool2d(LowerCtx& ctx) {
    const std::vector<int64_t> in = ctx.shape("self"), out = ctx.out().shape;
    std::vector<OpArg> args = nhwc::pool_params(ctx, in);
    args.push_back({0, nhwc::in(ctx, ctx.tensor("self"))});
    const Ref y = ctx.op("max_pool2d", std::move(args), nhwc::shape(out), ctx.out().dtype);
    ctx.set(0, nhwc::out(ctx, y, out));
    return true;
}

// Adaptive average pooling to 1x1 is a mean over H and W.
bool global_avg_guard(const LowerCtx& ctx) {
    const std::vector<int64_t> size = ctx.ints("output_size");
    return ctx.rank("self") == 4 && size.size() == 2 && size[0] == 1 && size[1] == 1;
}

bool global_avg(LowerCtx& ctx) {
    ctx.set(0, ctx.op("mean", {{0, ctx.tensor("self")}, {"dim", std::vector<int64_t>{2, 3}}, {"keepdim", true}}));
    return true;
}

bool pool_guard(const LowerCtx& ctx) {
    return ctx.rank("self") == 4;
}

// avg_pool2d with torch's ceil_mode, count_include_pad and divisor_override, which ttnn's op takes as they are.
bool avg_pool2d(LowerCtx& ctx) {
    const std::vector<int64_t> in = ctx.shape("self"), out = ctx.out().shape;
    const std::vector<int64_t> kernel = pair(ctx, "kernel_size", {1, 1});
    std::vector<OpArg> args = {{0, nhwc::in(ctx, ctx.tensor("self"))},
                               {"batch_size", in[0]},
                               {"input_h", in[2]},
                               {"input_w", in[3]},
                               {"channels", in[1]},
                               {"kernel_size", kernel},
                               {"stride", pair(ctx, "stride", kernel)},
                               {"padding", pair(ctx, "padding", {0, 0})},
                               {"ceil_mode", ctx.flag("ceil_mode")},
                               {"count_include_pad", ctx.flag("count_include_pad", true)}};
    if (ctx.has("divisor_override"))
        args.push_back({"divisor_override", ctx.integer("divisor_override")});
    const Ref y = ctx.op("avg_pool2d", std::move(args), nhwc::shape(out), ctx.out().dtype);
    ctx.set(0, nhwc::out(ctx, y, out));
    return true;
}

// grid_sampler_2d (deformable attention's sampling in RT-DETR and Deformable DETR): ttnn.grid_sample on the
// NHWC input; bilinear (0) or nearest (1) with zero padding (0), as ttnn's op takes.
bool grid_sample_guard(const LowerCtx& ctx) {
    const int64_t mode = ctx.integer("interpolation_mode");
    return ctx.rank("input") == 4 && (mode == 0 || mode == 1) && ctx.integer("padding_mode") == 0 &&
           ctx.value("grid").dtype == ctx.value("input").dtype;
}

bool grid_sample(LowerCtx& ctx) {
    const std::vector<int64_t> out = ctx.out().shape;
    const Ref y = ctx.op("grid_sample",
                         {{0, nhwc::in(ctx, ctx.tensor("input"))},
                          {1, ctx.tensor("grid")},
                          {"mode", std::string(ctx.integer("interpolation_mode") == 0 ? "bilinear" : "nearest")},
                          {"align_corners", ctx.flag("align_corners")}},
                         nhwc::shape(out),
                         ctx.out().dtype);
    ctx.set(0, nhwc::out(ctx, y, out));
    return true;
}

bool adaptive_avg_pool2d(LowerCtx& ctx) {
    const std::vector<int64_t> in = ctx.shape("self"), out = ctx.out().shape;
    const Ref y = ctx.op("adaptive_avg_pool2d",
                         {{0, nhwc::in(ctx, ctx.tensor("self"))},
                          {"batch_size", in[0]},
                          {"input_h", in[2]},
                          {"input_w", in[3]},
                          {"channels", in[1]},
                          {"output_size", std::vector<int64_t>{out[2], out[3]}}},
                         nhwc::shape(out),
                         ctx.out().dtype);
    ctx.set(0, nhwc::out(ctx, y, out));
    return true;
}

// Adaptive max pooling whose windows tile the input exactly (each side a multiple of the output's) is
// max_pool2d with kernel = stride = input / output; any other size is ttnn.adaptive_max_pool2d's uneven
// windows. Its indices are only read by a backward.
bool adaptive_max_guard(const LowerCtx& ctx) {
    return ctx.rank("self") == 4 && !ctx.output_used(1);
}

bool adaptive_max_pool2d(LowerCtx& ctx) {
    const std::vector<int64_t> in = ctx.shape("self"), out = ctx.out().shape;
    std::vector<OpArg> args = {{0, nhwc::in(ctx, ctx.tensor("self"))},
                               {"batch_size", in[0]},
                               {"input_h", in[2]},
                               {"input_w", in[3]},
                               {"channels", in[1]}};
    const bool even = in[2] % out[2] == 0 && in[3] % out[3] == 0;
    if (even) {
        const std::vector<int64_t> window = {in[2] / out[2], in[3] / out[3]};
        args.push_back({"kernel_size", window});
        args.push_back({"stride", window});
    } else {
        args.push_back({"output_size", std::vector<int64_t>{out[2], out[3]}});
    }
    const Ref y =
        ctx.op(even ? "max_pool2d" : "adaptive_max_pool2d", std::move(args), nhwc::shape(out), ctx.out().dtype);
    ctx.set(0, nhwc::out(ctx, y, out));
    return true;
}

}  // namespace

void add_conv_rules(RuleTable& rules) {
    rules.push_back({"aten.convolution.default", "conv2d", conv_guard, conv2d});
    add_conv_transpose_rules(rules);
    rules.push_back({"aten.convolution_backward.default", "conv2d_backward_input", conv_backward_guard, conv_backward});
    rules.push_back(
        {"aten.max_pool2d_with_indices.default", "max_pool2d_with_indices", indices_read, max_pool_with_indices});
    rules.push_back({"aten.max_pool2d_with_indices.default", "max_pool2d", max_pool_guard, max_pool2d});
    rules.push_back({"aten._adaptive_avg_pool2d.default", "mean", global_avg_guard, global_avg});
    rules.push_back({"aten._adaptive_avg_pool2d.default", "adaptive_avg_pool2d", pool_guard, adaptive_avg_pool2d});
    rules.push_back({"aten.avg_pool2d.default", "avg_pool2d", pool_guard, avg_pool2d});
    rules.push_back({"aten.grid_sampler_2d.default", "grid_sample", grid_sample_guard, grid_sample});
    rules.push_back({"aten.adaptive_max_pool2d.default", "max_pool2d", adaptive_max_guard, adaptive_max_pool2d});
}

}  // namespace torch_ttnn
