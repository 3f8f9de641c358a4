#include "compiler/passes/passes.hpp"

namespace torch_ttnn {

int eliminate_dead_code(Graph& graph) {
    std::vector<int> uses = graph.use_counts();
    std::vector<bool> keep(graph.nodes.size(), true);
    int removed = 0;
    // Walking backwards frees a dead node's inputs before their own producers are looked at.
    for (size_t i = graph.nodes.size(); i-- > 0;) {
        const Node& n = graph.nodes[i];
        bool used = false;
        for (ValueId o : n.outputs)
            used = used || uses[static_cast<size_t>(o)] > 0;
        if (used)
            continue;
        keep[i] = false;
        ++removed;
        for (ValueId in : n.inputs())
            --uses[static_cast<size_t>(in)];
    }
    std::vector<Node> kept;
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        if (keep[i])
            kept.push_back(std::move(graph.nodes[i]));
    }
    graph.nodes = std::move(kept);
    return removed;
}

}  // namespace torch_ttnn
