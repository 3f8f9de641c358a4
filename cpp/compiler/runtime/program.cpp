#include "compiler/runtime/program.hpp"

#include "compiler/runtime/derived.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <string_view>

#include "compiler/ir/printer.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/data_movement.hpp"

namespace torch_ttnn {
namespace {

using ttnn::Tensor;
using Slots = std::vector<std::optional<Tensor>>;
using Clock = std::chrono::steady_clock;

const Tensor& slot(const Slots& slots, ValueId id) {
    TTNN_ASSERT(id >= 0 && static_cast<size_t>(id) < slots.size() && slots[static_cast<size_t>(id)].has_value(),
                "runtime: slot %",
                id,
                " is empty");
    return *slots[static_cast<size_t>(id)];
}

// The safety net under the plan: an op output that came in another form than data movement assumed is
// converted to one its reader takes (the dtype by data movement's own choice, reader_dtype), and counted, so a
// wrong assumption costs time, never correctness.
Tensor adapt(const Instr& instr, const ttnn::Param& p, Tensor t, RunStats& stats) {
    const ttnn::OpInfo& op = *instr.op;
    const ttnn::DTypeSet dtypes = p.dtypes.empty() ? op.dtypes : p.dtypes;
    if (const std::optional<ttnn::DataType> d =
            reader_dtype(dtypes, t.dtype(), !ttnn::is_floating(t.dtype()), instr.compute_dtype);
        d && *d != t.dtype()) {
        if (ttnn::is_block_float(*d) && t.layout() != ttnn::Layout::TILE)
            t = ttnn::to_layout(t, ttnn::Layout::TILE);
        t = ttnn::typecast(t, *d);
        ++stats.adaptations;
    }
    if (!op.layouts.contains(t.layout())) {
        t = ttnn::to_layout(t, t.layout() == ttnn::Layout::TILE ? ttnn::Layout::ROW_MAJOR : ttnn::Layout::TILE);
        ++stats.adaptations;
    }
    return t;
}

ttnn::Arg resolve(const Instr& instr, const ttnn::Param& p, const Operand& a, const Slots& slots, RunStats& stats) {
    if (const ttnn::Arg* c = a.arg()) {
        if (const Tensor* t = std::get_if<Tensor>(c))
            return adapt(instr, p, *t, stats);
        return *c;
    }
    if (a.is_ref())
        return adapt(instr, p, slot(slots, a.ref().id), stats);
    TTNN_ASSERT(a.is_ref_list(), "runtime: ttnn.", instr.op->name, ": a torch dtype reached a ttnn op");
    std::vector<Tensor> list;
    for (Ref r : a.refs()) {
        if (r.id >= 0)
            list.push_back(adapt(instr, p, slot(slots, r.id), stats));
    }
    return list;
}

// TT-NN may return a reduction with its dims kept or a pool flattened; the IR promises torch's shape, and a
// reshape of the same volume gives it (sharing storage where rows stay rows).
Tensor with_shape(const ttnn::OpInfo& op, Tensor t, const ttnn::Shape& shape, RunStats& stats) {
    if (t.logical_shape() == shape)
        return t;
    TTNN_CHECK(t.logical_shape().volume() == shape.volume(),
               RUNTIME,
               "torch_ttnn: ttnn.",
               op.name,
               " returned shape ",
               t.logical_shape().to_string(),
               "; expected ",
               shape.to_string());
    ++stats.adaptations;
    return ttnn::reshape(t, std::vector<int64_t>(shape.dims().begin(), shape.dims().end()));
}

void run_op(const Instr& instr, Slots& slots, RunStats& stats) {
    const ttnn::OpInfo& op = *instr.op;
    // Arguments go straight to their parameter's position (settled at emit): no lookup by name per call.
    std::vector<ttnn::Arg> values(op.params.size());
    for (size_t i = 0; i < instr.args.size(); ++i) {
        const size_t p = instr.params[i];
        values[p] = resolve(instr, op.params[p], instr.args[i].value, slots, stats);
    }
    ttnn::OpOutputs outs = ttnn::invoke_op(op, ttnn::OpArgs(op, std::move(values)));
    TTNN_CHECK(outs.size() >= instr.outputs.size(),
               RUNTIME,
               "torch_ttnn: ttnn.",
               op.name,
               " returned ",
               outs.size(),
               " outputs; expected ",
               instr.outputs.size());
    for (size_t k = 0; k < instr.outputs.size(); ++k) {
        Tensor t = with_shape(op, std::move(outs[k]), instr.shapes[k], stats);
        // Readers were planned for this dtype (a comparison of ints yields 0/1 in the float compute dtype).
        if (t.dtype() != instr.forms[k].dtype && !ttnn::is_block_float(instr.forms[k].dtype)) {
            t = ttnn::typecast(t, instr.forms[k].dtype);
            ++stats.adaptations;
        }
        // ...and this layout: a list reader (concat) takes its tensors in one layout.
        if (t.layout() != instr.forms[k].layout && !ttnn::is_block_float(t.dtype())) {
            t = ttnn::to_layout(t, instr.forms[k].layout);
            ++stats.adaptations;
        }
        slots[static_cast<size_t>(instr.outputs[k])] = std::move(t);
    }
}

ttnn::Shape to_shape(const std::vector<int64_t>& dims) {
    std::vector<uint32_t> d;
    for (int64_t x : dims)
        d.push_back(static_cast<uint32_t>(x));
    return ttnn::Shape(std::move(d));
}

// The slice a parameter upload cuts on the host (data_movement.cpp): starts, ends and steps in one list, empty
// for an upload of the whole tensor. Part of the parameter cache's key.
std::vector<int64_t> upload_view(const Instr& instr) {
    std::vector<int64_t> view;
    for (const char* name : {"starts", "ends", "steps"}) {
        for (const NamedOperand& a : instr.args) {
            const ttnn::Arg* arg = a.name == name ? a.value.arg() : nullptr;
            if (const auto* list = arg != nullptr ? std::get_if<std::vector<int64_t>>(arg) : nullptr)
                view.insert(view.end(), list->begin(), list->end());
        }
    }
    return view;
}

// An upload may slice or reshape its host tensor (a parameter uploaded in the shape its reader takes).
Tensor host_shaped(const Tensor& host, const Instr& instr, const std::vector<int64_t>& view) {
    const ttnn::Shape& want = instr.shapes.at(0);
    const auto third = static_cast<std::ptrdiff_t>(view.size() / 3);
    const auto part = [&](std::ptrdiff_t k) {
        return std::vector<int64_t>(view.begin() + k * third, view.begin() + (k + 1) * third);
    };
    const Tensor cut = view.empty() ? host : ttnn::slice(host, part(0), part(1), part(2));
    if (cut.logical_shape() == want)
        return cut;
    return ttnn::reshape(cut, std::vector<int64_t>(want.dims().begin(), want.dims().end()));
}

// A graph input that arrives on the device (a forward's tensor saved for the backward, handed over as the
// forward computed it) takes the planned form there: no transfer, at most a conversion on the device.
Tensor device_shaped(Tensor t, const Instr& instr, RunStats& stats) {
    ++stats.device_inputs;
    // The backward takes a raw saved tensor (saved_order.cpp) in the raw shape: any other shape is a mix-up.
    TTNN_CHECK(t.logical_shape() == instr.shapes.at(0),
               RUNTIME,
               "torch_ttnn: a tensor saved for the backward came in shape ",
               t.logical_shape().to_string(),
               "; expected ",
               instr.shapes.at(0).to_string());
    // A block float only exists in TILE: tile before the typecast to one, untile after the typecast from one.
    if (ttnn::is_block_float(instr.form.dtype) && t.layout() != ttnn::Layout::TILE)
        t = ttnn::to_layout(t, ttnn::Layout::TILE);
    if (t.dtype() != instr.form.dtype)
        t = ttnn::typecast(t, instr.form.dtype);
    if (t.layout() != instr.form.layout)
        t = ttnn::to_layout(t, instr.form.layout);
    return t;
}

// What the host reads of a tensor: a device one (a saved tensor a host fallback node of the backward reads) is
// downloaded first.
Tensor on_host(const Tensor& t, RunStats& stats) {
    if (t.storage_type() == ttnn::StorageType::HOST)
        return t;
    ++stats.downloads;
    return ttnn::to_host_row_major(t, ttnn::is_block_float(t.dtype()) ? ttnn::DataType::FLOAT32 : t.dtype());
}

}  // namespace

// A device op's error keeps its place in the graph: the frontend node and the ttnn op it ran.
void Program::run_with_context(const Instr& instr,
                               Slots& slots,
                               const std::shared_ptr<ttnn::Device>& device,
                               RunStats& stats) {
    try {
        execute(instr, slots, device, stats);
    } catch (const ttnn::Error& e) {
        const std::string_view op = instr.op != nullptr ? instr.op->name : name(instr.kind);
        // A transfer or conversion the passes inserted has no frontend node: say so instead of "node -1".
        const std::string where = instr.source >= 0
                                      ? ttnn::detail::concat("node ", instr.source, " (", op, ")")
                                      : ttnn::detail::concat(op, " (inserted by the compiler, no graph node)");
        throw ttnn::Error(e.kind(), ttnn::detail::concat("torch_ttnn: ", where, " failed: ", e.what()));
    }
}

Instr make_instr(const Graph& graph, const Node& node, ttnn::DataType compute_dtype) {
    Instr in;
    in.compute_dtype = compute_dtype;
    in.kind = node.kind;
    in.op = node.kind == NodeKind::TTNN ? &ttnn::get_op(node.target) : nullptr;
    in.args = node.args;
    for (const NamedOperand& a : in.op != nullptr ? node.args : std::vector<NamedOperand>{}) {
        const size_t slot = in.op->param_index(a.name);  // lowering names only parameters the op has
        TTNN_CHECK(slot < in.op->params.size(), INTERNAL, "runtime: ttnn.", in.op->name, " has no parameter ", a.name);
        in.params.push_back(slot);
    }
    in.outputs = node.outputs;
    for (ValueId o : node.outputs)
        in.shapes.push_back(to_shape(graph.values[static_cast<size_t>(o)].shape));
    if (!node.outputs.empty())
        in.form = graph.values[static_cast<size_t>(node.outputs[0])].form;
    for (ValueId o : node.outputs)
        in.forms.push_back(graph.values[static_cast<size_t>(o)].form);
    in.source = node.source;
    return in;
}

void Program::execute(const Instr& instr, Slots& slots, const std::shared_ptr<ttnn::Device>& device, RunStats& stats) {
    const ValueId out = instr.outputs.empty() ? -1 : instr.outputs[0];
    auto input = [&]() -> const Tensor& { return slot(slots, instr.args[0].value.ref().id); };
    switch (instr.kind) {
        case NodeKind::TTNN:
            run_op(instr, slots, stats);
            return;
        case NodeKind::TO_DEVICE:
            if (input().storage_type() == ttnn::StorageType::DEVICE) {
                slots[static_cast<size_t>(out)] = device_shaped(input(), instr, stats);
                return;
            }
            ++stats.uploads;
            slots[static_cast<size_t>(out)] = ttnn::from_host(
                host_shaped(input(), instr, upload_view(instr)), instr.form.dtype, instr.form.layout, device);
            return;
        case NodeKind::FROM_DEVICE:
            ++stats.downloads;
            slots[static_cast<size_t>(out)] = ttnn::to_host_row_major(input(), instr.form.dtype);
            return;
        case NodeKind::TO_LAYOUT:
            if (input().layout() != instr.form.layout)
                ++stats.conversions;
            slots[static_cast<size_t>(out)] =
                input().layout() == instr.form.layout ? input() : ttnn::to_layout(input(), instr.form.layout);
            return;
        case NodeKind::TYPECAST:
            if (input().dtype() != instr.form.dtype)
                ++stats.conversions;
            slots[static_cast<size_t>(out)] =
                input().dtype() == instr.form.dtype ? input() : ttnn::typecast(input(), instr.form.dtype);
            return;
        case NodeKind::ATEN:
        case NodeKind::HOST:
            break;
    }
    TTNN_FAIL(INTERNAL, "runtime: node kind ", name(instr.kind), " cannot run without the host callback");
}

Program Program::emit(const Graph& graph, const MemoryPlan& plan, const CompileOptions& options) {
    Program p;
    p.num_slots_ = graph.values.size();
    p.inputs_ = graph.inputs;
    p.outputs_ = graph.outputs;
    p.device_ = options.device;
    p.device_outputs_ = graph.device_outputs;
    std::vector<bool> is_input(graph.values.size(), false), is_param(graph.values.size(), false);
    std::vector<bool> is_constant(graph.values.size(), false);
    for (ValueId id : graph.inputs) {
        is_input[static_cast<size_t>(id)] = true;
        is_param[static_cast<size_t>(id)] = graph.values[static_cast<size_t>(id)].is_param;
        p.param_inputs_.push_back(graph.values[static_cast<size_t>(id)].is_param);
    }
    for (size_t i = 0; i < graph.values.size(); ++i) {
        if (graph.values[i].constant) {
            p.constants_.emplace_back(static_cast<ValueId>(i), *graph.values[i].constant);
            is_constant[i] = true;
        }
    }
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        Instr in = make_instr(graph, graph.nodes[i], options.compute_dtype);
        if (in.kind == NodeKind::TO_DEVICE)
            in.param_input = is_input[static_cast<size_t>(in.args[0].value.ref().id)];
        in.frees = plan.frees[i];
        p.code_.push_back(std::move(in));
    }
    mark_derived(p.code_, is_param, std::move(is_constant), graph.outputs);
    p.has_derived_ = std::any_of(p.code_.begin(), p.code_.end(), [](const Instr& in) { return in.derived; });
    for (const InputUpdate& u : graph.updates) {
        const ValueId out = graph.outputs.at(u.output);
        if (out < 0 || graph.values[static_cast<size_t>(out)].place != Place::DEVICE)
            continue;
        const DeviceForm form = graph.values[static_cast<size_t>(out)].form;
        const ttnn::Shape shape = to_shape(graph.values[static_cast<size_t>(out)].shape);
        const ValueId input = graph.inputs.at(u.input);
        // Kept only where the input's upload would make the same tensor: same form and shape, not packed.
        const bool uploaded_alike = std::any_of(p.code_.begin(), p.code_.end(), [&](const Instr& in) {
            return in.param_input && in.args[0].value.ref().id == input && in.form == form &&
                   in.shapes.at(0) == shape && !in.weight_prep && upload_view(in).empty();
        });
        if (uploaded_alike)
            p.kept_updates_.push_back({out, u.input, form, shape});
    }
    return p;
}

