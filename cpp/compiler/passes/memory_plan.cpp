#include <algorithm>

#include "compiler/passes/memory_plan.hpp"
#include "compiler/passes/passes.hpp"

namespace torch_ttnn {
namespace {

// Values that depend on parameters and constants alone, as the runtime's derived-value cache sees them
// (runtime/derived.cpp, mark_derived): parameter uploads, constants and device ops reading only such values.
// They are kept across calls (or freed once folded), so they are not part of a call's activations.
std::vector<bool> parameter_derived(const Graph& graph) {
    std::vector<bool> derived(graph.values.size(), false);
    for (size_t v = 0; v < graph.values.size(); ++v)
        derived[v] = graph.values[v].constant.has_value() || graph.values[v].is_param;
    for (const Node& node : graph.nodes) {
        const bool device_step = node.kind == NodeKind::TTNN || node.kind == NodeKind::TO_LAYOUT ||
                                 node.kind == NodeKind::TYPECAST || node.kind == NodeKind::TO_DEVICE;
        bool any = false, all = true;
        node.each_input([&](ValueId r) {
            any = true;
            all = all && derived[static_cast<size_t>(r)];
        });
        const bool from_params = device_step && any && all;
        for (ValueId o : node.outputs)
            derived[static_cast<size_t>(o)] = from_params;
    }
    return derived;
}

}  // namespace

// Largest first, each at the lowest offset that clears every placed buffer alive at the same time. The
// placed buffers are kept in offset order, so each new one walks them once instead of collecting and sorting
// its live set; buffers at one offset may come in any order, which leaves the chosen offset unchanged (the
// walk either stops before that offset or passes the end of all of them).
uint64_t first_fit_peak(std::vector<PlanBuffer> buffers) {
    std::sort(
        buffers.begin(), buffers.end(), [](const PlanBuffer& a, const PlanBuffer& b) { return a.bytes > b.bytes; });
    // The placed buffers by offset, field by field: the walk reads them in a row.
    std::vector<int> first, last;
    std::vector<uint64_t> start, end;
    for (auto* v : {&first, &last})
        v->reserve(buffers.size());
    for (auto* v : {&start, &end})
        v->reserve(buffers.size());
    uint64_t peak = 0;
    for (const PlanBuffer& buffer : buffers) {
        uint64_t offset = 0;
        for (size_t k = 0; k < start.size(); ++k) {
            if (first[k] > buffer.last || buffer.first > last[k])
                continue;  // not alive at the same time
            if (offset + buffer.bytes <= start[k])
                break;
            offset = std::max(offset, end[k]);
        }
        peak = std::max(peak, offset + buffer.bytes);
        const auto at =
            static_cast<std::ptrdiff_t>(std::upper_bound(start.begin(), start.end(), offset) - start.begin());
        first.insert(first.begin() + at, buffer.first);
        last.insert(last.begin() + at, buffer.last);
        start.insert(start.begin() + at, offset);
        end.insert(end.begin() + at, offset + buffer.bytes);
    }
    return peak;
}

// The largest sum of bytes of buffers alive at one node: a sweep over the nodes adding each buffer where it
// starts and taking it off after its last node.
uint64_t live_peak(const std::vector<PlanBuffer>& buffers, int nodes) {
    std::vector<uint64_t> change(static_cast<size_t>(nodes) + 2, 0);
    for (const PlanBuffer& b : buffers) {
        if (b.first > b.last || b.last < 0 || b.first > nodes)
            continue;  // alive at no node in [0, nodes]
        change[static_cast<size_t>(std::max(b.first, 0))] += b.bytes;
        change[static_cast<size_t>(std::min(b.last, nodes)) + 1] -= b.bytes;  // unsigned wrap: exact again once summed
    }
    uint64_t peak = 0, live = 0;
    for (int i = 0; i <= nodes; ++i) {
        live += change[static_cast<size_t>(i)];
        peak = std::max(peak, live);
    }
    return peak;
}

// As the allocator counts them, so the plan's peak is comparable with device.memory_stats().
uint64_t device_bytes(const std::vector<int64_t>& shape, DeviceForm form, const CompileOptions& options) {
    try {
        const ttnn::TensorSpec spec = ttnn::make_spec("memory plan", device_shape(shape), form.dtype, form.layout);
        if (options.device == nullptr)
            return spec.storage_bytes();
        return options.device->allocator().footprint(ttnn::BufferType::DRAM, spec.page_count(), spec.page_bytes());
    } catch (const std::exception&) {
        return 0;
    }
}

MemoryPlan plan_memory(const Graph& graph, const CompileOptions& options) {
    const int n = static_cast<int>(graph.nodes.size());
    std::vector<int> first(graph.values.size(), 0), last(graph.values.size(), -1);
    std::vector<bool> defined_by_node(graph.values.size(), false);
    for (int i = 0; i < n; ++i) {
        graph.nodes[static_cast<size_t>(i)].each_input([&](ValueId in) { last[static_cast<size_t>(in)] = i; });
        for (ValueId out : graph.nodes[static_cast<size_t>(i)].outputs) {
            first[static_cast<size_t>(out)] = i;
            last[static_cast<size_t>(out)] = std::max(last[static_cast<size_t>(out)], i);
            defined_by_node[static_cast<size_t>(out)] = true;
        }
    }
    std::vector<bool> is_output(graph.values.size(), false);
    for (ValueId o : graph.outputs) {
        if (o >= 0)
            is_output[static_cast<size_t>(o)] = true;
    }
    MemoryPlan plan;
    plan.frees.resize(graph.nodes.size());
    const std::vector<bool> derived = parameter_derived(graph);
    std::vector<PlanBuffer> buffers, activations;
    for (size_t v = 0; v < graph.values.size(); ++v) {
        const Value& value = graph.values[v];
        // Constants live as long as the program; everything else from its definition to its last reader.
        const bool whole_program = value.constant.has_value();
        if (!is_output[v] && !whole_program && last[v] >= 0)
            plan.frees[static_cast<size_t>(last[v])].push_back(static_cast<ValueId>(v));
        if (value.place != Place::DEVICE || (!defined_by_node[v] && !whole_program))
            continue;
        buffers.push_back({device_bytes(value.shape, value.form, options),
                           whole_program ? 0 : first[v],
                           whole_program ? n : last[v]});
        if (!derived[v])
            activations.push_back(buffers.back());
    }
    plan.live_peak_bytes = live_peak(buffers, n);
    plan.activation_peak_bytes = live_peak(activations, n);
    plan.peak_device_bytes = first_fit_peak(std::move(buffers));
    return plan;
}

}  // namespace torch_ttnn
