#include "compiler/runtime/program.hpp"

#include <algorithm>

namespace torch_ttnn {

std::optional<ttnn::Tensor> ParamCache::find(uint64_t key, int64_t version, DeviceForm form) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find({key, form.layout, form.dtype});
    if (it == entries_.end() || it->second.version != version)
        return std::nullopt;
    return it->second.tensor;
}

void ParamCache::store(uint64_t key, int64_t version, DeviceForm form, ttnn::Tensor tensor) {
    std::lock_guard lock(mutex_);
    entries_.insert_or_assign({key, form.layout, form.dtype}, Entry{version, std::move(tensor)});
}

void ParamCache::evict(uint64_t key) {
    std::lock_guard lock(mutex_);
    std::erase_if(entries_, [&](const auto& e) { return std::get<0>(e.first) == key; });
    // A derived value may come from the freed parameter; they are recomputed on the next call.
    std::erase_if(derived_, [&](const auto& d) {
        return std::any_of(
            d.second.signature.begin(), d.second.signature.end(), [&](const auto& s) { return s.first == key; });
    });
}

void ParamCache::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
    derived_.clear();
}

ParamCache::Derived& ParamCache::derived(uint64_t program_id) {
    std::lock_guard lock(mutex_);
    return derived_[program_id];  // std::map: the reference stays valid while other programs add theirs
}

size_t ParamCache::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace torch_ttnn
