// Group norm and weight norm, the norms of speech encoders (wav2vec2 / HuBERT: a group norm with one group per
// channel over the whole waveform, a weight-normed grouped conv as positional embedding).
//
// Group norm over [N, C, *] is a layer norm of the rows [N, G, C/G * HxW] (each group's channels and positions
// are one contiguous run in NC* order), then the per-channel affine on [N, C, HxW]. That needs no permute to
// ttnn.group_norm's channels-last form and, with one group per channel (G == C), no reshape either: the 16000
// positions of each channel are one layer-norm row.
#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

struct Groups {
    int64_t n, c, hw, g;
    std::vector<int64_t> rows() const { return {n, g, c / g * hw}; }
    std::vector<int64_t> channels() const { return {n, c, hw}; }
    std::vector<int64_t> stats() const { return {n, g, 1}; }
};

Groups groups_of(const LowerCtx& ctx) {
    return {ctx.integer("N"), ctx.integer("C"), ctx.integer("HxW"), ctx.integer("group")};
}

bool group_norm_guard(const LowerCtx& ctx) {
    const Groups s = groups_of(ctx);
    return ctx.rank("input") >= 2 && s.g > 0 && s.c % s.g == 0 && s.hw > 0;
}

// [C] as [C, 1], broadcasting over [N, C, HxW].
Ref per_channel(LowerCtx& ctx, std::string_view arg, const Groups& s) {
    return ctx.reshape(ctx.tensor(arg), {s.c, 1});
}

bool group_norm(LowerCtx& ctx) {
    const Groups s = groups_of(ctx);
    const ScalarType dt = ctx.out().dtype;
    const double eps = ctx.number("eps");
    const Ref rows = ctx.reshape(ctx.tensor("input"), s.rows());
    Ref y = ctx.reshape(ctx.op("layer_norm", {{0, rows}, {"epsilon", eps}}, s.rows(), dt), s.channels());
    if (ctx.has("weight"))
        y = ctx.op("mul", {{0, y}, {1, per_channel(ctx, "weight", s)}}, s.channels(), dt);
    if (ctx.has("bias"))
        y = ctx.op("add", {{0, y}, {1, per_channel(ctx, "bias", s)}}, s.channels(), dt);
    ctx.set(0, ctx.reshape(y, ctx.out().shape));
    // mean and rstd ([N, G]) for a backward, only when read.
    const ScalarType st = ctx.out(1).dtype;
    if (ctx.output_used(1))
        ctx.set(1,
                ctx.reshape(ctx.op("mean", {{0, rows}, {"dim", int64_t{2}}, {"keepdim", true}}, s.stats(), st),
                            ctx.out(1).shape));
    if (ctx.output_used(2)) {
        const Ref var =
            ctx.op("var", {{0, rows}, {"dim", int64_t{2}}, {"keepdim", true}, {"correction", 0.0}}, s.stats(), st);
        const Ref var_eps = ctx.op("add", {{0, var}, {1, ttnn::Arg(eps)}}, s.stats(), st);
        ctx.set(2, ctx.reshape(ctx.op("rsqrt", {{0, var_eps}}, s.stats(), st), ctx.out(2).shape));
    }
    return true;
}

// dx is layer norm's backward on the rows, fed grad * weight; dweight and dbias sum over N and HxW.
bool group_norm_backward(LowerCtx& ctx) {
    const Groups s = groups_of(ctx);
    const ScalarType dt = ctx.out(0).dtype;
    const Ref grad = ctx.reshape(ctx.tensor("grad_out"), s.channels());
    const Ref rows = ctx.reshape(ctx.tensor("input"), s.rows());
    const Ref mean = ctx.reshape(ctx.tensor("mean"), s.stats());
    const Ref rstd = ctx.reshape(ctx.tensor("rstd"), s.stats());
    if (ctx.output_used(0)) {
        Ref g = grad;
        if (ctx.has("weight"))
            g = ctx.op("mul", {{0, grad}, {1, per_channel(ctx, "weight", s)}}, s.channels(), dt);
        const int64_t row = s.c / s.g * s.hw;
        const std::vector<Ref> r = ctx.op_multi("layer_norm_backward",
                                                {{"grad_output", ctx.reshape(g, s.rows())},
                                                 {"input_tensor", rows},
                                                 {"normalized_shape", std::vector<int64_t>{row}},
                                                 {"mean", mean},
                                                 {"rstd", rstd}},
                                                {s.rows(), {row}, {row}},
                                                {dt});
        ctx.set(0, ctx.reshape(r[0], ctx.out(0).shape));
    }
    const std::vector<int64_t> over = {0, 2};
    if (ctx.output_used(1)) {
        const Ref centred = ctx.op("sub", {{0, rows}, {1, mean}}, s.rows(), dt);
        const Ref xhat = ctx.reshape(ctx.op("mul", {{0, centred}, {1, rstd}}, s.rows(), dt), s.channels());
        const Ref prod = ctx.op("mul", {{0, grad}, {1, xhat}}, s.channels(), dt);
        ctx.set(1, ctx.op("sum", {{0, prod}, {"dim", over}, {"keepdim", false}}, ctx.out(1).shape, ctx.out(1).dtype));
    }
    if (ctx.output_used(2))
        ctx.set(2, ctx.op("sum", {{0, grad}, {"dim", over}, {"keepdim", false}}, ctx.out(2).shape, ctx.out(2).dtype));
    return true;
}

