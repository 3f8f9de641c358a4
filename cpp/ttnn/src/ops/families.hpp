#pragma once
// Internal: the registration function of every op family (ttnn/ops/families.def lists them).
#include <string_view>
#include <vector>

#include "ttnn/ops/registry.hpp"

namespace ttnn::ops {

#define TTNN_OP_FAMILY(FAMILY) void register_##FAMILY##_ops(std::vector<OpInfo>& ops);
#include "ttnn/ops/families.def"
#undef TTNN_OP_FAMILY

// Parts of a family registered from the family's own registration function.
void register_tilize_ops(std::vector<OpInfo>& ops);         // conversion: tilize, untilize and their padding forms
void register_memory_config_ops(std::vector<OpInfo>& ops);  // conversion: to_memory_config, (un)sharding
// conv: conv_transpose2d (conv_transpose.cpp)
void register_conv_transpose_ops(std::vector<OpInfo>& ops);
// The table-declared element-wise ops (eltwise_math.hpp), each in its TT-NN family.
void register_unary_math_ops(std::vector<OpInfo>& ops);    // eltwise_unary_math.cpp
void register_binary_math_ops(std::vector<OpInfo>& ops);   // eltwise_binary_math.cpp
void register_ternary_math_ops(std::vector<OpInfo>& ops);  // eltwise_binary_math.cpp
void register_inplace_ops(std::vector<OpInfo>& ops);       // eltwise_inplace.cpp: add_, multiply_, gt_, ...
void register_gated_ops(std::vector<OpInfo>& ops);         // eltwise_composite_gated.cpp: glu family, losses

// eltwise_random.cpp: experimental.dropout
void register_random_ops(std::vector<OpInfo>& ops);
// backward_eltwise.cpp: the element-wise *_bw family (exp_bw, mul_bw, ...)
void register_eltwise_backward_ops(std::vector<OpInfo>& ops);

// The audit of TT-NN's refusals (refusals.cpp): narrows the entries' layouts and dtypes to what TT-NN accepts,
// while the registry is built.
void apply_refusals(std::vector<OpInfo>& ops);

// Counts the call in its device's program cache (program_cache.cpp); a no-op while the cache is off.
void record_program(const OpInfo& op, const OpArgs& args);

// One op of `family` whose golden is named like the op and which takes both layouts: the entry every
// family's registration builds, with its own params and dtypes.
inline OpInfo family_op(std::string_view family,
                        std::string_view name,
                        std::string_view doc,
                        std::vector<Param> params,
                        DTypeSet dtypes,
                        OpInvoke invoke,
                        int num_outputs = 1) {
    return {.name = name,
            .family = family,
            .golden = name,
            .doc = doc,
            .params = std::move(params),
            .dtypes = dtypes,
            .layouts = BOTH_LAYOUTS,
            .num_outputs = num_outputs,
            .invoke = invoke};
}

}  // namespace ttnn::ops
