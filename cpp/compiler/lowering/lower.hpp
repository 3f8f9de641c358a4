#pragma once
// The lowering pass: each ATEN node whose rule accepts it becomes ttnn ops; the rest become HOST nodes,
// run in PyTorch through the runtime's one host callback.
#include <map>
#include <string>

#include "compiler/ir/graph.hpp"
#include "compiler/lowering/options.hpp"

namespace torch_ttnn {

struct LoweringReport {
    std::map<std::string, int> ops_before;            // aten overload -> count, before lowering
    std::map<std::string, int> lowered;               // aten overload -> count lowered to ttnn
    std::map<std::string, int> host;                  // aten overload -> count left on the host
    std::map<std::string, int> host_variations;       // "aten.x(f32[3,4], 2)" -> count: what to write a rule for
    std::map<std::string, int> lowered_variations;    // the same for the nodes that lowered (docs/operations)
    std::map<std::string, int> ttnn_ops;              // ttnn op -> count after fusion
    std::map<std::string, std::string> host_reasons;  // variation -> why its rules declined
};

LoweringReport lower(Graph& graph, const CompileOptions& options);

// "aten.add.Tensor(f32[3,4], f32[4], alpha=1)": the overload with its input shapes and scalar arguments.
std::string describe_variation(const Graph& graph, const Node& node);

}  // namespace torch_ttnn
