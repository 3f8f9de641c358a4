// TT-NN's in-place binary ops (add_, multiply_, gt_, ...): the op of the same name without the underscore,
// written into input_tensor_a through that op's own output_tensor= path, and input_tensor_a returned.
#include <deque>
#include <string>

#include "ops/families.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/eltwise.hpp"

namespace ttnn::ops {
namespace {

OpOutputs run_inplace(const OpArgs& a) {
    const std::string_view name = a.op();
    const OpInfo& base = get_op(name.substr(0, name.size() - 1));
    std::vector<Arg> values(base.params.size());
    for (size_t i = 0; i < base.params.size(); ++i) {
        if (a.info().param_index(base.params[i].name) < a.info().params.size())
            values[i] = a.raw(base.params[i].name);
    }
    const Tensor& target = a.tensor("input_tensor_a");
    if (a.is_tensor("input_tensor_b")) {
        const Shape result = broadcast_shape(std::string("ttnn.").append(name).c_str(),
                                             target.logical_shape(),
                                             a.tensor("input_tensor_b").logical_shape());
        TTNN_CHECK(result == target.logical_shape(),
                   VALUE,
                   "ttnn.",
                   name,
                   ": the result must fit input_tensor_a, which it is written into; expected shape ",
                   target.logical_shape().to_string(),
                   ", got ",
                   result.to_string());
    }
    values[base.param_index("output_tensor")] = target;
    return invoke_op(base, OpArgs(base, std::move(values)));
}

}  // namespace

void register_inplace_ops(std::vector<OpInfo>& ops) {
    // The names outlive the registry entries that view them.
    static std::deque<std::string> names;
    for (std::string_view base_name : {"add",
                                       "subtract",
                                       "multiply",
                                       "divide",
                                       "rsub",
                                       "squared_difference",
                                       "bias_gelu",
                                       "gt",
                                       "ge",
                                       "lt",
                                       "le",
                                       "eq",
                                       "ne",
                                       "logical_and",
                                       "logical_or",
                                       "logical_xor",
                                       "ldexp",
                                       "logaddexp",
                                       "logaddexp2"}) {
        const OpInfo* base = nullptr;
        for (const OpInfo& op : ops)
            base = op.name == base_name ? &op : base;
        TTNN_ASSERT(base != nullptr, "in-place ops: ttnn.", base_name, " is not registered before them");
        std::vector<Param> params;
        for (Param p : base->params) {
            if (p.name == "output_tensor" || p.name == "dtype")
                continue;  // the output is input_tensor_a, in its dtype
            if (p.name == "input_tensor_a")
                p.kind = ArgKind::TENSOR;
            params.push_back(p);
        }
        OpInfo entry = *base;
        entry.name = names.emplace_back(std::string(base_name) + "_");
        entry.golden = base->golden;
        entry.doc = "In place: the op without the underscore, written into input_tensor_a and returned.";
        entry.params = std::move(params);
        entry.invoke = run_inplace;
        ops.push_back(std::move(entry));
    }
}

}  // namespace ttnn::ops
