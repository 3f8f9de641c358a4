#include <algorithm>
#include <bit>
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
    pool(BufferType::DRAM) = {spec.dram_bytes - options.trace_region_size,
                              0,
                              0,
                              spec.dram_banks,
                              spec.dram_alignment,
                              std::vector<uint64_t>(spec.dram_banks, 0)};
    pool(BufferType::L1) = {(spec.l1_bytes_per_core - options.l1_small_size) * spec.l1_banks(),
                            0,
                            0,
                            spec.l1_banks(),
                            spec.l1_alignment,
                            std::vector<uint64_t>(spec.l1_banks(), 0)};
    l1_grid_x_ = spec.grid_x;
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

void Allocator::fail_full(BufferType type, uint64_t bytes, const Allocation& request, const std::string& where) const {
    const Pool& p = pool(type);
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
              " memory",
              where,
              "; requested ",
              human_bytes(bytes),
              " for ",
              request.description(),
              ", but ",
              human_bytes(p.in_use),
              " of ",
              human_bytes(p.capacity),
              " is held by ",
              holders.size(),
              " buffers (ttnn.deallocate frees one). Largest holders:",
              listing.empty() ? std::string("\n  none") : listing);
}

uint64_t Allocator::reserve(BufferType type,
                            uint64_t bytes,
                            std::string note,
                            const std::optional<BufferLabel>& label) {
    std::lock_guard lock(mutex_);
    Pool& p = pool(type);
    const uint64_t per_bank = bytes / p.banks;
    const uint64_t fullest = *std::max_element(p.bank_in_use.begin(), p.bank_in_use.end());
    if (p.in_use + bytes > p.capacity || fullest + per_bank > p.capacity / p.banks)
        fail_full(type, bytes, Allocation{0, type, bytes, note, label}, "");
    for (uint64_t& used : p.bank_in_use)
        used += per_bank;
    p.in_use += bytes;
    p.peak = std::max(p.peak, p.in_use);
    const uint64_t id = next_id_++;
    live_.push_back({id, type, bytes, std::move(note), label, 0, per_bank});
    return id;
}

uint64_t Allocator::reserve_shards(BufferType type,
                                   uint64_t shard_bytes,
                                   uint64_t bank_mask,
                                   const BufferLabel& label) {
    std::lock_guard lock(mutex_);
    Pool& p = pool(type);
    const uint64_t bytes = shard_bytes * static_cast<uint64_t>(std::popcount(bank_mask));
    const Allocation request{0, type, bytes, std::string(), label, bank_mask, shard_bytes};
    for (uint32_t b = 0; b < p.banks; ++b) {
        if ((bank_mask >> b & 1u) && p.bank_in_use[b] + shard_bytes > p.capacity / p.banks) {
            const uint32_t grid_x = l1_grid_x_;
            fail_full(type,
                      shard_bytes,
                      request,
                      type == BufferType::L1
                          ? " on core (" + std::to_string(b % grid_x) + ", " + std::to_string(b / grid_x) +
                                ") for one shard, " + human_bytes(p.bank_in_use[b]) + " of its " +
                                human_bytes(p.capacity / p.banks) + " held"
                          : " in bank " + std::to_string(b) + " for one shard");
        }
    }
    for (uint32_t b = 0; b < p.banks; ++b)
        p.bank_in_use[b] += (bank_mask >> b & 1u) ? shard_bytes : 0;
    p.in_use += bytes;
    p.peak = std::max(p.peak, p.in_use);
    const uint64_t id = next_id_++;
    live_.push_back(Allocation{id, type, bytes, std::string(), label, bank_mask, shard_bytes});
    return id;
}

uint64_t Allocator::bank_bytes_in_use(BufferType type, uint32_t bank) const {
    std::lock_guard lock(mutex_);
    const Pool& p = pool(type);
    TTNN_CHECK(bank < p.banks, INDEX, "bank_bytes_in_use: bank out of range; expected < ", p.banks, ", got ", bank);
    return p.bank_in_use[bank];
}

void Allocator::release(uint64_t id) {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(live_.begin(), live_.end(), [&](const Allocation& a) { return a.id == id; });
    TTNN_ASSERT(it != live_.end(), "release of unknown allocation ", id);
    Pool& p = pool(it->buffer_type);
    p.in_use -= it->bytes;
    for (uint32_t b = 0; b < p.banks; ++b)
        p.bank_in_use[b] -= (it->bank_mask == 0 || (it->bank_mask >> b & 1u)) ? it->per_bank : 0;
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
