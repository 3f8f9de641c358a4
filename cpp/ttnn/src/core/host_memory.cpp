#include "core/host_memory.hpp"

#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>

#include "ttnn/layout.hpp"

namespace ttnn::detail {
namespace {

constexpr uint64_t kMinCached = uint64_t{256} << 10;  // smaller blocks come from malloc's own bins
constexpr uint64_t kGranule = uint64_t{64} << 10;     // sizes round up to this, so near sizes share blocks
constexpr uint64_t kCap = uint64_t{512} << 20;        // the most kept at once; beyond it blocks are freed

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kCacheEnabled = false;  // reuse would hide use-after-free from AddressSanitizer
#else
constexpr bool kCacheEnabled = true;
#endif

class HostCache {
public:
    void* take(uint64_t bytes) {
        const std::lock_guard<std::mutex> lock(mutex_);
        auto it = free_.find(bytes);
        if (it == free_.end() || it->second.empty())
            return nullptr;
        void* block = it->second.back();
        it->second.pop_back();
        cached_ -= bytes;
        return block;
    }

    void give(void* block, uint64_t bytes) {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            if (cached_ + bytes <= kCap) {
                free_[bytes].push_back(block);
                cached_ += bytes;
                return;
            }
        }
        std::free(block);
    }

    uint64_t cached() {
        const std::lock_guard<std::mutex> lock(mutex_);
        return cached_;
    }

    void clear() {
        const std::lock_guard<std::mutex> lock(mutex_);
        for (auto& [bytes, blocks] : free_) {
            for (void* block : blocks)
                std::free(block);
        }
        free_.clear();
        cached_ = 0;
    }

    ~HostCache() { clear(); }

private:
    std::mutex mutex_;
    std::map<uint64_t, std::vector<void*>> free_;
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
