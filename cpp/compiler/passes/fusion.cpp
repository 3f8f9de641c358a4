// Fusions over the lowered graph. Each rule is a pattern anchored at one node, a guard and a replacement,
// and every firing increments the rule's counter (metrics "fusions", and the tests read them).
#include <algorithm>
#include <array>

#include "compiler/passes/fusion.hpp"
#include "compiler/passes/passes.hpp"

namespace torch_ttnn {

Node* FusionCtx::producer(ValueId id, std::string_view op) {
    const int p = id < 0 ? -1 : producers[static_cast<size_t>(id)];
    if (p < 0)
        return nullptr;
    Node& n = g.nodes[static_cast<size_t>(p)];
    if (n.kind != NodeKind::TTNN || (!op.empty() && n.target != op))
        return nullptr;
    return &n;
}

Node* FusionCtx::single_use_producer(ValueId id, std::string_view op) {
    return id < 0 || uses[static_cast<size_t>(id)] != 1 ? nullptr : producer(id, op);
}

ValueId FusionCtx::tensor_at(const Node& n, size_t i) const {
    const std::string_view name = param_name(n.target, i);
    const Operand* o = name.empty() ? nullptr : n.find(name);
    return o != nullptr && o->is_ref() ? o->ref().id : -1;
}

std::string_view FusionCtx::param_name(std::string_view op, size_t i) const {
    const ttnn::OpInfo* info = ttnn::find_op(op);
    return info == nullptr || i >= info->params.size() ? std::string_view{} : info->params[i].name;
}

bool FusionCtx::has_param(std::string_view op, std::string_view param) const {
    const ttnn::OpInfo* info = ttnn::find_op(op);
    return info != nullptr && info->param_index(param) < info->params.size();
}

std::optional<double> FusionCtx::number_at(const Node& n, size_t i) const {
    const std::string_view name = param_name(n.target, i);
    const Operand* o = name.empty() ? nullptr : n.find(name);
    const ttnn::Arg* a = o == nullptr ? nullptr : o->arg();
    if (a != nullptr && std::holds_alternative<double>(*a))
        return std::get<double>(*a);
    if (a != nullptr && std::holds_alternative<int64_t>(*a))
        return static_cast<double>(std::get<int64_t>(*a));
    return std::nullopt;
}

bool FusionCtx::has_other_args(const Node& n, std::initializer_list<std::string_view> allowed) {
    return std::any_of(n.args.begin(), n.args.end(), [&](const NamedOperand& a) {
        return std::find(allowed.begin(), allowed.end(), a.name) == allowed.end() && !a.value.is_none();
    });
}

Node FusionCtx::make(std::string_view op,
                     std::vector<NamedOperand> args,
                     std::vector<int64_t> shape,
                     ScalarType dtype) {
    Node n;
    n.kind = NodeKind::TTNN;
    n.target = std::string(op);
    n.args = std::move(args);
    Value v;
    v.shape = std::move(shape);
    v.dtype = dtype;
    n.outputs = {g.add_value(std::move(v))};
    return n;
}

ValueId FusionCtx::reshaped(std::vector<Node>& out, ValueId x, const std::vector<int64_t>& shape) {
    if (this->shape(x) == shape)
        return x;
    out.push_back(
        make("reshape",
             {{std::string(param_name("reshape", 0)), Ref{x}}, {std::string(param_name("reshape", 1)), shape}},
             shape,
             value(x).dtype));
    return out.back().outputs[0];
}

void FusionCtx::replace_node(size_t index, std::vector<Node> nodes) {
    Node& old = g.nodes[index];
    for (Node& n : nodes)
        n.source = old.source;
    const ValueId fresh = nodes.back().outputs[0];
    nodes.back().outputs = old.outputs;
    // The replaced output's value keeps its id (readers and graph outputs see no change); the fresh one dies.
    g.values[static_cast<size_t>(fresh)] = Value{};
    const auto at = g.nodes.erase(g.nodes.begin() + static_cast<std::ptrdiff_t>(index));
    g.nodes.insert(at, std::make_move_iterator(nodes.begin()), std::make_move_iterator(nodes.end()));
}

bool is_last_dim(int64_t dim, size_t rank) {
    const auto r = static_cast<int64_t>(rank);
    return dim == r - 1 || dim == -1;
}

namespace {

using FusionApply = bool (*)(FusionCtx& ctx, size_t index);

struct FusionRule {
    std::string_view name;
    FusionApply apply;
};

// gelu in its exact (erf) form, which is what the matmul epilogue computes.
bool exact_gelu(const Node& act) {
    if (act.target != "gelu" || act.args.size() != 2)
        return false;
    const Operand* fast = act.find("fast_and_approximate_mode");
    const bool* flag = fast != nullptr && fast->arg() != nullptr ? std::get_if<bool>(fast->arg()) : nullptr;
    return flag != nullptr && !*flag;
}

// linear/matmul followed by relu/silu/sigmoid/exact gelu: the activation runs in the matmul's epilogue.
bool linear_activation(FusionCtx& ctx, size_t index) {
    Node& act = ctx.g.nodes[index];
    if (act.kind != NodeKind::TTNN || (act.args.size() != 1 && !exact_gelu(act)))
        return false;
    if (act.target != "relu" && act.target != "silu" && act.target != "sigmoid" && act.target != "gelu")
        return false;
    const ValueId in = ctx.tensor_at(act, 0);
    Node* mm = ctx.single_use_producer(in);
    // An element-wise activation commutes with a reshape between it and the product (a 3-D linear's view).
    if (mm != nullptr && mm->target == "reshape")
        mm = ctx.single_use_producer(ctx.tensor_at(*mm, 0));
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
        if (mm == nullptr || bias < 0 ||
            FusionCtx::has_other_args(
                *mm,
                {ctx.param_name("matmul", 0), ctx.param_name("matmul", 1), "transpose_b", "compute_kernel_config"})) {
            continue;
        }
        const Value& b = ctx.value(bias);
        const Value& p = ctx.value(prod);
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
        for (const NamedOperand& a : mm->args) {  // the transposed weight and math fidelity carry over
            if (a.name == "transpose_b" || a.name == "compute_kernel_config")
                linear.args.push_back(a);
        }
        mm->outputs.clear();  // the matmul's value is no longer computed; DCE drops the node
        add = std::move(linear);
        return true;
    }
    return false;
}

// matmul/linear(a, transpose(b)) with the last two dims of b swapped: matmul(a, b, transpose_b=True). The
// product reads b transposed in place, and a parameter b stays the graph input itself, so it is uploaded once
// in the weight dtype (bfloat8_b) instead of being transposed on every call. grouped_matmul likewise: a
// mixture-of-experts layer's [E, N, K] expert weights would otherwise be kept transposed beside their upload
// (Mixtral-8x7B's 1.4 B expert parameters twice in the first call).
bool matmul_transpose_b(FusionCtx& ctx, size_t index) {
    Node& mm = ctx.g.nodes[index];
    const bool product = mm.target == "matmul" || mm.target == "linear" || mm.target == "grouped_matmul";
    if (mm.kind != NodeKind::TTNN || !product || !ctx.has_param(mm.target, "transpose_b") ||
        mm.find("transpose_b") != nullptr) {
        return false;
    }
    const ValueId bt = ctx.tensor_at(mm, 1);
    Node* t = ctx.single_use_producer(bt);
    if (t == nullptr || !swaps_last_two(ctx, *t) || ctx.shape(bt).size() < 2)
        return false;
    const ValueId b = ctx.tensor_at(*t, 0);
    for (NamedOperand& a : mm.args) {
        if (a.name == ctx.param_name(mm.target, 1))
            a.value = Ref{b};
    }
    mm.args.push_back({"transpose_b", true});
    return true;
}

}  // namespace

