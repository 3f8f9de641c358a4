#pragma once
// A lowering rule is (aten overload, guard, rewrite), registered per overload in a table per op family
// (lowering/families.def). The guard says exactly when the rule lowers; the rewrite emits ttnn ops through
// LowerCtx. A rule declines by returning false (no match), never by throwing: the node then runs on the host.
//
// The registration wrapper (lower.cpp) does the shared work so rule bodies stay a few lines: it declines
// for dtypes the device cannot hold and for empty tensors, applies the rule's declarative flags (rule_flags.cpp),
// rolls back whatever a declining rewrite emitted, and checks the result (every used output set, with the
// aten output's shape and dtype).
#include <array>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "compiler/ir/graph.hpp"
#include "compiler/lowering/options.hpp"

namespace torch_ttnn {

// Where a ttnn argument goes: a parameter index (TT-NN's positional order, for leading tensors whose
// Python names differ between ops) or a parameter name (keyword arguments).
using ParamKey = std::variant<int, std::string_view>;
struct OpArg {
    ParamKey key;
    Operand value;
};

class LowerCtx {
public:
    LowerCtx(Graph& graph, const Node& node, const CompileOptions& options, const std::vector<int>& uses);

    // --- reading the aten node (arguments by their schema names) ---
    const Node& node() const { return node_; }
    const CompileOptions& options() const { return options_; }
    bool has(std::string_view arg) const;  // present and not None
    bool is_tensor(std::string_view arg) const;
    Ref tensor(std::string_view arg) const;  // the value replace() put in its place, if any
    const Value& value(Ref r) const { return graph_.values[static_cast<size_t>(r.id)]; }
    const Value& value(std::string_view arg) const { return value(tensor(arg)); }
    const std::vector<int64_t>& shape(std::string_view arg) const { return value(arg).shape; }
    int64_t rank(std::string_view arg) const { return static_cast<int64_t>(shape(arg).size()); }
    RefList tensors(std::string_view arg) const;
    double number(std::string_view arg, double fallback = 0.0) const;
    int64_t integer(std::string_view arg, int64_t fallback = 0) const;
    bool flag(std::string_view arg, bool fallback = false) const;
    std::vector<int64_t> ints(std::string_view arg) const;  // an int is a list of one
    std::string string(std::string_view arg) const;
    bool is_integer_number(std::string_view arg) const;
    const Value& out(size_t k = 0) const { return graph_.values[static_cast<size_t>(node_.outputs[k])]; }
    size_t num_outputs() const { return node_.outputs.size(); }
    bool output_used(size_t k) const { return uses_[static_cast<size_t>(node_.outputs[k])] > 0; }
    // A dim normalised to [0, rank).
    int64_t dim(std::string_view arg, int64_t rank_of) const;

    // --- emitting ttnn ops ---
    // An op whose result has the aten output's shape and dtype, or the given ones. Returns Ref{-1} and marks
    // the rewrite failed when the op or one of its parameters is not registered.
    Ref op(std::string_view ttnn_name, std::vector<OpArg> args);
    Ref op(std::string_view ttnn_name, std::vector<OpArg> args, std::vector<int64_t> shape, ScalarType dtype);
    // An op with several outputs (dtypes: one per output, or one for all).
    std::vector<Ref> op_multi(std::string_view ttnn_name,
                              std::vector<OpArg> args,
                              const std::vector<std::vector<int64_t>>& shapes,
                              const std::vector<ScalarType>& dtypes);
    // A reshape (ttnn.reshape) to `shape`; a no-op when the shape already matches.
    Ref reshape(Ref input, std::vector<int64_t> shape);
    // `input` cut to [start, end) by `step` along `dim` (ttnn.slice, which takes every dim's bounds).
    Ref slice(Ref input, int64_t dim, int64_t start, int64_t end, int64_t step = 1);
    void set(size_t k, Ref v);  // aten output k is v
    // From now on tensor(arg) is v: the wrapper's int-to-float promotion hands the rewrite the cast operand.
    void replace(std::string_view arg, Ref v);
    // Marks the rewrite as declined; the first reason is kept for the host-fallback report.
    bool fail(std::string reason = "the rule declined") {
        if (!failed_)
            reason_ = std::move(reason);
        failed_ = true;
        return false;
    }
    const std::string& reason() const { return reason_; }
    bool has_param(std::string_view ttnn_name, std::string_view param) const;
    // The rule's main ttnn op, so one rewrite function can serve a table of similar overloads.
    std::string_view target_op() const { return target_op_; }
    void set_target_op(std::string_view op) { target_op_ = std::string(op); }

