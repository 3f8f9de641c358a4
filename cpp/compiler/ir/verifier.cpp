#include "compiler/ir/verifier.hpp"

#include "compiler/ir/printer.hpp"
#include "ttnn/error.hpp"

namespace torch_ttnn {
namespace {

class Verifier {
public:
    Verifier(const Graph& graph, Stage stage, std::string_view pass) : g_(graph), stage_(stage), pass_(pass) {}

    void run() {
        defined_.assign(g_.values.size(), false);
        for (size_t i = 0; i < g_.values.size(); ++i) {
            for (int64_t d : g_.values[i].shape)
                check(d >= 0, "value %", i, " has a negative dim");
            check(g_.values[i].dtype != ScalarType::OTHER, "value %", i, " has a dtype the device cannot hold");
            if (g_.values[i].constant)
                defined_[i] = true;
        }
        for (ValueId id : g_.inputs)
            define(id, "graph input");
        for (size_t i = 0; i < g_.nodes.size(); ++i)
            node(i, g_.nodes[i]);
        for (size_t k = 0; k < g_.outputs.size(); ++k) {
            const ValueId o = g_.outputs[k];
            if (o < 0)
                continue;
            use(o, "graph output");
            // An input's update may stay on the device (the runtime keeps it as that input's device copy), and
            // so may a tensor the backward reads (Graph::device_outputs).
            if (stage_ == Stage::PLACED && !g_.is_update(k) && !g_.stays_on_device(k))
                check(place(o) == Place::HOST, "graph output %", o, " is not on the host");
        }
        for (const InputUpdate& u : g_.updates)
            check(u.output < g_.outputs.size() && u.input < g_.inputs.size(), "an input update names no output/input");
        for (size_t k : g_.device_outputs)
            check(k < g_.outputs.size(), "device output ", k, " names no output");
    }

private:
    template <typename... Parts>
    void check(bool ok, Parts&&... parts) const {
        if (!ok)
            TTNN_FAIL(INTERNAL, "verifier after ", pass_, ": ", std::forward<Parts>(parts)...);
    }

    Place place(ValueId id) const { return g_.values[static_cast<size_t>(id)].place; }

    void define(ValueId id, std::string_view where) {
        check(id >= 0 && static_cast<size_t>(id) < g_.values.size(), where, " defines unknown value %", id);
        check(!defined_[static_cast<size_t>(id)], "value %", id, " is defined twice (", where, ")");
        defined_[static_cast<size_t>(id)] = true;
    }

    void use(ValueId id, std::string_view where) const {
        check(id >= 0 && static_cast<size_t>(id) < g_.values.size(), where, " reads unknown value %", id);
        check(defined_[static_cast<size_t>(id)], where, " reads %", id, " before it is defined");
    }

    void node(size_t index, const Node& n) {
        const std::string where =
            "node " + std::to_string(index) + " (" + std::string(name(n.kind)) + " " + n.target + ")";
        for (ValueId in : n.inputs())
            use(in, where);
        if (stage_ == Stage::FRONTEND)
            check(n.kind == NodeKind::ATEN, where, " is not an aten node");
        if (stage_ != Stage::FRONTEND)
            check(n.kind != NodeKind::ATEN, where, " was left unlowered");
        if (n.kind == NodeKind::TTNN)
            check(ttnn::find_op(n.target) != nullptr, where, " names no registered op");
        if (stage_ == Stage::PLACED)
            placement(where, n);
        for (ValueId out : n.outputs)
            define(out, where);
    }

    // Each node kind says where its inputs and outputs live; a mismatch means a missing transfer node.
    void placement(const std::string& where, const Node& n) const {
        Place in_place = Place::DEVICE, out_place = Place::DEVICE;
        if (n.kind == NodeKind::HOST || n.kind == NodeKind::TO_DEVICE)
            in_place = Place::HOST;
        if (n.kind == NodeKind::HOST || n.kind == NodeKind::FROM_DEVICE)
            out_place = Place::HOST;
        const auto on_side = [&](ValueId id, Place want, std::string_view access) {
            const std::string_view side = want == Place::HOST ? "host" : "device";
            check(place(id) == want, where, " ", access, " %", id, " on the wrong side; expected ", side);
        };
        for (ValueId in : n.inputs())
            on_side(in, in_place, "reads");
        for (ValueId out : n.outputs)
            on_side(out, out_place, "writes");
        if (n.kind == NodeKind::TTNN)
            op_forms(where, n);
    }

    // A ttnn op's tensor inputs must be in a layout and dtype its registry entry accepts.
    void op_forms(const std::string& where, const Node& n) const {
        const ttnn::OpInfo& op = ttnn::get_op(n.target);
        for (const NamedOperand& a : n.args) {
            if (!a.value.is_ref() && !a.value.is_ref_list())
                continue;
            const ttnn::Param* param = nullptr;
            for (const ttnn::Param& p : op.params) {
                if (p.name == a.name)
                    param = &p;
            }
            check(param != nullptr, where, " passes unknown argument '", a.name, "'");
            const ttnn::DTypeSet dtypes = param->dtypes.empty() ? op.dtypes : param->dtypes;
            for (ValueId in : Node::refs_in(a.value)) {
                const DeviceForm& f = g_.values[static_cast<size_t>(in)].form;
                check(op.layouts.contains(f.layout),
                      where,
                      " reads %",
                      in,
                      " in layout ",
                      ttnn::name(f.layout),
                      "; expected one of ",
                      op.layouts.to_string());
                check(dtypes.contains(f.dtype),
                      where,
                      " reads %",
                      in,
                      " as ",
                      ttnn::name(f.dtype),
                      "; expected one of ",
                      dtypes.to_string());
            }
        }
    }

    const Graph& g_;
    Stage stage_;
    std::string_view pass_;
    std::vector<bool> defined_;
};

}  // namespace

void verify(const Graph& graph, Stage stage, std::string_view after_pass) {
    Verifier(graph, stage, after_pass).run();
}

}  // namespace torch_ttnn
