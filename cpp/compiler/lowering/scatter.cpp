// The functional forms of in-place writes that functionalisation leaves behind: x[..., i, ...] = src is
// select_scatter, x[a:b] = src is slice_scatter, x.fill_(t) is fill.Tensor and x.copy_(src) is copy. Each
// is rebuilt from the untouched slices of `self` and the new values, joined with one concat.
#include <algorithm>

#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

// self with [start, end) along dim replaced by `middle` (which has self's shape but end - start there).
bool replace_range(LowerCtx& ctx, int64_t dim, int64_t start, int64_t end, Ref middle) {
    const Ref self = ctx.tensor("self");
    const int64_t size = ctx.shape("self")[static_cast<size_t>(dim)];
    RefList parts;
    if (start > 0)
        parts.push_back(ctx.slice(self, dim, 0, start));
    parts.push_back(middle);
    if (end < size)
        parts.push_back(ctx.slice(self, dim, end, size));
    ctx.set(0, parts.size() == 1 ? middle : ctx.op("concat", {{0, parts}, {"dim", dim}}));
    return true;
}

bool same_dtype(const LowerCtx& ctx) {
    return ctx.value("src").dtype == ctx.value("self").dtype;
}

bool select_scatter(LowerCtx& ctx) {
    const int64_t dim = ctx.dim("dim", ctx.rank("self"));
    const int64_t size = ctx.shape("self")[static_cast<size_t>(dim)];
    int64_t index = ctx.integer("index");
    index = index < 0 ? index + size : index;
    if (index < 0 || index >= size)
        return ctx.fail("select_scatter: index out of range");
    std::vector<int64_t> kept = ctx.shape("self");
    kept[static_cast<size_t>(dim)] = 1;
    return replace_range(ctx, dim, index, index + 1, ctx.reshape(ctx.tensor("src"), kept));
}

bool slice_scatter_guard(const LowerCtx& ctx) {
    return same_dtype(ctx) && ctx.integer("step", 1) == 1;
}

bool slice_scatter(LowerCtx& ctx) {
    const int64_t dim = ctx.dim("dim", ctx.rank("self"));
    const int64_t size = ctx.shape("self")[static_cast<size_t>(dim)];
    const auto clamp = [size](int64_t i) { return std::clamp<int64_t>(i < 0 ? i + size : i, 0, size); };
    const int64_t start = clamp(ctx.integer("start", 0));
    const int64_t end = std::max(start, clamp(ctx.has("end") ? ctx.integer("end") : size));
    if (ctx.shape("src")[static_cast<size_t>(dim)] != end - start)
        return ctx.fail("slice_scatter: src does not fill the slice");
    return replace_range(ctx, dim, start, end, ctx.tensor("src"));
}

// `value` broadcast to the output's shape (a reshape to the output's rank, then ttnn.expand).
Ref broadcast_to_out(LowerCtx& ctx, Ref value) {
    const std::vector<int64_t>& out = ctx.out().shape;
    const std::vector<int64_t>& in = ctx.value(value).shape;
    if (in == out)
        return value;
    std::vector<int64_t> ranked(out.size() - in.size(), 1);
    ranked.insert(ranked.end(), in.begin(), in.end());
    return ctx.op("expand", {{0, ctx.reshape(value, ranked)}, {1, out}});
}

bool fill_guard(const LowerCtx& ctx) {
    return ctx.value("value").dtype == ctx.value("self").dtype;
}

bool fill(LowerCtx& ctx) {
    ctx.set(0, broadcast_to_out(ctx, ctx.tensor("value")));
    return true;
}

bool copy(LowerCtx& ctx) {
    ctx.set(0, broadcast_to_out(ctx, ctx.tensor("src")));
    return true;
}

// torch.scatter and scatter_add: ttnn.scatter, with src a tensor of self's dtype or a number.
bool scatter_guard(const LowerCtx& ctx) {
    if (!is_integral(ctx.value("index").dtype) || ctx.rank("index") != ctx.rank("self"))
        return false;
    return !ctx.is_tensor("src") || ctx.value("src").dtype == ctx.value("self").dtype;
}

bool scatter_value_guard(const LowerCtx& ctx) {
    return is_integral(ctx.value("index").dtype) && ctx.rank("index") == ctx.rank("self");
}

Ref scatter_op(LowerCtx& ctx, Operand src, std::string_view reduce) {
    std::vector<OpArg> args = {
        {0, ctx.tensor("self")}, {"dim", ctx.dim("dim", ctx.rank("self"))}, {"index", ctx.tensor("index")}};
    args.push_back({"src", std::move(src)});
    if (!reduce.empty())
        args.push_back({"reduce", std::string(reduce)});
    return ctx.op("scatter", std::move(args));
}

bool scatter_src(LowerCtx& ctx) {
    ctx.set(0, scatter_op(ctx, ctx.tensor("src"), ""));
    return true;
}

bool scatter_value(LowerCtx& ctx) {
    ctx.set(0, scatter_op(ctx, ttnn::Arg(ctx.number("value")), ""));
    return true;
}

bool scatter_add(LowerCtx& ctx) {
    ctx.set(0, scatter_op(ctx, ctx.tensor("src"), "add"));
    return true;
}

// scatter_reduce's sum that includes self's values is scatter_add; the other reductions stay on the host.
bool scatter_reduce_guard(const LowerCtx& ctx) {
    return scatter_guard(ctx) && ctx.string("reduce") == "sum" && ctx.flag("include_self", true);
}

}  // namespace

void add_scatter_rules(RuleTable& rules) {
    rules.push_back({"aten.select_scatter.default", "concat", same_dtype, select_scatter});
    rules.push_back({"aten.slice_scatter.default", "concat", slice_scatter_guard, slice_scatter});
    rules.push_back({"aten.fill.Tensor", "expand", fill_guard, fill});
    rules.push_back({"aten.copy.default", "expand", same_dtype, copy});
    rules.push_back({"aten.scatter.src", "scatter", scatter_guard, scatter_src});
    rules.push_back({"aten.scatter.value", "scatter", scatter_value_guard, scatter_value});
    rules.push_back({"aten.scatter_add.default", "scatter", scatter_guard, scatter_add});
    rules.push_back({"aten.scatter_reduce.two", "scatter", scatter_reduce_guard, scatter_add});
}

}  // namespace torch_ttnn
