// Attention fusions. softmax(x * scale + mask) is ttnn.scale_mask_softmax; softmax(q kᵀ * scale + mask) v,
// as eager attention writes it (after lowering: batched 3-D matmuls between reshapes, HF's baddbmm, masks
// added before or after a reshape), is one ttnn.transformer.scaled_dot_product_attention.
#include <algorithm>
#include <functional>
#include <numeric>

#include "compiler/passes/fusion.hpp"

namespace torch_ttnn {
namespace {

constexpr std::string_view kSdpa = "transformer.scaled_dot_product_attention";

std::vector<int64_t> batch_of(const std::vector<int64_t>& s) {
    return {s.begin(), s.end() - 2};
}

int64_t volume(const std::vector<int64_t>& s) {
    return std::accumulate(s.begin(), s.end(), int64_t{1}, std::multiplies<>());
}

bool same_last_two(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    return a.size() >= 2 && b.size() >= 2 && a.back() == b.back() && a[a.size() - 2] == b[b.size() - 2];
}

// Whether `mask` broadcasts into `frame` without growing it: the only broadcast the fused ops do.
bool broadcasts_into(const std::vector<int64_t>& mask, const std::vector<int64_t>& frame) {
    if (mask.size() > frame.size())
        return false;
    for (size_t i = 1; i <= mask.size(); ++i) {
        const int64_t m = mask[mask.size() - i];
        if (m != 1 && m != frame[frame.size() - i])
            return false;
    }
    return true;
}

// A mask added to the scores, and the scores' shape where it was added (a reshape may follow).
struct Mask {
    ValueId value;
    std::vector<int64_t> frame;
};

// softmax's input as base * scale + masks.
struct Scores {
    ValueId base = -1;
    double scale = 1.0;
    bool scaled = false;
    std::vector<Mask> masks;
};

// Walks up from softmax's input through single-use clones, adds of a floating mask that broadcasts into the
// scores, multiplications and divisions by a constant, and (`through_reshape`) reshapes that keep the last two
// dims. A scale applied after a mask would scale the mask too, so the walk stops there.
Scores parse_scores(FusionCtx& ctx, ValueId x, bool through_reshape) {
    Scores s;
    for (Node* n = ctx.single_use_producer(x); n != nullptr; n = ctx.single_use_producer(x)) {
        const ValueId in = ctx.tensor_at(*n, 0);
        if (n->target == "clone" || (n->target == "reshape" && through_reshape)) {
            if (!same_last_two(ctx.shape(in), ctx.shape(x)))
                break;
            x = in;
        } else if ((n->target == "mul" || n->target == "div") && n->args.size() == 2 && in >= 0) {
            const std::optional<double> k = ctx.number_at(*n, 1);
            if (!k || *k == 0.0)
                break;
            s.scale = n->target == "mul" ? s.scale * *k : s.scale / *k;
            s.scaled = true;
            x = in;
        } else if (n->target == "add" && n->args.size() == 2 && !s.scaled) {
            const ValueId a = in, b = ctx.tensor_at(*n, 1);
            const auto is_mask = [&](ValueId m, ValueId other) {
                return m >= 0 && other >= 0 && ctx.shape(other) == ctx.shape(x) && is_floating(ctx.value(m).dtype) &&
                       broadcasts_into(ctx.shape(m), ctx.shape(x));
            };
            const bool mask_b = is_mask(b, a);
            if (!mask_b && !is_mask(a, b))
                break;
            s.masks.push_back({mask_b ? b : a, ctx.shape(x)});
            x = mask_b ? a : b;
        } else {
            break;
        }
    }
    s.base = x;
    return s;
}

// The shape a mask added at scores shape `at` takes in `frame` (the same last two dims, batch dims regrouped):
// unchanged when the frames agree, else its batch dims must be all 1 or all of `at`'s.
std::optional<std::vector<int64_t>> mask_in_frame(std::vector<int64_t> mask,
                                                  const std::vector<int64_t>& at,
                                                  const std::vector<int64_t>& frame) {
    if (at == frame)
        return mask;
    mask.insert(mask.begin(), at.size() - mask.size(), 1);
    const std::vector<int64_t> batch = batch_of(mask), fb = batch_of(frame);
    std::vector<int64_t> out;
    if (std::all_of(batch.begin(), batch.end(), [](int64_t d) { return d == 1; }))
        out.assign(fb.size(), 1);
    else if (batch == batch_of(at))
        out = fb;
    else
        return std::nullopt;
    out.insert(out.end(), mask.end() - 2, mask.end());
    return out;
}

// The masks moved into `frame` and summed into one tensor for the fused op (-1 when there is none).
std::optional<ValueId> combined_mask(FusionCtx& ctx,
                                     std::vector<Node>& out,
                                     const std::vector<Mask>& masks,
                                     const std::vector<int64_t>& frame) {
    ValueId sum = -1;
    for (const Mask& m : masks) {
        const std::optional<std::vector<int64_t>> shape = mask_in_frame(ctx.shape(m.value), m.frame, frame);
        if (!shape)
            return std::nullopt;
        const ValueId v = ctx.reshaped(out, m.value, *shape);
        if (sum < 0) {
            sum = v;
            continue;
        }
        std::vector<int64_t> a = ctx.shape(sum), b = *shape;
        const size_t rank = std::max(a.size(), b.size());
        a.insert(a.begin(), rank - a.size(), 1);
        b.insert(b.begin(), rank - b.size(), 1);
        for (size_t i = 0; i < rank; ++i)
            a[i] = std::max(a[i], b[i]);
        out.push_back(ctx.make(
            "add",
            {{std::string(ctx.param_name("add", 0)), Ref{sum}}, {std::string(ctx.param_name("add", 1)), Ref{v}}},
            a,
            ctx.value(sum).dtype));
        sum = out.back().outputs[0];
    }
    return sum;
}

// A softmax over the last dim with no option the fused ops would drop.
bool is_last_dim_softmax(const FusionCtx& ctx, const Node* sm) {
    if (sm == nullptr || sm->target != "softmax" || sm->outputs.empty())
        return false;
    const std::optional<double> dim = ctx.number_at(*sm, 1);
    return dim && is_last_dim(static_cast<int64_t>(*dim), ctx.shape(sm->outputs[0]).size()) &&
           !FusionCtx::has_other_args(*sm, {ctx.param_name("softmax", 0), "dim", "compute_kernel_config"});
}

void copy_compute_config(const Node& from, std::vector<NamedOperand>& args) {
    if (const Operand* c = from.find("compute_kernel_config"))
        args.push_back({"compute_kernel_config", *c});
}

// A node that only regroups batch dims: a clone, a no-op expand, or a reshape keeping the last two dims.
bool is_batch_view(const FusionCtx& ctx, const Node& n) {
    if (n.kind != NodeKind::TTNN || n.outputs.size() != 1)
        return false;
    const ValueId in = ctx.tensor_at(n, 0);
    if (in < 0)
        return false;
    const std::vector<int64_t>&a = ctx.shape(in), &b = ctx.shape(n.outputs[0]);
    return (n.target == "clone" && a == b) || (n.target == "expand" && a == b) ||
           (n.target == "reshape" && same_last_two(a, b));
}

// `x` or a value it is a batch view of, preferring one already in `batch`'s dims (no reshape needed then).
ValueId view_source(FusionCtx& ctx, ValueId x, const std::vector<int64_t>& batch) {
    for (ValueId v = x; v >= 0;) {
        if (batch_of(ctx.shape(v)) == batch)
            return v;
        const Node* n = ctx.producer(v);
        v = n != nullptr && is_batch_view(ctx, *n) ? ctx.tensor_at(*n, 0) : -1;
    }
    return x;
}

// k of the scores' matmul(q, kᵀ): b itself under transpose_b, else what a transpose of b's last two dims
// (batch views between allowed) transposes; -1 when b is not a kᵀ.
ValueId key_of(FusionCtx& ctx, const Node& qk) {
    const ValueId b = ctx.tensor_at(qk, 1);
    const Operand* tb = qk.find("transpose_b");
    if (tb != nullptr && tb->arg() != nullptr && std::holds_alternative<bool>(*tb->arg()) && std::get<bool>(*tb->arg()))
        return b;
    const Node* t = ctx.producer(b);
    while (t != nullptr && is_batch_view(ctx, *t))
        t = ctx.producer(ctx.tensor_at(*t, 0));
    return t != nullptr && swaps_last_two(ctx, *t) ? ctx.tensor_at(*t, 0) : -1;
}

}  // namespace

// softmax(x * scale + mask), softmax(x / d + mask), softmax(x * scale), softmax(x + mask) over the last dim:
// scale_mask_softmax(x, scale, mask). Guard: the scale is a constant, each mask a floating tensor broadcasting
// into x (several masks are summed first), every intermediate read only by the next step.
bool scale_mask_softmax(FusionCtx& ctx, size_t index) {
    const Node& sm = ctx.g.nodes[index];
    if (sm.kind != NodeKind::TTNN || !is_last_dim_softmax(ctx, &sm) || ttnn::find_op("scale_mask_softmax") == nullptr)
        return false;
    const ValueId in = ctx.tensor_at(sm, 0);
    const Scores s = parse_scores(ctx, in, false);
    if (!s.scaled && s.masks.empty())
        return false;
    std::vector<Node> out;
    const std::optional<ValueId> mask = combined_mask(ctx, out, s.masks, ctx.shape(in));
    if (!mask)
        return false;
    std::vector<NamedOperand> args = {{std::string(ctx.param_name("scale_mask_softmax", 0)), Ref{s.base}}};
    if (s.scaled)
        args.push_back({"scale", s.scale});
    if (*mask >= 0)
        args.push_back({"mask", Ref{*mask}});
    copy_compute_config(sm, args);
    out.push_back(ctx.make("scale_mask_softmax", std::move(args), ctx.shape(sm.outputs[0]), ctx.value(in).dtype));
    ctx.replace_node(index, std::move(out));
    return true;
}

// matmul(softmax(matmul(q, kᵀ) [* scale | / d] [+ mask]...), v) with kᵀ a transpose of k's last two dims (or
// transpose_b): sdpa(q, k, v, attn_mask, scale) in the softmax's shape. Guard: every intermediate read once
// (so no dropout, no softmax kept for a backward), softmax over the last dim, views between the steps only
// regroup batch dims, q, k and v of one batch volume (no broadcast or grouped heads), masks as in
// scale_mask_softmax and movable into the softmax's shape.
bool attention_sdpa(FusionCtx& ctx, size_t index) {
    const Node& pv = ctx.g.nodes[index];
    if (pv.kind != NodeKind::TTNN || pv.target != "matmul" || ttnn::find_op(kSdpa) == nullptr ||
        FusionCtx::has_other_args(pv,
                                  {ctx.param_name("matmul", 0), ctx.param_name("matmul", 1), "compute_kernel_config"}))
        return false;
    ValueId probs = ctx.tensor_at(pv, 0);
    for (Node* n = ctx.single_use_producer(probs); n != nullptr && is_batch_view(ctx, *n);
         n = ctx.single_use_producer(probs))
        probs = ctx.tensor_at(*n, 0);
    const Node* sm = ctx.single_use_producer(probs);
    if (!is_last_dim_softmax(ctx, sm))
        return false;
    const Scores s = parse_scores(ctx, ctx.tensor_at(*sm, 0), true);
    const Node* qk = ctx.single_use_producer(s.base, "matmul");
    if (qk == nullptr ||
        FusionCtx::has_other_args(
            *qk, {ctx.param_name("matmul", 0), ctx.param_name("matmul", 1), "transpose_b", "compute_kernel_config"})) {
        return false;
    }
    ValueId k = key_of(ctx, *qk);
    if (k < 0)
        return false;
    const std::vector<int64_t> frame = ctx.shape(probs), fb = batch_of(frame);
    const ValueId q = view_source(ctx, ctx.tensor_at(*qk, 0), fb);
    k = view_source(ctx, k, fb);
    const ValueId v = view_source(ctx, ctx.tensor_at(pv, 1), fb);
    // Copies: new values may move the graph's value table.
    const std::vector<int64_t> qs = ctx.shape(q), ks = ctx.shape(k), vs = ctx.shape(v);
    const int64_t sq = frame[frame.size() - 2], sk = frame.back();
    if (qs.size() < 2 || ks.size() < 2 || vs.size() < 2 || qs[qs.size() - 2] != sq || ks[ks.size() - 2] != sk ||
        vs[vs.size() - 2] != sk || qs.back() != ks.back()) {
        return false;
    }
    const int64_t heads = volume(fb);
    if (volume(batch_of(qs)) != heads || volume(batch_of(ks)) != heads || volume(batch_of(vs)) != heads)
        return false;
    std::vector<Node> out;
    const std::optional<ValueId> mask = combined_mask(ctx, out, s.masks, frame);
    if (!mask)
        return false;
    const auto in_frame = [&](ValueId x, int64_t last) {
        std::vector<int64_t> shape = fb;
        shape.push_back(ctx.shape(x)[ctx.shape(x).size() - 2]);
        shape.push_back(last);
        return ctx.reshaped(out, x, shape);
    };
    std::vector<NamedOperand> args = {{std::string(ctx.param_name(kSdpa, 0)), Ref{in_frame(q, qs.back())}},
                                      {std::string(ctx.param_name(kSdpa, 1)), Ref{in_frame(k, ks.back())}},
                                      {std::string(ctx.param_name(kSdpa, 2)), Ref{in_frame(v, vs.back())}},
                                      {"is_causal", false},
                                      {"scale", s.scale}};
    if (*mask >= 0)
        args.push_back({"attn_mask", Ref{*mask}});
    copy_compute_config(pv, args);
    std::vector<int64_t> result = fb;
    result.insert(result.end(), {sq, vs.back()});
    out.push_back(ctx.make(kSdpa, std::move(args), result, ctx.value(pv.outputs[0]).dtype));
    ctx.reshaped(out, out.back().outputs[0], ctx.shape(pv.outputs[0]));
    ctx.replace_node(index, std::move(out));
    return true;
}

}  // namespace torch_ttnn
