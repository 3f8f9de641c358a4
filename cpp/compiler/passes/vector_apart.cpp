// A linear's bias and a layer norm's weight and bias are read by TT-NN in TILE, where a vector of C values
// is a [32, C] slab holding at least one 2 KiB page in every DRAM bank (24 KiB for 64 values). Kept for the
// program's life, such vectors held half the device memory of a small model (WavLM and UperNet at test
// size, against their weights in bfloat16). A broadcast add or mul reads them in ROW_MAJOR, a 32nd of that,
// at the cost of one more op per call: worth it when the TILE vector is comparable with what the op reads
// beside it (the linear's weight, the norm's input), not in a large model, where it is a few percent of it.
#include <algorithm>

#include "compiler/passes/passes.hpp"

namespace torch_ttnn {
namespace {

// Parameters, constants and what device ops compute from them alone: values the program keeps across calls.
std::vector<bool> kept_values(const Graph& graph) {
    std::vector<bool> kept(graph.values.size(), false);
    for (size_t v = 0; v < graph.values.size(); ++v)
        kept[v] = graph.values[v].is_param || graph.values[v].constant.has_value();
    for (const Node& n : graph.nodes) {
        const std::vector<ValueId> in = n.inputs();
        const bool from_kept =
            n.kind == NodeKind::TTNN && !in.empty() &&
            std::all_of(in.begin(), in.end(), [&](ValueId r) { return r >= 0 && kept[static_cast<size_t>(r)]; });
        for (ValueId o : n.outputs)
            kept[static_cast<size_t>(o)] = kept[static_cast<size_t>(o)] || from_kept;
    }
    return kept;
}

class Splitter {
public:
    Splitter(Graph& g, const CompileOptions& o) : g_(g), o_(o), kept_(kept_values(g)) {}

    int run() {
        std::vector<Node> nodes = std::move(g_.nodes);
        g_.nodes.clear();
        int split = 0;
        for (Node& n : nodes) {
            std::vector<Node> after;
            if (n.kind == NodeKind::TTNN && (n.target == "linear" || n.target == "layer_norm"))
                after = split_off(n);
            split += after.empty() ? 0 : 1;
            g_.nodes.push_back(std::move(n));
            for (Node& a : after)
                g_.nodes.push_back(std::move(a));
        }
        return split;
    }

private:
    ValueId ref(const Node& n, std::string_view name) const {
        const Operand* op = n.find(name);
        return op != nullptr && op->is_ref() ? std::get<Ref>(op->v).id : -1;
    }

    uint64_t tile_bytes(ValueId id) const {
        const Value& v = g_.values[static_cast<size_t>(id)];
        return device_bytes(v.shape, {ttnn::Layout::TILE, device_dtype_for(v.dtype, o_)}, o_);
    }

    bool apart(ValueId vec, ValueId beside) const {
        if (vec < 0 || beside < 0 || !kept_[static_cast<size_t>(vec)])
            return false;
        const Value& v = g_.values[static_cast<size_t>(vec)];
        if (v.shape.size() != 1 || !is_floating(v.dtype))
            return false;
        const uint64_t row_major = device_bytes(v.shape, {ttnn::Layout::ROW_MAJOR, device_dtype_for(v.dtype, o_)}, o_);
        return tile_bytes(vec) >= 2 * row_major && 2 * tile_bytes(vec) >= tile_bytes(beside);
    }

    // `n` without the vectors it keeps apart; the nodes that apply them after it, writing n's output.
    std::vector<Node> split_off(Node& n) {
        const ttnn::OpInfo& op = ttnn::get_op(n.target);
        const bool linear = n.target == "linear";
        const ValueId beside = ref(n, op.params.at(linear ? 1 : 0).name);
        std::vector<std::pair<std::string, ValueId>> vectors;  // (the broadcast op, the vector) in order
        if (linear && apart(ref(n, "bias"), beside))
            vectors.emplace_back("add", ref(n, "bias"));
        if (!linear && (apart(ref(n, "weight"), beside) || apart(ref(n, "bias"), beside))) {
            if (ref(n, "weight") >= 0)
                vectors.emplace_back("mul", ref(n, "weight"));
            if (ref(n, "bias") >= 0)
                vectors.emplace_back("add", ref(n, "bias"));
        }
        if (vectors.empty())
            return {};
        // A fused activation applies to the biased product, so it moves after the add.
        std::string activation;
        if (const Operand* a = n.find("activation"); a != nullptr && a->arg())
            activation = std::get<std::string>(*a->arg());
        std::erase_if(n.args, [](const NamedOperand& a) {
            return a.name == "bias" || a.name == "weight" || a.name == "activation";
        });
        const ValueId out = n.outputs.at(0);
        ValueId cur = g_.add_value(g_.values[static_cast<size_t>(out)]);
        n.outputs[0] = cur;
        std::vector<Node> after;
        auto apply = [&](std::string target, std::vector<NamedOperand> args, bool last) {
            Node step;
            step.kind = NodeKind::TTNN;
            step.target = std::move(target);
            step.source = n.source;
            step.args = std::move(args);
            cur = last ? out : g_.add_value(g_.values[static_cast<size_t>(out)]);
            step.outputs = {cur};
            after.push_back(std::move(step));
        };
        for (size_t k = 0; k < vectors.size(); ++k) {
            const ttnn::OpInfo& binary = ttnn::get_op(vectors[k].first);
            const bool last = activation.empty() && k + 1 == vectors.size();
            apply(vectors[k].first,
                  {{std::string(binary.params.at(0).name), Ref{cur}},
                   {std::string(binary.params.at(1).name), Ref{vectors[k].second}}},
                  last);
        }
        if (!activation.empty())
            apply(activation, {{std::string(ttnn::get_op(activation).params.at(0).name), Ref{cur}}}, true);
        return after;
    }

    Graph& g_;
    const CompileOptions& o_;
    std::vector<bool> kept_;
};

}  // namespace

int split_small_vectors(Graph& graph, const CompileOptions& options) {
    return Splitter(graph, options).run();
}

}  // namespace torch_ttnn
