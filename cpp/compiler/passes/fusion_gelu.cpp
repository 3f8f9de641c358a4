// Gelu written out element by element (GPT-2's NewGELU, Bloom's bloom_gelu_forward, the erf form by hand) is one
// ttnn.gelu. The rule matches no fixed op sequence, since every model spells the formula its own way: it takes
// the cone of element-wise ops over a single tensor x that ends at a mul, evaluates that cone in double at probe
// points, and fuses when it equals gelu there (the tanh form when the cone holds a tanh, the erf form when erf).
#include <algorithm>
#include <cmath>
#include <map>

#include "compiler/passes/fusion.hpp"

namespace torch_ttnn {
namespace {

constexpr std::string_view kElementwise[] = {"add", "sub", "rsub", "mul", "div", "pow", "tanh", "erf"};
constexpr size_t kMaxCone = 16;

bool is_elementwise(const Node& n) {
    return n.kind == NodeKind::TTNN && n.outputs.size() == 1 &&
           std::find(std::begin(kElementwise), std::end(kElementwise), n.target) != std::end(kElementwise);
}

// The nodes between x and `anchor` (graph order), when x is the only tensor that feeds them: each of x's shape
// and dtype, with no argument beyond its operands, and read only inside the cone (the anchor excepted).
std::vector<size_t> cone_over(FusionCtx& ctx, size_t anchor, ValueId x) {
    const Value& vx = ctx.value(x);
    std::vector<size_t> stack{anchor}, nodes;
    std::vector<char> seen(ctx.g.nodes.size(), 0);
    seen[anchor] = 1;
    while (!stack.empty()) {
        const size_t i = stack.back();
        stack.pop_back();
        const Node& n = ctx.g.nodes[i];
        if (!is_elementwise(n) || nodes.size() == kMaxCone)
            return {};
        const Value& out = ctx.value(n.outputs[0]);
        if (out.shape != vx.shape || out.dtype != vx.dtype ||
            FusionCtx::has_other_args(n, {ctx.param_name(n.target, 0), ctx.param_name(n.target, 1)}))
            return {};
        nodes.push_back(i);
        for (const ValueId in : n.inputs()) {
            if (in == x)
                continue;
            const int p = ctx.producers[static_cast<size_t>(in)];
            if (p < 0)
                return {};  // a graph input other than x
            if (seen[static_cast<size_t>(p)] == 0) {
                seen[static_cast<size_t>(p)] = 1;
                stack.push_back(static_cast<size_t>(p));
            }
        }
    }
    std::map<ValueId, int> inner_reads;
    for (const size_t i : nodes) {
        for (const ValueId in : ctx.g.nodes[i].inputs())
            ++inner_reads[in];
    }
    for (const size_t i : nodes) {
        const ValueId v = ctx.g.nodes[i].outputs[0];
        if (i != anchor && ctx.uses[static_cast<size_t>(v)] != inner_reads[v])
            return {};
    }
    std::sort(nodes.begin(), nodes.end());
    return nodes;
}

// The cone's value at x = `at`, in double; nullopt for an operand the cone does not define.
std::optional<double> evaluate(const FusionCtx& ctx, const std::vector<size_t>& cone, ValueId x, double at) {
    std::map<ValueId, double> values{{x, at}};
    auto operand = [&](const Node& n, size_t i) -> std::optional<double> {
        const ValueId id = ctx.tensor_at(n, i);
        if (id < 0)
            return ctx.number_at(n, i);
        const auto it = values.find(id);
        return it == values.end() ? std::nullopt : std::optional<double>(it->second);
    };
    double result = 0.0;
    for (const size_t i : cone) {
        const Node& n = ctx.g.nodes[i];
        const std::optional<double> a = operand(n, 0);
        const std::optional<double> b = n.target == "tanh" || n.target == "erf" ? 0.0 : operand(n, 1);
        if (!a || !b)
            return std::nullopt;
        const std::string& op = n.target;
        result = op == "tanh"   ? std::tanh(*a)
                 : op == "erf"  ? std::erf(*a)
                 : op == "add"  ? *a + *b
                 : op == "sub"  ? *a - *b
                 : op == "rsub" ? *b - *a
                 : op == "mul"  ? *a * *b
                 : op == "div"  ? *a / *b
                                : std::pow(*a, *b);
        values[n.outputs[0]] = result;
    }
    return result;
}

double gelu_reference(double x, bool tanh_form) {
    if (tanh_form)
        return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
    return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
}

// Whether the cone computes gelu of x: equal to 1e-6 at points on both sides of zero and in both tails.
bool equals_gelu(const FusionCtx& ctx, const std::vector<size_t>& cone, ValueId x, bool tanh_form) {
    static constexpr double kProbes[] = {-4.5, -2.6, -1.3, -0.7, -0.2, 0.1, 0.45, 1.1, 1.9, 3.3};
    return std::all_of(std::begin(kProbes), std::end(kProbes), [&](double at) {
        const std::optional<double> got = evaluate(ctx, cone, x, at);
        const double want = gelu_reference(at, tanh_form);
        return got && std::fabs(*got - want) <= 1e-6 * (1.0 + std::fabs(want));
    });
}

// The tensors that the element-wise ops above `anchor` read: the candidates for x.
std::vector<ValueId> leaves_above(FusionCtx& ctx, size_t anchor) {
    std::vector<ValueId> out;
    std::vector<size_t> stack{anchor};
    for (size_t visited = 0; !stack.empty() && visited < kMaxCone; ++visited) {
        const Node& n = ctx.g.nodes[stack.back()];
        stack.pop_back();
        for (const ValueId in : n.inputs()) {
            if (std::find(out.begin(), out.end(), in) != out.end())
                continue;
            out.push_back(in);
            const int p = ctx.producers[static_cast<size_t>(in)];
            if (p >= 0 && is_elementwise(ctx.g.nodes[static_cast<size_t>(p)]))
                stack.push_back(static_cast<size_t>(p));
        }
    }
    return out;
}

}  // namespace

bool gelu_by_probe(FusionCtx& ctx, size_t index) {
    const Node& anchor = ctx.g.nodes[index];
    if (anchor.target != "mul" || !is_elementwise(anchor) || !ctx.has_param("gelu", "fast_and_approximate_mode"))
        return false;
    for (const ValueId x : leaves_above(ctx, index)) {
        const std::vector<size_t> cone = cone_over(ctx, index, x);
        const auto has = [&](std::string_view op) {
            return std::any_of(cone.begin(), cone.end(), [&](size_t i) { return ctx.g.nodes[i].target == op; });
        };
        const bool tanh_form = has("tanh");
        if (cone.size() < 3 || tanh_form == has("erf") || !equals_gelu(ctx, cone, x, tanh_form))
            continue;
        const Value& out = ctx.value(anchor.outputs[0]);
        std::vector<NamedOperand> args{{std::string(ctx.param_name("gelu", 0)), Ref{x}}};
        if (tanh_form)
            args.push_back({"fast_and_approximate_mode", true});
        ctx.replace_node(index, {ctx.make("gelu", std::move(args), out.shape, out.dtype)});
        return true;  // the rest of the cone is dead now: DCE removes it
    }
    return false;
}

}  // namespace torch_ttnn
