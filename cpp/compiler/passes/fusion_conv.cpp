// Inference batch norm folded into the convolution before it. conv2d returns NHWC and the lowering permutes
// it back to NCHW for the norm; with s = weight / sqrt(running_var + eps) the pair is one conv2d with weight
// W * s (per output channel) and bias (b - running_mean) * s + bias_bn, followed by that permute. The new
// weight and bias depend on parameters alone, so the runtime computes them once (runtime/derived.hpp) and
// packs the folded weight; the norm's pass over the activations disappears. The weight is folded in the
// conv's prepared form [O, I/groups*kh*kw], in which it is uploaded, so no OIHW copy of it stays on device.
#include "compiler/passes/fusion.hpp"

namespace torch_ttnn {
namespace {

bool is_param(const FusionCtx& ctx, const Operand* o) {
    return o != nullptr && o->is_ref() && o->ref().id >= 0 && ctx.value(o->ref().id).is_param;
}

// The conv's weight as lowering gives it: a parameter reshaped to the prepared form (uploaded so).
bool is_prepared_param(FusionCtx& ctx, const Operand* o) {
    if (is_param(ctx, o))
        return true;
    const Node* reshape = o != nullptr && o->is_ref() ? ctx.single_use_producer(o->ref().id, "reshape") : nullptr;
    return reshape != nullptr && is_param(ctx, reshape->find(reshape->args.at(0).name));
}

bool flag_is_false(const Node& n, std::string_view name) {
    const Operand* o = n.find(name);
    const bool* b = o != nullptr && o->arg() != nullptr ? std::get_if<bool>(o->arg()) : nullptr;
    return b != nullptr && !*b;
}

class Folder {
public:
    Folder(FusionCtx& ctx, ScalarType dtype) : ctx_(ctx), dtype_(dtype) {}

    // op(a, b) on per-channel vectors (or W and s for the weight), appended to `nodes`.
    ValueId binary(std::string_view op, ValueId a, Operand b, const std::vector<int64_t>& shape) {
        nodes.push_back(
            ctx_.make(op,
                      {{std::string(ctx_.param_name(op, 0)), Ref{a}}, {std::string(ctx_.param_name(op, 1)), b}},
                      shape,
                      dtype_));
        return nodes.back().outputs[0];
    }
    ValueId unary(std::string_view op, ValueId a, const std::vector<int64_t>& shape) {
        nodes.push_back(ctx_.make(op, {{std::string(ctx_.param_name(op, 0)), Ref{a}}}, shape, dtype_));
        return nodes.back().outputs[0];
    }

    std::vector<Node> nodes;

private:
    FusionCtx& ctx_;
    ScalarType dtype_;
};

}  // namespace

bool conv_batch_norm(FusionCtx& ctx, size_t index) {
    Node& bn = ctx.g.nodes[index];
    if (bn.kind != NodeKind::TTNN || bn.target != "batch_norm" || !flag_is_false(bn, "training"))
        return false;
    const Operand* eps = bn.find("eps");
    const double* eps_value = eps != nullptr && eps->arg() != nullptr ? std::get_if<double>(eps->arg()) : nullptr;
    const Operand *mean = bn.find("running_mean"), *var = bn.find("running_var");
    const Operand *gamma = bn.find("weight"), *beta = bn.find("bias");
    if (eps_value == nullptr || !is_param(ctx, mean) || !is_param(ctx, var) || (gamma && !is_param(ctx, gamma)) ||
        (beta && !is_param(ctx, beta))) {
        return false;
    }
    Node* permute = ctx.single_use_producer(ctx.tensor_at(bn, 0), "permute");
    if (permute == nullptr || permutation(*permute, ctx) != std::vector<int64_t>{0, 3, 1, 2})
        return false;
    const ValueId conv_out = ctx.tensor_at(*permute, 0);
    Node* conv = ctx.single_use_producer(conv_out, "conv2d");
    const ttnn::OpInfo* conv_op = ttnn::find_op("conv2d");
    const std::string_view w_name = conv_op == nullptr ? std::string_view() : conv_op->weight.param;
    const Operand *w = conv == nullptr || w_name.empty() ? nullptr : conv->find(w_name),
                  *b = conv == nullptr ? nullptr : conv->find("bias_tensor");
    if (conv == nullptr || !is_prepared_param(ctx, w) || (b != nullptr && !is_param(ctx, b)))
        return false;
    const std::vector<int64_t> w_shape = ctx.shape(w->ref().id);
    const std::vector<int64_t> channels = {w_shape.at(0)};
    if (ctx.shape(mean->ref().id) != channels || (b != nullptr && ctx.shape(b->ref().id) != channels))
        return false;

    Folder f(ctx, ctx.value(w->ref().id).dtype);
    ValueId scale = f.unary("rsqrt", f.binary("add", var->ref().id, ttnn::Arg(*eps_value), channels), channels);
    if (gamma != nullptr)
        scale = f.binary("mul", scale, gamma->ref(), channels);
    std::vector<int64_t> per_row(w_shape.size(), 1);  // one scale per output channel, in the weight's form
    per_row[0] = w_shape[0];
    const ValueId weight = f.binary("mul", w->ref().id, Ref{ctx.reshaped(f.nodes, scale, per_row)}, w_shape);
    ValueId shift = b != nullptr ? f.binary("sub", b->ref().id, mean->ref(), channels)
                                 : f.binary("mul", mean->ref().id, ttnn::Arg(-1.0), channels);
    shift = f.binary("mul", shift, Ref{scale}, channels);
    if (beta != nullptr)
        shift = f.binary("add", shift, beta->ref(), channels);

    std::vector<NamedOperand> args;
    for (const NamedOperand& a : conv->args) {
        if (a.name != w_name && a.name != "bias_tensor")
            args.push_back(a);
    }
    args.push_back({std::string(w_name), Ref{weight}});
    args.push_back({"bias_tensor", Ref{shift}});
    const Value out = ctx.value(conv_out);
    f.nodes.push_back(ctx.make("conv2d", std::move(args), out.shape, out.dtype));
    ctx.g.replace_uses(bn.outputs[0], permute->outputs[0]);  // the norm dies; DCE drops it
    ctx.replace_node(static_cast<size_t>(ctx.producers[static_cast<size_t>(conv_out)]), std::move(f.nodes));
    return true;
}

}  // namespace torch_ttnn