    // --- used by the wrapper ---
    bool failed() const { return failed_; }
    std::vector<Node>& emitted() { return emitted_; }
    const std::vector<Ref>& results() const { return results_; }

private:
    Graph& graph_;
    const Node& node_;
    const CompileOptions& options_;
    const std::vector<int>& uses_;
    std::vector<Node> emitted_;
    std::vector<Ref> results_;
    std::vector<std::pair<std::string_view, Ref>> replaced_;
    std::string target_op_;
    bool failed_ = false;
    std::string reason_;
};

using Guard = bool (*)(const LowerCtx& ctx);
using Rewrite = bool (*)(LowerCtx& ctx);

// What many rules share, declared on the rule instead of written into each guard or rewrite (as Inductor's
// register_lowering declares alpha and type promotion); the wrapper applies them (rule_flags.cpp) and
// docs/lowering_rules.md shows them. Conditions, checked before the guard:
enum RuleFlag : uint8_t {
    ALPHA_IS_ONE = 1u << 0,      // `alpha` absent or 1: aten.add(x, y, alpha=2) is x + 2y, not one op
    NO_DTYPE = 1u << 1,          // no `dtype` argument: a reduction that casts first stays on the host
    NO_HALF_TO_FLOAT = 1u << 2,  // `half_to_float` false: a softmax of half into float stays on the host
    // A choice of op: on a bool `self` the rule's bitwise_<op> is logical_<op>, since bools are 0/1 in the
    // float compute dtype on the device.
    BOOL_AS_LOGICAL = 1u << 3,
};

// The operands of torch's int-to-float promotion (int tensor op float is float; ttnn wants operands of one
// kind): when the result or one of them is floating, the wrapper casts each integer tensor among them to the
// compute dtype before the rewrite, which reads the cast value under the operand's name. Unused slots are "".
using Operands = std::array<std::string_view, 3>;

struct LoweringRule {
    std::string_view aten;  // overload, as FX prints it: "aten.add.Tensor"
    std::string_view ttnn;  // the main ttnn op; the rule declines while it is not registered ("": none needed)
    Guard guard;            // nullptr: every node of the overload (the wrapper's checks still apply)
    Rewrite rewrite;
    uint8_t flags = 0;             // RuleFlag bits
    Operands to_float = {};        // operands promoted int to float together (none: no promotion)
    std::string_view family = {};  // the lowering/<family>.cpp that adds it (set by lowering_rules())
};

// The wrapper's side of the declarative parts, in the order it applies them (rule_flags.cpp):
std::string rule_target(const LoweringRule& rule, const LowerCtx& ctx);  // rule.ttnn, or its logical_ form
// The names of the conditions of `rule` that `ctx`'s node does not meet ("alpha_is_one"); empty when all hold.
std::string unmet_flags(const LoweringRule& rule, const LowerCtx& ctx);
void promote_to_float(const LoweringRule& rule, LowerCtx& ctx);
// Every flag of `rule` by name, and the promoted operands: "alpha_is_one, int_to_float(self, other)".
std::string flag_names(const LoweringRule& rule);
// Every ttnn op the rule names, itself and through its flags (tests/compiler/test_rule_table.py checks each).
std::vector<std::string> rule_ops(const LoweringRule& rule);

using RuleTable = std::vector<LoweringRule>;

// Every rule, family by family (lowering/families.def); overloads with several rules try them in order.
const RuleTable& lowering_rules();
std::vector<const LoweringRule*> rules_for(std::string_view aten);

#define TORCH_TTNN_RULE_FAMILY(FAMILY) void add_##FAMILY##_rules(RuleTable& rules);
#include "compiler/lowering/families.def"
#undef TORCH_TTNN_RULE_FAMILY

// Parts of a family kept in a file of their own, added by the family after its other rules for the same
// overloads: transposed convolutions (conv_transpose.cpp, by conv) and attention in training graphs
// (attention.cpp, by matmul, after the fused inference form).
void add_conv_transpose_rules(RuleTable& rules);
void add_attention_rules(RuleTable& rules);

}  // namespace torch_ttnn
