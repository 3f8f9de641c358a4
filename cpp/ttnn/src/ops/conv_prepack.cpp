// The conv prepared-weight cache (ops/matmul_weight_cache.hpp): GEMM panels of weights marked constant by
// prepare_conv_weights, packed on first use and reused by every conv2d reading the same buffer and groups.
#include "ops/conv_plan.hpp"
#include "ops/matmul_weight_cache.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

using ConvCache = WeightCache<size_t, kernels::AlignedFloats>;  // keyed by groups
using PairsCache = WeightCache<size_t, kernels::PackedB>;       // the bf16 GEMM's form, keyed by groups

ConvCache& cache() {
    static ConvCache instance;
    return instance;
}

PairsCache& pairs_cache() {
    static PairsCache instance;
    return instance;
}

}  // namespace

std::shared_ptr<const kernels::AlignedFloats> conv_weight_panels(const Tensor& weight,
                                                                 size_t groups,
                                                                 const std::function<kernels::AlignedFloats()>& pack) {
    const std::optional<ConvCache::Ptr> cached = cache().lookup(weight, groups);
    if (!cached.has_value())
        return std::make_shared<const kernels::AlignedFloats>(pack());
    if (*cached != nullptr)
        return *cached;
    // Packed outside the lock (it runs on the device's pool); a concurrent first use packs twice, harmlessly.
    auto panels = std::make_shared<const kernels::AlignedFloats>(pack());
    cache().store(weight, groups, panels, false);
    return panels;
}

std::shared_ptr<const kernels::PackedB> conv_weight_pairs(const Tensor& weight,
                                                          size_t groups,
                                                          const std::function<kernels::PackedB()>& pack) {
    if (!conv_weight_is_prepared(weight, groups))
        return std::make_shared<const kernels::PackedB>(pack());
    const std::optional<PairsCache::Ptr> cached = pairs_cache().lookup(weight, groups);
    if (cached.has_value() && *cached != nullptr)
        return *cached;
    auto pairs = std::make_shared<const kernels::PackedB>(pack());
    pairs_cache().store(weight, groups, pairs, true);
    return pairs;
}

bool conv_weight_is_prepared(const Tensor& weight, size_t groups) {
    return cache().lookup(weight, groups).has_value();
}

}  // namespace ttnn::ops

namespace ttnn {

Tensor prepare_conv_weights(const Tensor& weight_tensor, const Conv2dParams& params) {
    weight_tensor.check_usable("ttnn.prepare_conv_weights");
    const Shape& w = weight_tensor.logical_shape();
    TTNN_CHECK(w.rank() == 4 || w.rank() == 2,
               VALUE,
               "ttnn.prepare_conv_weights: weight must be rank 4 (OIHW) or 2 ([O, I/groups*kh*kw]); got ",
               w.to_string());
    TTNN_CHECK(params.groups > 0, VALUE, "ttnn.prepare_conv_weights: groups must be positive; got ", params.groups);
    ops::cache().mark(weight_tensor, params.groups);
    return weight_tensor;
}

size_t prepared_conv_weight_count() {
    return ops::cache().count(false);
}

}  // namespace ttnn
