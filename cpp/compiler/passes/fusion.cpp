// Fusions over the lowered graph. Each rule is a pattern anchored at one node, a guard and a replacement,
// and every firing increments the rule's counter (metrics "fusions", and the tests read them).
#include <algorithm>

#include "compiler/passes/passes.hpp"

namespace torch_ttnn {
namespace {

class FusionCtx {
public:
    explicit FusionCtx(Graph& graph) : g(graph), uses(graph.use_counts()), producers(graph.producers()) {}

    // The TTNN node producing `id` if it is `op` (any op when empty) and `id` is read once.
    Node* single_use_producer(ValueId id, std::string_view op = {}) {
        const int p = id < 0 ? -1 : producers[static_cast<size_t>(id)];
        if (p < 0 || uses[static_cast<size_t>(id)] != 1)
            return nullptr;
        Node& n = g.nodes[static_cast<size_t>(p)];
        if (n.kind != NodeKind::TTNN || (!op.empty() && n.target != op))
            return nullptr;
        return &n;
    }
    Operand* arg(Node& n, std::string_view name) {
        for (NamedOperand& a : n.args) {
            if (a.name == name)
                return &a.value;
        }
        return nullptr;
    }
    // The tensor argument at the op's parameter index `i` (its TT-NN positional slot).
    ValueId tensor_at(const Node& n, size_t i) {
        const ttnn::OpInfo* op = ttnn::find_op(n.target);
        if (op == nullptr || i >= op->params.size())
            return -1;
        const Operand* o = n.find(op->params[i].name);
        return o != nullptr && o->is_ref() ? o->ref().id : -1;
    }
    std::string_view param_name(std::string_view op, size_t i) {
        const ttnn::OpInfo* info = ttnn::find_op(op);
        return info == nullptr || i >= info->params.size() ? std::string_view{} : info->params[i].name;
    }
    bool has_param(std::string_view op, std::string_view param) {
        const ttnn::OpInfo* info = ttnn::find_op(op);
        return info != nullptr && std::any_of(info->params.begin(), info->params.end(), [&](const ttnn::Param& p) {
                   return p.name == param;
               });
    }
    // Makes `node` dead by routing its readers to `replacement`; DCE removes it.
    void bypass(Node& node, ValueId replacement) { g.replace_uses(node.outputs[0], replacement); }

