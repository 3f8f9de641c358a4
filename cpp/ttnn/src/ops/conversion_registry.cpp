// Registry entries of the conversion ops (their kernels are in conversion.cpp). to_device and from_device are
// not here: they take a device, not tensor arguments, and the compiler's runtime emits them itself.
#include "ops/families.hpp"
#include "ttnn/conversion.hpp"

namespace ttnn::ops {
namespace {

OpOutputs run_to_layout(const OpArgs& a) {
    return {to_layout(a.tensor("tensor"), *a.layout("layout"), a.dtype("dtype"), a.memory_config("memory_config"))};
}

OpOutputs run_typecast(const OpArgs& a) {
    return {typecast(a.tensor("input_tensor"), *a.dtype("dtype"), a.memory_config("memory_config"))};
}

OpOutputs run_reshape(const OpArgs& a) {
    return {reshape(a.tensor("input_tensor"), a.int_list("shape"))};
}

OpOutputs run_clone(const OpArgs& a) {
    return {clone(a.tensor("input_tensor"), a.memory_config("memory_config"), a.dtype("dtype"))};
}

}  // namespace

void register_conversion_ops(std::vector<OpInfo>& ops) {
    const Param memory_config{"memory_config", ArgKind::MEMORY_CONFIG};
    ops.push_back({.name = "to_layout",
                   .family = "conversion",
                   .golden = "to_layout",
                   .doc = "Converts a tensor to ROW_MAJOR or TILE layout (TILE pads the last two dims to 32).",
                   .params = {{"tensor", ArgKind::TENSOR, true},
                              {"layout", ArgKind::LAYOUT, true},
                              {"dtype", ArgKind::DTYPE},
                              memory_config},
                   .dtypes = ALL_DTYPES,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_to_layout});
    ops.push_back({.name = "typecast",
                   .family = "conversion",
                   .golden = "typecast",
                   .doc = "Converts every element to another dtype with PyTorch's rounding, truncation and wrapping.",
                   .params = {{"input_tensor", ArgKind::TENSOR, true}, {"dtype", ArgKind::DTYPE, true}, memory_config},
                   .dtypes = ALL_DTYPES,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_typecast});
    ops.push_back({.name = "reshape",
                   .family = "conversion",
                   .golden = "reshape",
                   .doc = "Gives a tensor a new shape of the same volume (one dim may be -1).",
                   .params = {{"input_tensor", ArgKind::TENSOR, true}, {"shape", ArgKind::INT_LIST, true}},
                   .dtypes = ALL_DTYPES,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_reshape});
    ops.push_back({.name = "clone",
                   .family = "conversion",
                   .golden = "clone",
                   .doc = "Copies a tensor, optionally to another memory config or dtype.",
                   .params = {{"input_tensor", ArgKind::TENSOR, true}, memory_config, {"dtype", ArgKind::DTYPE}},
                   .dtypes = ALL_DTYPES,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_clone});
    register_tilize_ops(ops);
    register_memory_config_ops(ops);
}

}  // namespace ttnn::ops
