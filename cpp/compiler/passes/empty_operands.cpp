// Empty tensors that contribute nothing to a result. A KV cache starts as an empty tensor that the first
// step concatenates with the new keys (transformers' DynamicCache: cat([empty, k], dim=-2)); the device
// holds no zero-size tensors, so without this the cat, and the empty constant behind it, would run on the
// host. aten's cat skips an operand with no elements (a 1-D [0] of any shape, or one empty along dim), so
// dropping it from the list is exact; a cat whose result is itself empty is left alone.
#include <algorithm>

#include "compiler/passes/passes.hpp"

namespace torch_ttnn {

int drop_empty_operands(Graph& graph) {
    auto empty = [&](Ref r) {
        if (r.id < 0)
            return false;
        const std::vector<int64_t>& shape = graph.values[static_cast<size_t>(r.id)].shape;
        return std::find(shape.begin(), shape.end(), 0) != shape.end();
    };
    int dropped = 0;
    for (Node& n : graph.nodes) {
        if (n.kind != NodeKind::ATEN || n.target != "aten.cat.default")
            continue;
        const std::vector<int64_t>& out = graph.values[static_cast<size_t>(n.outputs[0])].shape;
        if (std::find(out.begin(), out.end(), 0) != out.end())
            continue;
        for (NamedOperand& a : n.args) {
            if (auto* list = std::get_if<RefList>(&a.value.v); list != nullptr && a.name == "tensors") {
                const auto kept = std::remove_if(list->begin(), list->end(), empty);
                dropped += static_cast<int>(list->end() - kept);
                list->erase(kept, list->end());
            }
        }
    }
    return dropped;
}

}  // namespace torch_ttnn
