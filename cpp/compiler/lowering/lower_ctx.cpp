#include <algorithm>
#include <unordered_map>

#include "compiler/lowering/rule.hpp"
#include "ttnn/error.hpp"

namespace torch_ttnn {
namespace {

// Whether the op's parameter takes this operand: tensors where tensors go, numbers where numbers go, and
// integer values only where the op computes in an integer dtype (a bf16 detour would round them).
bool param_accepts(const Graph& g, const ttnn::OpInfo& op, const ttnn::Param& p, const Operand& v) {
    using K = ttnn::ArgKind;
    if (v.is_ref() || v.is_ref_list()) {
        const bool ok_kind =
            v.is_ref() ? (p.kind == K::TENSOR || p.kind == K::TENSOR_OR_SCALAR) : p.kind == K::TENSOR_LIST;
        if (!ok_kind)
            return false;
        const ttnn::DTypeSet dtypes = p.dtypes.empty() ? op.dtypes : p.dtypes;
        for (ValueId id : Node::refs_in(v)) {
            if (is_integral(g.values[static_cast<size_t>(id)].dtype) && !dtypes.contains(ttnn::DataType::INT32) &&
                !dtypes.contains(ttnn::DataType::UINT32)) {
                return false;
            }
        }
        return true;
    }
    const ttnn::Arg* a = v.arg();
    if (a == nullptr)
        return false;
    const bool number =
        std::holds_alternative<int64_t>(*a) || std::holds_alternative<double>(*a) || std::holds_alternative<bool>(*a);
    if (number && p.kind == K::TENSOR)
        return false;
    if (std::holds_alternative<double>(*a) && p.kind == K::INT)
        return false;
    return true;
}

const ttnn::Arg* constant(const Node& n, std::string_view arg) {
    const Operand* o = n.find(arg);
    return o == nullptr ? nullptr : o->arg();
}

}  // namespace

LowerCtx::LowerCtx(Graph& graph, const Node& node, const CompileOptions& options, const std::vector<int>& uses)
    : graph_(graph), node_(node), options_(options), uses_(uses) {}

bool LowerCtx::has(std::string_view arg) const {
    const Operand* o = node_.find(arg);
    return o != nullptr && !o->is_none();
}

bool LowerCtx::is_tensor(std::string_view arg) const {
    const Operand* o = node_.find(arg);
    return o != nullptr && o->is_ref() && o->ref().id >= 0;
}

Ref LowerCtx::tensor(std::string_view arg) const {
    TTNN_ASSERT(is_tensor(arg), "lowering ", node_.target, ": argument '", arg, "' is not a tensor");
    for (const auto& [name, v] : replaced_) {
        if (name == arg)
            return v;
    }
    return node_.find(arg)->ref();
}

void LowerCtx::replace(std::string_view arg, Ref v) {
    TTNN_ASSERT(is_tensor(arg), "lowering ", node_.target, ": argument '", arg, "' is not a tensor");
    for (auto& [name, old] : replaced_) {
        if (name == arg) {
            old = v;
            return;
        }
    }
    replaced_.emplace_back(arg, v);
}

RefList LowerCtx::tensors(std::string_view arg) const {
    const Operand* o = node_.find(arg);
    TTNN_ASSERT(o != nullptr && o->is_ref_list(), "lowering ", node_.target, ": '", arg, "' is not a tensor list");
    return o->refs();
}

double LowerCtx::number(std::string_view arg, double fallback) const {
    const ttnn::Arg* a = constant(node_, arg);
    if (a == nullptr)
        return fallback;
    if (const auto* b = std::get_if<bool>(a))
        return *b ? 1.0 : 0.0;
    if (const auto* i = std::get_if<int64_t>(a))
        return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(a))
        return *d;
    return fallback;
}

bool LowerCtx::is_integer_number(std::string_view arg) const {
    const ttnn::Arg* a = constant(node_, arg);
    return a != nullptr && (std::holds_alternative<int64_t>(*a) || std::holds_alternative<bool>(*a));
}

int64_t LowerCtx::integer(std::string_view arg, int64_t fallback) const {
    const ttnn::Arg* a = constant(node_, arg);
    if (a == nullptr)
        return fallback;
    if (const auto* i = std::get_if<int64_t>(a))
        return *i;
    if (const auto* b = std::get_if<bool>(a))
        return *b ? 1 : 0;
    return fallback;
}

bool LowerCtx::flag(std::string_view arg, bool fallback) const {
    const ttnn::Arg* a = constant(node_, arg);
    if (a == nullptr)
        return fallback;
    if (const auto* b = std::get_if<bool>(a))
        return *b;
    return fallback;
}

std::vector<int64_t> LowerCtx::ints(std::string_view arg) const {
    const ttnn::Arg* a = constant(node_, arg);
    if (a == nullptr)
        return {};
    if (const auto* v = std::get_if<std::vector<int64_t>>(a))
        return *v;
    if (const auto* i = std::get_if<int64_t>(a))
        return {*i};
    return {};
}

std::string LowerCtx::string(std::string_view arg) const {
    const ttnn::Arg* a = constant(node_, arg);
    if (a == nullptr)
        return {};
    if (const auto* s = std::get_if<std::string>(a))
        return *s;
    return {};
}

int64_t LowerCtx::dim(std::string_view arg, int64_t rank_of) const {
    const int64_t d = integer(arg);
    return d < 0 ? d + std::max<int64_t>(rank_of, 1) : d;
}

