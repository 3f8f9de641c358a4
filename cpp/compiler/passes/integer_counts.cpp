// Counts that are only ever summed into integers stay integers. transformers' grouped-mm MoE counts tokens per
// expert with histc (float, since torch's histc takes no ints on CPU) and turns the counts into int32 offsets
// with cumsum(dtype=int32). On the device a float value computes in the compute dtype, where bf16 holds
// integers exactly only up to 256: 300 tokens for one expert would give a wrong offset. When a histc's only
// reader is such a cumsum, its output is retyped int32, so ttnn.histc counts in int32 and the cumsum sums
// integers; the values are the same integers the float graph promised.
#include "compiler/passes/passes.hpp"

namespace torch_ttnn {

int integer_counts(Graph& graph) {
    const std::vector<int> uses = graph.use_counts();
    std::vector<int> reader(graph.values.size(), -1);  // the node reading each value (the last one seen)
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        graph.nodes[i].each_input([&](ValueId id) { reader[static_cast<size_t>(id)] = static_cast<int>(i); });
    }
    int retyped = 0;
    for (const Node& n : graph.nodes) {
        if (n.kind != NodeKind::ATEN || n.target != "aten.histc.default")
            continue;
        const auto out = static_cast<size_t>(n.outputs[0]);
        if (uses[out] != 1 || reader[out] < 0)
            continue;
        const Node& sum = graph.nodes[static_cast<size_t>(reader[out])];
        const Operand* dtype =
            sum.kind == NodeKind::ATEN && sum.target == "aten.cumsum.default" ? sum.find("dtype") : nullptr;
        const auto* type = dtype != nullptr ? std::get_if<ScalarType>(&dtype->v) : nullptr;
        if (type != nullptr && is_integral(*type)) {
            graph.values[out].dtype = ScalarType::INT32;
            ++retyped;
        }
    }
    return retyped;
}

}  // namespace torch_ttnn
