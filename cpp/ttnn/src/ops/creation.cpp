// The creation op family. Its owner fills in the ops: typed C++ functions and one OpInfo each.
#include "ops/families.hpp"

namespace ttnn::ops {

void register_creation_ops(std::vector<OpInfo>& ops) {
    (void)ops;
}

}  // namespace ttnn::ops
