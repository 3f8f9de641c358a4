#pragma once
// The compiler driver: frontend graph in, Program and its report out. The stages, in order:
//   dce -> lower -> fuse -> place (data movement) -> fold constants -> dce -> plan memory -> emit
// with the verifier after every stage when options.verify is set (debug builds and CI).
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/graph.hpp"
#include "compiler/lowering/lower.hpp"
#include "compiler/passes/passes.hpp"
#include "compiler/runtime/program.hpp"

namespace torch_ttnn {

struct CompileReport {
    LoweringReport lowering;
    std::map<std::string, int> fusions;
    std::map<std::string, int> program_ops;  // ttnn op -> count in the compiled program (after fusion, folding)
    PlacementReport placement;
    int folded = 0;
    uint64_t peak_device_bytes = 0;
    uint64_t live_peak_bytes = 0;
    uint64_t activation_peak_bytes = 0;
    std::map<size_t, std::vector<int64_t>> output_permutes;  // Graph::output_permutes
    // (stage name, milliseconds it took), in pipeline order: where a compile's time goes, per graph.
    std::vector<std::pair<std::string, double>> stage_ms;
    // (stage name, text of the graph after it) for each stage, kept when asked (verbose, graphviz, debug).
    std::vector<std::pair<std::string, std::string>> dumps;
    std::vector<std::pair<std::string, std::string>> dots;
};

struct CompiledGraph {
    Program program;
    CompileReport report;
};

CompiledGraph compile(Graph graph, const CompileOptions& options, bool keep_dumps);

}  // namespace torch_ttnn
