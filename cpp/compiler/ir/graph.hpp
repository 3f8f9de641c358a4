#pragma once
// The compiler's IR: one Graph of Nodes over SSA Values. The frontend fills it with one ATEN node per aten
// call; lowering turns nodes into TTNN ops or HOST fallbacks; data movement adds the TO_DEVICE / FROM_DEVICE /
// TO_LAYOUT / TYPECAST nodes; passes rewrite it; the runtime emits a Program from it.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "ttnn/ops/registry.hpp"

namespace torch_ttnn {

enum class ScalarType : uint8_t {
#define TORCH_TTNN_SCALAR_TYPE(ENUM, NAME, KIND) ENUM,
#include "compiler/ir/scalar_type.def"
#undef TORCH_TTNN_SCALAR_TYPE
};
std::string_view name(ScalarType type);
std::optional<ScalarType> scalar_type_from_name(std::string_view name);
bool is_floating(ScalarType type);
bool is_integral(ScalarType type);  // bool excluded

using ValueId = int32_t;

// A reference to a value; id -1 is None inside a tensor list (aten.index.Tensor's indices).
struct Ref {
    ValueId id = -1;
    bool operator==(const Ref&) const = default;
};
using RefList = std::vector<Ref>;

// One argument of a node: a value, a list of values, a torch dtype, or a constant in ttnn's own Arg form
// (None, numbers, lists, strings, ttnn dtypes, layouts, configs, and constant tensors).
struct Operand {
    std::variant<ttnn::Arg, Ref, RefList, ScalarType> v;

    Operand() : v(ttnn::Arg{}) {}
    Operand(ttnn::Arg arg) : v(std::move(arg)) {}  // NOLINT: constants convert implicitly
    Operand(Ref r) : v(r) {}                       // NOLINT
    Operand(RefList rs) : v(std::move(rs)) {}      // NOLINT
    Operand(ScalarType t) : v(t) {}                // NOLINT
    // Numbers, lists, dtypes, ... convert through ttnn::Arg, so rules write {"keepdim", true}.
    template <typename T>
        requires(!std::is_same_v<std::decay_t<T>, Operand> && !std::is_same_v<std::decay_t<T>, ttnn::Arg> &&
                 std::is_constructible_v<ttnn::Arg, T>)
    Operand(T&& value) : v(ttnn::Arg(std::forward<T>(value))) {}  // NOLINT

    bool is_none() const;
    bool is_ref() const { return std::holds_alternative<Ref>(v); }
    bool is_ref_list() const { return std::holds_alternative<RefList>(v); }
    const ttnn::Arg* arg() const { return std::get_if<ttnn::Arg>(&v); }
    Ref ref() const { return std::get<Ref>(v); }
    const RefList& refs() const { return std::get<RefList>(v); }
};

struct NamedOperand {
    std::string name;
    Operand value;
};

enum class Place : uint8_t { HOST, DEVICE };

// How a device value is stored; meaningful only when the value's place is DEVICE.
struct DeviceForm {
    ttnn::Layout layout = ttnn::Layout::TILE;
    ttnn::DataType dtype = ttnn::DataType::BFLOAT16;
    bool operator==(const DeviceForm&) const = default;
};

struct Value {
    std::vector<int64_t> shape;
    ScalarType dtype = ScalarType::FLOAT32;  // the torch dtype the graph promises for this value
    Place place = Place::HOST;
    DeviceForm form;
    bool is_param = false;                 // a parameter or buffer: uploaded once and cached across calls
    std::optional<ttnn::Tensor> constant;  // a value known at compile time (folded), kept for every call
};

enum class NodeKind : uint8_t { ATEN, TTNN, HOST, TO_DEVICE, FROM_DEVICE, TO_LAYOUT, TYPECAST };
std::string_view name(NodeKind kind);

struct Node {
    NodeKind kind = NodeKind::ATEN;
    std::string target;  // aten overload ("aten.add.Tensor") or ttnn op ("matmul"); empty for transfers
    std::vector<NamedOperand> args;
    std::vector<ValueId> outputs;
    int32_t source = -1;  // index of the frontend node it came from: the host callback's key

    const Operand* find(std::string_view arg_name) const;
    // Every value the node reads, in argument order (None entries of ref lists skipped).
    std::vector<ValueId> inputs() const { return refs_in(args); }
    // The same values passed to `f` one at a time: no vector built (passes that count uses run it per node).
    template <typename F>
    void each_input(F&& f) const {
        for (const NamedOperand& a : args) {
            if (a.value.is_ref()) {
                if (a.value.ref().id >= 0)
                    f(a.value.ref().id);
            } else if (a.value.is_ref_list()) {
                for (Ref r : a.value.refs()) {
                    if (r.id >= 0)
                        f(r.id);
                }
            }
        }
    }
    static std::vector<ValueId> refs_in(const std::vector<NamedOperand>& args);
    static std::vector<ValueId> refs_in(const Operand& operand);
};

// A graph output that is the new content of a graph input (a static KV cache written in place): it stays on
// the device, and the runtime keeps it as that input's device copy for its next version.
struct InputUpdate {
    size_t output;  // index into Graph::outputs
    size_t input;   // index into Graph::inputs
};

class Graph {
public:
    ValueId add_value(Value value);
    ValueId add_input(std::vector<int64_t> shape, ScalarType dtype, bool is_param = false);
    void add_node(Node node) { nodes.push_back(std::move(node)); }
    // Replaces every use of `from` (node arguments and graph outputs) by `to`.
    void replace_uses(ValueId from, ValueId to);
    // How many times each value is read (graph outputs included).
    std::vector<int> use_counts() const;
    // Index of the node defining each value; -1 for inputs, constants and unused ids.
    std::vector<int> producers() const;

    // A deque: a reference to a value stays valid while passes and lowering rules add values.
    std::deque<Value> values;
    std::vector<Node> nodes;
    std::vector<ValueId> inputs;
    std::vector<ValueId> outputs;  // -1: the graph returns None there
    std::vector<InputUpdate> updates;
    bool is_update(size_t output) const;
    // Outputs the caller takes as device tensors, in the form they are computed in: a training forward's
    // tensors saved for the backward, which the backward program reads on the device (indices into outputs).
    std::vector<size_t> device_outputs;
    bool stays_on_device(size_t output) const;
    // Whether a device output may be returned before its last permute (the caller tells the backward), and
    // those returned so: output index -> dims, the caller's tensor being permute(returned, dims).
    bool device_outputs_raw = false;
    std::map<size_t, std::vector<int64_t>> output_permutes;
};

}  // namespace torch_ttnn
