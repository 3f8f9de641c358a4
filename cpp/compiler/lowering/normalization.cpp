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

// Training batch norm in aot's functional form: ttnn.batch_norm with the batch statistics (computed in
// double inside the op) and no running stats, so nothing is updated in place; the new running stats
// (outputs 3 and 4) follow from its mean and invstd as aten computes them, with the unbiased variance.
bool batch_norm_train_guard(const LowerCtx& ctx) {
    return ctx.rank("input") >= 2 && ctx.flag("training");
}

// Outputs 0-2 of a training batch norm: the normalized input, the batch mean and invstd.
std::vector<Ref> batch_statistics(LowerCtx& ctx) {
    std::vector<OpArg> args = {{0, ctx.tensor("input")}, {"training", true}, {"eps", ctx.number("eps")}};
    if (ctx.has("weight"))
        args.push_back({"weight", ctx.tensor("weight")});
    if (ctx.has("bias"))
        args.push_back({"bias", ctx.tensor("bias")});
    const std::vector<Ref> r = ctx.op_multi("batch_norm_with_stats",
                                            std::move(args),
                                            {ctx.out(0).shape, ctx.out(1).shape, ctx.out(2).shape},
                                            {ctx.out(0).dtype, ctx.out(1).dtype, ctx.out(2).dtype});
    for (size_t k = 0; k < 3; ++k) {
        if (ctx.output_used(k))
            ctx.set(k, r[k]);
    }
    return r;
}

// Batch statistics with no running ones (F.batch_norm(training=True) without buffers; BiT's weight
// standardization normalizes each convolution weight this way).
bool batch_norm_no_stats(LowerCtx& ctx) {
    batch_statistics(ctx);
    return true;
}

bool batch_norm_train(LowerCtx& ctx) {
    const std::vector<Ref> r = batch_statistics(ctx);
    const double m = ctx.number("momentum");
    const std::vector<int64_t>& in = ctx.shape("input");
    double count = 1.0;  // values per channel
    for (size_t d = 0; d < in.size(); ++d)
        count *= d == 1 ? 1.0 : static_cast<double>(in[d]);
    // running * (1 - m) + batch * factor
    auto blend = [&](std::string_view running, Ref batch, double factor) {
        const std::vector<int64_t> c = ctx.shape(running);
        const ScalarType dt = ctx.value(running).dtype;
        const Ref kept = ctx.op("mul", {{0, ctx.tensor(running)}, {1, ttnn::Arg(1.0 - m)}}, c, dt);
        const Ref added = ctx.op("mul", {{0, batch}, {1, ttnn::Arg(factor)}}, c, dt);
        return ctx.op("add", {{0, kept}, {1, added}}, c, dt);
    };
    if (ctx.output_used(3))
        ctx.set(3, blend("running_mean", r[1], m));
    if (ctx.output_used(4)) {
        const std::vector<int64_t> c = ctx.out(2).shape;
        const ScalarType dt = ctx.out(2).dtype;
        const Ref squared = ctx.op("mul", {{0, r[2]}, {1, r[2]}}, c, dt);
        const Ref var =
            ctx.op("sub", {{0, ctx.op("reciprocal", {{0, squared}}, c, dt)}, {1, ctx.number("eps")}}, c, dt);
        ctx.set(4, blend("running_var", var, count > 1 ? m * count / (count - 1) : m));
    }
    return true;
}

bool batch_norm_backward_guard(const LowerCtx& ctx) {
    return ctx.rank("input") >= 2 && ctx.flag("train");
}

// The op recomputes the batch statistics from the input, so save_mean / save_invstd are not read.
bool batch_norm_backward(LowerCtx& ctx) {
    std::vector<OpArg> args = {
        {"grad_output", ctx.tensor("grad_out")}, {"input_tensor", ctx.tensor("input")}, {"eps", ctx.number("eps")}};
    if (ctx.has("weight"))
        args.push_back({"weight", ctx.tensor("weight")});
    const std::vector<int64_t> channels = {ctx.shape("input")[1]};
    const std::vector<Ref> r = ctx.op_multi(
        "batch_norm_backward", std::move(args), {ctx.shape("input"), channels, channels}, {ctx.out(0).dtype});
    for (size_t k = 0; k < 3; ++k) {
        if (ctx.output_used(k))
            ctx.set(k, r[k]);
    }
    return true;
}

}  // namespace

void add_normalization_rules(RuleTable& rules) {
    rules.push_back({"aten.native_layer_norm.default", "layer_norm", layer_norm_guard, layer_norm});
    rules.push_back({"aten._native_batch_norm_legit_no_training.default", "batch_norm", batch_norm_guard, batch_norm});
    rules.push_back(
        {"aten._native_batch_norm_legit_no_training.default", "rsqrt", batch_norm_guard, batch_norm_arithmetic});
    rules.push_back({"aten._native_batch_norm_legit_functional.default",
                     "batch_norm_with_stats",
                     batch_norm_train_guard,
                     batch_norm_train});
    rules.push_back({"aten._native_batch_norm_legit.no_stats",
                     "batch_norm_with_stats",
                     batch_norm_train_guard,
                     batch_norm_no_stats});
    rules.push_back({"aten.native_batch_norm_backward.default",
                     "batch_norm_backward",
                     batch_norm_backward_guard,
                     batch_norm_backward});
}

}  // namespace torch_ttnn
