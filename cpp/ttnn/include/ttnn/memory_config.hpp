#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttnn {

enum class BufferType : uint8_t { DRAM, L1 };
// Interleaved buffers spread pages round-robin over every bank (TT-NN's default); sharded ones give each core
// (each DRAM bank, in DRAM) one shard: a block of rows (HEIGHT), of columns (WIDTH) or both (BLOCK) of the
// tensor seen as 2D [volume / last dim, last dim]. Sharding changes where bytes are accounted, not values.
enum class TensorMemoryLayout : uint8_t { INTERLEAVED, HEIGHT_SHARDED, WIDTH_SHARDED, BLOCK_SHARDED };
// The order shards take the grid's cores in: along rows (x fastest) or along columns (y fastest).
enum class ShardOrientation : uint8_t { ROW_MAJOR, COL_MAJOR };

struct CoreCoord {
    uint32_t x = 0;
    uint32_t y = 0;
    bool operator==(const CoreCoord&) const = default;
};

// Cores start..end inclusive in both coordinates.
struct CoreRange {
    CoreCoord start;
    CoreCoord end;
    bool operator==(const CoreRange&) const = default;
    uint32_t size() const { return (end.x - start.x + 1) * (end.y - start.y + 1); }
};

// A few disjoint core ranges; fixed capacity so configs stay plain values.
struct CoreRangeSet {
    static constexpr size_t kMaxRanges = 8;
    std::array<CoreRange, kMaxRanges> ranges{};
    uint8_t count = 0;
    bool operator==(const CoreRangeSet&) const = default;
    uint32_t num_cores() const;
};

struct ShardSpec {
    CoreRangeSet grid;
    std::array<uint32_t, 2> shape{};  // [rows, columns] of one shard
    ShardOrientation orientation = ShardOrientation::ROW_MAJOR;
    bool operator==(const ShardSpec&) const = default;
};

// Every tensor spec and op argument holds a MemoryConfig, so it stays a few bytes: a shard spec is interned
// once (equal specs share an id) and the config holds its id.
struct MemoryConfig {
    TensorMemoryLayout memory_layout = TensorMemoryLayout::INTERLEAVED;
    BufferType buffer_type = BufferType::DRAM;
    uint16_t shard_spec_id = 0;  // 0: none
    bool operator==(const MemoryConfig&) const = default;
    bool is_sharded() const { return memory_layout != TensorMemoryLayout::INTERLEAVED; }
    const ShardSpec* shard_spec() const;  // nullptr when none
    std::string to_string() const;
};

MemoryConfig make_memory_config(TensorMemoryLayout layout, BufferType type, const std::optional<ShardSpec>& spec);

inline constexpr MemoryConfig DRAM_MEMORY_CONFIG{TensorMemoryLayout::INTERLEAVED, BufferType::DRAM};
inline constexpr MemoryConfig L1_MEMORY_CONFIG{TensorMemoryLayout::INTERLEAVED, BufferType::L1};

std::string_view name(BufferType type);
std::string_view name(TensorMemoryLayout layout);

// TT-NN's CoreGrid: x columns by y rows of cores from (0, 0).
struct CoreGrid {
    uint32_t x = 8;
    uint32_t y = 8;
    bool operator==(const CoreGrid&) const = default;
    uint32_t num_cores() const { return x * y; }
};

enum class ShardStrategy : uint8_t { HEIGHT, WIDTH, BLOCK };

// TT-NN's ttnn.create_sharded_memory_config: an L1 config that shards a tensor of `shape` over `grid` (the
// tensor seen as 2D [volume / last dim, last dim]; shards rounded up to whole tiles when `tile_layout`), or
// whose shard shape is `shape`'s last two dims when `use_height_and_width_as_shard_shape`.
MemoryConfig create_sharded_memory_config(const std::vector<int64_t>& shape,
                                          const CoreRangeSet& grid,
                                          ShardStrategy strategy,
                                          ShardOrientation orientation = ShardOrientation::ROW_MAJOR,
                                          bool use_height_and_width_as_shard_shape = false,
                                          bool tile_layout = true);
CoreRangeSet core_range_set(const CoreGrid& grid);

// A memory config whose layout and shard spec agree (a sharded layout has a spec, interleaved has none);
// raises a ValueError naming `op` otherwise.
MemoryConfig checked_memory_config(const char* op, const MemoryConfig& config);

}  // namespace ttnn
