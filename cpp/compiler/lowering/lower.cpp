#include "compiler/lowering/lower.hpp"

#include <algorithm>

#include "compiler/ir/printer.hpp"
#include "compiler/lowering/rule.hpp"
#include "ttnn/error.hpp"

namespace torch_ttnn {
namespace {

// The device holds floats, ints and bools (as 0/1 floats), empty (zero-element) tensors included: its ops
// give an empty input's empty result, a sum over an empty dim its identity, and a reduction without one
// (max over an empty dim) the clear error torch gives too.
bool device_can_hold(const Value& v) {
    return v.dtype != ScalarType::OTHER && v.shape.size() <= static_cast<size_t>(ttnn::Shape::kMaxRank);
}

// Unread outputs do not count. (A cat's empty parts are gone before lowering: passes/empty_operands.cpp.)
bool node_fits_device(const Graph& g, const Node& n, const std::vector<int>& uses) {
    for (ValueId id : n.inputs()) {
        if (!device_can_hold(g.values[static_cast<size_t>(id)]))
            return false;
    }
    for (ValueId id : n.outputs) {
        if (uses[static_cast<size_t>(id)] > 0 && !device_can_hold(g.values[static_cast<size_t>(id)]))
            return false;
    }
    return true;
}

// The wrapper's check of a rewrite: each used output is set to a value of the aten output's shape and dtype.
bool results_match(const Graph& g, LowerCtx& ctx, const CompileOptions& options) {
    const std::vector<Ref>& results = ctx.results();
    for (size_t k = 0; k < ctx.num_outputs(); ++k) {
        const Ref r = k < results.size() ? results[k] : Ref{};
        if (r.id < 0) {
            if (ctx.output_used(k))
                return false;
            continue;
        }
        const Value& got = g.values[static_cast<size_t>(r.id)];
        const bool same = got.shape == ctx.out(k).shape && got.dtype == ctx.out(k).dtype;
        if (!same && options.verify) {
            TTNN_FAIL(INTERNAL,
                      "lowering rule for ",
                      ctx.node().target,
                      ": output ",
                      k,
                      " is ",
                      value_to_string(g, r.id),
                      "; expected the aten output ",
                      value_to_string(g, ctx.node().outputs[k]));
        }
        if (!same)
            return false;
    }
    return true;
}

// Values created by rules map to themselves until a later rule says otherwise.
void grow_identity(std::vector<ValueId>& subst, size_t size) {
    while (subst.size() < size)
        subst.push_back(static_cast<ValueId>(subst.size()));
}

void substitute(Node& n, const std::vector<ValueId>& subst) {
    auto map = [&](ValueId id) { return id >= 0 && static_cast<size_t>(id) < subst.size() ? subst[id] : id; };
    for (NamedOperand& a : n.args) {
        if (Ref* r = std::get_if<Ref>(&a.value.v))
            r->id = map(r->id);
        if (auto* list = std::get_if<RefList>(&a.value.v)) {
            for (Ref& r : *list)
                r.id = map(r.id);
        }
    }
}

// Tries the node's rules in order; on success appends the emitted nodes and records the substitutions.
bool try_rules(Graph& g,
               const Node& n,
               const CompileOptions& options,
               const std::vector<int>& uses,
               std::vector<Node>& out,
               std::vector<ValueId>& subst,
               LoweringReport& report,
               std::string& why) {
    if (!node_fits_device(g, n, uses)) {
        why = "a dtype or rank the device cannot hold";
        return false;
    }
    why = "no lowering rule for this overload";
    for (const LoweringRule* rule : rules_for(n.target)) {
        const size_t mark = g.values.size();
        LowerCtx ctx(g, n, options, uses);
        ctx.set_target_op(rule_target(*rule, ctx));
        if (!ctx.target_op().empty() && ttnn::find_op(ctx.target_op()) == nullptr) {
            why = ttnn::detail::concat("ttnn.", ctx.target_op(), " is not registered");
            continue;
        }
        if (const std::string unmet = unmet_flags(*rule, ctx); !unmet.empty()) {
            why = ttnn::detail::concat("outside the rule to ttnn.", rule->ttnn, ": ", unmet, " does not hold");
            continue;
        }
        if (rule->guard != nullptr && !rule->guard(ctx)) {
            why = ttnn::detail::concat("outside the guard of the rule to ttnn.", rule->ttnn);
            continue;
        }
        promote_to_float(*rule, ctx);
        const bool rewritten = !ctx.failed() && rule->rewrite(ctx) && !ctx.failed();
        const bool ok = rewritten && results_match(g, ctx, options);
        if (!ok) {
            why = rewritten ? "the rewrite's result differs from aten's in shape or dtype" : ctx.reason();
            g.values.resize(mark);
            continue;
        }
        for (Node& emitted : ctx.emitted()) {
            ++report.ttnn_ops[emitted.target];
            emitted.source = n.source;
            out.push_back(std::move(emitted));
        }
        grow_identity(subst, g.values.size());
        for (size_t k = 0; k < ctx.results().size(); ++k) {
            if (ctx.results()[k].id >= 0)
                subst[static_cast<size_t>(n.outputs[k])] = ctx.results()[k].id;
        }
        return true;
    }
    return false;
}

}  // namespace

std::string describe_variation(const Graph& graph, const Node& node) {
    std::string out = node.target + "(";
    for (size_t i = 0; i < node.args.size(); ++i) {
        const Operand& v = node.args[i].value;
        out += i ? ", " : "";
        if (v.is_ref() && v.ref().id >= 0) {
            out += value_type(graph, v.ref().id);
        } else {
            out += node.args[i].name + "=" + to_string(v);
        }
    }
    return out + ")";
}

LoweringReport lower(Graph& graph, const CompileOptions& options) {
    LoweringReport report;
    const std::vector<int> uses = graph.use_counts();
    std::vector<ValueId> subst;
    grow_identity(subst, graph.values.size());
    std::vector<Node> out;
    std::vector<Node> nodes = std::move(graph.nodes);
    graph.nodes.clear();
    for (Node& n : nodes) {
        substitute(n, subst);
        if (n.kind != NodeKind::ATEN) {
            out.push_back(std::move(n));
            continue;
        }
        ++report.ops_before[n.target];
        grow_identity(subst, graph.values.size());
        std::string why;
        const std::string variation = describe_variation(graph, n);
        if (try_rules(graph, n, options, uses, out, subst, report, why)) {
            ++report.lowered[n.target];
            ++report.lowered_variations[variation];
            continue;
        }
        report.host_reasons[variation] = why;
        TTNN_CHECK(options.allow_fallback,
                   NOT_IMPLEMENTED,
                   "torch_ttnn: ",
                   variation,
                   " would run on the host (",
                   why,
                   "); expected every op on the device (fallback=\"error\"); use fallback=\"allow\" to run it in "
                   "PyTorch");
        ++report.host[n.target];
        ++report.host_variations[variation];
        n.kind = NodeKind::HOST;
        out.push_back(std::move(n));
    }
    for (ValueId& o : graph.outputs) {
        if (o >= 0 && static_cast<size_t>(o) < subst.size())
            o = subst[static_cast<size_t>(o)];
    }
    graph.nodes = std::move(out);
    return report;
}

}  // namespace torch_ttnn
