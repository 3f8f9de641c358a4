// permute(b(permute(x, p), y), q) with q undoing p, b a pointwise op of two same-shape tensors, is
// b(x, permute(y, q)): two permutes of one operand's chain traded for one of the other's. A training graph's
// backward meets it where an NHWC op (max_pool2d_backward, conv2d_backward_input) hands its gradient to a
// pointwise gradient (threshold_bw) whose saved activation came back NCHW, before the next NHWC op.
#include <optional>

#include "compiler/passes/fusion.hpp"
#include "compiler/passes/passes.hpp"

namespace torch_ttnn {
namespace {

// Whether q after p is the identity (p and q the dims of two permutes).
bool undoes(const std::vector<int64_t>& p, const std::vector<int64_t>& q) {
    if (p.empty() || p.size() != q.size())
        return false;
    for (size_t i = 0; i < q.size(); ++i) {
        const auto qi = static_cast<size_t>(q[i]);
        if (qi >= p.size() || p[qi] != static_cast<int64_t>(i))
            return false;
    }
    return true;
}

// The output of a permute of `v` by `dims` among the first `before` nodes, or -1.
ValueId earlier_permute(const FusionCtx& ctx, ValueId v, const std::vector<int64_t>& dims, size_t before) {
    for (size_t i = 0; i < before; ++i) {
        const Node& n = ctx.g.nodes[i];
        if (n.kind == NodeKind::TTNN && n.target == "permute" && n.outputs.size() == 1 && ctx.tensor_at(n, 0) == v &&
            permutation(n, ctx) == dims)
            return n.outputs[0];
    }
    return -1;
}

}  // namespace

bool permute_through_binary(FusionCtx& ctx, size_t index) {
    Node& outer = ctx.g.nodes[index];
    if (outer.kind != NodeKind::TTNN || outer.target != "permute")
        return false;
    const std::vector<int64_t> q = permutation(outer, ctx);
    const ValueId mid = ctx.tensor_at(outer, 0);
    Node* b = ctx.single_use_producer(mid);
    const ttnn::OpInfo* op = b == nullptr ? nullptr : ttnn::find_op(b->target);
    if (op == nullptr || !op->traits.pointwise || b->outputs.size() != 1)
        return false;
    const ValueId r0 = ctx.tensor_at(*b, 0), r1 = ctx.tensor_at(*b, 1);
    if (Node::refs_in(b->args).size() != 2 || r0 < 0 || r1 < 0 || r0 == r1 || ctx.shape(r0) != ctx.shape(r1))
        return false;
    for (size_t side = 0; side < 2; ++side) {
        const ValueId through = side == 0 ? r0 : r1, other = side == 0 ? r1 : r0;
        Node* inner = ctx.single_use_producer(through, "permute");
        if (inner == nullptr || !undoes(permutation(*inner, ctx), q))
            continue;
        const ValueId x = ctx.tensor_at(*inner, 0);
        // The other operand in x's order: what a permute by p made it from, a permute by q of it that runs
        // before b (the backward's NHWC copy of a saved activation), else a new permute by q.
        const Node* other_perm = ctx.producer(other, "permute");
        ValueId other_x = other_perm != nullptr && undoes(permutation(*other_perm, ctx), q)
                              ? ctx.tensor_at(*other_perm, 0)
                              : earlier_permute(ctx, other, q, static_cast<size_t>(b - ctx.g.nodes.data()));
        std::optional<Node> perm;
        if (other_x < 0) {
            perm = ctx.make("permute",
                            {{std::string(ctx.param_name("permute", 0)), Ref{other}},
                             {std::string(ctx.param_name("permute", 1)), q}},
                            ctx.shape(x),
                            ctx.value(other).dtype);
            perm->source = b->source;
            other_x = perm->outputs[0];
        }
        for (NamedOperand& a : b->args) {
            if (Ref* r = std::get_if<Ref>(&a.value.v); r != nullptr)
                r->id = r->id == through ? x : other_x;
        }
        ctx.g.values[static_cast<size_t>(mid)].shape = ctx.shape(x);  // read only by `outer`, now bypassed
        ctx.bypass(outer, mid);
        if (perm) {  // last: the insert moves the nodes `b` and `outer` point at
            const auto at = ctx.g.nodes.begin() + (b - ctx.g.nodes.data());
            ctx.g.nodes.insert(at, std::move(*perm));
        }
        return true;
    }
    return false;
}

}  // namespace torch_ttnn