void Program::keep_updates(const std::vector<InputBinding>& inputs,
                           const Slots& slots,
                           ParamCache& cache,
                           RunStats& stats) const {
    for (const KeptUpdate& u : kept_updates_) {
        const InputBinding& b = inputs[u.input];
        if (b.key == 0 || b.next_version < 0)
            continue;
        cache.store(b.key, b.next_version, u.form, slot(slots, u.value));
        ++stats.updates_kept;
    }
}

void Program::run_host(const Instr& instr, Slots& slots, const HostCallback& host, RunStats& stats) {
    std::vector<Tensor> args;
    for (ValueId id : Node::refs_in(instr.args))
        args.push_back(on_host(slot(slots, id), stats));
    std::vector<Tensor> outs = host(instr.source, args);
    ++stats.host_calls;
    TTNN_CHECK(outs.size() == instr.outputs.size(),
               RUNTIME,
               "torch_ttnn: host node ",
               instr.source,
               " returned ",
               outs.size(),
               " tensors; expected ",
               instr.outputs.size());
    for (size_t k = 0; k < outs.size(); ++k)
        slots[static_cast<size_t>(instr.outputs[k])] = std::move(outs[k]);
}

// An upload that only feeds derived values is not cached when those are kept: the device would hold the
// parameter twice (as uploaded and as folded) for the program's life.
void Program::upload_param(
    const Instr& instr, const InputBinding& b, Slots& slots, ParamCache& cache, RunStats& stats, bool keep) const {
    std::vector<int64_t> view = upload_view(instr);
    std::optional<Tensor> cached = cache.find(b.key, b.version, instr.form, instr.shapes.at(0), view);
    if (cached) {
        ++stats.param_hits;
    } else {
        ++stats.param_uploads;
        cached = ttnn::from_host(host_shaped(b.tensor, instr, view), instr.form.dtype, instr.form.layout, device_);
        if (instr.weight_prep)
            prepare_weight(*cached, *instr.weight_prep);
        if (keep)
            cache.store(b.key, b.version, instr.form, *cached, std::move(view));
    }
    slots[static_cast<size_t>(instr.outputs[0])] = std::move(cached);
}

