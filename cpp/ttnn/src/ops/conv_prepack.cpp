// The conv prepared-weight cache: GEMM panels of weights marked constant by prepare_conv_weights, packed on
// first use and reused by every conv2d that reads the same buffer with the same groups. Entries hold the
// buffer weakly: a destroyed or deallocated weight drops its panels, and a new buffer at a reused address
// never matches a stale entry.
#include <algorithm>
#include <mutex>
#include <vector>

#include "ops/conv_plan.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

struct Entry {
    std::weak_ptr<Buffer> buffer;
    const Buffer* address = nullptr;
    size_t groups = 1;
    std::shared_ptr<const kernels::AlignedFloats> panels;  // null: marked, not packed yet
};

struct Cache {
    std::mutex mutex;
    std::vector<Entry> entries;
};

Cache& cache() {
    static Cache instance;
    return instance;
}

bool live(const Entry& e) {
    const std::shared_ptr<Buffer> held = e.buffer.lock();
    return held != nullptr && held.get() == e.address && held->is_allocated();
}

Entry* find(Cache& c, const Tensor& weight, size_t groups) {
    std::erase_if(c.entries, [](const Entry& e) { return !live(e); });
    for (Entry& e : c.entries) {
        if (e.address == weight.buffer().get() && e.groups == groups)
            return &e;
    }
    return nullptr;
}

}  // namespace

std::shared_ptr<const kernels::AlignedFloats> conv_weight_panels(const Tensor& weight,
                                                                 size_t groups,
                                                                 const std::function<kernels::AlignedFloats()>& pack) {
    Cache& c = cache();
    {
        std::lock_guard lock(c.mutex);
        const Entry* e = find(c, weight, groups);
        if (e == nullptr)
            return std::make_shared<const kernels::AlignedFloats>(pack());
        if (e->panels != nullptr)
            return e->panels;
    }
    // Packed outside the lock (it runs on the device's pool); a concurrent first use packs twice, harmlessly.
    auto panels = std::make_shared<const kernels::AlignedFloats>(pack());
    std::lock_guard lock(c.mutex);
    if (Entry* e = find(c, weight, groups))
        e->panels = panels;
    return panels;
}

bool conv_weight_is_prepared(const Tensor& weight, size_t groups) {
    Cache& c = cache();
    std::lock_guard lock(c.mutex);
    return find(c, weight, groups) != nullptr;
}

}  // namespace ttnn::ops

namespace ttnn {

Tensor prepare_conv_weights(const Tensor& weight_tensor, const Conv2dParams& params) {
    weight_tensor.check_usable("ttnn.prepare_conv_weights");
    const Shape& w = weight_tensor.logical_shape();
    TTNN_CHECK(w.rank() == 4, VALUE, "ttnn.prepare_conv_weights: weight must be rank 4 (OIHW); got ", w.to_string());
    TTNN_CHECK(params.groups > 0, VALUE, "ttnn.prepare_conv_weights: groups must be positive; got ", params.groups);
    ops::Cache& c = ops::cache();
    std::lock_guard lock(c.mutex);
    if (ops::find(c, weight_tensor, params.groups) == nullptr) {
        c.entries.push_back({weight_tensor.buffer(), weight_tensor.buffer().get(), params.groups, nullptr});
    }
    return weight_tensor;
}

size_t prepared_conv_weight_count() {
    ops::Cache& c = ops::cache();
    std::lock_guard lock(c.mutex);
    std::erase_if(c.entries, [](const ops::Entry& e) { return !ops::live(e); });
    return c.entries.size();
}

}  // namespace ttnn
