#include "compiler/runtime/program.hpp"

namespace torch_ttnn {

// One parameter may be cached in several shapes (a conv weight in its prepared form and as OIHW for the
// backward), so the shape is part of the entry.
std::optional<ttnn::Tensor> ParamCache::find(
    uint64_t key, int64_t version, DeviceForm form, const ttnn::Shape& shape, const std::vector<int64_t>& view) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find({key, form.layout, form.dtype, shape.to_vector(), view});
    if (it == entries_.end() || it->second.version != version)
        return std::nullopt;
    return it->second.tensor;
}

void ParamCache::store(uint64_t key, int64_t version, DeviceForm form, ttnn::Tensor tensor, std::vector<int64_t> view) {
    std::lock_guard lock(mutex_);
    const ttnn::Shape& shape = tensor.logical_shape();
    // One slice per parameter and form: a generation's every decode step slices the mask at a new length, and
    // keeping them all would grow the cache by a slice per token; another slice is cut again when read.
    if (!view.empty()) {
        std::erase_if(entries_, [&](const auto& e) {
            const auto& [k, layout, dtype, dims, other] = e.first;
            return k == key && layout == form.layout && dtype == form.dtype && !other.empty();
        });
    }
    entries_.insert_or_assign({key, form.layout, form.dtype, shape.to_vector(), std::move(view)},
                              Entry{version, std::move(tensor)});
}

void ParamCache::evict(uint64_t key) {
    std::lock_guard lock(mutex_);
    std::erase_if(entries_, [&](const auto& e) { return std::get<0>(e.first) == key; });
}

void ParamCache::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
}

size_t ParamCache::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace torch_ttnn