void Program::keep_derived(const Instr& instr, const Slots& slots, DerivedValues& derived) {
    for (ValueId o : instr.outputs) {
        if (!instr.transient)
            derived.values.insert_or_assign(o, slot(slots, o));
    }
    if (instr.weight_prep && !instr.outputs.empty())
        prepare_weight(slot(slots, instr.outputs[0]), *instr.weight_prep);
}

// (key, version) of every parameter input, in order; nullopt when one has no key (it cannot be tracked).
std::optional<std::vector<std::pair<uint64_t, int64_t>>> Program::param_signature(
    const std::vector<InputBinding>& inputs) const {
    std::vector<std::pair<uint64_t, int64_t>> signature;
    for (size_t i = 0; i < inputs.size(); ++i) {
        if (!param_inputs_[i])
            continue;
        if (inputs[i].key == 0)
            return std::nullopt;
        signature.emplace_back(inputs[i].key, inputs[i].version);
    }
    return signature;
}

std::vector<Tensor> Program::run(const std::vector<InputBinding>& inputs,
                                 const HostCallback& host,
                                 ParamCache& cache,
                                 RunStats& stats,
                                 Profile* profile,
                                 bool device_outputs) const {
    TTNN_CHECK(inputs.size() == inputs_.size(),
               VALUE,
               "torch_ttnn: compiled graph called with ",
               inputs.size(),
               " inputs; expected ",
               inputs_.size());
    ++stats.calls;
    Slots slots(num_slots_);
    std::vector<const InputBinding*> binding(num_slots_, nullptr);
    for (const auto& [id, t] : constants_)
        slots[static_cast<size_t>(id)] = t;
    for (size_t i = 0; i < inputs.size(); ++i) {
        slots[static_cast<size_t>(inputs_[i])] = inputs[i].tensor;
        binding[static_cast<size_t>(inputs_[i])] = &inputs[i];
    }
    DerivedValues* derived = nullptr;
    bool reuse = false;
    std::unique_lock<std::mutex> derived_lock;
    if (has_derived_) {
        std::optional<std::vector<std::pair<uint64_t, int64_t>>> signature = param_signature(inputs);
        if (signature) {  // else a parameter came without a key: nothing derived from it can be kept
            derived = derived_.get();
            derived_lock = std::unique_lock(derived->mutex);
            reuse = derived->valid && derived->signature == *signature;
            if (!reuse) {
                derived->signature = std::move(*signature);
                derived->values.clear();
                derived->valid = false;
            }
        }
    }
    if (profile != nullptr) {
        profile->nanoseconds.resize(code_.size(), 0);
        ++profile->calls;
    }
    for (size_t i = 0; i < code_.size(); ++i) {
        const Instr& instr = code_[i];
        const auto started = profile != nullptr ? Clock::now() : Clock::time_point{};
        const InputBinding* b =
            instr.param_input ? binding[static_cast<size_t>(instr.args[0].value.ref().id)] : nullptr;
        if (instr.kind == NodeKind::HOST) {
            run_host(instr, slots, host, stats);
        } else if (b != nullptr && b->key != 0) {
            if (!(instr.transient && reuse))
                upload_param(instr, *b, slots, cache, stats, !instr.transient || derived == nullptr);
        } else if (instr.derived && reuse) {
            for (ValueId o : instr.outputs) {
                if (!instr.transient)
                    slots[static_cast<size_t>(o)] = derived->values.at(o);
            }
            ++stats.derived_hits;
        } else {
            run_with_context(instr, slots, device_, stats);
            if (instr.derived && derived != nullptr)
                keep_derived(instr, slots, *derived);
        }
        for (ValueId f : instr.frees)
            slots[static_cast<size_t>(f)].reset();
        if (profile != nullptr) {
            profile->nanoseconds[i] += static_cast<uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - started).count());
        }
    }
    if (derived != nullptr)
        derived->valid = true;
    keep_updates(inputs, slots, cache, stats);
    std::vector<Tensor> outs;
    for (ValueId o : outputs_) {
        outs.push_back(o >= 0 ? slot(slots, o) : ttnn::allocate_host_tensor(ttnn::Shape{}, ttnn::DataType::FLOAT32));
    }
    if (!device_outputs) {
        for (size_t k : device_outputs_)
            outs[k] = on_host(outs[k], stats);
    }
    return outs;
}

