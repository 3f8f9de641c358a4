#include <algorithm>
#include <cstdio>
#include <string>

#include "ttnn/device.hpp"
#include "ttnn/error.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn {
namespace {

std::string human_bytes(uint64_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof(text), unit == 0 ? "%.0f %s" : "%.2f %s", value, units[unit]);
    return text;
}

}  // namespace

Allocator::Allocator(const DeviceSpec& spec, const DeviceOptions& options) {
    TTNN_CHECK(options.trace_region_size < spec.dram_bytes,
               VALUE,
               "open_device: trace_region_size must leave DRAM for buffers; expected < ",
               spec.dram_bytes,
               ", got ",
               options.trace_region_size);
    TTNN_CHECK(options.l1_small_size < spec.l1_bytes_per_core,
               VALUE,
               "open_device: l1_small_size must leave L1 for buffers; expected < ",
               spec.l1_bytes_per_core,
               " bytes per core, got ",
               options.l1_small_size);
    pool(BufferType::DRAM) = {spec.dram_bytes - options.trace_region_size, 0, 0, spec.dram_banks, spec.dram_alignment};
    pool(BufferType::L1) = {
        (spec.l1_bytes_per_core - options.l1_small_size) * spec.l1_banks(), 0, 0, spec.l1_banks(), spec.l1_alignment};
}

uint64_t Allocator::footprint(BufferType type, uint64_t page_count, uint64_t page_bytes) const {
    if (page_count == 0) {
        return 0;
    }
    const Pool& p = pool(type);
    const uint64_t pages_per_bank = (page_count + p.banks - 1) / p.banks;
    const uint64_t aligned_page = (page_bytes + p.alignment - 1) / p.alignment * p.alignment;
    return pages_per_bank * aligned_page * p.banks;
}

std::string Allocation::description() const {
    if (!label) {
        return note;
    }
    const Shape logical(std::vector<uint32_t>(label->dims.begin(), label->dims.begin() + label->rank));
    return TensorSpec{logical, padded_shape(logical, label->layout), label->dtype, label->layout}.to_string();
}

uint64_t Allocator::reserve(BufferType type, uint64_t bytes, const std::string& description) {
    return reserve(type, bytes, description, std::nullopt);
}

uint64_t Allocator::reserve(BufferType type, uint64_t bytes, const BufferLabel& label) {
    return reserve(type, bytes, std::string(), label);
}

uint64_t Allocator::reserve(BufferType type,
                            uint64_t bytes,
                            std::string note,
                            const std::optional<BufferLabel>& label) {
    std::lock_guard lock(mutex_);
    Pool& p = pool(type);
    if (p.in_use + bytes > p.capacity) {
        std::vector<Allocation> holders = live_;
        std::erase_if(holders, [&](const Allocation& a) { return a.buffer_type != type; });
        std::sort(holders.begin(), holders.end(), [](const auto& a, const auto& b) { return a.bytes > b.bytes; });
        std::string listing;
        for (size_t i = 0; i < std::min<size_t>(holders.size(), 5); ++i) {
            listing += "\n  buffer " + std::to_string(holders[i].id) + ": " + human_bytes(holders[i].bytes) + ", " +
                       holders[i].description();
        }
        TTNN_FAIL(RUNTIME,
                  "allocate: out of ",
                  name(type),
                  " memory; requested ",
                  human_bytes(bytes),
                  " for ",
                  Allocation{0, type, bytes, note, label}.description(),
                  ", but ",
                  human_bytes(p.in_use),
                  " of ",
                  human_bytes(p.capacity),
                  " is held by ",
                  holders.size(),
                  " buffers (ttnn.deallocate frees one). Largest holders:",
                  listing.empty() ? std::string("\n  none") : listing);
    }
    p.in_use += bytes;
    p.peak = std::max(p.peak, p.in_use);
    const uint64_t id = next_id_++;
    live_.push_back({id, type, bytes, std::move(note), label});
    return id;
}

void Allocator::release(uint64_t id) {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(live_.begin(), live_.end(), [&](const Allocation& a) { return a.id == id; });
    TTNN_ASSERT(it != live_.end(), "release of unknown allocation ", id);
    pool(it->buffer_type).in_use -= it->bytes;
    live_.erase(it);
}

uint64_t Allocator::capacity(BufferType type) const {
    return pool(type).capacity;
}

uint64_t Allocator::bytes_in_use(BufferType type) const {
    std::lock_guard lock(mutex_);
    return pool(type).in_use;
}

uint64_t Allocator::peak_bytes(BufferType type) const {
    std::lock_guard lock(mutex_);
    return pool(type).peak;
}

void Allocator::reset_peak() {
    std::lock_guard lock(mutex_);
    for (Pool& p : pools_) {
        p.peak = p.in_use;
    }
}

std::vector<Allocation> Allocator::live() const {
    std::lock_guard lock(mutex_);
    return live_;
}

}  // namespace ttnn
