#pragma once
// Internal: the registration function of every op family (ttnn/ops/families.def lists them).
#include <vector>

#include "ttnn/ops/registry.hpp"

namespace ttnn::ops {

#define TTNN_OP_FAMILY(FAMILY) void register_##FAMILY##_ops(std::vector<OpInfo>& ops);
#include "ttnn/ops/families.def"
#undef TTNN_OP_FAMILY

}  // namespace ttnn::ops
