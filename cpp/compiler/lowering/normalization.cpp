// Normalisations. Layer norm over the last dim is ttnn.layer_norm; batch norm with running
// statistics is ttnn.batch_norm, or, while that op is missing, its arithmetic on per-channel [1,C,1,...]
// vectors (the same formula PyTorch's decomposition uses).
#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

// Layer norm over the last dim; in training it also returns mean and rstd (shape [..., 1]) for its backward,
// computed with ttnn.mean and ttnn.var only when read.
bool layer_norm_guard(const LowerCtx& ctx) {
    return ctx.ints("normalized_shape").size() == 1;
}

bool layer_norm(LowerCtx& ctx) {
    std::vector<OpArg> args = {{0, ctx.tensor("input")}, {"epsilon", ctx.number("eps")}};
    if (ctx.has("weight"))
        args.push_back({"weight", ctx.tensor("weight")});
    if (ctx.has("bias"))
        args.push_back({"bias", ctx.tensor("bias")});
    ctx.set(0, ctx.op("layer_norm", std::move(args)));
    const std::vector<int64_t> stat = ctx.out(1).shape;
    const ScalarType dt = ctx.out(1).dtype;
    const int64_t last = ctx.rank("input") - 1;
    if (ctx.output_used(1))
        ctx.set(1, ctx.op("mean", {{0, ctx.tensor("input")}, {"dim", last}, {"keepdim", true}}, stat, dt));
    if (ctx.output_used(2)) {
        const Ref var =
            ctx.op("var", {{0, ctx.tensor("input")}, {"dim", last}, {"keepdim", true}, {"correction", 0.0}}, stat, dt);
        const Ref var_eps = ctx.op("add", {{0, var}, {1, ttnn::Arg(ctx.number("eps"))}}, stat, dt);
        ctx.set(2, ctx.op("rsqrt", {{0, var_eps}}, stat, dt));
    }
    return true;
}

bool batch_norm_guard(const LowerCtx& ctx) {
    return ctx.rank("input") >= 2 && !ctx.output_used(1) && !ctx.output_used(2);
}

bool batch_norm(LowerCtx& ctx) {
    std::vector<OpArg> args = {{0, ctx.tensor("input")},
                               {"running_mean", ctx.tensor("running_mean")},
                               {"running_var", ctx.tensor("running_var")},
                               {"training", false},
                               {"eps", ctx.number("eps")}};
    if (ctx.has("weight"))
        args.push_back({"weight", ctx.tensor("weight")});
    if (ctx.has("bias"))
        args.push_back({"bias", ctx.tensor("bias")});
    ctx.set(0, ctx.op("batch_norm", std::move(args)));
    return true;
}

// y = (x - mean) * rsqrt(var + eps) * weight + bias, each per-channel vector viewed as [1, C, 1, ...].
bool batch_norm_arithmetic(LowerCtx& ctx) {
    const std::vector<int64_t>& in = ctx.shape("input");
    std::vector<int64_t> channel(in.size(), 1);
    channel[1] = in[1];
    const ScalarType dt = ctx.out().dtype;
    auto per_channel = [&](std::string_view arg) { return ctx.reshape(ctx.tensor(arg), channel); };
    const Ref var_eps =
        ctx.op("add", {{0, per_channel("running_var")}, {1, ttnn::Arg(ctx.number("eps"))}}, channel, dt);
    Ref scale = ctx.op("rsqrt", {{0, var_eps}}, channel, dt);
    if (ctx.has("weight"))
        scale = ctx.op("mul", {{0, scale}, {1, per_channel("weight")}}, channel, dt);
    const Ref centred = ctx.op("sub", {{0, ctx.tensor("input")}, {1, per_channel("running_mean")}}, in, dt);
    Ref y = ctx.op("mul", {{0, centred}, {1, scale}}, in, dt);
    if (ctx.has("bias"))
        y = ctx.op("add", {{0, y}, {1, per_channel("bias")}}, in, dt);
    ctx.set(0, y);
    return true;
}

}  // namespace

void add_normalization_rules(RuleTable& rules) {
    rules.push_back({"aten.native_layer_norm.default", "layer_norm", layer_norm_guard, layer_norm});
    rules.push_back({"aten._native_batch_norm_legit_no_training.default", "batch_norm", batch_norm_guard, batch_norm});
    rules.push_back(
        {"aten._native_batch_norm_legit_no_training.default", "rsqrt", batch_norm_guard, batch_norm_arithmetic});
}

}  // namespace torch_ttnn
