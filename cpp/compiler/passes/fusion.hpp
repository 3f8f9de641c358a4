#pragma once
// What the fusion rules share (fusion.cpp holds the rule table and the simple rules; fusion_attention.cpp,
// fusion_norm.cpp, fusion_gelu.cpp and fusion_conv.cpp the larger patterns). A rule is
// `bool apply(FusionCtx&, size_t index)`: it matches a pattern anchored at node `index`, checks its guard, and
// rewrites only when everything holds (returns true).
#include <optional>
#include <string_view>
#include <vector>

#include "compiler/ir/graph.hpp"

namespace torch_ttnn {

class FusionCtx {
public:
    explicit FusionCtx(Graph& graph) : g(graph), uses(graph.use_counts()), producers(graph.producers()) {}

    // The TTNN node producing `id` if it is `op` (any op when empty), whatever its readers.
    Node* producer(ValueId id, std::string_view op = {});
    // The same, only when `id` is read once (by the node being matched): the producer dies with the rewrite.
    Node* single_use_producer(ValueId id, std::string_view op = {});
    // The tensor argument at the op's parameter index `i` (its TT-NN positional slot).
    ValueId tensor_at(const Node& n, size_t i) const;
    std::string_view param_name(std::string_view op, size_t i) const;
    bool has_param(std::string_view op, std::string_view param) const;
    // The constant number at parameter `i` of `n` (a binary op's scalar operand), if it is one.
    std::optional<double> number_at(const Node& n, size_t i) const;
    const Value& value(ValueId id) const { return g.values[static_cast<size_t>(id)]; }
    const std::vector<int64_t>& shape(ValueId id) const { return value(id).shape; }
    // Whether `n` sets any argument outside `allowed` (an option the fused op would silently drop).
    static bool has_other_args(const Node& n, std::initializer_list<std::string_view> allowed);

    // A new TTNN node (not yet in the graph) computing a fresh value; positional tensors first.
    Node make(std::string_view op, std::vector<NamedOperand> args, std::vector<int64_t> shape, ScalarType dtype);
    // `x` reshaped to `shape` (appended to `out`), or `x` itself when it has that shape already.
    ValueId reshaped(std::vector<Node>& out, ValueId x, const std::vector<int64_t>& shape);
    // Puts `nodes` where node `index` was; the last of them takes over the replaced node's outputs.
    void replace_node(size_t index, std::vector<Node> nodes);
    // Makes `node` dead by routing its readers to `replacement`; DCE removes it.
    void bypass(Node& node, ValueId replacement) { g.replace_uses(node.outputs[0], replacement); }

    Graph& g;
    std::vector<int> uses;
    std::vector<int> producers;
};

// The last dim of a rank-`rank` tensor as `dim` names it (negative dims count from the end).
bool is_last_dim(int64_t dim, size_t rank);
// The dims of permute node `n` (empty when they are not a constant list).
std::vector<int64_t> permutation(const Node& n, const FusionCtx& ctx);
// Whether `n` is a transpose or permute that swaps exactly the last two dims.
bool swaps_last_two(const FusionCtx& ctx, const Node& n);

bool attention_sdpa(FusionCtx& ctx, size_t index);
bool scale_mask_softmax(FusionCtx& ctx, size_t index);
bool rms_norm(FusionCtx& ctx, size_t index);
bool conv_batch_norm(FusionCtx& ctx, size_t index);
bool gelu_by_probe(FusionCtx& ctx, size_t index);
bool permute_through_binary(FusionCtx& ctx, size_t index);

}  // namespace torch_ttnn