bool group_norm_backward_guard(const LowerCtx& ctx) {
    const Groups s = groups_of(ctx);
    return s.g > 0 && s.c % s.g == 0 && s.hw > 0 && s.n > 0;
}

// w = v * (g / ||v||), the norm over every dim but `dim` (kept as size-1 dims, the shape of g and of the second
// output). Read as a conv weight, w is a derived value: computed once per parameter version, not per call.
bool weight_norm(LowerCtx& ctx) {
    const std::vector<int64_t>& v = ctx.shape("v");
    const int64_t keep = ctx.dim("dim", ctx.rank("v"));
    std::vector<int64_t> dims;
    for (int64_t d = 0; d < static_cast<int64_t>(v.size()); ++d) {
        if (d != keep)
            dims.push_back(d);
    }
    const std::vector<int64_t> norm_shape = ctx.out(1).shape;
    const ScalarType dt = ctx.out(0).dtype, nt = ctx.out(1).dtype;
    const Ref squared = ctx.op("mul", {{0, ctx.tensor("v")}, {1, ctx.tensor("v")}}, v, dt);
    const Ref sum = ctx.op("sum", {{0, squared}, {"dim", dims}, {"keepdim", true}}, norm_shape, nt);
    const Ref norm = ctx.op("sqrt", {{0, sum}}, norm_shape, nt);
    const Ref scale = ctx.op("div", {{0, ctx.reshape(ctx.tensor("g"), norm_shape)}, {1, norm}}, norm_shape, nt);
    ctx.set(0, ctx.op("mul", {{0, ctx.tensor("v")}, {1, scale}}, ctx.out(0).shape, dt));
    if (ctx.output_used(1))
        ctx.set(1, norm);
    return true;
}

// One dim kept and g holding one value per index of it (torch's own precondition).
bool weight_norm_guard(const LowerCtx& ctx) {
    if (ctx.rank("v") < 1)
        return false;
    const int64_t keep = ctx.dim("dim", ctx.rank("v"));
    int64_t g_volume = 1;
    for (int64_t d : ctx.shape("g"))
        g_volume *= d;
    return g_volume == ctx.shape("v")[static_cast<size_t>(keep)];
}

// grad_g = sum(grad_w * v) / ||v|| over every dim but `dim`; grad_v = (g / ||v||) * (grad_w - v * grad_g / ||v||)
// (differentiating w = v * g / ||v||), from the saved v, g and norms.
bool weight_norm_backward(LowerCtx& ctx) {
    const std::vector<int64_t>& v = ctx.shape("saved_v");
    const int64_t keep = ctx.dim("dim", ctx.rank("saved_v"));
    std::vector<int64_t> dims;
    for (int64_t d = 0; d < static_cast<int64_t>(v.size()); ++d) {
        if (d != keep)
            dims.push_back(d);
    }
    const std::vector<int64_t> norm_shape = ctx.shape("saved_norms");
    const ScalarType dt = ctx.out(0).dtype;
    const Ref sv = ctx.tensor("saved_v"), norms = ctx.tensor("saved_norms");
    const Ref g = ctx.reshape(ctx.tensor("saved_g"), norm_shape);
    const Ref prod = ctx.op("mul", {{0, ctx.tensor("grad_w")}, {1, sv}}, v, dt);
    const Ref dot = ctx.op("sum", {{0, prod}, {"dim", dims}, {"keepdim", true}}, norm_shape, dt);
    const Ref grad_g = ctx.op("div", {{0, dot}, {1, norms}}, norm_shape, dt);
    if (ctx.output_used(1))
        ctx.set(1, ctx.reshape(grad_g, ctx.out(1).shape));
    if (ctx.output_used(0)) {
        const Ref along =
            ctx.op("mul", {{0, sv}, {1, ctx.op("div", {{0, grad_g}, {1, norms}}, norm_shape, dt)}}, v, dt);
        const Ref rest = ctx.op("sub", {{0, ctx.tensor("grad_w")}, {1, along}}, v, dt);
        ctx.set(0, ctx.op("mul", {{0, rest}, {1, ctx.op("div", {{0, g}, {1, norms}}, norm_shape, dt)}}, v, dt));
    }
    return true;
}

bool weight_norm_backward_guard(const LowerCtx& ctx) {
    return ctx.rank("saved_v") >= 1 && ctx.shape("saved_norms").size() == ctx.shape("saved_v").size();
}

}  // namespace

void add_norm_groups_rules(RuleTable& rules) {
    rules.push_back({"aten.native_group_norm.default", "layer_norm", group_norm_guard, group_norm});
    rules.push_back({"aten.native_group_norm_backward.default",
                     "layer_norm_backward",
                     group_norm_backward_guard,
                     group_norm_backward});
    rules.push_back({"aten._weight_norm_interface.default", "sqrt", weight_norm_guard, weight_norm});
    rules.push_back(
        {"aten._weight_norm_interface_backward.default", "div", weight_norm_backward_guard, weight_norm_backward});
}

}  // namespace torch_ttnn
