// Convolution and pooling. TT-NN computes these in NHWC ([N, H, W, C]); the rules permute NCHW torch tensors
// in and out, and the permutes of consecutive convs cancel in fusion (permute pairs).
#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

const std::vector<int64_t> kToNhwc = {0, 2, 3, 1};
const std::vector<int64_t> kToNchw = {0, 3, 1, 2};

std::vector<int64_t> nhwc(const std::vector<int64_t>& nchw) {
    return {nchw[0], nchw[2], nchw[3], nchw[1]};
}

Ref permute(LowerCtx& ctx, Ref r, const std::vector<int64_t>& dims, std::vector<int64_t> shape) {
    return ctx.op("permute", {{0, r}, {1, dims}}, std::move(shape), ctx.value(r).dtype);
}

// A 2-entry list from torch's (h, w) argument; a single value means both.
std::vector<int64_t> pair(const LowerCtx& ctx, std::string_view arg, int64_t fallback) {
    std::vector<int64_t> v = ctx.ints(arg);
    if (v.empty())
        return {fallback, fallback};
    if (v.size() == 1)
        return {v[0], v[0]};
    return v;
}

bool conv_guard(const LowerCtx& ctx) {
    if (ctx.rank("input") != 4 || ctx.flag("transposed"))
        return false;
    for (int64_t p : ctx.ints("output_padding")) {
        if (p != 0)
            return false;
    }
    return ctx.options().device != nullptr;
}

std::vector<OpArg> conv_params(const LowerCtx& ctx, const std::vector<int64_t>& in, const std::vector<int64_t>& w) {
    const std::vector<int64_t> pad = pair(ctx, "padding", 0);
    return {{"device", ttnn::Arg(ctx.options().device)},
            {"in_channels", in[1]},
            {"out_channels", w[0]},
            {"batch_size", in[0]},
            {"input_height", in[2]},
            {"input_width", in[3]},
            {"kernel_size", std::vector<int64_t>{w[2], w[3]}},
            {"stride", pair(ctx, "stride", 1)},
            {"padding", std::vector<int64_t>{pad[0], pad[0], pad[1], pad[1]}},
            {"dilation", pair(ctx, "dilation", 1)},
            {"groups", ctx.integer("groups", 1)}};
}

bool conv2d(LowerCtx& ctx) {
    const std::vector<int64_t> in = ctx.shape("input"), w = ctx.shape("weight"), out = ctx.out().shape;
    std::vector<OpArg> args = conv_params(ctx, in, w);
    args.push_back({"input_tensor", permute(ctx, ctx.tensor("input"), kToNhwc, nhwc(in))});
    args.push_back({"weight_tensor", ctx.tensor("weight")});
    if (ctx.has("bias"))
        args.push_back({"bias_tensor", ctx.tensor("bias")});
    const Ref y = ctx.op("conv2d", std::move(args), nhwc(out), ctx.out().dtype);
    ctx.set(0, permute(ctx, y, kToNchw, out));
    return true;
}

// convolution_backward's three gradients, each its own ttnn op, computed only where output_mask asks.
bool conv_backward(LowerCtx& ctx) {
    const std::vector<int64_t> in = ctx.shape("input"), w = ctx.shape("weight");
    const std::vector<int64_t> go = ctx.shape("grad_output");
    const Ref grad = permute(ctx, ctx.tensor("grad_output"), kToNhwc, nhwc(go));
    auto params = [&](std::string_view tensor_name, Ref tensor) {
        std::vector<OpArg> args = conv_params(ctx, in, w);
        args.push_back({"grad_output", grad});
        if (!tensor_name.empty())
            args.push_back({tensor_name, tensor});
        return args;
    };
    if (ctx.output_used(0)) {
        const Ref gi =
            ctx.op("conv2d_backward_input", params("weight_tensor", ctx.tensor("weight")), nhwc(in), ctx.out(0).dtype);
        ctx.set(0, permute(ctx, gi, kToNchw, in));
    }
    if (ctx.output_used(1)) {
        const Ref x = permute(ctx, ctx.tensor("input"), kToNhwc, nhwc(in));
        ctx.set(1, ctx.op("conv2d_backward_weight", params("input_tensor", x), w, ctx.out(1).dtype));
    }
    if (ctx.output_used(2)) {
        ctx.set(2, ctx.op("conv2d_backward_bias", params("", Ref{}), ctx.out(2).shape, ctx.out(2).dtype));
    }
    return true;
}

bool conv_backward_guard(const LowerCtx& ctx) {
    return ctx.rank("input") == 4 && !ctx.flag("transposed") && ctx.options().device != nullptr;
}

// The indices output of max_pool2d_with_indices is only read by its backward; TT-NN's pool gives values.
bool max_pool_guard(const LowerCtx& ctx) {
    return ctx.rank("self") == 4 && !ctx.output_used(1);
}

bool max_pool2d(LowerCtx& ctx) {
    const std::vector<int64_t> in = ctx.shape("self"), out = ctx.out().shape;
    const std::vector<int64_t> kernel = pair(ctx, "kernel_size", 1);
    std::vector<int64_t> stride = ctx.ints("stride");
    if (stride.empty())
        stride = kernel;
    const Ref x = permute(ctx, ctx.tensor("self"), kToNhwc, nhwc(in));
    const Ref y = ctx.op("max_pool2d",
                         {{0, x},
                          {"batch_size", in[0]},
                          {"input_h", in[2]},
                          {"input_w", in[3]},
                          {"channels", in[1]},
                          {"kernel_size", kernel},
                          {"stride", stride.size() == 1 ? std::vector<int64_t>{stride[0], stride[0]} : stride},
                          {"padding", pair(ctx, "padding", 0)},
                          {"dilation", pair(ctx, "dilation", 1)},
                          {"ceil_mode", ctx.flag("ceil_mode")}},
                         nhwc(out),
                         ctx.out().dtype);
    ctx.set(0, permute(ctx, y, kToNchw, out));
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

}  // namespace

void add_conv_rules(RuleTable& rules) {
    rules.push_back({"aten.convolution.default", "conv2d", conv_guard, conv2d});
    rules.push_back({"aten.convolution_backward.default", "conv2d_backward_input", conv_backward_guard, conv_backward});
    rules.push_back({"aten.max_pool2d_with_indices.default", "max_pool2d", max_pool_guard, max_pool2d});
    rules.push_back({"aten._adaptive_avg_pool2d.default", "mean", global_avg_guard, global_avg});
}

}  // namespace torch_ttnn
