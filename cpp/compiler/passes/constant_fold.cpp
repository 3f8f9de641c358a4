#include "compiler/passes/passes.hpp"
#include "compiler/runtime/program.hpp"
#include "ttnn/error.hpp"

namespace torch_ttnn {

int fold_constants(Graph& graph, const CompileOptions& options) {
    if (options.device == nullptr)
        return 0;
    int folded = 0;
    std::vector<Node> kept;
    for (Node& n : graph.nodes) {
        const bool device_work =
            n.kind == NodeKind::TTNN || n.kind == NodeKind::TO_LAYOUT || n.kind == NodeKind::TYPECAST;
        bool all_constant = device_work;
        n.each_input(
            [&](ValueId in) { all_constant = all_constant && graph.values[static_cast<size_t>(in)].constant; });
        if (!all_constant) {
            kept.push_back(std::move(n));
            continue;
        }
        std::vector<std::optional<ttnn::Tensor>> slots(graph.values.size());
        for (ValueId in : n.inputs())
            slots[static_cast<size_t>(in)] = graph.values[static_cast<size_t>(in)].constant;
        RunStats ignored;
        try {
            Program::execute(make_instr(graph, n, options.compute_dtype), slots, options.device, ignored);
        } catch (const ttnn::Error&) {
            // Left in place: the same call then runs (and reports its error) at run time, in order.
            kept.push_back(std::move(n));
            continue;
        }
        for (ValueId out : n.outputs)
            graph.values[static_cast<size_t>(out)].constant = slots[static_cast<size_t>(out)];
        ++folded;
    }
    graph.nodes = std::move(kept);
    return folded;
}

int drop_unread_constants(Graph& graph) {
    const std::vector<int> uses = graph.use_counts();
    int dropped = 0;
    for (size_t v = 0; v < graph.values.size(); ++v) {
        if (graph.values[v].constant && uses[v] == 0) {
            graph.values[v].constant.reset();
            ++dropped;
        }
    }
    return dropped;
}

}  // namespace torch_ttnn
