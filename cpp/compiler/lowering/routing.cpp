// Mixture-of-experts routing (transformers' grouped-mm experts: Mixtral, Qwen2-MoE, OLMoE): the router's
// topk, the sort of token-expert pairs by expert, the token row of each pair (floor_divide by top_k), tokens
// per expert (histc) and their running totals (cumsum to int32, a reduction rule), the grouped matmul over
// those runs, and the inverse permutation (index_put of an arange into empty_like; index_put is an indexing
// rule). Indices are int64 in aten and int32 on the device; ttnn's uint32 indices are typecast by the runtime.
#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

bool two_outputs(LowerCtx& ctx, std::string_view op, std::vector<OpArg> args) {
    const std::vector<Ref> r =
        ctx.op_multi(op, std::move(args), {ctx.out(0).shape, ctx.out(1).shape}, {ctx.out(0).dtype, ctx.out(1).dtype});
    for (size_t k = 0; k < 2; ++k) {
        if (ctx.output_used(k))
            ctx.set(k, r[k]);
    }
    return true;
}

bool has_rank(const LowerCtx& ctx) {
    return ctx.rank("self") >= 1;
}

// topk's values are floats (ttnn.topk compares in fp32); integer tensors stay on the host.
bool topk_guard(const LowerCtx& ctx) {
    return ctx.rank("self") >= 1 && is_floating(ctx.value("self").dtype);
}

bool topk(LowerCtx& ctx) {
    return two_outputs(ctx,
                       "topk",
                       {{0, ctx.tensor("self")},
                        {"k", ctx.integer("k")},
                        {"dim", ctx.dim("dim", ctx.rank("self"))},
                        {"largest", ctx.flag("largest", true)},
                        {"sorted", ctx.flag("sorted", true)}});
}

// sort.default and sort.stable; ttnn.sort is always stable, which is a valid order for both.
bool sort(LowerCtx& ctx) {
    return two_outputs(ctx,
                       "sort",
                       {{0, ctx.tensor("self")},
                        {"dim", ctx.dim("dim", ctx.rank("self"))},
                        {"descending", ctx.flag("descending")},
                        {"stable", ctx.flag("stable")}});
}

// Integers divide exactly as integers (floor_div of int32); an integer tensor over a fractional number is a
// float result in torch, left to the host.
bool floor_divide_guard(const LowerCtx& ctx) {
    const bool ints = is_integral(ctx.value("self").dtype);
    if (!ints)
        return is_floating(ctx.out().dtype);
    if (ctx.is_tensor("other"))
        return is_integral(ctx.value("other").dtype) && ctx.shape("other") == ctx.shape("self");
    return ctx.is_integer_number("other") && ctx.integer("other") != 0 && is_integral(ctx.out().dtype);
}

bool floor_divide(LowerCtx& ctx) {
    const Operand other = ctx.is_tensor("other") ? Operand(ctx.tensor("other")) : Operand(ctx.number("other"));
    if (ctx.is_tensor("other") && ctx.shape("other") != ctx.shape("self"))
        return ctx.fail("other's shape differs from self's (floor_div broadcasts only a number)");
    ctx.set(0, ctx.op("floor_div", {{0, ctx.tensor("self")}, {1, other}}));
    return true;
}

// Counts are exact in int32 (passes/integer_counts.cpp retypes a histc read by an integer cumsum), in fp32,
// and in bf16 up to 256 values.
bool histc_guard(const LowerCtx& ctx) {
    int64_t n = 1;
    for (int64_t d : ctx.shape("self"))
        n *= d;
    return is_integral(ctx.out().dtype) || ctx.options().compute_dtype == ttnn::DataType::FLOAT32 || n <= 256;
}

// GCC 12 at -O2 reports the vector's growth in the dtype push_back as reading an uninitialized variant (a false
// positive, as in conv_transpose.cpp).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
bool histc(LowerCtx& ctx) {
    std::vector<OpArg> args = {{0, ctx.tensor("self")},
                               {"bins", ctx.integer("bins", 100)},
                               {"min", ctx.number("min")},
                               {"max", ctx.number("max")}};
    if (is_integral(ctx.out().dtype))
        args.push_back({"dtype", ttnn::Arg(ttnn::DataType::INT32)});
    ctx.set(0, ctx.op("histc", std::move(args)));
    return true;
}
#pragma GCC diagnostic pop

// empty_like's values are unspecified; zeros are one valid choice, folded to a constant at compile time.
bool empty_like(LowerCtx& ctx) {
    const ttnn::DataType dtype = is_integral(ctx.out().dtype) ? ttnn::DataType::INT32 : ctx.options().compute_dtype;
    ctx.set(0,
            ctx.op("full",
                   {{0, ctx.out().shape},
                    {"fill_value", 0.0},
                    {"dtype", dtype},
                    {"device", ttnn::Arg(ctx.options().device)}}));
    return true;
}

bool has_device(const LowerCtx& ctx) {
    return ctx.options().device != nullptr;
}

bool grouped_mm_guard(const LowerCtx& ctx) {
    return ctx.rank("input") == 2 && ctx.rank("weight") == 3 && ctx.rank("offs") == 1 &&
           is_integral(ctx.value("offs").dtype) && is_floating(ctx.out().dtype);
}

bool grouped_mm(LowerCtx& ctx) {
    ctx.set(0,
            ctx.op("grouped_matmul", {{0, ctx.tensor("input")}, {1, ctx.tensor("weight")}, {2, ctx.tensor("offs")}}));
    return true;
}

}  // namespace

void add_routing_rules(RuleTable& rules) {
    rules.push_back({"aten.topk.default", "topk", topk_guard, topk});
    rules.push_back({"aten.sort.default", "sort", has_rank, sort});
    rules.push_back({"aten.sort.stable", "sort", has_rank, sort});
    rules.push_back({"aten.floor_divide.default", "floor_div", floor_divide_guard, floor_divide});
    rules.push_back({"aten.histc.default", "histc", histc_guard, histc});
    rules.push_back({"aten.empty_like.default", "full", has_device, empty_like});
    rules.push_back({"transformers.grouped_mm_fallback.default", "grouped_matmul", grouped_mm_guard, grouped_mm});
}

}  // namespace torch_ttnn
