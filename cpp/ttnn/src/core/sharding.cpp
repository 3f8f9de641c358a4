#include "core/sharding.hpp"

#include <vector>

#include "ttnn/error.hpp"

namespace ttnn::detail {
namespace {

uint64_t ceil_div(uint64_t a, uint64_t b) {
    return (a + b - 1) / b;
}

// The grid's cores in the order shards take them.
std::vector<CoreCoord> ordered_cores(const ShardSpec& s) {
    std::vector<CoreCoord> cores;
    for (size_t i = 0; i < s.grid.count; ++i) {
        const CoreRange& r = s.grid.ranges[i];
        const bool rows = s.orientation == ShardOrientation::ROW_MAJOR;
        const uint32_t outer = rows ? r.end.y - r.start.y + 1 : r.end.x - r.start.x + 1;
        const uint32_t inner = rows ? r.end.x - r.start.x + 1 : r.end.y - r.start.y + 1;
        for (uint32_t o = 0; o < outer; ++o) {
            for (uint32_t n = 0; n < inner; ++n)
                cores.push_back(rows ? CoreCoord{r.start.x + n, r.start.y + o}
                                     : CoreCoord{r.start.x + o, r.start.y + n});
        }
    }
    return cores;
}

}  // namespace

ShardPlacement place_shards(const TensorSpec& spec, const Device& device) {
    const char* op = "ttnn.MemoryConfig";
    const MemoryConfig config = checked_memory_config(op, spec.memory_config);
    const ShardSpec& s = *config.shard_spec();
    const Shape& padded = spec.padded_shape;
    const uint64_t width = padded.rank() == 0 ? 1 : padded[-1];
    const uint64_t height = width == 0 ? 0 : padded.volume() / width;
    const uint64_t sh = s.shape[0], sw = s.shape[1];
    TTNN_CHECK(spec.layout != Layout::TILE || (sh % TILE_HEIGHT == 0 && sw % TILE_WIDTH == 0),
               VALUE,
               op,
               ": a TILE tensor's shards must be whole tiles; expected a shard shape of multiples of 32, got [",
               sh,
               ", ",
               sw,
               "]");
    const uint64_t shard_rows = ceil_div(height, sh), shard_cols = ceil_div(width, sw);
    const std::vector<CoreCoord> cores = ordered_cores(s);
    std::vector<CoreCoord> used;
    switch (config.memory_layout) {
        case TensorMemoryLayout::HEIGHT_SHARDED:
        case TensorMemoryLayout::WIDTH_SHARDED: {
            const bool by_height = config.memory_layout == TensorMemoryLayout::HEIGHT_SHARDED;
            const uint64_t whole = by_height ? width : height;
            TTNN_CHECK((by_height ? sw : sh) == whole,
                       VALUE,
                       op,
                       ": a ",
                       name(config.memory_layout),
                       " shard spans the tensor's whole ",
                       by_height ? "width" : "height",
                       "; expected ",
                       by_height ? "shard width " : "shard height ",
                       whole,
                       ", got ",
                       by_height ? sw : sh);
            const uint64_t shards = by_height ? shard_rows : shard_cols;
            TTNN_CHECK(shards <= cores.size(),
                       VALUE,
                       op,
                       ": the tensor [",
                       height,
                       ", ",
                       width,
                       "] needs ",
                       shards,
                       " shards of [",
                       sh,
                       ", ",
                       sw,
                       "]; expected at most one per core of the grid (",
                       cores.size(),
                       "), got ",
                       shards);
            used.assign(cores.begin(), cores.begin() + static_cast<std::ptrdiff_t>(height && width ? shards : 0));
            break;
        }
        case TensorMemoryLayout::BLOCK_SHARDED: {
            TTNN_CHECK(s.grid.count == 1,
                       VALUE,
                       op,
                       ": BLOCK_SHARDED takes one rectangle of cores; got ",
                       int(s.grid.count),
                       " ranges");
            const CoreRange& r = s.grid.ranges[0];
            const bool rows = s.orientation == ShardOrientation::ROW_MAJOR;
            const uint64_t grid_rows = rows ? r.end.y - r.start.y + 1 : r.end.x - r.start.x + 1;
            const uint64_t grid_cols = rows ? r.end.x - r.start.x + 1 : r.end.y - r.start.y + 1;
            TTNN_CHECK(shard_rows <= grid_rows && shard_cols <= grid_cols,
                       VALUE,
                       op,
                       ": the tensor [",
                       height,
                       ", ",
                       width,
                       "] in shards of [",
                       sh,
                       ", ",
                       sw,
                       "] needs a ",
                       shard_rows,
                       " x ",
                       shard_cols,
                       " block of cores; expected it within the grid's ",
                       grid_rows,
                       " x ",
                       grid_cols);
            for (uint64_t i = 0; i < (height && width ? shard_rows : 0); ++i) {
                for (uint64_t j = 0; j < shard_cols; ++j) {
                    const uint32_t a = static_cast<uint32_t>(i), b = static_cast<uint32_t>(j);
                    used.push_back(rows ? CoreCoord{r.start.x + b, r.start.y + a}
                                        : CoreCoord{r.start.x + a, r.start.y + b});
                }
            }
            break;
        }
        case TensorMemoryLayout::INTERLEAVED:
            break;
    }
    const BufferType type = config.buffer_type;
    const CoreCoord grid = type == BufferType::L1 ? device.compute_with_storage_grid_size()
                                                  : CoreCoord{device.allocator().banks(BufferType::DRAM), 1};
    ShardPlacement placement;
    for (const CoreCoord& c : cores) {
        TTNN_CHECK(c.x < grid.x && c.y < grid.y,
                   VALUE,
                   op,
                   ": core (",
                   c.x,
                   ", ",
                   c.y,
                   ") is outside the ",
                   name(type),
                   " grid; expected x < ",
                   grid.x,
                   " and y < ",
                   grid.y);
    }
    for (const CoreCoord& c : used)
        placement.bank_mask |= uint64_t{1} << (c.y * grid.x + c.x);
    const uint64_t raw = is_block_float(spec.dtype)
                             ? (sh / TILE_HEIGHT) * (sw / TILE_WIDTH) * info(spec.dtype).tile_bytes
                             : sh * sw * info(spec.dtype).element_bytes;
    const uint64_t align = device.allocator().alignment(type);
    placement.shard_bytes = used.empty() ? 0 : ceil_div(raw, align) * align;
    return placement;
}

}  // namespace ttnn::detail
