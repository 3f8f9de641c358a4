// Matrix products and attention. addmm with a plain bias is TT-NN's linear (bias fused); scaled overloads
// (beta/alpha != 1) multiply first; PyTorch's CPU attention kernel becomes ttnn's sdpa.
#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

bool matmul(LowerCtx& ctx) {
    ctx.set(0, ctx.op("matmul", {{0, ctx.tensor("self")}, {1, ctx.tensor("mat2")}}));
    return true;
}

Ref scaled(LowerCtx& ctx, Ref r, double factor) {
    if (factor == 1.0)
        return r;
    return ctx.op("mul", {{0, r}, {1, ttnn::Arg(factor)}}, ctx.value(r).shape, ctx.value(r).dtype);
}

// addmm(bias, a, b) = beta * bias + alpha * (a @ b). A 1-D bias of one value per output column with
// beta = alpha = 1 is linear's bias; a broadcast bias (one value for all columns) takes matmul + add.
bool addmm_linear_guard(const LowerCtx& ctx) {
    return ctx.number("beta", 1) == 1 && ctx.number("alpha", 1) == 1 && ctx.rank("self") == 1 &&
           ctx.shape("self")[0] == ctx.shape("mat2").back();
}

bool addmm_linear(LowerCtx& ctx) {
    ctx.set(0, ctx.op("linear", {{0, ctx.tensor("mat1")}, {1, ctx.tensor("mat2")}, {"bias", ctx.tensor("self")}}));
    return true;
}

Ref product_plus(LowerCtx& ctx, std::string_view a, std::string_view b) {
    const Value& out = ctx.out();
    const Ref prod = scaled(
        ctx, ctx.op("matmul", {{0, ctx.tensor(a)}, {1, ctx.tensor(b)}}, out.shape, out.dtype), ctx.number("alpha", 1));
    if (ctx.number("beta", 1) == 0.0)
        return prod;
    const Ref bias = scaled(ctx, ctx.tensor("self"), ctx.number("beta", 1));
    return ctx.op("add", {{0, prod}, {1, bias}});
}

bool addmm(LowerCtx& ctx) {
    ctx.set(0, product_plus(ctx, "mat1", "mat2"));
    return true;
}

bool baddbmm(LowerCtx& ctx) {
    ctx.set(0, product_plus(ctx, "batch1", "batch2"));
    return true;
}

// PyTorch's CPU SDPA returns (output, logsumexp); only the output has a ttnn counterpart.
bool sdpa_guard(const LowerCtx& ctx) {
    return ctx.number("dropout_p") == 0.0 && !ctx.output_used(1);
}

bool sdpa(LowerCtx& ctx) {
    std::vector<OpArg> args = {{0, ctx.tensor("query")},
                               {1, ctx.tensor("key")},
                               {2, ctx.tensor("value")},
                               {"is_causal", ctx.flag("is_causal")}};
    if (ctx.has("attn_mask"))
        args.push_back({"attn_mask", ctx.tensor("attn_mask")});
    if (ctx.has("scale"))
        args.push_back({"scale", ctx.number("scale")});
    ctx.set(0, ctx.op("transformer.scaled_dot_product_attention", std::move(args)));
    return true;
}

}  // namespace

void add_matmul_rules(RuleTable& rules) {
    rules.push_back({"aten.mm.default", "matmul", nullptr, matmul});
    rules.push_back({"aten.bmm.default", "matmul", nullptr, matmul});
    rules.push_back({"aten.addmm.default", "linear", addmm_linear_guard, addmm_linear});
    rules.push_back({"aten.addmm.default", "matmul", nullptr, addmm});
    rules.push_back({"aten.baddbmm.default", "matmul", nullptr, baddbmm});
    rules.push_back({"aten._scaled_dot_product_flash_attention_for_cpu.default",
                     "transformer.scaled_dot_product_attention",
                     sdpa_guard,
                     sdpa});
    add_attention_rules(rules);
}

}  // namespace torch_ttnn
