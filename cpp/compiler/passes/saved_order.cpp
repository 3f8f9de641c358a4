// A training forward's output kept on the device for the backward (Graph::device_outputs) is often a permute:
// conv2d computes NHWC, the lowering permutes its result to torch's NCHW, and the backward's conv permutes the
// saved value back to NHWC. Where the caller allows it (Graph::device_outputs_raw: it tells the backward), such
// an output is returned before the permute, with the permutation in Graph::output_permutes; the backward then
// starts with that permute, which meets its inverse there (fusion permute_pair), and the forward's permute dies
// with its last reader. Mnist's training step lost six permutes of activations this way.
#include "compiler/passes/passes.hpp"

namespace torch_ttnn {

int return_saved_before_permute(Graph& graph) {
    if (!graph.device_outputs_raw)
        return 0;
    const std::vector<int> producers = graph.producers();
    const std::string dims_name(ttnn::get_op("permute").params.at(1).name);
    int moved = 0;
    for (size_t k : graph.device_outputs) {
        const ValueId out = graph.outputs.at(k);
        const int p = out < 0 ? -1 : producers[static_cast<size_t>(out)];
        if (p < 0)
            continue;
        const Node& n = graph.nodes[static_cast<size_t>(p)];
        if (n.kind != NodeKind::TTNN || n.target != "permute" || n.outputs.size() != 1)
            continue;
        const std::vector<ValueId> in = Node::refs_in(n.args);
        const Operand* dims = n.find(dims_name);
        const auto* perm =
            dims != nullptr && dims->arg() != nullptr ? std::get_if<std::vector<int64_t>>(dims->arg()) : nullptr;
        // A graph input is on the host: returning it would move it, not save a permute.
        if (in.size() != 1 || perm == nullptr || producers[static_cast<size_t>(in[0])] < 0)
            continue;
        graph.outputs[k] = in[0];
        graph.output_permutes[k] = *perm;
        ++moved;
    }
    return moved;
}

}  // namespace torch_ttnn