std::vector<int64_t> permutation(const Node& n, const FusionCtx& ctx) {
    const Operand* dims = n.find(ctx.param_name("permute", 1));
    if (dims == nullptr || dims->arg() == nullptr)
        return {};
    const auto* v = std::get_if<std::vector<int64_t>>(dims->arg());
    return v == nullptr ? std::vector<int64_t>{} : *v;
}

bool swaps_last_two(const FusionCtx& ctx, const Node& n) {
    const size_t rank = n.outputs.empty() ? 0 : ctx.shape(n.outputs[0]).size();
    if (n.kind != NodeKind::TTNN || rank < 2)
        return false;
    if (n.target == "transpose") {
        const std::optional<double> d0 = ctx.number_at(n, 1), d1 = ctx.number_at(n, 2);
        if (!d0 || !d1)
            return false;
        const auto norm = [&](double d) {
            return d < 0 ? static_cast<int64_t>(d) + static_cast<int64_t>(rank) : static_cast<int64_t>(d);
        };
        const int64_t a = norm(*d0), b = norm(*d1), last = static_cast<int64_t>(rank) - 1;
        return std::min(a, b) == last - 1 && std::max(a, b) == last;
    }
    if (n.target != "permute")
        return false;
    const std::vector<int64_t> p = permutation(n, ctx);
    if (p.size() != rank)
        return false;
    for (size_t i = 0; i < rank; ++i) {
        const size_t want = i + 2 < rank ? i : (i + 2 == rank ? rank - 1 : rank - 2);
        if (p[i] != static_cast<int64_t>(want))
            return false;
    }
    return true;
}