    Graph& g;
    std::vector<int> uses;
    std::vector<int> producers;
};

using FusionApply = bool (*)(FusionCtx& ctx, size_t index);

struct FusionRule {
    std::string_view name;
    FusionApply apply;
};

// linear/matmul followed by relu/silu/sigmoid: the activation runs in the matmul's epilogue.
bool linear_activation(FusionCtx& ctx, size_t index) {
    Node& act = ctx.g.nodes[index];
    if (act.kind != NodeKind::TTNN || act.args.size() != 1)
        return false;
    if (act.target != "relu" && act.target != "silu" && act.target != "sigmoid")
        return false;
    const ValueId in = ctx.tensor_at(act, 0);
    Node* mm = ctx.single_use_producer(in);
    if (mm == nullptr || (mm->target != "linear" && mm->target != "matmul"))
        return false;
    if (!ctx.has_param(mm->target, "activation") || mm->find("activation") != nullptr)
        return false;
    mm->args.push_back({"activation", ttnn::Arg(act.target)});
    ctx.bypass(act, in);
    return true;
}

// matmul(a, b) + bias, with a bias of one value per output column: linear(a, b, bias).
bool linear_bias(FusionCtx& ctx, size_t index) {
    Node& add = ctx.g.nodes[index];
    if (add.kind != NodeKind::TTNN || add.target != "add" || add.args.size() != 2)
        return false;
    if (!ctx.has_param("linear", "bias"))
        return false;
    for (size_t side = 0; side < 2; ++side) {
        const ValueId prod = ctx.tensor_at(add, side), bias = ctx.tensor_at(add, 1 - side);
        Node* mm = ctx.single_use_producer(prod, "matmul");
        if (mm == nullptr || bias < 0 || mm->args.size() != 2)
            continue;
        const Value& b = ctx.g.values[static_cast<size_t>(bias)];
        const Value& p = ctx.g.values[static_cast<size_t>(prod)];
        if (b.shape.size() != 1 || p.shape.empty() || b.shape[0] != p.shape.back())
            continue;
        Node linear;
        linear.kind = NodeKind::TTNN;
        linear.target = "linear";
        linear.outputs = add.outputs;
        linear.source = add.source;
        linear.args = {{std::string(ctx.param_name("linear", 0)), Ref{ctx.tensor_at(*mm, 0)}},
                       {std::string(ctx.param_name("linear", 1)), Ref{ctx.tensor_at(*mm, 1)}},
                       {"bias", Ref{bias}}};
        mm->outputs.clear();  // the matmul's value is no longer computed; DCE drops the node
        add = std::move(linear);
        return true;
    }
    return false;
}

std::vector<int64_t> permutation(Node& n, FusionCtx& ctx) {
    const Operand* dims = n.find(ctx.param_name("permute", 1));
    if (dims == nullptr || dims->arg() == nullptr)
        return {};
    const auto* v = std::get_if<std::vector<int64_t>>(dims->arg());
    return v == nullptr ? std::vector<int64_t>{} : *v;
}

// permute(permute(x, p), q) with q after p the identity is x: what conv's NHWC round trips leave.
bool permute_pair(FusionCtx& ctx, size_t index) {
    Node& outer = ctx.g.nodes[index];
    if (outer.kind != NodeKind::TTNN || outer.target != "permute")
        return false;
    const ValueId mid = ctx.tensor_at(outer, 0);
    const int p = mid < 0 ? -1 : ctx.producers[static_cast<size_t>(mid)];
    if (p < 0 || ctx.g.nodes[static_cast<size_t>(p)].kind != NodeKind::TTNN ||
        ctx.g.nodes[static_cast<size_t>(p)].target != "permute") {
        return false;
    }
    Node& inner = ctx.g.nodes[static_cast<size_t>(p)];
    const std::vector<int64_t> a = permutation(inner, ctx), b = permutation(outer, ctx);
    if (a.empty() || a.size() != b.size())
        return false;
    for (size_t i = 0; i < b.size(); ++i) {
        if (a[static_cast<size_t>(b[i])] != static_cast<int64_t>(i))
            return false;
    }
    ctx.bypass(outer, ctx.tensor_at(inner, 0));
    return true;
}

// unary(permute(x)) is permute(unary(x)); moving the permute later lets it meet its inverse.
bool permute_sink(FusionCtx& ctx, size_t index) {
    Node& u = ctx.g.nodes[index];
    static constexpr std::string_view kUnary[] = {"relu", "silu", "sigmoid", "gelu", "tanh", "neg", "exp"};
    if (u.kind != NodeKind::TTNN || u.args.size() != 1 ||
        std::find(std::begin(kUnary), std::end(kUnary), u.target) == std::end(kUnary)) {
        return false;
    }
    const ValueId mid = ctx.tensor_at(u, 0);
    Node* perm = ctx.single_use_producer(mid, "permute");
    if (perm == nullptr)
        return false;
    const ValueId x = ctx.tensor_at(*perm, 0);
    Value before;
    before.shape = ctx.g.values[static_cast<size_t>(x)].shape;
    before.dtype = ctx.g.values[static_cast<size_t>(mid)].dtype;
    const ValueId ux = ctx.g.add_value(std::move(before));
    const ValueId result = u.outputs[0];
    std::get<Ref>(u.args[0].value.v).id = x;
    u.outputs = {ux};
    std::get<Ref>(perm->args[0].value.v).id = ux;
    perm->outputs = {result};
    // The unary now feeds the permute, so it must come first: swap their places.
    std::swap(*perm, u);
    return true;
}

// The last two dims of `n` (a ttnn transpose or permute) swapped and nothing else moved.
bool swaps_last_two(Node& n, FusionCtx& ctx, size_t rank) {
    if (rank < 2)
        return false;
    const auto last = static_cast<int64_t>(rank);
    auto norm = [&](int64_t d) { return d < 0 ? d + last : d; };
    if (n.target == "transpose") {
        const Operand* d0 = n.find(ctx.param_name("transpose", 1));
        const Operand* d1 = n.find(ctx.param_name("transpose", 2));
        const int64_t* a = d0 != nullptr && d0->arg() != nullptr ? std::get_if<int64_t>(d0->arg()) : nullptr;
        const int64_t* b = d1 != nullptr && d1->arg() != nullptr ? std::get_if<int64_t>(d1->arg()) : nullptr;
        if (a == nullptr || b == nullptr)
            return false;
        const int64_t lo = std::min(norm(*a), norm(*b)), hi = std::max(norm(*a), norm(*b));
        return lo == last - 2 && hi == last - 1;
    }
    if (n.target != "permute")
        return false;
    const std::vector<int64_t> p = permutation(n, ctx);
    if (p.size() != rank)
        return false;
    for (size_t i = 0; i + 2 < rank; ++i) {
        if (norm(p[i]) != static_cast<int64_t>(i))
            return false;
    }
    return norm(p[rank - 2]) == last - 1 && norm(p[rank - 1]) == last - 2;
}

// matmul/linear(a, transpose(w)) is matmul/linear(a, w, transpose_b=True): the weight is read as stored, so a
// parameter is not transposed on every call and its packed panels stay cached under its own buffer.
bool matmul_transpose_b(FusionCtx& ctx, size_t index) {
    Node& mm = ctx.g.nodes[index];
    if (mm.kind != NodeKind::TTNN || (mm.target != "matmul" && mm.target != "linear"))
        return false;
    if (mm.find("transpose_b") != nullptr || mm.find("transpose_a") != nullptr)
        return false;
    const ValueId b = ctx.tensor_at(mm, 1);
    const int p = b < 0 ? -1 : ctx.producers[static_cast<size_t>(b)];
    if (p < 0)
        return false;
    Node& t = ctx.g.nodes[static_cast<size_t>(p)];
    const size_t rank = ctx.g.values[static_cast<size_t>(b)].shape.size();
    // Only a 2-D weight: a batched b may broadcast against a, which the transposed read does not change,
    // but the prepared-weight cache and the compiler's weights are 2-D, and that is where the gain is.
    if (t.kind != NodeKind::TTNN || rank != 2 || !swaps_last_two(t, ctx, rank))
        return false;
    const ValueId w = ctx.tensor_at(t, 0);
    if (w < 0 || ctx.g.values[static_cast<size_t>(w)].dtype != ctx.g.values[static_cast<size_t>(b)].dtype)
        return false;
    std::get<Ref>(ctx.arg(mm, ctx.param_name(mm.target, 1))->v).id = w;
    mm.args.push_back({"transpose_b", ttnn::Arg(true)});
    return true;
}

constexpr FusionRule kFusions[] = {
    {"permute_sink", permute_sink},
    {"permute_pair", permute_pair},
    {"linear_bias", linear_bias},
    {"linear_activation", linear_activation},
    {"matmul_transpose_b", matmul_transpose_b},
};

}  // namespace

std::map<std::string, int> fuse(Graph& graph) {
    std::map<std::string, int> counters;
    for (const FusionRule& rule : kFusions) {
        // One firing at a time, with use counts refreshed after each: graphs are small and rewrites rare.
        for (bool fired = true; fired;) {
            fired = false;
            FusionCtx ctx(graph);
            for (size_t i = 0; i < graph.nodes.size() && !fired; ++i)
                fired = rule.apply(ctx, i);
            if (fired) {
                ++counters[std::string(rule.name)];
                eliminate_dead_code(graph);
            }
        }
    }
    return counters;
}

}  // namespace torch_ttnn
