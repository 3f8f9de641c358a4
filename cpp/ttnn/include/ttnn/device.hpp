#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "ttnn/layout.hpp"
#include "ttnn/memory_config.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn {

// What the CPU device models: one Wormhole n150 card. Figures from Tenstorrent's public documentation:
// - n150 product page (docs.tenstorrent.com, "Wormhole n150"): 12 GB GDDR6, 72 Tensix cores.
// - TT-Metalium guide (tt-metal METALIUM_GUIDE.md): 1.5 MB of SRAM (L1) per Tensix core.
// - TT-NN on n150 reports compute_with_storage_grid_size() == (8, 8): 64 cores run ops and hold L1 buffers.
// - tt-metal's Wormhole HAL: 12 DRAM banks (6 GDDR6 channels x 2), DRAM alignment 32 B, L1 alignment 16 B.
struct DeviceSpec {
    std::string arch = "wormhole_b0";
    std::string board = "n150";
    uint64_t dram_bytes = 12ull << 30;
    uint32_t dram_banks = 12;
    uint32_t dram_alignment = 32;
    uint64_t l1_bytes_per_core = 1536ull << 10;
    uint32_t grid_x = 8;
    uint32_t grid_y = 8;
    uint32_t l1_alignment = 16;

    uint32_t l1_banks() const { return grid_x * grid_y; }
};

struct DeviceOptions {
    int device_id = 0;
    std::optional<int> num_threads;  // default: ThreadPool::default_thread_count()
    uint64_t l1_small_size = 0;      // L1 reserved per core for TT-NN's small L1 region (not allocatable)
    uint64_t trace_region_size = 0;  // DRAM reserved for traces (not allocatable)
};

// What a tensor's buffer holds, as plain values: formatted only for the out-of-memory message. Every op output
// allocates, and formatting a description per allocation cost more than the accounting itself.
struct BufferLabel {
    DataType dtype = DataType::BFLOAT16;
    Layout layout = Layout::ROW_MAJOR;
    uint8_t rank = 0;
    std::array<uint32_t, Shape::kMaxRank> dims{};  // the logical shape
};

struct Allocation {
    uint64_t id;
    BufferType buffer_type;
    uint64_t bytes;
    std::string note;                  // what a raw reservation says it holds
    std::optional<BufferLabel> label;  // what a tensor buffer holds (instead of a note)
    uint64_t bank_mask = 0;            // a sharded buffer's banks (bit b: bank b); 0: every bank (interleaved)
    uint64_t per_bank = 0;             // bytes in each of its banks
    std::string description() const;
};

// Accounts every device buffer in TT-NN's interleaved model: a buffer of N pages takes
// ceil(N / banks) aligned pages in every bank, so small buffers cost a page per bank.
class Allocator {
public:
    explicit Allocator(const DeviceSpec& spec, const DeviceOptions& options);

    uint64_t footprint(BufferType type, uint64_t page_count, uint64_t page_bytes) const;
    // Reserves `bytes` (a footprint) or throws naming the largest live buffers.
    uint64_t reserve(BufferType type, uint64_t bytes, const std::string& description);
    uint64_t reserve(BufferType type, uint64_t bytes, const BufferLabel& label);
    // A sharded buffer: `shard_bytes` (aligned) in each bank of `bank_mask`; throws when a bank lacks room,
    // naming the core (L1) or bank (DRAM), as TT-NN does for a shard that does not fit.
    uint64_t reserve_shards(BufferType type, uint64_t shard_bytes, uint64_t bank_mask, const BufferLabel& label);
    void release(uint64_t id);
    uint32_t banks(BufferType type) const { return pool(type).banks; }
    uint32_t alignment(BufferType type) const { return pool(type).alignment; }
    uint64_t bank_bytes_in_use(BufferType type, uint32_t bank) const;

    uint64_t capacity(BufferType type) const;
    uint64_t bytes_in_use(BufferType type) const;
    uint64_t peak_bytes(BufferType type) const;
    void reset_peak();
    std::vector<Allocation> live() const;

private:
    struct Pool {
        uint64_t capacity = 0;
        uint64_t in_use = 0;
        uint64_t peak = 0;
        uint32_t banks = 1;
        uint32_t alignment = 1;
        std::vector<uint64_t> bank_in_use;  // per bank: interleaved buffers spread evenly, shards where placed
    };
    Pool& pool(BufferType type) { return pools_[static_cast<int>(type)]; }
    const Pool& pool(BufferType type) const { return pools_[static_cast<int>(type)]; }

    uint64_t reserve(BufferType type, uint64_t bytes, std::string note, const std::optional<BufferLabel>& label);
    [[noreturn]] void fail_full(BufferType type,
                                uint64_t bytes,
                                const Allocation& request,
                                const std::string& where) const;

    Pool pools_[2];
    std::vector<Allocation> live_;
    uint32_t l1_grid_x_ = 8;  // L1 bank b is core (b % grid_x, b / grid_x)
    uint64_t next_id_ = 1;
    mutable std::mutex mutex_;
};

class Device : public std::enable_shared_from_this<Device> {
public:
    static std::shared_ptr<Device> open(const DeviceOptions& options = {});
    static int num_available() { return 1; }
    ~Device();

    // Frees every buffer still on the device; tensors holding them become deallocated.
    void close();
    bool is_open() const { return open_; }
    void check_open(const char* op) const;

    int id() const { return options_.device_id; }
    const DeviceSpec& spec() const { return spec_; }
    CoreCoord compute_with_storage_grid_size() const { return {spec_.grid_x, spec_.grid_y}; }
    Allocator& allocator() { return allocator_; }
    const Allocator& allocator() const { return allocator_; }
    ThreadPool& pool() { return *pool_; }
    CoreGrid core_grid() const { return {spec_.grid_x, spec_.grid_y}; }

    // TT-NN's program cache: while enabled, each distinct op configuration (op, input specs and memory configs,
    // attributes; numbers given for tensors are runtime arguments) counts one entry, as TT-NN compiles one
    // program per configuration. Nothing is compiled here, so the cache only counts.
    void enable_program_cache();
    void disable_and_clear_program_cache();
    bool program_cache_enabled() const { return program_cache_enabled_; }
    size_t num_program_cache_entries() const;
    void record_program(uint64_t key);
    // True once any device enabled its cache: ops skip looking for their device until then.
    static bool program_cache_in_use();

    // Buffers register so that close() can free them; called by Buffer only.
    void register_buffer(class Buffer* buffer);
    void unregister_buffer(class Buffer* buffer);

private:
    Device(const DeviceSpec& spec, const DeviceOptions& options);

    DeviceSpec spec_;
    DeviceOptions options_;
    Allocator allocator_;
    std::unique_ptr<ThreadPool> pool_;
    bool open_ = true;
    std::atomic<bool> program_cache_enabled_ = false;
    mutable std::mutex program_cache_mutex_;
    std::unordered_set<uint64_t> program_cache_;
    std::mutex buffers_mutex_;
    std::vector<class Buffer*> buffers_;
};

}  // namespace ttnn