void Program::clear_derived() const {
    std::lock_guard lock(derived_->mutex);
    derived_->signature.clear();
    derived_->values.clear();
    derived_->valid = false;
}

std::vector<ProfileRow> Program::profile_rows(const Profile& profile) const {
    std::vector<ProfileRow> rows;
    for (size_t i = 0; i < code_.size() && i < profile.nanoseconds.size(); ++i) {
        const Instr& in = code_[i];
        rows.push_back({i,
                        std::string(name(in.kind)),
                        in.op != nullptr ? std::string(in.op->name) : std::string{},
                        in.source,
                        in.shapes.empty() ? std::string{} : in.shapes[0].to_string(),
                        profile.nanoseconds[i]});
    }
    return rows;
}

std::string Program::to_string() const {
    std::ostringstream out;
    out << "program(" << num_slots_ << " slots, " << constants_.size() << " constants) {\n";
    // Constants hold device memory for the program's life: their form and bytes show where it goes.
    for (const auto& [id, t] : constants_) {
        out << "  const %" << id << ": " << t.logical_shape().to_string() << " " << ttnn::name(t.layout()) << " "
            << ttnn::name(t.dtype()) << ", " << t.spec().storage_bytes() << " bytes\n";
    }
    for (size_t i = 0; i < code_.size(); ++i) {
        const Instr& in = code_[i];
        out << "  " << i << ": ";
        for (size_t k = 0; k < in.outputs.size(); ++k)
            out << (k ? ", " : "") << "%" << in.outputs[k];
        out << " = " << name(in.kind);
        if (in.op != nullptr)
            out << " " << in.op->name;
        out << "(";
        for (size_t k = 0; k < in.args.size(); ++k) {
            out << (k ? ", " : "") << in.args[k].name << "=" << torch_ttnn::to_string(in.args[k].value);
        }
        out << ")";
        if (!in.frees.empty()) {
            out << "  free";
            for (ValueId f : in.frees)
                out << " %" << f;
        }
        out << "\n";
    }
    return out.str() + "}\n";
}

}  // namespace torch_ttnn
