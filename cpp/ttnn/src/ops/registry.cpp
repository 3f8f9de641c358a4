#include "ttnn/ops/registry.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <set>

#include "ops/families.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"

namespace ttnn {
namespace {

void self_check(const std::vector<OpInfo>& ops) {
    std::set<std::string_view> seen;
    for (const OpInfo& op : ops) {
        TTNN_ASSERT(!op.name.empty() && !op.family.empty() && !op.doc.empty(),
                    "op registry: entry '",
                    op.name,
                    "' lacks a name, family or doc");
        TTNN_ASSERT(op.invoke != nullptr, "op registry: '", op.name, "' has no invoke");
        TTNN_ASSERT(!op.dtypes.empty(), "op registry: '", op.name, "' lists no dtypes");
        TTNN_ASSERT(op.layouts.bits != 0, "op registry: '", op.name, "' lists no layouts");
        TTNN_ASSERT(seen.insert(op.name).second, "op registry: '", op.name, "' is declared twice");
        bool optional_seen = false;
        std::set<std::string_view> params;
        for (const Param& p : op.params) {
            TTNN_ASSERT(params.insert(p.name).second, "op registry: '", op.name, "' repeats param ", p.name);
            TTNN_ASSERT(!(p.required && optional_seen),
                        "op registry: '",
                        op.name,
                        "': required param ",
                        p.name,
                        " follows an optional one");
            optional_seen = optional_seen || !p.required;
            const bool number = p.kind == ArgKind::SCALAR || p.kind == ArgKind::FLOAT || p.kind == ArgKind::INT ||
                                p.kind == ArgKind::BOOL || p.kind == ArgKind::TENSOR_OR_SCALAR;
            TTNN_ASSERT(!p.default_value || (number && !p.required),
                        "op registry: '",
                        op.name,
                        "': param ",
                        p.name,
                        " declares a default but is required or not a number");
        }
        TTNN_ASSERT(op.weight.param.empty() == (op.weight.packing == WeightPacking::NONE) &&
                        (op.weight.param.empty() || op.find_param(op.weight.param) != nullptr),
                    "op registry: '",
                    op.name,
                    "': its weight operand names no parameter of the op, or names one without a packing");
    }
}

std::vector<OpInfo> build_registry() {
    std::vector<OpInfo> ops;
#define TTNN_OP_FAMILY(FAMILY) ops::register_##FAMILY##_ops(ops);
#include "ttnn/ops/families.def"
#undef TTNN_OP_FAMILY
    ops::apply_refusals(ops);
    self_check(ops);
    return ops;
}

std::string_view given_kind(const Arg& arg) {
    static constexpr std::string_view names[] = {"None",
                                                 "bool",
                                                 "int",
                                                 "float",
                                                 "str",
                                                 "list[int]",
                                                 "list[float]",
                                                 "DataType",
                                                 "Layout",
                                                 "MemoryConfig",
                                                 "Tensor",
                                                 "list[Tensor]",
                                                 "Device",
                                                 "ComputeConfig"};
    return names[arg.index()];
}

bool is_number(const Arg& a) {
    return std::holds_alternative<bool>(a) || std::holds_alternative<int64_t>(a) || std::holds_alternative<double>(a);
}

bool accepts(ArgKind kind, const Arg& a) {
    switch (kind) {
        case ArgKind::TENSOR:
            return std::holds_alternative<Tensor>(a);
        case ArgKind::TENSOR_OR_SCALAR:
            return std::holds_alternative<Tensor>(a) || is_number(a);
        case ArgKind::TENSOR_LIST:
            return std::holds_alternative<std::vector<Tensor>>(a);
        case ArgKind::BOOL:
            return std::holds_alternative<bool>(a);
        case ArgKind::INT:
            return std::holds_alternative<int64_t>(a);
        case ArgKind::FLOAT:
        case ArgKind::SCALAR:
            return is_number(a);
        case ArgKind::INT_LIST:
            return std::holds_alternative<std::vector<int64_t>>(a) || std::holds_alternative<int64_t>(a);
        case ArgKind::FLOAT_LIST:
            return std::holds_alternative<std::vector<double>>(a) || std::holds_alternative<std::vector<int64_t>>(a);
        case ArgKind::STRING:
            return std::holds_alternative<std::string>(a);
        case ArgKind::DTYPE:
            return std::holds_alternative<DataType>(a);
        case ArgKind::LAYOUT:
            return std::holds_alternative<Layout>(a);
        case ArgKind::MEMORY_CONFIG:
            return std::holds_alternative<MemoryConfig>(a);
        case ArgKind::DEVICE:
            return std::holds_alternative<std::shared_ptr<Device>>(a);
        case ArgKind::COMPUTE_CONFIG:
            return std::holds_alternative<ComputeConfig>(a);
    }
    return false;
}

void check_tensor(const OpInfo& op, const Param& p, const Tensor& t) {
    // The label is built on the stack: a heap string per tensor argument per call showed in profiles.
    std::array<char, 96> label{};
    const std::string_view prefix = "ttnn.";
    const size_t n = std::min(op.name.size(), label.size() - prefix.size() - 1);
    std::copy(prefix.begin(), prefix.end(), label.begin());
    std::copy_n(op.name.begin(), n, label.begin() + static_cast<std::ptrdiff_t>(prefix.size()));
    t.check_usable(label.data());
    DTypeSet dtypes = p.dtypes.empty() ? op.dtypes : p.dtypes;
    TTNN_CHECK(dtypes.contains(t.dtype()),
               TYPE,
               "ttnn.",
               op.name,
               ": unsupported dtype for '",
               p.name,
               "'; expected one of ",
               dtypes.to_string(),
               ", got ",
               name(t.dtype()));
    if (!op.layouts.contains(t.layout())) {
        const std::string_view why = refusal_reason(op.name);
        TTNN_FAIL(TYPE,
                  "ttnn.",
                  op.name,
                  ": unsupported layout for '",
                  p.name,
                  "'; expected one of ",
                  op.layouts.to_string(),
                  ", got ",
                  name(t.layout()),
                  why.empty() ? "" : " (TT-NN: ",
                  why,
                  why.empty() ? "" : ")");
    }
}

// Every op call runs this: the arguments are already in parameter order (an unknown name was refused when
// they were put there), so each is checked against its Param directly.
void check_args(const OpInfo& op, const OpArgs& args) {
    const std::vector<Arg>& values = args.values();
    for (size_t i = 0; i < op.params.size(); ++i) {
        const Param& p = op.params[i];
        const Arg& a = values[i];
        if (std::holds_alternative<std::monostate>(a)) {
            TTNN_CHECK(!p.required, TYPE, "ttnn.", op.name, ": missing required argument '", p.name, "'");
            continue;
        }
        TTNN_CHECK(accepts(p.kind, a),
                   TYPE,
                   "ttnn.",
                   op.name,
                   ": argument '",
                   p.name,
                   "' must be ",
                   name(p.kind),
                   "; got ",
                   given_kind(a));
        if (const Tensor* t = std::get_if<Tensor>(&a))
            check_tensor(op, p, *t);
        if (const auto* list = std::get_if<std::vector<Tensor>>(&a)) {
            for (const Tensor& t : *list)
                check_tensor(op, p, t);
        }
    }
}

}  // namespace

std::string_view name(ArgKind kind) {
    switch (kind) {
        case ArgKind::TENSOR:
            return "Tensor";
        case ArgKind::TENSOR_OR_SCALAR:
            return "Tensor or a number";
        case ArgKind::TENSOR_LIST:
            return "list[Tensor]";
        case ArgKind::BOOL:
            return "bool";
        case ArgKind::INT:
            return "int";
        case ArgKind::FLOAT:
            return "float";
        case ArgKind::SCALAR:
            return "a number";
        case ArgKind::INT_LIST:
            return "list[int]";
        case ArgKind::FLOAT_LIST:
            return "list[float]";
        case ArgKind::STRING:
            return "str";
        case ArgKind::DTYPE:
            return "DataType";
        case ArgKind::LAYOUT:
            return "Layout";
        case ArgKind::MEMORY_CONFIG:
            return "MemoryConfig";
        case ArgKind::DEVICE:
            return "Device";
        case ArgKind::COMPUTE_CONFIG:
            return "ComputeConfig";
    }
    return "?";
}

std::string DTypeSet::to_string() const {
    std::string out;
    for (int i = 0; i < kDataTypeCount; ++i) {
        if (contains(static_cast<DataType>(i)))
            out.append(out.empty() ? "" : ", ").append(name(static_cast<DataType>(i)));
    }
    return "[" + out + "]";
}

std::string LayoutSet::to_string() const {
    std::string out;
    for (Layout l : {Layout::ROW_MAJOR, Layout::TILE}) {
        if (contains(l))
            out.append(out.empty() ? "" : ", ").append(name(l));
    }
    return "[" + out + "]";
}

const std::vector<OpInfo>& op_registry() {
    static const std::vector<OpInfo> ops = build_registry();
    return ops;
}

const OpInfo* find_op(std::string_view name) {
    // Every Python op call looks its entry up by name, so the registry is indexed once instead of scanned.
    static const std::map<std::string_view, const OpInfo*, std::less<>> index = [] {
        std::map<std::string_view, const OpInfo*, std::less<>> by_name;
        for (const OpInfo& op : op_registry())
            by_name.emplace(op.name, &op);
        return by_name;
    }();
    const auto it = index.find(name);
    return it == index.end() ? nullptr : it->second;
}

const OpInfo& get_op(std::string_view name) {
    const OpInfo* op = find_op(name);
    TTNN_CHECK(op != nullptr, VALUE, "ttnn: unknown op '", name, "'; expected a name from ttnn.op_registry()");
    return *op;
}

namespace {

// TT-NN's `output_tensor=`: the result is written into that tensor's storage, which is returned.
Tensor write_into(const OpInfo& op, const Tensor& target, const Tensor& result) {
    TTNN_CHECK(target.logical_shape() == result.logical_shape() && target.dtype() == result.dtype() &&
                   target.layout() == result.layout(),
               VALUE,
               "ttnn.",
               op.name,
               ": output_tensor must match the result; expected ",
               result.spec().to_string(),
               ", got ",
               target.spec().to_string());
    std::memcpy(target.buffer()->data(), result.buffer()->data(), result.spec().storage_bytes());
    return target;
}

// The parameter a caller's preallocated output comes in, by TT-NN's name for it on this op ("" for none):
// output_tensor on most ops, out on the accumulations (cumsum, cumprod), output on broadcast_to. A required
// tensor of one of these names is an input (tanh_backward's output), never a place to write.
std::string_view preallocated_output(const OpInfo& op) {
    for (std::string_view name : {"output_tensor", "out", "output"}) {
        if (const Param* p = op.find_param(name); p != nullptr && p->kind == ArgKind::TENSOR && !p->required)
            return name;
    }
    return {};
}

const MemoryConfig* sharded_output(const OpInfo& op, const OpArgs& args) {
    const size_t i = op.param_index("memory_config");
    const MemoryConfig* config = i < op.params.size() ? std::get_if<MemoryConfig>(&args.values()[i]) : nullptr;
    return config != nullptr && config->is_sharded() ? config : nullptr;
}

// A sharded output config changes where the result is accounted, never its values: the op runs with the
// interleaved config of the same buffer type (its intermediates, in other layouts or shapes, could not take
// the shard spec), and its device outputs are then copied into the sharded config.
OpOutputs invoke_sharded(const OpInfo& op, const OpArgs& args) {
    const MemoryConfig sharded = *sharded_output(op, args);
    std::vector<Arg> values = args.values();
    values[op.param_index("memory_config")] = MemoryConfig{TensorMemoryLayout::INTERLEAVED, sharded.buffer_type};
    OpOutputs outputs = op.invoke(OpArgs(op, std::move(values)));
    for (Tensor& t : outputs) {
        if (t.storage_type() == StorageType::DEVICE)
            t = clone(t, sharded);
    }
    return outputs;
}

}  // namespace

OpOutputs invoke_op(const OpInfo& op, const OpArgs& args) {
    TTNN_ASSERT(&args.info() == &op, "ttnn.", op.name, ": called with the arguments of ttnn.", args.op());
    check_args(op, args);
    if (Device::program_cache_in_use())
        ops::record_program(op, args);
    OpOutputs outputs = sharded_output(op, args) ? invoke_sharded(op, args) : op.invoke(args);
    if (const std::string_view target = preallocated_output(op); op.num_outputs == 1 && args.has(target))
        outputs[0] = write_into(op, args.tensor(target), outputs[0]);
    TTNN_ASSERT(op.num_outputs < 0 || outputs.size() == static_cast<size_t>(op.num_outputs),
                "ttnn.",
                op.name,
                " returned ",
                outputs.size(),
                " outputs; its entry declares ",
                op.num_outputs);
    return outputs;
}

OpOutputs invoke_op(std::string_view name, std::map<std::string, Arg, std::less<>> values) {
    const OpInfo& op = get_op(name);
    return invoke_op(op, OpArgs(op, std::move(values)));
}

}  // namespace ttnn
