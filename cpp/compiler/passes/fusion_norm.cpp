// Norm fusions: RMSNorm written out by hand (LlamaRMSNorm and its kin) is one ttnn.rms_norm.
#include <algorithm>

#include "compiler/passes/fusion.hpp"

namespace torch_ttnn {
namespace {

// `x` with float-to-float copies (the lowered `.to(float32)` / `.to(input_dtype)`) looked through.
ValueId through_clones(FusionCtx& ctx, ValueId x) {
    for (const Node* n = ctx.producer(x, "clone"); n != nullptr; n = ctx.producer(x, "clone"))
        x = ctx.tensor_at(*n, 0);
    return x;
}

// The x of a single-use x² (pow(x, 2) or x * x), else -1.
ValueId square_of(FusionCtx& ctx, ValueId sq) {
    const Node* n = ctx.single_use_producer(sq);
    if (n == nullptr || n->args.size() != 2)
        return -1;
    if (n->target == "pow" && ctx.number_at(*n, 1) == 2.0)
        return ctx.tensor_at(*n, 0);
    const ValueId a = ctx.tensor_at(*n, 0);
    return n->target == "mul" && a >= 0 && ctx.tensor_at(*n, 1) == a ? a : -1;
}

// A mean over the last dim alone, keeping it.
bool is_row_mean(const FusionCtx& ctx, const Node* mean) {
    if (mean == nullptr || mean->target != "mean")
        return false;
    const Operand* keep = mean->find("keepdim");
    const Operand* dim = mean->find("dim");
    if (keep == nullptr || keep->arg() == nullptr || !std::holds_alternative<bool>(*keep->arg()) ||
        !std::get<bool>(*keep->arg()) || dim == nullptr || dim->arg() == nullptr) {
        return false;
    }
    const size_t rank = ctx.shape(mean->outputs[0]).size();
    if (const auto* d = std::get_if<int64_t>(dim->arg()))
        return is_last_dim(*d, rank);
    const auto* ds = std::get_if<std::vector<int64_t>>(dim->arg());
    return ds != nullptr && ds->size() == 1 && is_last_dim(ds->front(), rank);
}

struct Normed {
    ValueId x = -1;
    double eps = 0;
};

// mul(x, rsqrt(mean(x², -1, keepdim) + eps)) in either operand order, each intermediate read once.
std::optional<Normed> parse_normed(FusionCtx& ctx, const Node* m) {
    if (m == nullptr || m->target != "mul" || m->args.size() != 2)
        return std::nullopt;
    for (size_t side = 0; side < 2; ++side) {
        const ValueId x = ctx.tensor_at(*m, side), r = ctx.tensor_at(*m, 1 - side);
        const Node* rs = ctx.single_use_producer(r, "rsqrt");
        const Node* add = rs == nullptr ? nullptr : ctx.single_use_producer(ctx.tensor_at(*rs, 0), "add");
        const std::optional<double> eps = add == nullptr ? std::nullopt : ctx.number_at(*add, 1);
        const Node* mean = eps ? ctx.single_use_producer(ctx.tensor_at(*add, 0), "mean") : nullptr;
        if (x < 0 || !is_row_mean(ctx, mean) || rs->args.size() != 1)
            continue;
        const ValueId squared = square_of(ctx, ctx.tensor_at(*mean, 0));
        std::vector<int64_t> row = ctx.shape(x);
        if (row.empty() || squared < 0 || through_clones(ctx, squared) != through_clones(ctx, x))
            continue;
        row.back() = 1;
        if (ctx.shape(r) == row && ctx.shape(m->outputs[0]) == ctx.shape(x))
            return Normed{through_clones(ctx, x), *eps};
    }
    return std::nullopt;
}

// One value per channel of the last dim, broadcast over the rows: what rms_norm's weight is.
bool is_channel_weight(const FusionCtx& ctx, ValueId w, const std::vector<int64_t>& x) {
    if (w < 0 || !is_floating(ctx.value(w).dtype))
        return false;
    const std::vector<int64_t>& s = ctx.shape(w);
    if (s.empty() || s.size() > x.size() || s.back() != x.back())
        return false;
    return std::all_of(s.begin(), s.end() - 1, [](int64_t d) { return d == 1; });
}

// The node reading `id` when it is read once, looking through a float copy (else null).
const Node* sole_reader(const FusionCtx& ctx, ValueId id, size_t after) {
    for (size_t i = after + 1; id >= 0 && ctx.uses[static_cast<size_t>(id)] == 1 && i < ctx.g.nodes.size(); ++i) {
        const Node& n = ctx.g.nodes[i];
        const std::vector<ValueId> in = n.inputs();
        if (std::find(in.begin(), in.end(), id) == in.end())
            continue;
        if (n.kind == NodeKind::TTNN && n.target == "clone")
            return sole_reader(ctx, n.outputs[0], i);
        return &n;
    }
    return nullptr;
}

}  // namespace

// x * rsqrt(mean(x², -1, keepdim) + eps) [* weight], a float copy allowed around x and before the weight:
// rms_norm(x, epsilon, weight). Guard: x² is pow(x, 2) or x * x of the same x, the mean over the last dim
// alone with keepdim, eps a constant, the weight one value per channel, each intermediate read once.
bool rms_norm(FusionCtx& ctx, size_t index) {
    const Node& out = ctx.g.nodes[index];
    if (out.kind != NodeKind::TTNN || out.target != "mul" || ttnn::find_op("rms_norm") == nullptr)
        return false;
    std::optional<Normed> n = parse_normed(ctx, &out);
    // Without a weight only when no weight follows: the weight's mul is then the anchor, and fuses it all.
    const Node* next = n ? sole_reader(ctx, out.outputs[0], index) : nullptr;
    if (next != nullptr && next->kind == NodeKind::TTNN && next->target == "mul" && next->args.size() == 2) {
        for (size_t side = 0; side < 2 && n; ++side) {
            const ValueId w = ctx.tensor_at(*next, side);
            if (through_clones(ctx, w) != out.outputs[0] && is_channel_weight(ctx, w, ctx.shape(n->x)))
                n.reset();
        }
    }
    ValueId weight = -1;
    for (size_t side = 0; side < 2 && !n; ++side) {
        ValueId normed = ctx.tensor_at(out, side);
        if (const Node* copy = ctx.single_use_producer(normed, "clone"))
            normed = ctx.tensor_at(*copy, 0);
        n = parse_normed(ctx, ctx.single_use_producer(normed));
        weight = ctx.tensor_at(out, 1 - side);
        if (n && (!is_channel_weight(ctx, weight, ctx.shape(n->x)) || ctx.shape(out.outputs[0]) != ctx.shape(n->x)))
            n.reset();
    }
    if (!n)
        return false;
    std::vector<NamedOperand> args = {{std::string(ctx.param_name("rms_norm", 0)), Ref{n->x}}, {"epsilon", n->eps}};
    if (weight >= 0)
        args.push_back({"weight", Ref{weight}});
    ctx.replace_node(
        index, {ctx.make("rms_norm", std::move(args), ctx.shape(out.outputs[0]), ctx.value(out.outputs[0]).dtype)});
    return true;
}

}  // namespace torch_ttnn
