// Data movement that reorders or cuts whole dims: permute, transpose, concat, stack, slice, split. Each op
// validates, computes its output shape, then describes the move as strided boxes for copy_strided.
#include "ttnn/ops/data_movement.hpp"

#include <algorithm>

#include "ops/data_movement_views.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"

namespace ttnn {
namespace {

using kernels::CopyBox;
using ops::copy_box;
using ops::element_image;
using ops::finish;
using ops::image_output;
using ops::normalize_dim;

void check_same_place(const char* op, const Tensor& first, const Tensor& other, size_t index) {
    TTNN_CHECK(other.dtype() == first.dtype(),
               VALUE,
               "ttnn.",
               op,
               ": all tensors must have one dtype; expected ",
               name(first.dtype()),
               ", got ",
               name(other.dtype()),
               " for tensor ",
               index);
    TTNN_CHECK(other.layout() == first.layout(),
               VALUE,
               "ttnn.",
               op,
               ": all tensors must have one layout; expected ",
               name(first.layout()),
               ", got ",
               name(other.layout()),
               " for tensor ",
               index);
    TTNN_CHECK(other.device() == first.device(),
               VALUE,
               "ttnn.",
               op,
               ": all tensors must live on one device; tensor ",
               index,
               " lives elsewhere than tensor 0");
}

std::vector<Tensor> images_of(const char* op, const std::vector<Tensor>& tensors) {
    TTNN_CHECK(!tensors.empty(), VALUE, "ttnn.", op, ": expected a non-empty list of tensors, got an empty list");
    std::vector<Tensor> images;
    for (size_t i = 0; i < tensors.size(); ++i) {
        tensors[i].check_usable(op);
        check_same_place(op, tensors[0], tensors[i], i);
        images.push_back(element_image(tensors[i]));
    }
    return images;
}

// Output positions of one input along `dim` of a concat or stack: the output's strides without `skip`.
std::vector<int64_t> strides_without(std::vector<int64_t> strides, int skip) {
    strides.erase(strides.begin() + skip);
    return strides;
}

// Storage that is C-contiguous over the logical shape: ROW_MAJOR, or TILE without padding.
bool dense(const TensorSpec& spec) {
    return spec.layout == Layout::ROW_MAJOR || spec.padded_shape == spec.logical_shape;
}

// concat along `d` of dense tensors into a dense output as whole rows (dims d.. of each input side by side);
// false when some storage has padding between rows and the strided copies must run instead.
bool concat_as_rows(const std::vector<Tensor>& images, const Tensor& out, int d) {
    if (!dense(out.spec()))
        return false;
    const Shape& shape = out.logical_shape();
    uint64_t rows = 1;
    for (int k = 0; k < d; ++k)
        rows *= shape[k];
    const size_t eb = info(out.dtype()).element_bytes;
    std::vector<const std::byte*> sources;
    std::vector<size_t> row_bytes;
    for (const Tensor& image : images) {
        if (!dense(image.spec()))
            return false;
        const uint64_t volume = image.logical_shape().volume();
        sources.push_back(image.data<std::byte>());
        row_bytes.push_back(rows == 0 ? 0 : volume / rows * eb);
    }
    kernels::concat_rows(sources, row_bytes, out.data<std::byte>(), rows, ops::pool_for(out));
    return true;
}

}  // namespace

Tensor permute(const Tensor& input_tensor,
               const std::vector<int64_t>& dims,
               const OptionalMemoryConfig& memory_config) {
    input_tensor.check_usable("permute");
    const Shape& in = input_tensor.logical_shape();
    const int rank = in.rank();
    TTNN_CHECK(dims.size() == static_cast<size_t>(rank),
               VALUE,
               "ttnn.permute: dims must name every dim once; expected ",
               rank,
               " dims, got ",
               dims.size());
    std::vector<int> order;
    std::vector<bool> seen(static_cast<size_t>(rank), false);
    for (int64_t d : dims) {
        const int n = normalize_dim("permute", d, rank);
        TTNN_CHECK(!seen[static_cast<size_t>(n)],
                   VALUE,
                   "ttnn.permute: dims must name every dim once; dim ",
                   d,
                   " appears twice");
        seen[static_cast<size_t>(n)] = true;
        order.push_back(n);
    }
    const Tensor src = element_image(input_tensor);
    std::vector<uint32_t> out_dims;
    for (int n : order)
        out_dims.push_back(in[n]);
    Tensor out = image_output("permute", src, Shape(out_dims), memory_config);
    const std::vector<int64_t> in_strides = kernels::storage_strides(src.spec());
    CopyBox box{ops::extents_of(out.logical_shape()), {}, kernels::storage_strides(out.spec())};
    for (int n : order)
        box.src_strides.push_back(in_strides[static_cast<size_t>(n)]);
    copy_box(src, out, box);
    return finish(out, input_tensor.dtype(), memory_config);
}

Tensor transpose(const Tensor& input_tensor, int64_t dim0, int64_t dim1, const OptionalMemoryConfig& memory_config) {
    input_tensor.check_usable("transpose");
    const int rank = input_tensor.logical_shape().rank();
    std::vector<int64_t> dims(static_cast<size_t>(rank));
    for (int i = 0; i < rank; ++i)
        dims[static_cast<size_t>(i)] = i;
    if (rank > 0) {
        std::swap(dims[static_cast<size_t>(normalize_dim("transpose", dim0, rank))],
                  dims[static_cast<size_t>(normalize_dim("transpose", dim1, rank))]);
    }
    return permute(input_tensor, dims, memory_config);
}

Tensor concat(const std::vector<Tensor>& tensors, int64_t dim, const OptionalMemoryConfig& memory_config) {
    const std::vector<Tensor> images = images_of("concat", tensors);
    const Shape& first = tensors[0].logical_shape();
    TTNN_CHECK(
        first.rank() > 0, VALUE, "ttnn.concat: zero-dimensional tensors cannot be concatenated; expected rank >= 1");
    const int d = normalize_dim("concat", dim, first.rank());
    Shape out_shape = first;
    out_shape[d] = 0;
    for (size_t i = 0; i < tensors.size(); ++i) {
        const Shape& s = tensors[i].logical_shape();
        bool match = s.rank() == first.rank();
        for (int k = 0; match && k < s.rank(); ++k)
            match = k == d || s[k] == first[k];
        TTNN_CHECK(match,
                   VALUE,
                   "ttnn.concat: shapes must match except in dim ",
                   d,
                   "; expected ",
                   first.to_string(),
                   " up to dim ",
                   d,
                   ", got ",
                   s.to_string(),
                   " for tensor ",
                   i);
        out_shape[d] += s[d];
    }
    Tensor out = image_output("concat", images[0], out_shape, memory_config);
    if (concat_as_rows(images, out, d))
        return finish(out, tensors[0].dtype(), memory_config);
    const std::vector<int64_t> out_strides = kernels::storage_strides(out.spec());
    int64_t offset = 0;
    for (const Tensor& image : images) {
        copy_box(image, out, ops::full_box(image.logical_shape(), image.spec(), out.spec()), 0, offset);
        offset += static_cast<int64_t>(image.logical_shape()[d]) * out_strides[static_cast<size_t>(d)];
    }
    return finish(out, tensors[0].dtype(), memory_config);
}

Tensor stack(const std::vector<Tensor>& tensors, int64_t dim, const OptionalMemoryConfig& memory_config) {
    const std::vector<Tensor> images = images_of("stack", tensors);
    const Shape& first = tensors[0].logical_shape();
    const int d = normalize_dim("stack", dim, first.rank() + 1);
    for (size_t i = 0; i < tensors.size(); ++i) {
        TTNN_CHECK(tensors[i].logical_shape() == first,
                   VALUE,
                   "ttnn.stack: all tensors must have one shape; expected ",
                   first.to_string(),
                   ", got ",
                   tensors[i].logical_shape().to_string(),
                   " for tensor ",
                   i);
    }
    std::vector<uint32_t> dims = first.to_vector();
    dims.insert(dims.begin() + d, static_cast<uint32_t>(tensors.size()));
    Tensor out = image_output("stack", images[0], Shape(dims), memory_config);
    const std::vector<int64_t> out_strides = kernels::storage_strides(out.spec());
    const CopyBox box{
        ops::extents_of(first), kernels::storage_strides(images[0].spec()), strides_without(out_strides, d)};
    for (size_t k = 0; k < images.size(); ++k) {
        copy_box(images[k], out, box, 0, static_cast<int64_t>(k) * out_strides[static_cast<size_t>(d)]);
    }
    return finish(out, tensors[0].dtype(), memory_config);
}

namespace {

// The slice of an element image (split cuts many pieces from one decoded image).
Tensor slice_image(const Tensor& src,
                   const std::vector<int64_t>& starts,
                   const std::vector<int64_t>& ends,
                   const std::vector<int64_t>& steps,
                   const OptionalMemoryConfig& memory_config) {
    const Shape& in = src.logical_shape();
    const auto rank = static_cast<size_t>(in.rank());
    TTNN_CHECK(starts.size() == rank && ends.size() == rank && (steps.empty() || steps.size() == rank),
               VALUE,
               "ttnn.slice: starts, ends and steps need one entry per dim; expected ",
               rank,
               " each, got ",
               starts.size(),
               ", ",
               ends.size(),
               " and ",
               steps.size());
    const std::vector<int64_t> in_strides = kernels::storage_strides(src.spec());
    std::vector<uint32_t> out_dims(rank);
    CopyBox box;
    int64_t offset = 0;
    for (size_t i = 0; i < rank; ++i) {
        const int64_t step = steps.empty() ? 1 : steps[i];
        TTNN_CHECK(step > 0, VALUE, "ttnn.slice: steps must be positive; expected >= 1, got ", step, " for dim ", i);
        const auto n = static_cast<int64_t>(in[static_cast<int>(i)]);
        // Python's slice.indices for a positive step: negative indices count from the end, then clamp.
        const auto clamp = [n](int64_t v) { return std::clamp(v < 0 ? v + n : v, int64_t{0}, n); };
        const int64_t begin = clamp(starts[i]);
        const int64_t end = std::max(begin, clamp(ends[i]));
        out_dims[i] = static_cast<uint32_t>((end - begin + step - 1) / step);
        offset += begin * in_strides[i];
        box.src_strides.push_back(in_strides[i] * step);
    }
    Tensor out = image_output("slice", src, Shape(out_dims), memory_config);
    box.extents = ops::extents_of(out.logical_shape());
    box.dst_strides = kernels::storage_strides(out.spec());
    copy_box(src, out, box, offset);
    return out;
}

}  // namespace

Tensor slice(const Tensor& input_tensor,
             const std::vector<int64_t>& starts,
             const std::vector<int64_t>& ends,
             const std::vector<int64_t>& steps,
             const OptionalMemoryConfig& memory_config) {
    input_tensor.check_usable("slice");
    const Tensor out = slice_image(element_image(input_tensor), starts, ends, steps, memory_config);
    return finish(out, input_tensor.dtype(), memory_config);
}

std::vector<Tensor> split(const Tensor& input_tensor,
                          const std::vector<int64_t>& split_size,
                          int64_t dim,
                          const OptionalMemoryConfig& memory_config) {
    input_tensor.check_usable("split");
    const Shape& in = input_tensor.logical_shape();
    TTNN_CHECK(in.rank() > 0, VALUE, "ttnn.split: a zero-dimensional tensor cannot be split; expected rank >= 1");
    TTNN_CHECK(!split_size.empty(), VALUE, "ttnn.split: split_size must be an int or a non-empty list of ints");
    const int d = normalize_dim("split", dim, in.rank());
    const int64_t n = in[d];
    std::vector<int64_t> sizes = split_size;
    if (split_size.size() == 1) {
        const int64_t chunk = split_size[0];
        TTNN_CHECK(chunk > 0 || (chunk == 0 && n == 0), VALUE, "ttnn.split: split_size must be positive; got ", chunk);
        sizes.clear();
        for (int64_t at = 0; at < n || sizes.empty(); at += std::max<int64_t>(chunk, 1)) {
            sizes.push_back(std::min(chunk, n - at));
        }
    }
    int64_t total = 0;
    for (int64_t s : sizes) {
        TTNN_CHECK(s >= 0, VALUE, "ttnn.split: split sizes must be non-negative; got ", s);
        total += s;
    }
    TTNN_CHECK(total == n,
               VALUE,
               "ttnn.split: split sizes must sum to the size of dim ",
               d,
               "; expected ",
               n,
               ", got ",
               total);
    if (sizes.size() == 1) {
        return {input_tensor};  // one piece is the whole tensor: share it, as a view would
    }
    std::vector<int64_t> starts(static_cast<size_t>(in.rank()), 0);
    std::vector<int64_t> ends(in.dims().begin(), in.dims().end());
    const Tensor src = element_image(input_tensor);
    std::vector<Tensor> pieces;
    for (int64_t s : sizes) {
        ends[static_cast<size_t>(d)] = starts[static_cast<size_t>(d)] + s;
        pieces.push_back(
            finish(slice_image(src, starts, ends, {}, memory_config), input_tensor.dtype(), memory_config));
        starts[static_cast<size_t>(d)] += s;
    }
    return pieces;
}

}  // namespace ttnn
