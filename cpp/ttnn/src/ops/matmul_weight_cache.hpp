#pragma once
// The prepared-weight cache shared by matmul/linear (matmul_prepack.cpp) and conv2d (conv_prepack.cpp):
// packed GEMM panels of weights marked constant, keyed by the weight's buffer plus an op-specific Key, built
// once and reused by every later call that reads the same buffer. Entries hold the buffer weakly: a destroyed
// or deallocated weight drops its panels, and a new buffer at a reused address never matches a stale entry.
#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "ttnn/tensor.hpp"

namespace ttnn::ops {

template <typename Key, typename Value>
class WeightCache {
public:
    using Ptr = std::shared_ptr<const Value>;

    // Marks `weight` constant for `key` (no panels yet) unless an entry for both exists.
    void mark(const Tensor& weight, const Key& key) {
        std::lock_guard lock(mutex_);
        drop_dead();
        if (find(weight, &key) == nullptr)
            entries_.push_back({weight.buffer(), weight.buffer().get(), key, nullptr});
    }
    // nullopt: not marked for `key`; else the panels (null while marked but not packed yet).
    std::optional<Ptr> lookup(const Tensor& weight, const Key& key) {
        std::lock_guard lock(mutex_);
        drop_dead();
        const Entry* e = find(weight, &key);
        return e == nullptr ? std::nullopt : std::optional<Ptr>(e->value);
    }
    // True when `weight` is marked for any key.
    bool contains(const Tensor& weight) {
        std::lock_guard lock(mutex_);
        drop_dead();
        return find(weight, nullptr) != nullptr;
    }
    // Sets the panels of the entry for (weight, key); adds one when there is none and `add` is set.
    void store(const Tensor& weight, const Key& key, Ptr value, bool add) {
        std::lock_guard lock(mutex_);
        drop_dead();
        if (Entry* e = find(weight, &key))
            e->value = std::move(value);
        else if (add)
            entries_.push_back({weight.buffer(), weight.buffer().get(), key, std::move(value)});
    }
    // Live entries (with panels only, when packed_only).
    size_t count(bool packed_only) {
        std::lock_guard lock(mutex_);
        drop_dead();
        return static_cast<size_t>(
            std::count_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return !packed_only || e.value; }));
    }
    void clear() {
        std::lock_guard lock(mutex_);
        entries_.clear();
    }

private:
    struct Entry {
        std::weak_ptr<Buffer> buffer;
        const Buffer* address = nullptr;
        Key key{};
        Ptr value;
    };

    static bool live(const Entry& e) {
        const std::shared_ptr<Buffer> held = e.buffer.lock();
        return held != nullptr && held.get() == e.address && held->is_allocated();
    }
    void drop_dead() {
        std::erase_if(entries_, [](const Entry& e) { return !live(e); });
    }
    Entry* find(const Tensor& weight, const Key* key) {
        for (Entry& e : entries_) {
            if (e.address == weight.buffer().get() && (key == nullptr || e.key == *key))
                return &e;
        }
        return nullptr;
    }

    std::mutex mutex_;
    std::vector<Entry> entries_;
};

}  // namespace ttnn::ops
