// where(condition, true_value, false_value): the ternary element-wise op (masked_fill is
// where(mask, value, input)). All three broadcast together; either value may be a number.
#include "kernels/eltwise.hpp"
#include "ops/eltwise_common.hpp"
#include "ops/families.hpp"
#include "ttnn/error.hpp"

namespace ttnn {

Tensor where(const Tensor& condition,
             const TensorOrScalar& true_value,
             const TensorOrScalar& false_value,
             const EltwiseOptions& options) {
    const Tensor* a = std::get_if<Tensor>(&true_value);
    const Tensor* b = std::get_if<Tensor>(&false_value);
    if (a != nullptr && b != nullptr) {
        TTNN_CHECK(is_floating(a->dtype()) == is_floating(b->dtype()),
                   TYPE,
                   "ttnn.where: true_value and false_value must both be floating or both integer; got ",
                   name(a->dtype()),
                   " and ",
                   name(b->dtype()));
    }
    // The values decide the arithmetic; with two numbers, the condition's dtype does.
    const bool any_value_tensor = a != nullptr || b != nullptr;
    const TensorOrScalar first = any_value_tensor ? (a != nullptr ? true_value : false_value) : condition;
    const TensorOrScalar domain[] = {first, true_value, false_value};
    const bool integer = ops::all_integer(domain);
    TTNN_CHECK(integer || is_floating(ops::first_tensor_dtype(domain)),
               TYPE,
               "ttnn.where: integer values take only integral numbers; got a fractional number");
    const TensorOrScalar operands[] = {condition, true_value, false_value};
    const kernels::EltwiseKernels& k = kernels::eltwise();
    return ops::run_eltwise(
        "ttnn.where",
        operands,
        options.dtype.value_or(ops::first_tensor_dtype(domain)),
        options,
        [&](const float* const* in, float* out, size_t n) { k.where_f32(in[0], in[1], in[2], out, n); },
        [&](const int64_t* const* in, int64_t* out, size_t n) { kernels::where_i64(in[0], in[1], in[2], out, n); },
        integer,
        /*truthy_operand=*/0);
}

namespace ops {
namespace {

OpOutputs run_where(const OpArgs& a) {
    return {where(a.tensor("condition"),
                  tensor_or_scalar(a, "true_value"),
                  tensor_or_scalar(a, "false_value"),
                  {a.memory_config("memory_config"), std::nullopt})};
}

}  // namespace

void register_eltwise_ternary_ops(std::vector<OpInfo>& ops) {
    ops.push_back({.name = "where",
                   .family = "eltwise_ternary",
                   .golden = "where",
                   .doc = "true_value where condition != 0, else false_value; all broadcast, values may be numbers.",
                   .params = {{"condition", ArgKind::TENSOR, true},
                              {"true_value", ArgKind::TENSOR_OR_SCALAR, true},
                              {"false_value", ArgKind::TENSOR_OR_SCALAR, true},
                              {"memory_config", ArgKind::MEMORY_CONFIG},
                              {"output_tensor", ArgKind::TENSOR},
                              {"sub_core_grids", ArgKind::INT_LIST}},
                   .dtypes = ALL_DTYPES,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_where});
    register_ternary_math_ops(ops);
}

}  // namespace ops
}  // namespace ttnn
