// The eltwise_binary op family. Its owner fills in the ops: typed C++ functions and one OpInfo each.
#include "ops/families.hpp"

namespace ttnn::ops {

void register_eltwise_binary_ops(std::vector<OpInfo>& ops) {
    (void)ops;
}

}  // namespace ttnn::ops
