#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "compiler/passes/passes.hpp"
#include "compiler/runtime/program.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/registry.hpp"

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

namespace {

// A cheap key: the spec and the first bytes. Equal keys are compared in full.
uint64_t constant_key(const ttnn::Tensor& t) {
    uint64_t h = 1469598103934665603ull;
    const auto mix = [&h](uint64_t x) { h = (h ^ x) * 1099511628211ull; };
    for (uint32_t d : t.logical_shape().dims())
        mix(d);
    mix(static_cast<uint64_t>(t.layout()));
    mix(static_cast<uint64_t>(t.dtype()));
    const uint64_t bytes = t.spec().storage_bytes();
    mix(bytes);
    const auto* data = t.data<unsigned char>();
    for (uint64_t i = 0; i < std::min<uint64_t>(bytes, 4096); ++i)
        mix(data[i]);
    return h;
}

bool same_constant(const Value& a, const Value& b) {
    const ttnn::Tensor &x = *a.constant, &y = *b.constant;
    const ttnn::TensorSpec &sx = x.spec(), &sy = y.spec();
    const bool same_spec = sx.logical_shape == sy.logical_shape && sx.padded_shape == sy.padded_shape &&
                           sx.dtype == sy.dtype && sx.layout == sy.layout && sx.memory_config == sy.memory_config;
    return a.dtype == b.dtype && a.shape == b.shape && same_spec &&
           std::memcmp(x.data<unsigned char>(), y.data<unsigned char>(), x.spec().storage_bytes()) == 0;
}

}  // namespace

int share_equal_constants(Graph& graph) {
    std::unordered_map<uint64_t, std::vector<ValueId>> seen;
    int shared = 0;
    for (size_t v = 0; v < graph.values.size(); ++v) {
        const Value& value = graph.values[v];
        if (!value.constant)
            continue;
        std::vector<ValueId>& candidates = seen[constant_key(*value.constant)];
        const auto same = std::find_if(candidates.begin(), candidates.end(), [&](ValueId other) {
            return same_constant(graph.values[static_cast<size_t>(other)], value);
        });
        if (same == candidates.end()) {
            candidates.push_back(static_cast<ValueId>(v));
            continue;
        }
        graph.replace_uses(static_cast<ValueId>(v), *same);
        ++shared;
    }
    return shared;
}

namespace {

// The one value every element of a constant holds, if it has one (the fill of an expanded scalar).
std::optional<double> uniform_value(const ttnn::Tensor& constant) {
    const ttnn::Tensor on_host =
        constant.storage_type() == ttnn::StorageType::DEVICE ? ttnn::from_device(constant) : constant;
    const ttnn::Tensor host =
        ttnn::to_host_row_major(ttnn::to_layout(on_host, ttnn::Layout::ROW_MAJOR), ttnn::DataType::FLOAT32);
    const float* data = host.data<float>();
    const uint64_t n = host.spec().storage_bytes() / sizeof(float);
    if (n == 0)
        return std::nullopt;
    for (uint64_t i = 1; i < n; ++i) {
        if (std::memcmp(&data[i], &data[0], sizeof(float)) != 0)
            return std::nullopt;
    }
    return static_cast<double>(data[0]);
}

// The shape the node's other tensor operands broadcast to.
std::vector<int64_t> others_shape(const Graph& graph, const Node& n, size_t skipped) {
    std::vector<int64_t> shape;
    for (size_t k = 0; k < n.args.size(); ++k) {
        if (k == skipped || !n.args[k].value.is_ref())
            continue;
        const std::vector<int64_t>& s = graph.values[static_cast<size_t>(n.args[k].value.ref().id)].shape;
        if (s.size() > shape.size())
            shape.insert(shape.begin(), s.size() - shape.size(), 1);
        for (size_t i = 0; i < s.size(); ++i) {
            int64_t& d = shape[shape.size() - s.size() + i];
            d = d == 1 ? s[i] : d;
        }
    }
    return shape;
}

}  // namespace

int scalar_uniform_constants(Graph& graph) {
    int replaced = 0;
    std::unordered_map<ValueId, std::optional<double>> uniform;
    for (Node& n : graph.nodes) {
        const ttnn::OpInfo* op = n.kind == NodeKind::TTNN ? ttnn::find_op(n.target) : nullptr;
        if (op == nullptr || n.outputs.size() != 1)
            continue;
        for (size_t k = 0; k < n.args.size(); ++k) {
            const Operand& arg = n.args[k].value;
            const ttnn::Param* param = op->find_param(n.args[k].name);
            if (!arg.is_ref() || param == nullptr || param->kind != ttnn::ArgKind::TENSOR_OR_SCALAR)
                continue;
            const Value& v = graph.values[static_cast<size_t>(arg.ref().id)];
            if (!v.constant || !is_floating(v.dtype))
                continue;
            auto [it, fresh] = uniform.try_emplace(arg.ref().id);
            if (fresh)
                it->second = uniform_value(*v.constant);
            const Value& out = graph.values[static_cast<size_t>(n.outputs[0])];
            if (!it->second || others_shape(graph, n, k) != out.shape)
                continue;
            n.args[k].value = ttnn::Arg(*it->second);
            ++replaced;
        }
    }
    return replaced;
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
