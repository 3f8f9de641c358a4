#include "compiler/ir/printer.hpp"

#include <sstream>

#include "ttnn/error.hpp"

namespace torch_ttnn {
namespace {

// String building through a stream: GCC 12's -O3 flags operator+ on short strings (-Wrestrict, a false positive).
template <typename... Parts>
std::string cat(Parts&&... parts) {
    return ttnn::detail::concat(std::forward<Parts>(parts)...);
}

// Integers by appends (lowering describes every node's list arguments); doubles keep the stream's format.
std::string join_list(const std::vector<int64_t>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) {
        out.append(i ? ", " : "");
        out.append(std::to_string(items[i]));
    }
    out.append("]");
    return out;
}

template <typename T>
std::string join_list(const std::vector<T>& items) {
    std::ostringstream out;
    out << "[";
    for (size_t i = 0; i < items.size(); ++i)
        out << (i ? ", " : "") << items[i];
    out << "]";
    return out.str();
}

std::string arg_to_string(const ttnn::Arg& arg) {
    struct Visitor {
        std::string operator()(std::monostate) const { return "None"; }
        std::string operator()(bool b) const { return b ? "True" : "False"; }
        std::string operator()(int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const {
            std::ostringstream out;
            out << d;
            return out.str();
        }
        std::string operator()(const std::string& s) const { return cat("\"", s, "\""); }
        std::string operator()(const std::vector<int64_t>& v) const { return join_list(v); }
        std::string operator()(const std::vector<double>& v) const { return join_list(v); }
        std::string operator()(ttnn::DataType d) const { return cat("ttnn.", ttnn::name(d)); }
        std::string operator()(ttnn::Layout l) const { return cat("ttnn.", ttnn::name(l)); }
        std::string operator()(const ttnn::MemoryConfig& m) const { return m.to_string(); }
        std::string operator()(const ttnn::Tensor& t) const {
            return cat("<const ", t.logical_shape().to_string(), ">");
        }
        std::string operator()(const std::vector<ttnn::Tensor>& v) const {
            return cat("<", v.size(), " const tensors>");
        }
        std::string operator()(const std::shared_ptr<ttnn::Device>&) const { return "<device>"; }
        std::string operator()(const ttnn::ComputeConfig& c) const {
            return cat("<compute ", ttnn::name(c.math_fidelity), ">");
        }
    };
    return std::visit(Visitor{}, arg);
}

std::string ref_to_string(Ref r) {
    return r.id < 0 ? std::string("None") : cat("%", r.id);
}

std::string short_dtype(ScalarType t) {
    switch (t) {
        case ScalarType::FLOAT32:
            return "f32";
        case ScalarType::FLOAT64:
            return "f64";
        case ScalarType::FLOAT16:
            return "f16";
        case ScalarType::BFLOAT16:
            return "bf16";
        case ScalarType::INT64:
            return "i64";
        case ScalarType::INT32:
            return "i32";
        case ScalarType::BOOL:
            return "bool";
        default:
            return std::string(name(t));
    }
}

std::string node_call(const Node& n) {
    std::ostringstream out;
    out << name(n.kind);
    if (!n.target.empty())
        out << " " << n.target;
    out << "(";
    for (size_t i = 0; i < n.args.size(); ++i) {
        out << (i ? ", " : "") << n.args[i].name << "=" << to_string(n.args[i].value);
    }
    out << ")";
    return out.str();
}

}  // namespace

std::string to_string(const Operand& operand) {
    if (const ttnn::Arg* a = operand.arg())
        return arg_to_string(*a);
    if (operand.is_ref())
        return ref_to_string(operand.ref());
    if (operand.is_ref_list()) {
        std::ostringstream out;
        out << "[";
        for (size_t i = 0; i < operand.refs().size(); ++i)
            out << (i ? ", " : "") << ref_to_string(operand.refs()[i]);
        out << "]";
        return out.str();
    }
    return cat("torch.", name(std::get<ScalarType>(operand.v)));
}

std::string value_type(const Graph& graph, ValueId id) {
    // Appends, not a stream: lowering describes every node it sees with these (its variation counts).
    const Value& v = graph.values[static_cast<size_t>(id)];
    std::string out = short_dtype(v.dtype);
    out.append("[");
    for (size_t i = 0; i < v.shape.size(); ++i) {
        out.append(i ? ", " : "");
        out.append(std::to_string(v.shape[i]));
    }
    out.append("]");
    if (v.place == Place::DEVICE) {
        out.append(" dev(");
        out.append(ttnn::name(v.form.layout));
        out.append(",");
        out.append(ttnn::name(v.form.dtype));
        out.append(")");
    }
    if (v.is_param)
        out.append(" param");
    if (v.constant)
        out.append(" const");
    return out;
}

std::string value_to_string(const Graph& graph, ValueId id) {
    return cat("%", id, ": ", value_type(graph, id));
}

std::string to_string(const Graph& graph) {
    std::ostringstream out;
    out << "graph(";
    for (size_t i = 0; i < graph.inputs.size(); ++i)
        out << (i ? ", " : "") << value_to_string(graph, graph.inputs[i]);
    out << ") {\n";
    for (const Node& n : graph.nodes) {
        out << "  ";
        for (size_t i = 0; i < n.outputs.size(); ++i)
            out << (i ? ", " : "") << value_to_string(graph, n.outputs[i]);
        out << " = " << node_call(n) << "\n";
    }
    out << "  return (";
    for (size_t i = 0; i < graph.outputs.size(); ++i)
        out << (i ? ", " : "") << ref_to_string(Ref{graph.outputs[i]});
    out << ")\n}\n";
    return out.str();
}

std::string to_dot(const Graph& graph, const std::string& title) {
    std::ostringstream out;
    out << "digraph \"" << title << "\" {\n  rankdir=TB;\n  node [shape=box, fontname=monospace];\n";
    for (ValueId id : graph.inputs)
        out << "  v" << id << " [shape=ellipse, label=\"%" << id << "\"];\n";
    const std::vector<int> def = graph.producers();
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        const Node& n = graph.nodes[i];
        const char* color = n.kind == NodeKind::TTNN   ? "palegreen"
                            : n.kind == NodeKind::HOST ? "salmon"
                            : n.kind == NodeKind::ATEN ? "white"
                                                       : "lightblue";
        out << "  n" << i << " [style=filled, fillcolor=" << color << ", label=\"" << name(n.kind) << " " << n.target
            << "\"];\n";
        for (ValueId in : n.inputs()) {
            const int p = def[static_cast<size_t>(in)];
            out << "  " << (p < 0 ? cat("v", in) : cat("n", p)) << " -> n" << i << ";\n";
        }
    }
    out << "  out [shape=ellipse, label=\"return\"];\n";
    for (ValueId o : graph.outputs) {
        if (o < 0)
            continue;
        const int p = def[static_cast<size_t>(o)];
        out << "  " << (p < 0 ? cat("v", o) : cat("n", p)) << " -> out;\n";
    }
    out << "}\n";
    return out.str();
}

}  // namespace torch_ttnn
