#pragma once
// Text and Graphviz views of a Graph. The text form is what pass tests compare (before/expected) and what
// TORCH_TTNN_DEBUG dumps; one node per line:
//   %3: f32[3,8] dev(TILE,bfloat16) = ttnn matmul(input_tensor_a=%0, input_tensor_b=%2)
#include <string>

#include "compiler/ir/graph.hpp"

namespace torch_ttnn {

std::string to_string(const Operand& operand);
std::string value_to_string(const Graph& graph, ValueId id);
// value_to_string without the "%id: " in front: "f32[3, 4] dev(TILE,BFLOAT16)".
std::string value_type(const Graph& graph, ValueId id);
std::string to_string(const Graph& graph);
std::string to_dot(const Graph& graph, const std::string& title);

}  // namespace torch_ttnn
