// Transposed convolution (aten.convolution with transposed=True): ttnn.conv_transpose2d in NHWC; a 1-D one
// (speech decoders, vocoders) as a 2-D one over [N, C, 1, L]. The weight goes in as its rows,
// [C, O/groups * kh * kw] (the 4-D values in order), so a parameter is not padded to 32x32 tiles per kernel.
#include "compiler/lowering/nhwc.hpp"

namespace torch_ttnn {
namespace {

bool transposed_guard(const LowerCtx& ctx) {
    const int64_t rank = ctx.rank("input");
    return (rank == 3 || rank == 4) && ctx.flag("transposed") && ctx.options().device != nullptr;
}

// torch's per-dim argument as (h, w); a 1-D conv's h is the identity (no padding, stride and dilation 1).
std::vector<int64_t> hw(const LowerCtx& ctx, std::string_view arg, int64_t identity, int64_t fallback, bool one_d) {
    if (!one_d)
        return nhwc::pair(ctx, arg, {fallback, fallback});
    const std::vector<int64_t> v = ctx.ints(arg);
    return {identity, v.empty() ? fallback : v[0]};
}

std::vector<int64_t> as_2d(const std::vector<int64_t>& s) {
    return s.size() == 3 ? std::vector<int64_t>{s[0], s[1], 1, s[2]} : s;
}

// GCC 12 at -O2 reports the vector's growth in the bias push_back as reading an uninitialized variant (a false
// positive: conv.cpp's identical code is inlined differently and passes).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
bool conv_transpose2d(LowerCtx& ctx) {
    const bool one_d = ctx.rank("input") == 3;
    const std::vector<int64_t> in = as_2d(ctx.shape("input")), w = as_2d(ctx.shape("weight"));
    const std::vector<int64_t> out = as_2d(ctx.out().shape);
    std::vector<OpArg> args = {
        {"input_tensor", nhwc::in(ctx, ctx.reshape(ctx.tensor("input"), in))},
        {"weight_tensor", ctx.reshape(ctx.tensor("weight"), {w[0], w[1] * w[2] * w[3]})},
        {"device", ttnn::Arg(ctx.options().device)},
        {"in_channels", in[1]},
        {"out_channels", out[1]},
        {"batch_size", in[0]},
        {"input_height", in[2]},
        {"input_width", in[3]},
        {"kernel_size", std::vector<int64_t>{w[2], w[3]}},
        {"stride", hw(ctx, "stride", 1, 1, one_d)},
        {"padding", hw(ctx, "padding", 0, 0, one_d)},
        {"output_padding", hw(ctx, "output_padding", 0, 0, one_d)},
        {"dilation", hw(ctx, "dilation", 1, 1, one_d)},
        {"groups", ctx.integer("groups", 1)},
    };
    if (ctx.has("bias"))
        args.push_back({"bias_tensor", ctx.tensor("bias")});
    const Ref y = ctx.op("conv_transpose2d", std::move(args), nhwc::shape(out), ctx.out().dtype);
    ctx.set(0, ctx.reshape(nhwc::out(ctx, y, out), ctx.out().shape));
    return true;
}
#pragma GCC diagnostic pop

}  // namespace

void add_conv_transpose_rules(RuleTable& rules) {
    rules.push_back({"aten.convolution.default", "conv_transpose2d", transposed_guard, conv_transpose2d});
}

}  // namespace torch_ttnn
