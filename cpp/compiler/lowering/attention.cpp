// Attention in training graphs. PyTorch's CPU attention kernel returns (output, logsumexp) and its backward
// reads the logsumexp; ttnn's sdpa gives the output only. A graph that keeps the logsumexp (one that trains)
// gets the attention as its math (scores, softmax, weighted sum), and the backward FlashAttention's formulas
// in matmuls and element-wise ops: P = exp(S - lse), dV = P^T dO, dS = P * (dO V^T - rowsum(dO * O)),
// dQ = scale * dS K, dK = scale * dS^T Q.
#include <cmath>

#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

// Plain multi-head attention: no dropout, no causal flag, a float (additive) mask if any, as many key/value
// heads as query heads.
bool math_guard(const LowerCtx& ctx) {
    if (ctx.number("dropout_p") != 0.0 || ctx.flag("is_causal") || ctx.rank("query") != 4 || ctx.rank("key") != 4)
        return false;
    if (ctx.shape("query")[1] != ctx.shape("key")[1])
        return false;
    return !ctx.has("attn_mask") || ctx.value("attn_mask").dtype != ScalarType::BOOL;
}

bool forward_guard(const LowerCtx& ctx) {
    return ctx.output_used(1) && math_guard(ctx);
}

double scale_of(const LowerCtx& ctx) {
    return ctx.has("scale") ? ctx.number("scale") : 1.0 / std::sqrt(static_cast<double>(ctx.shape("query").back()));
}

std::vector<int64_t> transposed(std::vector<int64_t> shape) {
    std::swap(shape[2], shape[3]);
    return shape;
}

Ref swap_last(LowerCtx& ctx, Ref x) {
    const Value& v = ctx.value(x);
    return ctx.op("transpose", {{0, x}, {1, int64_t{2}}, {2, int64_t{3}}}, transposed(v.shape), v.dtype);
}

Ref product(LowerCtx& ctx, Ref a, Ref b) {
    std::vector<int64_t> shape = ctx.value(a).shape;
    shape[3] = ctx.value(b).shape[3];
    return ctx.op("matmul", {{0, a}, {1, b}}, shape, ctx.value(a).dtype);
}

Ref binary(LowerCtx& ctx, std::string_view op, Ref a, Operand b) {
    return ctx.op(op, {{0, a}, {1, std::move(b)}}, ctx.value(a).shape, ctx.value(a).dtype);
}

Ref unary(LowerCtx& ctx, std::string_view op, Ref x) {
    return ctx.op(op, {{0, x}}, ctx.value(x).shape, ctx.value(x).dtype);
}

Ref row_reduce(LowerCtx& ctx, std::string_view op, Ref x) {
    std::vector<int64_t> kept = ctx.value(x).shape;
    kept[3] = 1;
    return ctx.op(op, {{0, x}, {"dim", int64_t{3}}, {"keepdim", true}}, kept, ctx.value(x).dtype);
}

// S = scale * Q K^T (+ mask): [batch, heads, queries, keys].
Ref scores(LowerCtx& ctx) {
    const Ref s = product(ctx, ctx.tensor("query"), swap_last(ctx, ctx.tensor("key")));
    const Ref scaled = binary(ctx, "mul", s, ttnn::Arg(scale_of(ctx)));
    return ctx.has("attn_mask") ? binary(ctx, "add", scaled, ctx.tensor("attn_mask")) : scaled;
}

bool forward(LowerCtx& ctx) {
    const Ref s = scores(ctx);
    const Ref row_max = row_reduce(ctx, "max", s);
    const Ref e = unary(ctx, "exp", binary(ctx, "sub", s, row_max));
    const Ref total = row_reduce(ctx, "sum", e);
    ctx.set(0, product(ctx, binary(ctx, "div", e, total), ctx.tensor("value")));
    const Ref lse = binary(ctx, "add", unary(ctx, "log", total), row_max);
    ctx.set(1, ctx.reshape(lse, ctx.out(1).shape));
    return true;
}

bool backward(LowerCtx& ctx) {
    const Ref s = scores(ctx);
    std::vector<int64_t> kept = ctx.value(s).shape;
    kept[3] = 1;
    const Ref p = unary(ctx, "exp", binary(ctx, "sub", s, ctx.reshape(ctx.tensor("logsumexp"), kept)));
    const Ref grad = ctx.tensor("grad_out");
    const Ref row = row_reduce(ctx, "sum", binary(ctx, "mul", grad, ctx.tensor("out")));
    const Ref dp = product(ctx, grad, swap_last(ctx, ctx.tensor("value")));
    const Ref ds = binary(ctx, "mul", p, binary(ctx, "sub", dp, row));
    const ttnn::Arg scale(scale_of(ctx));
    if (ctx.output_used(0))
        ctx.set(0, binary(ctx, "mul", product(ctx, ds, ctx.tensor("key")), scale));
    if (ctx.output_used(1))
        ctx.set(1, binary(ctx, "mul", product(ctx, swap_last(ctx, ds), ctx.tensor("query")), scale));
    if (ctx.output_used(2))
        ctx.set(2, product(ctx, swap_last(ctx, p), grad));
    return true;
}

}  // namespace

void add_attention_rules(RuleTable& rules) {
    rules.push_back({"aten._scaled_dot_product_flash_attention_for_cpu.default", "matmul", forward_guard, forward});
    rules.push_back(
        {"aten._scaled_dot_product_flash_attention_for_cpu_backward.default", "matmul", math_guard, backward});
}

}  // namespace torch_ttnn
