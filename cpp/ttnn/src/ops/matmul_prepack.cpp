// The prepared-weight cache: packed GEMM panels of constant weights, built once by prepare_linear_weight (or
// on first use of a weight marked constant) and reused by every matmul/linear that reads the same buffer.
// Entries hold the buffer weakly: a destroyed or deallocated weight drops its packed copy, and a new buffer
// at a reused address never matches a stale entry.
#include <algorithm>
#include <mutex>

#include "ops/matmul_internal.hpp"
#include "ops/op_common.hpp"
#include "ttnn/ops/matmul.hpp"

namespace ttnn::ops {
namespace {

struct Entry {
    std::weak_ptr<Buffer> buffer;
    const Buffer* address = nullptr;
    bool transpose_b = false;
    MathFidelity fidelity = MathFidelity::HiFi4;
    std::shared_ptr<const PackedWeight> packed;  // null: marked constant, not packed for this key yet
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

void drop_dead(std::vector<Entry>& entries) {
    std::erase_if(entries, [](const Entry& e) { return !live(e); });
}

bool same_buffer(const Entry& e, const Tensor& t) {
    return e.address == t.buffer().get() && live(e);
}

}  // namespace

std::shared_ptr<const PackedWeight> find_prepared_weight(const Tensor& b, bool transpose_b, MathFidelity fidelity) {
    Cache& c = cache();
    std::lock_guard lock(c.mutex);
    for (const Entry& e : c.entries) {
        if (e.packed && same_buffer(e, b) && e.transpose_b == transpose_b && e.fidelity == fidelity) {
            return e.packed;
        }
    }
    return nullptr;
}

bool is_constant_weight(const Tensor& b) {
    Cache& c = cache();
    std::lock_guard lock(c.mutex);
    return std::any_of(c.entries.begin(), c.entries.end(), [&](const Entry& e) { return same_buffer(e, b); });
}

void mark_constant_weight(const Tensor& b) {
    Cache& c = cache();
    std::lock_guard lock(c.mutex);
    drop_dead(c.entries);
    c.entries.push_back({b.buffer(), b.buffer().get(), false, MathFidelity::HiFi4, nullptr});
}

void store_prepared_weight(const Tensor& b,
                           bool transpose_b,
                           MathFidelity fidelity,
                           std::shared_ptr<const PackedWeight> packed) {
    Cache& c = cache();
    std::lock_guard lock(c.mutex);
    drop_dead(c.entries);
    c.entries.push_back({b.buffer(), b.buffer().get(), transpose_b, fidelity, std::move(packed)});
}

}  // namespace ttnn::ops

namespace ttnn {

size_t prepared_weight_count() {
    ops::Cache& c = ops::cache();
    std::lock_guard lock(c.mutex);
    ops::drop_dead(c.entries);
    return static_cast<size_t>(
        std::count_if(c.entries.begin(), c.entries.end(), [](const ops::Entry& e) { return e.packed != nullptr; }));
}

void clear_prepared_weights() {
    ops::Cache& c = ops::cache();
    std::lock_guard lock(c.mutex);
    c.entries.clear();
}

}  // namespace ttnn
