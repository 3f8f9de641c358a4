#pragma once
// Where a sharded tensor's shards go: the shard spec checked against the tensor and the device, and the banks
// (cores in L1, DRAM banks in DRAM) that hold one shard each.
#include <cstdint>

#include "ttnn/device.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn::detail {

struct ShardPlacement {
    uint64_t bank_mask = 0;    // bit b: bank b holds a shard (L1 bank b is core (b % grid_x, b / grid_x))
    uint64_t shard_bytes = 0;  // one shard, aligned to the bank's alignment
};

// Raises a ValueError naming the spec's fault: a shard shape that does not cover the tensor on the grid's
// cores, a TILE shard that is not whole tiles, cores outside the device.
ShardPlacement place_shards(const TensorSpec& spec, const Device& device);

}  // namespace ttnn::detail