namespace {

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

// reshape(reshape(x)) is one reshape of x. Besides the step saved, the middle shape may be one no layout holds
// compactly: BiT's weight standardization returns [O, I*kh*kw] to OIHW [O, I, 1, 1] (1024-fold in TILE, a page
// per element in ROW_MAJOR) just before conv reshapes it back to [O, I*kh*kw].
bool reshape_pair(FusionCtx& ctx, size_t index) {
    Node& outer = ctx.g.nodes[index];
    if (outer.kind != NodeKind::TTNN || outer.target != "reshape")
        return false;
    const ValueId mid = ctx.tensor_at(outer, 0);
    const Node* inner = ctx.producer(mid, "reshape");
    const ValueId x = inner == nullptr ? -1 : ctx.tensor_at(*inner, 0);
    if (x < 0)
        return false;
    for (NamedOperand& a : outer.args) {
        if (a.name == ctx.param_name("reshape", 0))
            a.value = Ref{x};
    }
    return true;
}

// A slice's bounds per dim as Python's slice.indices gives them for a positive step (negative indices count
// from the end, then clamp to [0, n]): {begin, step, count}; nullopt unless starts, ends and steps are constant
// lists with one entry per dim.
std::optional<std::vector<std::array<int64_t, 3>>> slice_bounds(const Node& n, const std::vector<int64_t>& shape) {
    std::vector<const std::vector<int64_t>*> lists;
    for (const char* name : {"starts", "ends", "steps"}) {
        const Operand* o = n.find(name);
        const auto* v = o != nullptr && o->arg() != nullptr ? std::get_if<std::vector<int64_t>>(o->arg()) : nullptr;
        if (v == nullptr || v->size() != shape.size())
            return std::nullopt;
        lists.push_back(v);
    }
    std::vector<std::array<int64_t, 3>> bounds;
    for (size_t d = 0; d < shape.size(); ++d) {
        const int64_t size = shape[d], step = (*lists[2])[d];
        if (step < 1)
            return std::nullopt;
        const auto clamp = [size](int64_t v) { return std::clamp(v < 0 ? v + size : v, int64_t{0}, size); };
        const int64_t begin = clamp((*lists[0])[d]), end = std::max(begin, clamp((*lists[1])[d]));
        bounds.push_back({begin, step, (end - begin + step - 1) / step});
    }
    return bounds;
}

// slice(slice(x)) is one slice of x. GPT-Neo slices its [1, 1, 2048, 2048] causal mask buffer to the query
// rows, then to the key columns: as one slice of a parameter, it is cut on the host when the parameter is
// uploaded (data_movement.cpp), and only the [1, 1, q, k] the attention reads reaches the device.
bool slice_pair(FusionCtx& ctx, size_t index) {
    Node& outer = ctx.g.nodes[index];
    if (outer.kind != NodeKind::TTNN || outer.target != "slice")
        return false;
    const ValueId mid = ctx.tensor_at(outer, 0);
    Node* inner = mid < 0 ? nullptr : ctx.single_use_producer(mid, "slice");
    const std::string_view input = ctx.param_name("slice", 0);
    if (inner == nullptr || FusionCtx::has_other_args(*inner, {input, "starts", "ends", "steps"}) ||
        FusionCtx::has_other_args(outer, {input, "starts", "ends", "steps"})) {
        return false;
    }
    const ValueId x = ctx.tensor_at(*inner, 0);
    const auto first = slice_bounds(*inner, ctx.shape(x)), second = slice_bounds(outer, ctx.shape(mid));
    if (!first || !second)
        return false;
    std::vector<int64_t> starts, ends, steps;
    for (size_t d = 0; d < first->size(); ++d) {
        const auto [b1, s1, n1] = (*first)[d];
        const auto [b2, s2, n2] = (*second)[d];
        starts.push_back(b1 + b2 * s1);
        steps.push_back(s1 * s2);
        ends.push_back(starts.back() + (n2 > 0 ? (n2 - 1) * steps.back() + 1 : 0));
    }
    outer.args = {{std::string(input), Ref{x}}, {"starts", starts}, {"ends", ends}, {"steps", steps}};
    return true;
}

// unary(permute(x)) is permute(unary(x)); moving the permute later lets it meet its inverse.
bool permute_sink(FusionCtx& ctx, size_t index) {
    Node& u = ctx.g.nodes[index];
    // A pointwise op of one tensor (other operands constant numbers) commutes with any permute.
    const ttnn::OpInfo* op = u.kind == NodeKind::TTNN ? ttnn::find_op(u.target) : nullptr;
    if (op == nullptr || !op->traits.pointwise)
        return false;
    const ValueId mid = ctx.tensor_at(u, 0);
    if (const std::vector<ValueId> refs = Node::refs_in(u.args); refs.size() != 1 || refs[0] != mid)
        return false;
    Node* perm = ctx.single_use_producer(mid, "permute");
    if (perm == nullptr)
        return false;
    const ValueId x = ctx.tensor_at(*perm, 0);
    Value before;
    before.shape = ctx.g.values[static_cast<size_t>(x)].shape;
    before.dtype = ctx.g.values[static_cast<size_t>(u.outputs[0])].dtype;  // a comparison's output is bool
    const ValueId ux = ctx.g.add_value(std::move(before));
    const ValueId result = u.outputs[0];
    for (NamedOperand& a : u.args) {
        if (a.value.is_ref())
            std::get<Ref>(a.value.v).id = x;
    }
    u.outputs = {ux};
    std::get<Ref>(perm->args[0].value.v).id = ux;
    perm->outputs = {result};
    // The unary now feeds the permute, so it must come first: swap their places.
    std::swap(*perm, u);
    return true;
}

constexpr FusionRule kFusions[] = {
    {"conv_batch_norm", conv_batch_norm},
    {"permute_sink", permute_sink},
    {"permute_through_binary", permute_through_binary},
    {"permute_pair", permute_pair},
    {"reshape_pair", reshape_pair},
    {"slice_pair", slice_pair},
    {"attention_sdpa", attention_sdpa},
    {"scale_mask_softmax", scale_mask_softmax},
    {"rms_norm", rms_norm},
    {"gelu", gelu_by_probe},
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
