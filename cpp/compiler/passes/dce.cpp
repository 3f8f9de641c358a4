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
        n.each_input([&](ValueId in) { --uses[static_cast<size_t>(in)]; });
    }
    if (removed == 0)
        return 0;
    // Compacted in place: fusion runs this after every firing, when one or two nodes die.
    size_t to = 0;
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        if (!keep[i])
            continue;
        if (to != i)
            graph.nodes[to] = std::move(graph.nodes[i]);
        ++to;
    }
    graph.nodes.resize(to);
    return removed;
}

}  // namespace torch_ttnn
