// torch_ttnn's compiler core seen from Python, as the submodule `_ttnn.compiler` (thin: the frontend in
// python/torch_ttnn hands graphs over node by node; everything that decides runs in cpp/compiler).
#include <algorithm>

#include <nanobind/stl/function.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "bindings.hpp"
#include "compiler/ir/printer.hpp"
#include "compiler/lowering/rule.hpp"
#include "compiler/passes/pipeline.hpp"
#include "ttnn/error.hpp"

namespace nb = nanobind;

namespace ttnn::bindings {

using namespace torch_ttnn;

namespace {

bool all_bools(nb::handle seq) {
    for (nb::handle item : seq) {
        if (!nb::isinstance<nb::bool_>(item))
            return false;
    }
    return true;
}

// Python numbers are tested as Python types (nb::int_, nb::float_): nb::isinstance<int> or <float> would
// reject values the C++ type cannot hold exactly (1e-5 as float, 2**63-1 as int).
// A Python argument as an IR operand: refs and lists of refs (None allowed inside), torch dtypes, and
// constants in ttnn's Arg form. The frontend turns everything else (devices, memory formats) into strings.
Operand to_operand(const std::string& key, nb::handle v) {
    if (v.is_none())
        return ttnn::Arg{};
    if (nb::isinstance<Ref>(v))
        return nb::cast<Ref>(v);
    if (nb::isinstance<ScalarType>(v))
        return nb::cast<ScalarType>(v);
    if (nb::isinstance<nb::bool_>(v))
        return ttnn::Arg(nb::cast<bool>(v));
    if (nb::isinstance<nb::int_>(v))
        return ttnn::Arg(nb::cast<int64_t>(v));
    if (nb::isinstance<nb::float_>(v))
        return ttnn::Arg(nb::cast<double>(v));
    if (nb::isinstance<nb::str>(v))
        return ttnn::Arg(nb::cast<std::string>(v));
    if (nb::isinstance<DataType>(v))
        return ttnn::Arg(nb::cast<DataType>(v));
    if (nb::isinstance<nb::list>(v) || nb::isinstance<nb::tuple>(v)) {
        bool refs = false, ints = true, numbers = true;
        for (nb::handle item : v) {
            const bool is_int = nb::isinstance<nb::int_>(item) && !nb::isinstance<nb::bool_>(item);
            refs = refs || nb::isinstance<Ref>(item);
            ints = ints && is_int;
            numbers = numbers && (is_int || nb::isinstance<nb::float_>(item));
        }
        if (refs) {
            RefList list;
            for (nb::handle item : v)
                list.push_back(item.is_none() ? Ref{} : nb::cast<Ref>(item));
            return list;
        }
        // Bool lists (convolution_backward's output_mask) travel as 0/1 ints.
        if (ints || all_bools(v)) {
            std::vector<int64_t> list;
            for (nb::handle item : v)
                list.push_back(nb::cast<int64_t>(item));
            return ttnn::Arg(std::move(list));
        }
        if (numbers) {
            std::vector<double> list;
            for (nb::handle item : v)
                list.push_back(nb::cast<double>(item));
            return ttnn::Arg(std::move(list));
        }
    }
    TTNN_FAIL(TYPE,
              "torch_ttnn.compiler: argument '",
              key,
              "' has a type the IR cannot hold; got ",
              nb::cast<std::string>(nb::str(v.type().attr("__name__"))));
}

nb::dict counts(const std::map<std::string, int>& m) {
    nb::dict d;
    for (const auto& [k, v] : m)
        d[k.c_str()] = v;
    return d;
}

nb::dict stats_dict(const RunStats& s) {
    nb::dict d;
    d["calls"] = s.calls;
    d["uploads"] = s.uploads;
    d["param_uploads"] = s.param_uploads;
    d["param_hits"] = s.param_hits;
    d["downloads"] = s.downloads;
    d["host_calls"] = s.host_calls;
    d["conversions"] = s.conversions;
    d["adaptations"] = s.adaptations;
    d["derived_hits"] = s.derived_hits;
    d["updates_kept"] = s.updates_kept;
    d["device_inputs"] = s.device_inputs;
    return d;
}

// A compiled graph with its counters: the last call's and the running total.
struct Compiled {
    torch_ttnn::CompiledGraph graph;
    RunStats last;
    RunStats total;
    bool profiling = false;
    Profile profile;
};

nb::list profile_list(const Compiled& c) {
    nb::list out;
    for (const ProfileRow& r : c.graph.program.profile_rows(c.profile)) {
        nb::dict d;
        d["index"] = r.index;
        d["kind"] = r.kind;
        d["op"] = r.op;
        d["source"] = r.source;
        d["shape"] = r.shape;
        d["ns"] = r.nanoseconds;
        out.append(d);
    }
    return out;
}

void add(RunStats& total, const RunStats& s) {
    total.calls += s.calls;
    total.uploads += s.uploads;
    total.param_uploads += s.param_uploads;
    total.param_hits += s.param_hits;
    total.downloads += s.downloads;
    total.host_calls += s.host_calls;
    total.conversions += s.conversions;
    total.adaptations += s.adaptations;
    total.derived_hits += s.derived_hits;
    total.updates_kept += s.updates_kept;
    total.device_inputs += s.device_inputs;
}

nb::dict report_dict(const CompileReport& r) {
    nb::dict d;
    d["ops_before"] = counts(r.lowering.ops_before);
    d["ops_lowered"] = counts(r.lowering.lowered);
    d["ops_remaining"] = counts(r.lowering.host);
    d["host_variations"] = counts(r.lowering.host_variations);
    d["lowered_variations"] = counts(r.lowering.lowered_variations);
    nb::dict reasons;
    for (const auto& [k, v] : r.lowering.host_reasons)
        reasons[k.c_str()] = v;
    d["host_reasons"] = reasons;
    d["ttnn_ops"] = counts(r.lowering.ttnn_ops);
    d["program_ops"] = counts(r.program_ops);
    d["fusions"] = counts(r.fusions);
    d["transfers_per_call"] = r.placement.to_device + r.placement.from_device;
    d["param_uploads"] = r.placement.param_uploads;
    d["device_conversions"] = r.placement.conversions;
    d["constants_folded"] = r.folded;
    d["peak_device_bytes"] = r.peak_device_bytes;
    d["live_peak_device_bytes"] = r.live_peak_bytes;
    d["activation_peak_bytes"] = r.activation_peak_bytes;
    nb::dict permutes;
    for (const auto& [k, dims] : r.output_permutes)
        permutes[nb::int_(k)] = nb::cast(dims);
    d["output_permutes"] = permutes;
    nb::dict stage_ms;
    for (const auto& [stage, ms] : r.stage_ms)
        stage_ms[stage.c_str()] = ms;
    d["compile_stage_ms"] = stage_ms;
    return d;
}

using NodeOutputs = std::vector<std::pair<std::vector<int64_t>, ScalarType>>;

Node make_node(const std::string& target, nb::list args, int32_t source) {
    Node n;
    n.target = target;
    n.source = source;
    for (nb::handle item : args) {
        nb::tuple pair = nb::cast<nb::tuple>(item);
        const std::string key = nb::cast<std::string>(pair[0]);
        n.args.push_back({key, to_operand(key, pair[1])});
    }
    return n;
}

Value& value_at(Graph& g, ValueId id) {
    if (id < 0 || static_cast<size_t>(id) >= g.values.size())
        throw nb::index_error("Graph: no value with this id");
    return g.values[static_cast<size_t>(id)];
}

void bind_graph(nb::module_& m) {
    nb::enum_<ScalarType> scalar_type(m, "ScalarType");
#define TORCH_TTNN_SCALAR_TYPE(ENUM, NAME, KIND) scalar_type.value(#NAME, ScalarType::ENUM);
#include "compiler/ir/scalar_type.def"
#undef TORCH_TTNN_SCALAR_TYPE

    nb::class_<Ref>(m, "Ref").def(nb::init<ValueId>(), nb::arg("id")).def_ro("id", &Ref::id);

    nb::class_<Graph>(m, "Graph")
        .def(nb::init<>())
        .def(
            "add_input",
            [](Graph& g, std::vector<int64_t> shape, ScalarType dtype, bool is_param) {
                return g.add_input(std::move(shape), dtype, is_param);
            },
            nb::arg("shape"),
            nb::arg("dtype"),
            nb::arg("is_param") = false,
            "Adds a graph input; returns its value id.")
        .def(
            "add_node",
            [](Graph& g, const std::string& target, nb::list args, const NodeOutputs& outputs, int32_t source) {
                Node n = make_node(target, args, source);
                for (const auto& [shape, dtype] : outputs) {
                    Value v;
                    v.shape = shape;
                    v.dtype = dtype;
                    n.outputs.push_back(g.add_value(std::move(v)));
                }
                std::vector<ValueId> ids = n.outputs;
                g.add_node(std::move(n));
                return ids;
            },
            nb::arg("target"),
            nb::arg("args"),
            nb::arg("outputs"),
            nb::arg("source"),
            "Adds one aten node: its overload, (name, value) args and (shape, dtype) outputs; returns their ids.")
        .def(
            "copy", [](const Graph& g) { return Graph(g); }, "A copy of the graph (for re-sizing; see replace_node).")
        .def(
            "set_input_shape",
            [](Graph& g, ValueId id, std::vector<int64_t> shape) { value_at(g, id).shape = std::move(shape); },
            nb::arg("id"),
            nb::arg("shape"),
            "Gives input `id` another shape (a copy of a graph recorded for other sizes).")
        .def(
            "replace_node",
            [](Graph& g,
               size_t index,
               const std::string& target,
               nb::list args,
               const NodeOutputs& outputs,
               int32_t source) {
                if (index >= g.nodes.size() || g.nodes[index].outputs.size() != outputs.size())
                    throw nb::index_error("Graph.replace_node: no such node, or another number of outputs");
                Node n = make_node(target, args, source);
                n.outputs = g.nodes[index].outputs;
                for (size_t i = 0; i < outputs.size(); ++i) {
                    Value& v = value_at(g, n.outputs[i]);
                    v.shape = outputs[i].first;
                    v.dtype = outputs[i].second;
                }
                g.nodes[index] = std::move(n);
            },
            nb::arg("index"),
            nb::arg("target"),
            nb::arg("args"),
            nb::arg("outputs"),
            nb::arg("source"),
            "Replaces node `index` as add_node would add it, keeping its output ids (a graph re-sized in place).")
        .def(
            "set_outputs",
            [](Graph& g,
               std::vector<ValueId> outputs,
               const std::vector<std::pair<size_t, size_t>>& updates,
               std::vector<size_t> device_outputs,
               bool device_outputs_raw) {
                g.outputs = std::move(outputs);
                g.updates.clear();
                for (const auto& [output, input] : updates)
                    g.updates.push_back({output, input});
                g.device_outputs = std::move(device_outputs);
                g.device_outputs_raw = device_outputs_raw;
            },
            nb::arg("outputs"),
            nb::arg("updates") = std::vector<std::pair<size_t, size_t>>{},
            nb::arg("device_outputs") = std::vector<size_t>{},
            nb::arg("device_outputs_raw") = false,
            "The graph's results by value id (-1 for None); updates: (output, input) pairs, an output that is an "
            "input's new content (kept on the device as that input's next copy); device_outputs: outputs returned "
            "as device tensors (a forward's tensors saved for the backward); device_outputs_raw: those may be returned "
            "before their last permute (report()['output_permutes']).")
        .def("__str__", [](const Graph& g) { return to_string(g); });
}

}  // namespace

void bind_compiler(nb::module_& parent) {
    nb::module_ m = parent.def_submodule("compiler", "torch_ttnn's compiler core: IR, lowering, passes, runtime.");
    // torch.compile's caches hold compiled graphs (and through them devices and tensors) until the interpreter
    // is torn down, after nanobind's leak check has run; its report would only list those.
    nb::set_leak_warnings(false);
    bind_graph(m);
    bind_saved(m);

    nb::class_<ParamCache>(m, "ParamCache")
        .def(nb::init<>())
        .def("clear", &ParamCache::clear, "Drops every cached device copy (their device memory is freed).")
        .def("evict", &ParamCache::evict, nb::arg("key"))
        .def("__len__", &ParamCache::size);

    nb::class_<Compiled>(m, "CompiledGraph")
        .def(
            "run",
            [](Compiled& c,
               std::vector<Tensor> tensors,
               std::vector<uint64_t> keys,
               std::vector<int64_t> versions,
               ParamCache& cache,
               nb::callable host,
               const std::vector<int64_t>& next_versions,
               bool device_outputs) {
                std::vector<InputBinding> inputs;
                for (size_t i = 0; i < tensors.size(); ++i)
                    inputs.push_back({tensors[i], keys.at(i), versions.at(i), -1});
                for (size_t i = 0; i < next_versions.size() && i < inputs.size(); ++i)
                    inputs[i].next_version = next_versions[i];
                HostCallback callback = [&host](int32_t source, const std::vector<Tensor>& args) {
                    nb::gil_scoped_acquire gil;
                    return nb::cast<std::vector<Tensor>>(host(source, args));
                };
                RunStats stats;
                std::vector<Tensor> outs;
                {
                    nb::gil_scoped_release release;
                    outs = c.graph.program.run(
                        inputs, callback, cache, stats, c.profiling ? &c.profile : nullptr, device_outputs);
                }
                c.last = stats;
                add(c.total, stats);
                return outs;
            },
            nb::arg("inputs"),
            nb::arg("keys"),
            nb::arg("versions"),
            nb::arg("cache"),
            nb::arg("host"),
            nb::arg("next_versions") = std::vector<int64_t>{},
            nb::arg("device_outputs") = true,
            "Runs the whole program in one call; host(source, tensors) runs a fallback node in PyTorch. "
            "next_versions: per input, the version an updated input will have once the caller wrote it back (-1 "
            "for the others). device_outputs=False downloads the outputs the graph leaves on the device for the "
            "backward (saved-tensor hooks want host tensors).")
        .def("report", [](const Compiled& c) { return report_dict(c.graph.report); })
        .def("last_stats", [](const Compiled& c) { return stats_dict(c.last); })
        .def("total_stats", [](const Compiled& c) { return stats_dict(c.total); })
        .def("program", [](const Compiled& c) { return c.graph.program.to_string(); })
        .def_rw("profiling", &Compiled::profiling, "Time every instruction of the following calls.")
        .def("profile", &profile_list, "Per instruction: kind, op, source node, shape, summed ns.")
        .def("profile_calls", [](const Compiled& c) { return c.profile.calls; })
        .def("reset_profile", [](Compiled& c) { c.profile = Profile{}; })
        .def(
            "clear_derived",
            [](const Compiled& c) { c.graph.program.clear_derived(); },
            "Frees the values derived from parameters; the next call computes them again.")
        .def("dumps", [](const Compiled& c) { return c.graph.report.dumps; })
        .def("dots", [](const Compiled& c) { return c.graph.report.dots; });

    nb::class_<CompileOptions>(m, "CompileOptions", "What a compilation is asked for (TorchTtnnOption's C++ side).")
        .def(
            "__init__",
            [](CompileOptions* self,
               std::shared_ptr<Device> device,
               DataType compute_dtype,
               DataType weight_dtype,
               MathFidelity math_fidelity,
               bool allow_fallback,
               bool verify,
               bool float32_outputs) {
                new (self) CompileOptions{std::move(device),
                                          compute_dtype,
                                          weight_dtype,
                                          math_fidelity,
                                          allow_fallback,
                                          verify || kVerifyByDefault,
                                          float32_outputs};
            },
            nb::kw_only(),
            nb::arg("device"),
            nb::arg("compute_dtype") = DataType::BFLOAT16,
            nb::arg("weight_dtype") = DataType::BFLOAT16,
            nb::arg("math_fidelity") = MathFidelity::HiFi4,
            nb::arg("allow_fallback") = true,
            nb::arg("verify") = false,
            nb::arg("float32_outputs") = true)
        .def_rw("device", &CompileOptions::device)
        .def_rw("compute_dtype", &CompileOptions::compute_dtype)
        .def_rw("weight_dtype", &CompileOptions::weight_dtype)
        .def_rw("math_fidelity", &CompileOptions::math_fidelity)
        .def_rw("allow_fallback", &CompileOptions::allow_fallback)
        .def_rw("verify", &CompileOptions::verify)
        .def_rw("float32_outputs", &CompileOptions::float32_outputs);
    m.def(
        "compile",
        [](Graph graph, const CompileOptions& options, bool keep_dumps) {
            auto c = std::make_shared<Compiled>();
            c->graph = torch_ttnn::compile(std::move(graph), options, keep_dumps);
            return c;
        },
        nb::arg("graph"),
        nb::arg("options"),
        nb::kw_only(),
        nb::arg("keep_dumps") = false,
        "Lowers, optimises and emits a frontend graph; raises NotImplementedError for a host op when "
        "options.allow_fallback is False.");
    m.def(
        "lowering_rules",
        [] {
            nb::list out;
            for (const LoweringRule& r : lowering_rules()) {
                nb::dict d;
                d["aten"] = std::string(r.aten);
                d["ttnn"] = std::string(r.ttnn);
                const std::vector<std::string> ops = rule_ops(r);
                d["available"] =
                    std::all_of(ops.begin(), ops.end(), [](const std::string& op) { return find_op(op) != nullptr; });
                d["family"] = std::string(r.family);
                d["flags"] = flag_names(r);
                d["guard"] = r.guard != nullptr;
                out.append(d);
            }
            return out;
        },
        "Every lowering rule in the order rules are tried: its aten overload, main ttnn op, whether the ops it "
        "names (itself and through its flags) are registered, its family (lowering/<family>.cpp), declarative flags, "
        "and whether it has a guard.");
}

}  // namespace ttnn::bindings
