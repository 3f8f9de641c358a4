#include "ttnn/memory_config.hpp"

#include <deque>
#include <mutex>

#include "ttnn/error.hpp"

namespace ttnn {
namespace {

// Interned shard specs; id i + 1 is specs()[i]. A deque keeps addresses stable as it grows.
std::mutex intern_mutex;
std::deque<ShardSpec>& specs() {
    static std::deque<ShardSpec> table;
    return table;
}

}  // namespace

const ShardSpec* MemoryConfig::shard_spec() const {
    if (shard_spec_id == 0)
        return nullptr;
    std::lock_guard lock(intern_mutex);
    return &specs()[shard_spec_id - 1u];
}

MemoryConfig make_memory_config(TensorMemoryLayout layout, BufferType type, const std::optional<ShardSpec>& spec) {
    MemoryConfig config{layout, type};
    if (!spec)
        return config;
    std::lock_guard lock(intern_mutex);
    std::deque<ShardSpec>& table = specs();
    size_t i = 0;
    while (i < table.size() && !(table[i] == *spec))
        ++i;
    if (i == table.size()) {
        TTNN_CHECK(table.size() < UINT16_MAX,
                   RUNTIME,
                   "MemoryConfig: too many distinct shard specs; expected < ",
                   UINT16_MAX,
                   ", got more");
        table.push_back(*spec);
    }
    config.shard_spec_id = static_cast<uint16_t>(i + 1);
    return config;
}

std::string_view name(BufferType type) {
    return type == BufferType::L1 ? "L1" : "DRAM";
}

std::string_view name(TensorMemoryLayout layout) {
    switch (layout) {
        case TensorMemoryLayout::INTERLEAVED:
            return "INTERLEAVED";
        case TensorMemoryLayout::HEIGHT_SHARDED:
            return "HEIGHT_SHARDED";
        case TensorMemoryLayout::WIDTH_SHARDED:
            return "WIDTH_SHARDED";
        case TensorMemoryLayout::BLOCK_SHARDED:
            return "BLOCK_SHARDED";
    }
    return "?";
}

uint32_t CoreRangeSet::num_cores() const {
    uint32_t cores = 0;
    for (size_t i = 0; i < count; ++i)
        cores += ranges[i].size();
    return cores;
}

std::string MemoryConfig::to_string() const {
    std::string text = "MemoryConfig(memory_layout=" + std::string(name(memory_layout)) +
                       ", buffer_type=" + std::string(name(buffer_type));
    if (const ShardSpec* spec = shard_spec()) {
        text += ", shard_spec=ShardSpec(cores=" + std::to_string(spec->grid.num_cores()) + ", shape=[" +
                std::to_string(spec->shape[0]) + ", " + std::to_string(spec->shape[1]) + "], " +
                (spec->orientation == ShardOrientation::ROW_MAJOR ? "ROW_MAJOR" : "COL_MAJOR") + ")";
    }
    return text + ")";
}

CoreRangeSet core_range_set(const CoreGrid& grid) {
    TTNN_CHECK(grid.x > 0 && grid.y > 0, VALUE, "CoreGrid: expected at least one core, got ", grid.x, " x ", grid.y);
    CoreRangeSet set;
    set.ranges[0] = {{0, 0}, {grid.x - 1, grid.y - 1}};
    set.count = 1;
    return set;
}

MemoryConfig create_sharded_memory_config(const std::vector<int64_t>& shape,
                                          const CoreRangeSet& grid,
                                          ShardStrategy strategy,
                                          ShardOrientation orientation,
                                          bool use_height_and_width_as_shard_shape,
                                          bool tile_layout) {
    const char* op = "ttnn.create_sharded_memory_config";
    TTNN_CHECK(!shape.empty() && grid.count > 0,
               VALUE,
               op,
               ": expected a shape and a core grid, got rank ",
               shape.size(),
               " and ",
               int(grid.count),
               " core ranges");
    uint64_t height = 1;
    for (size_t i = 0; i + 1 < shape.size(); ++i)
        height *= static_cast<uint64_t>(shape[i]);
    const uint64_t width = static_cast<uint64_t>(shape.back());
    const auto up = [&](uint64_t v) { return tile_layout ? (v + 31) / 32 * 32 : v; };
    const auto div = [](uint64_t a, uint64_t b) { return (a + b - 1) / b; };
    std::array<uint64_t, 2> shard{height, width};
    const TensorMemoryLayout layout = strategy == ShardStrategy::HEIGHT  ? TensorMemoryLayout::HEIGHT_SHARDED
                                      : strategy == ShardStrategy::WIDTH ? TensorMemoryLayout::WIDTH_SHARDED
                                                                         : TensorMemoryLayout::BLOCK_SHARDED;
    if (use_height_and_width_as_shard_shape) {
        TTNN_CHECK(shape.size() >= 2, VALUE, op, ": a shard shape needs two dims; got rank ", shape.size());
        shard = {static_cast<uint64_t>(shape[shape.size() - 2]), width};
    } else if (strategy == ShardStrategy::HEIGHT) {
        shard = {up(div(height, grid.num_cores())), up(width)};
    } else if (strategy == ShardStrategy::WIDTH) {
        shard = {up(height), up(div(width, grid.num_cores()))};
    } else {
        TTNN_CHECK(grid.count == 1, VALUE, op, ": BLOCK sharding takes one rectangle of cores; got ", int(grid.count));
        const CoreRange& r = grid.ranges[0];
        const bool rows = orientation == ShardOrientation::ROW_MAJOR;
        const uint64_t grid_rows = rows ? r.end.y - r.start.y + 1 : r.end.x - r.start.x + 1;
        const uint64_t grid_cols = rows ? r.end.x - r.start.x + 1 : r.end.y - r.start.y + 1;
        shard = {up(div(height, grid_rows)), up(div(width, grid_cols))};
    }
    ShardSpec spec{grid, {static_cast<uint32_t>(shard[0]), static_cast<uint32_t>(shard[1])}, orientation};
    return checked_memory_config(op, make_memory_config(layout, BufferType::L1, spec));
}

MemoryConfig checked_memory_config(const char* op, const MemoryConfig& config) {
    TTNN_CHECK(config.is_sharded() == (config.shard_spec() != nullptr),
               VALUE,
               op,
               ": ",
               name(config.memory_layout),
               config.is_sharded() ? " needs a shard_spec; got None" : " takes no shard_spec; got one",
               " (ttnn.create_sharded_memory_config makes a sharded config)");
    if (const ShardSpec* spec = config.shard_spec()) {
        const ShardSpec& s = *spec;
        TTNN_CHECK(s.grid.count > 0 && s.shape[0] > 0 && s.shape[1] > 0,
                   VALUE,
                   op,
                   ": a shard spec needs cores and a non-empty shard shape; got ",
                   s.grid.num_cores(),
                   " cores and shape [",
                   s.shape[0],
                   ", ",
                   s.shape[1],
                   "]");
        for (size_t i = 0; i < s.grid.count; ++i) {
            const CoreRange& r = s.grid.ranges[i];
            TTNN_CHECK(r.start.x <= r.end.x && r.start.y <= r.end.y,
                       VALUE,
                       op,
                       ": a core range must run from its start to its end; got (",
                       r.start.x,
                       ", ",
                       r.start.y,
                       ") - (",
                       r.end.x,
                       ", ",
                       r.end.y,
                       ")");
        }
    }
    return config;
}

}  // namespace ttnn
