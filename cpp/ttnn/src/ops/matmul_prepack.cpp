// The matmul prepared-weight cache: packed GEMM panels of constant weights, built once by
// prepare_linear_weight (or on first use of a weight marked constant), keyed by transpose_b and fidelity.
#include "ops/matmul_internal.hpp"
#include "ops/matmul_weight_cache.hpp"
#include "ops/op_common.hpp"
#include "ttnn/ops/matmul.hpp"

namespace ttnn::ops {
namespace {

struct Key {
    bool transpose_b = false;
    MathFidelity fidelity = MathFidelity::HiFi4;
    bool operator==(const Key&) const = default;
};

WeightCache<Key, PackedWeight>& cache() {
    static WeightCache<Key, PackedWeight> instance;
    return instance;
}

}  // namespace

std::shared_ptr<const PackedWeight> find_prepared_weight(const Tensor& b, bool transpose_b, MathFidelity fidelity) {
    return cache().lookup(b, {transpose_b, fidelity}).value_or(nullptr);
}

bool is_constant_weight(const Tensor& b) {
    return cache().contains(b);
}

void mark_constant_weight(const Tensor& b) {
    cache().mark(b, {});
}

void store_prepared_weight(const Tensor& b,
                           bool transpose_b,
                           MathFidelity fidelity,
                           std::shared_ptr<const PackedWeight> packed) {
    cache().store(b, {transpose_b, fidelity}, std::move(packed), true);
}

}  // namespace ttnn::ops

namespace ttnn {

size_t prepared_weight_count() {
    return ops::cache().count(true);
}

void clear_prepared_weights() {
    ops::cache().clear();
}

}  // namespace ttnn
