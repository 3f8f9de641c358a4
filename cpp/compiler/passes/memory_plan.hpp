#pragma once
// The memory plan's placement, apart from the graph (plan_memory in passes.hpp builds the buffers from it).
#include <cstdint>
#include <vector>

namespace torch_ttnn {

// A device buffer of the plan: its bytes, alive from node `first` to node `last` (both included).
struct PlanBuffer {
    uint64_t bytes;
    int first;
    int last;
};
// The arena size when `buffers` are placed largest first, each at the lowest offset clear of every placed
// buffer alive at the same time (plan_memory's peak_device_bytes).
uint64_t first_fit_peak(std::vector<PlanBuffer> buffers);
// The largest sum of bytes of the buffers alive at one of nodes 0..`nodes`.
uint64_t live_peak(const std::vector<PlanBuffer>& buffers, int nodes);

}  // namespace torch_ttnn
