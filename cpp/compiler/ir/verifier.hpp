#pragma once
// The IR's well-formedness check, run after every pass in debug builds and CI (TORCH_TTNN_VERIFY=1) and
// by every pass test. It throws an INTERNAL error "verifier after <pass>: <what>" naming the node.
#include <string_view>

#include "compiler/ir/graph.hpp"

namespace torch_ttnn {

// What the graph promises at each point of the pipeline.
enum class Stage : uint8_t {
    FRONTEND,  // only ATEN nodes
    LOWERED,   // no ATEN nodes left: TTNN ops and HOST fallbacks
    PLACED,    // plus every value's place is settled and every crossing has a transfer node
};

void verify(const Graph& graph, Stage stage, std::string_view after_pass);

}  // namespace torch_ttnn
