#include "ops/reduction_plan.hpp"

#include "kernels/data_movement_copy.hpp"
#include "ops/data_movement_views.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

// Appends a dim, merging it into the previous one when both strides run on contiguously.
void push_dim(std::vector<uint64_t>& extents,
              std::vector<int64_t>& a,
              std::vector<int64_t>* b,
              uint64_t n,
              int64_t sa,
              int64_t sb) {
    if (n == 1)
        return;
    const auto wide = static_cast<int64_t>(n);
    if (!extents.empty() && a.back() == sa * wide && (b == nullptr || b->back() == sb * wide)) {
        extents.back() *= n;
        a.back() = sa;
        if (b != nullptr)
            b->back() = sb;
        return;
    }
    extents.push_back(n);
    a.push_back(sa);
    if (b != nullptr)
        b->push_back(sb);
}

}  // namespace

std::vector<bool> reduced_dims(const char* op, const Shape& shape, const std::optional<std::vector<int64_t>>& dim) {
    std::vector<bool> mask(static_cast<size_t>(shape.rank()), !dim.has_value() || dim->empty());
    for (int64_t d : dim.value_or(std::vector<int64_t>{})) {
        const int n = normalize_dim(op, d, shape.rank());
        if (shape.rank() == 0)
            continue;
        TTNN_CHECK(!mask[static_cast<size_t>(n)],
                   VALUE,
                   "ttnn.",
                   op,
                   ": dim ",
                   n,
                   " appears more than once; expected each dim at most once");
        mask[static_cast<size_t>(n)] = true;
    }
    return mask;
}

Shape reduced_shape(const Shape& shape, const std::vector<bool>& mask, bool keepdim) {
    std::vector<uint32_t> dims;
    for (int i = 0; i < shape.rank(); ++i) {
        if (!mask[static_cast<size_t>(i)]) {
            dims.push_back(shape[i]);
        } else if (keepdim) {
            dims.push_back(1);
        }
    }
    return Shape(dims);
}

ReducePlan make_plan(const TensorSpec& in, const TensorSpec& out, const std::vector<bool>& mask, bool keepdim) {
    const std::vector<int64_t> in_strides = kernels::storage_strides(in);
    const std::vector<int64_t> out_strides = kernels::storage_strides(out);
    ReducePlan p;
    size_t j = 0;
    for (size_t i = 0; i < mask.size(); ++i) {
        const uint64_t n = in.logical_shape[static_cast<int>(i)];
        if (mask[i]) {
            p.reduce_count *= n;
            push_dim(p.reduced, p.reduced_in, nullptr, n, in_strides[i], 0);
            j += keepdim ? 1 : 0;
        } else {
            push_dim(p.kept, p.kept_in, &p.kept_out, n, in_strides[i], out_strides[j++]);
        }
    }
    return p;
}

}  // namespace ttnn::ops
