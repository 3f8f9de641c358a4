#include "compiler/ir/graph.hpp"

#include <algorithm>

#include <array>

#include "ttnn/error.hpp"

namespace torch_ttnn {
namespace {

struct ScalarTypeInfo {
    std::string_view name;
    char kind;
};

constexpr std::array kScalarTypes = {
#define TORCH_TTNN_SCALAR_TYPE(ENUM, NAME, KIND) ScalarTypeInfo{#NAME, #KIND[0]},
#include "compiler/ir/scalar_type.def"
#undef TORCH_TTNN_SCALAR_TYPE
};

}  // namespace

std::string_view name(ScalarType type) {
    return kScalarTypes[static_cast<size_t>(type)].name;
}

std::optional<ScalarType> scalar_type_from_name(std::string_view type_name) {
    for (size_t i = 0; i < kScalarTypes.size(); ++i) {
        if (kScalarTypes[i].name == type_name)
            return static_cast<ScalarType>(i);
    }
    return std::nullopt;
}

bool is_floating(ScalarType type) {
    return kScalarTypes[static_cast<size_t>(type)].kind == 'F';
}
bool is_integral(ScalarType type) {
    return kScalarTypes[static_cast<size_t>(type)].kind == 'I';
}

std::string_view name(NodeKind kind) {
    switch (kind) {
        case NodeKind::ATEN:
            return "aten";
        case NodeKind::TTNN:
            return "ttnn";
        case NodeKind::HOST:
            return "host";
        case NodeKind::TO_DEVICE:
            return "to_device";
        case NodeKind::FROM_DEVICE:
            return "from_device";
        case NodeKind::TO_LAYOUT:
            return "to_layout";
        case NodeKind::TYPECAST:
            return "typecast";
    }
    return "?";
}

bool Operand::is_none() const {
    const ttnn::Arg* a = arg();
    return a != nullptr && std::holds_alternative<std::monostate>(*a);
}

const Operand* Node::find(std::string_view arg_name) const {
    for (const NamedOperand& a : args) {
        if (a.name == arg_name)
            return &a.value;
    }
    return nullptr;
}

std::vector<ValueId> Node::refs_in(const Operand& operand) {
    std::vector<ValueId> ids;
    if (operand.is_ref() && operand.ref().id >= 0)
        ids.push_back(operand.ref().id);
    if (operand.is_ref_list()) {
        for (Ref r : operand.refs()) {
            if (r.id >= 0)
                ids.push_back(r.id);
        }
    }
    return ids;
}

std::vector<ValueId> Node::refs_in(const std::vector<NamedOperand>& args) {
    std::vector<ValueId> ids;
    for (const NamedOperand& a : args) {
        for (ValueId id : refs_in(a.value))
            ids.push_back(id);
    }
    return ids;
}

ValueId Graph::add_value(Value value) {
    values.push_back(std::move(value));
    return static_cast<ValueId>(values.size() - 1);
}

ValueId Graph::add_input(std::vector<int64_t> shape, ScalarType dtype, bool is_param) {
    Value v;
    v.shape = std::move(shape);
    v.dtype = dtype;
    v.is_param = is_param;
    const ValueId id = add_value(std::move(v));
    inputs.push_back(id);
    return id;
}

void Graph::replace_uses(ValueId from, ValueId to) {
    for (Node& n : nodes) {
        for (NamedOperand& a : n.args) {
            if (Ref* r = std::get_if<Ref>(&a.value.v); r != nullptr && r->id == from)
                r->id = to;
            if (auto* list = std::get_if<RefList>(&a.value.v)) {
                for (Ref& r : *list) {
                    if (r.id == from)
                        r.id = to;
                }
            }
        }
    }
    for (ValueId& o : outputs) {
        if (o == from)
            o = to;
    }
}

std::vector<int> Graph::use_counts() const {
    std::vector<int> uses(values.size(), 0);
    for (const Node& n : nodes) {
        n.each_input([&](ValueId id) { ++uses[static_cast<size_t>(id)]; });
    }
    for (ValueId o : outputs) {
        if (o >= 0)
            ++uses[static_cast<size_t>(o)];
    }
    return uses;
}

bool Graph::is_update(size_t output) const {
    return std::any_of(updates.begin(), updates.end(), [&](const InputUpdate& u) { return u.output == output; });
}

bool Graph::stays_on_device(size_t output) const {
    return std::find(device_outputs.begin(), device_outputs.end(), output) != device_outputs.end();
}

std::vector<int> Graph::producers() const {
    std::vector<int> def(values.size(), -1);
    for (size_t i = 0; i < nodes.size(); ++i) {
        for (ValueId o : nodes[i].outputs)
            def[static_cast<size_t>(o)] = static_cast<int>(i);
    }
    return def;
}

}  // namespace torch_ttnn
