#include "core/host_memory.hpp"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <list>
#include <map>
#include <mutex>
#include <vector>

#include "ttnn/layout.hpp"

namespace ttnn::detail {
namespace {

constexpr uint64_t kMinCached = uint64_t{256} << 10;  // smaller blocks come from malloc's own bins
constexpr uint64_t kGranule = uint64_t{64} << 10;     // sizes round up to this, so near sizes share blocks
constexpr uint64_t kCap = uint64_t{512} << 20;        // the most kept at once; beyond it the oldest are freed

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kCacheEnabled = false;  // reuse would hide use-after-free from AddressSanitizer
#else
constexpr bool kCacheEnabled = true;
#endif

// Freed blocks by size, newest last, with a global age order: a block given when the cache is full pushes the
// oldest ones out, so a workload whose sizes change (a different model, other shapes) gets cached again instead
// of finding the cap filled by sizes nobody asks for any more (which faulted fresh pages into every call).
class HostCache {
public:
    void* take(uint64_t bytes) {
        const std::lock_guard<std::mutex> lock(mutex_);
        auto it = free_.find(bytes);
        if (it == free_.end() || it->second.empty())
            return nullptr;
        const auto entry = it->second.back();  // the newest: likeliest still in the CPU caches
        it->second.pop_back();
        void* block = entry->block;
        age_.erase(entry);
        cached_ -= bytes;
        return block;
    }

    void give(void* block, uint64_t bytes) {
        std::vector<void*> evicted;
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            if (bytes > kCap) {
                evicted.push_back(block);
            } else {
                while (cached_ + bytes > kCap)
                    evicted.push_back(evict_oldest());
                age_.push_back({bytes, block});
                free_[bytes].push_back(std::prev(age_.end()));
                cached_ += bytes;
            }
        }
        for (void* b : evicted)
            std::free(b);
    }

    uint64_t cached() {
        const std::lock_guard<std::mutex> lock(mutex_);
        return cached_;
    }

    void clear() {
        const std::lock_guard<std::mutex> lock(mutex_);
        for (const Entry& e : age_)
            std::free(e.block);
        age_.clear();
        free_.clear();
        cached_ = 0;
    }

    ~HostCache() { clear(); }

private:
    struct Entry {
        uint64_t bytes;
        void* block;
    };
    using Age = std::list<Entry>;

    void* evict_oldest() {
        const Entry oldest = age_.front();
        std::vector<Age::iterator>& same = free_[oldest.bytes];
        same.erase(std::find(same.begin(), same.end(), age_.begin()));
        age_.pop_front();
        cached_ -= oldest.bytes;
        return oldest.block;
    }

    std::mutex mutex_;
    Age age_;                                              // every kept block, oldest first
    std::map<uint64_t, std::vector<Age::iterator>> free_;  // by size, newest last
    uint64_t cached_ = 0;
};

HostCache& cache() {
    static HostCache instance;
    return instance;
}

}  // namespace

std::shared_ptr<void> allocate_host_memory(uint64_t bytes) {
    if (!kCacheEnabled || bytes < kMinCached) {
        void* memory = std::aligned_alloc(64, round_up(bytes, 64));
        return memory == nullptr ? nullptr : std::shared_ptr<void>(memory, std::free);
    }
    const uint64_t size = round_up(bytes, kGranule);
    void* memory = cache().take(size);
    if (memory == nullptr)
        memory = std::aligned_alloc(64, size);
    if (memory == nullptr)
        return nullptr;
    return std::shared_ptr<void>(memory, [size](void* block) { cache().give(block, size); });
}

bool host_memory_reused() {
    return kCacheEnabled;
}

uint64_t cached_host_bytes() {
    return cache().cached();
}

void release_cached_host_memory() {
    cache().clear();
}

}  // namespace ttnn::detail