bool LowerCtx::has_param(std::string_view ttnn_name, std::string_view param) const {
    const ttnn::OpInfo* op = ttnn::find_op(ttnn_name);
    if (op == nullptr)
        return false;
    return std::any_of(op->params.begin(), op->params.end(), [&](const ttnn::Param& p) { return p.name == param; });
}

std::vector<Ref> LowerCtx::op_multi(std::string_view ttnn_name,
                                    std::vector<OpArg> args,
                                    const std::vector<std::vector<int64_t>>& shapes,
                                    const std::vector<ScalarType>& dtypes) {
    const ttnn::OpInfo* op = ttnn::find_op(ttnn_name);
    if (op == nullptr) {
        fail(ttnn::detail::concat("ttnn.", ttnn_name, " is not registered"));
        return std::vector<Ref>(shapes.size());
    }
    Node n;
    n.kind = NodeKind::TTNN;
    n.target = std::string(ttnn_name);
    for (OpArg& a : args) {
        if (a.value.is_none())
            continue;
        std::string_view param_name;
        if (const int* index = std::get_if<int>(&a.key)) {
            if (*index < 0 || static_cast<size_t>(*index) >= op->params.size())
                fail(ttnn::detail::concat("ttnn.", ttnn_name, " has no parameter #", *index));
            param_name = failed_ ? "" : op->params[static_cast<size_t>(*index)].name;
        } else {
            param_name = std::get<std::string_view>(a.key);
            if (!has_param(ttnn_name, param_name))
                fail(ttnn::detail::concat("ttnn.", ttnn_name, " has no parameter '", param_name, "'"));
        }
        if (!failed_) {
            const auto param = std::find_if(
                op->params.begin(), op->params.end(), [&](const ttnn::Param& p) { return p.name == param_name; });
            if (!param_accepts(graph_, *op, *param, a.value))
                fail(ttnn::detail::concat("ttnn.", ttnn_name, " does not take this operand as '", param_name, "'"));
        }
        if (failed_)
            return std::vector<Ref>(shapes.size());
        n.args.push_back({std::string(param_name), std::move(a.value)});
    }
    // Ops with a compute config (matmul, linear, conv, norms) run at the requested math fidelity.
    if (has_param(ttnn_name, "compute_kernel_config") && n.find("compute_kernel_config") == nullptr) {
        ttnn::ComputeConfig config;
        config.math_fidelity = options_.math_fidelity;
        n.args.push_back({"compute_kernel_config", ttnn::Arg(config)});
    }
    std::vector<Ref> refs;
    for (size_t k = 0; k < shapes.size(); ++k) {
        Value v;
        v.shape = shapes[k];
        v.dtype = dtypes[std::min(k, dtypes.size() - 1)];
        refs.push_back(Ref{graph_.add_value(std::move(v))});
        n.outputs.push_back(refs.back().id);
    }
    emitted_.push_back(std::move(n));
    return refs;
}

Ref LowerCtx::op(std::string_view ttnn_name, std::vector<OpArg> args, std::vector<int64_t> shape, ScalarType dtype) {
    return op_multi(ttnn_name, std::move(args), {std::move(shape)}, {dtype})[0];
}

Ref LowerCtx::op(std::string_view ttnn_name, std::vector<OpArg> args) {
    std::vector<int64_t> shape = out(0).shape;
    const ScalarType dtype = out(0).dtype;
    return op(ttnn_name, std::move(args), std::move(shape), dtype);
}

Ref LowerCtx::reshape(Ref input, std::vector<int64_t> shape) {
    if (input.id < 0 || value(input).shape == shape)
        return input;
    const ScalarType dtype = value(input).dtype;
    return op("reshape", {{0, input}, {1, ttnn::Arg(shape)}}, shape, dtype);
}

Ref LowerCtx::slice(Ref input, int64_t dim, int64_t start, int64_t end, int64_t step) {
    const Value in = value(input);
    const auto d = static_cast<size_t>(dim);
    std::vector<int64_t> begins(in.shape.size(), 0), ends = in.shape, steps(in.shape.size(), 1), shape = in.shape;
    begins[d] = start;
    ends[d] = end;
    steps[d] = step;
    shape[d] = std::max<int64_t>(0, (end - start + step - 1) / step);
    return op("slice", {{0, input}, {1, begins}, {2, ends}, {3, steps}}, std::move(shape), in.dtype);
}

void LowerCtx::set(size_t k, Ref v) {
    if (results_.size() <= k)
        results_.resize(k + 1);
    results_[k] = v;
}

const RuleTable& lowering_rules() {
    static const RuleTable rules = [] {
        RuleTable all;
#define TORCH_TTNN_RULE_FAMILY(FAMILY)              \
    {                                               \
        const size_t first = all.size();            \
        add_##FAMILY##_rules(all);                  \
        for (size_t i = first; i < all.size(); ++i) \
            all[i].family = #FAMILY;                \
    }
#include "compiler/lowering/families.def"
#undef TORCH_TTNN_RULE_FAMILY
        return all;
    }();
    return rules;
}

std::vector<const LoweringRule*> rules_for(std::string_view aten) {
    static const auto index = [] {
        std::unordered_map<std::string_view, std::vector<const LoweringRule*>> by_name;
        for (const LoweringRule& r : lowering_rules())
            by_name[r.aten].push_back(&r);
        return by_name;
    }();
    auto it = index.find(aten);
    return it == index.end() ? std::vector<const LoweringRule*>{} : it->second;
}

}  // namespace torch_ttnn
