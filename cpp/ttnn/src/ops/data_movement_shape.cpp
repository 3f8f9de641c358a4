// Data movement that grows, shrinks or shifts a tensor: repeat, expand, pad, squeeze, unsqueeze, roll, tril,
// triu. Like data_movement.cpp, each op is a shape computation plus strided boxes for copy_strided.
#include <algorithm>
#include <cstring>

#include "core/element_convert.hpp"
#include "ops/data_movement_views.hpp"
#include "ops/op_common.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/data_movement.hpp"

namespace ttnn {
namespace {

using kernels::CopyBox;
using ops::copy_box;
using ops::element_image;
using ops::finish;
using ops::image_output;
using ops::normalize_dim;

uint32_t checked_extent(const char* op, int64_t value, const char* what) {
    TTNN_CHECK(
        value >= 0 && value <= UINT32_MAX, VALUE, "ttnn.", op, ": ", what, " must be a non-negative size; got ", value);
    return static_cast<uint32_t>(value);
}

// Sets every logical element of `out` to `value` (converted to the tensor's dtype); padding stays zero.
void fill_logical(Tensor& out, double value) {
    const size_t bytes = info(out.dtype()).element_bytes;
    std::byte element[8] = {};
    const auto single = static_cast<float>(value);
    detail::convert_elements(&single, DataType::FLOAT32, element, out.dtype(), 1);
    const CopyBox box{ops::extents_of(out.logical_shape()), {}, kernels::storage_strides(out.spec())};
    kernels::fill_strided(out.data<std::byte>(), element, bytes, box, ops::pool_for(out));
}

// Copies rows of the last two dims, keeping columns [keep_begin(r), keep_end(r)) and zeroing the rest.
template <typename Keep>
Tensor triangle(const char* op, const Tensor& input_tensor, const OptionalMemoryConfig& memory_config, Keep keep) {
    input_tensor.check_usable(op);
    const Shape& in = input_tensor.logical_shape();
    TTNN_CHECK(in.rank() >= 2, VALUE, "ttnn.", op, ": input must have at least 2 dims; got shape ", in.to_string());
    const Tensor src = element_image(input_tensor);
    Tensor out = image_output(op, src, in, memory_config);
    CopyBox rows{ops::extents_of(in), kernels::storage_strides(src.spec()), kernels::storage_strides(out.spec())};
    const auto width = static_cast<int64_t>(rows.extents.back());
    const uint64_t height = rows.extents[rows.extents.size() - 2];
    rows.extents.pop_back();
    rows.src_strides.pop_back();
    rows.dst_strides.pop_back();
    const auto eb = static_cast<int64_t>(info(src.dtype()).element_bytes);
    const std::byte* from = src.data<std::byte>();
    std::byte* to = out.data<std::byte>();
    const size_t grain = std::max<size_t>(1, 16384 / static_cast<size_t>(std::max<int64_t>(width, 1)));
    ops::pool_for(out).parallel_for(kernels::volume(rows.extents), grain, [&](size_t begin, size_t end) {
        kernels::Odometer at(rows.extents, rows.src_strides, rows.dst_strides, begin);
        for (size_t r = begin; r < end; ++r, at.next()) {
            const auto [first, last] = keep(static_cast<int64_t>(r % height), width);
            std::byte* row = to + at.b() * eb;
            std::memset(row, 0, static_cast<size_t>(first * eb));
            std::memcpy(row + first * eb, from + at.a() * eb + first * eb, static_cast<size_t>((last - first) * eb));
            std::memset(row + last * eb, 0, static_cast<size_t>((width - last) * eb));
        }
    });
    return finish(out, input_tensor.dtype(), memory_config);
}

// One rolled copy per combination of the two segments of every rolled dim.
void roll_boxes(const Tensor& src, Tensor& out, const std::vector<int64_t>& shift) {
    const std::vector<int64_t> in_strides = kernels::storage_strides(src.spec());
    const std::vector<int64_t> out_strides = kernels::storage_strides(out.spec());
    const auto rank = shift.size();
    std::vector<size_t> rolled;
    for (size_t i = 0; i < rank; ++i) {
        if (shift[i] != 0)
            rolled.push_back(i);
    }
    for (uint32_t mask = 0; mask < (1u << rolled.size()); ++mask) {
        CopyBox box{ops::extents_of(src.logical_shape()), in_strides, out_strides};
        int64_t src_offset = 0, dst_offset = 0;
        for (size_t k = 0; k < rolled.size(); ++k) {
            const size_t d = rolled[k];
            const auto n = static_cast<int64_t>(box.extents[d]);
            const int64_t s = shift[d];
            // Segment 0: source [0, n - s) lands at [s, n); segment 1: source [n - s, n) lands at [0, s).
            const bool tail = ((mask >> k) & 1u) != 0;
            box.extents[d] = static_cast<uint64_t>(tail ? s : n - s);
            src_offset += (tail ? n - s : 0) * in_strides[d];
            dst_offset += (tail ? 0 : s) * out_strides[d];
        }
        copy_box(src, out, box, src_offset, dst_offset);
    }
}

}  // namespace

Tensor repeat(const Tensor& input_tensor,
              const std::vector<int64_t>& repeats,
              const OptionalMemoryConfig& memory_config) {
    input_tensor.check_usable("repeat");
    const Shape& in = input_tensor.logical_shape();
    const size_t rank = repeats.size();
    TTNN_CHECK(rank >= static_cast<size_t>(in.rank()),
               VALUE,
               "ttnn.repeat: repeats needs at least one entry per dim; expected >= ",
               in.rank(),
               " entries, got ",
               rank);
    const Tensor src = element_image(input_tensor);
    const std::vector<int64_t> in_strides = kernels::storage_strides(src.spec());
    const size_t lead = rank - static_cast<size_t>(in.rank());
    std::vector<uint32_t> out_dims(rank);
    for (size_t i = 0; i < rank; ++i) {
        TTNN_CHECK(repeats[i] >= 0, VALUE, "ttnn.repeat: repeats must be non-negative; got ", repeats[i]);
        const uint32_t n = i < lead ? 1 : in[static_cast<int>(i - lead)];
        out_dims[i] = checked_extent("repeat", repeats[i] * n, "each repeated dim");
    }
    Tensor out = image_output("repeat", src, Shape(out_dims), memory_config);
    const std::vector<int64_t> out_strides = kernels::storage_strides(out.spec());
    // Output dim i viewed as (repeat, extent): the source walks the extent and stands still across repeats.
    CopyBox box;
    for (size_t i = 0; i < rank; ++i) {
        const uint64_t n = i < lead ? 1 : in[static_cast<int>(i - lead)];
        box.extents.insert(box.extents.end(), {static_cast<uint64_t>(repeats[i]), n});
        box.src_strides.insert(box.src_strides.end(), {0, i < lead ? 0 : in_strides[i - lead]});
        box.dst_strides.insert(box.dst_strides.end(), {static_cast<int64_t>(n) * out_strides[i], out_strides[i]});
    }
    copy_box(src, out, box);
    return finish(out, input_tensor.dtype(), memory_config);
}

Tensor expand(const Tensor& input_tensor,
              const std::vector<int64_t>& shape,
              const OptionalMemoryConfig& memory_config) {
    input_tensor.check_usable("expand");
    const Shape& in = input_tensor.logical_shape();
    TTNN_CHECK(shape.size() >= static_cast<size_t>(in.rank()),
               VALUE,
               "ttnn.expand: the target shape needs at least one entry per dim; expected >= ",
               in.rank(),
               " entries, got ",
               shape.size());
    const Tensor src = element_image(input_tensor);
    const std::vector<int64_t> in_strides = kernels::storage_strides(src.spec());
    const size_t lead = shape.size() - static_cast<size_t>(in.rank());
    std::vector<uint32_t> out_dims(shape.size());
    std::vector<int64_t> src_strides(shape.size(), 0);
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i < lead) {
            out_dims[i] = checked_extent("expand", shape[i], "a new leading dim (-1 is not allowed there)");
            continue;
        }
        const uint32_t n = in[static_cast<int>(i - lead)];
        out_dims[i] = shape[i] == -1 ? n : checked_extent("expand", shape[i], "each size");
        TTNN_CHECK(out_dims[i] == n || n == 1,
                   VALUE,
                   "ttnn.expand: only size-1 dims can grow; expected ",
                   n,
                   " or -1 at dim ",
                   i,
                   " for input ",
                   in.to_string(),
                   ", got ",
                   shape[i]);
        src_strides[i] = out_dims[i] == n ? in_strides[i - lead] : 0;
    }
    Tensor out = image_output("expand", src, Shape(out_dims), memory_config);
    copy_box(
        src, out, CopyBox{ops::extents_of(out.logical_shape()), src_strides, kernels::storage_strides(out.spec())});
    return finish(out, input_tensor.dtype(), memory_config);
}

Tensor pad(const Tensor& input_tensor,
           const std::vector<int64_t>& padding,
           double value,
           const OptionalMemoryConfig& memory_config) {
    input_tensor.check_usable("pad");
    const Shape& in = input_tensor.logical_shape();
    TTNN_CHECK(padding.size() % 2 == 0 && padding.size() <= 2 * static_cast<size_t>(in.rank()),
               VALUE,
               "ttnn.pad: padding must be (left, right) pairs for at most every dim; expected an even length <= ",
               2 * in.rank(),
               ", got ",
               padding.size());
    const Tensor src = element_image(input_tensor);
    CopyBox box{ops::extents_of(in), kernels::storage_strides(src.spec()), {}};
    std::vector<uint32_t> out_dims = in.to_vector();
    std::vector<int64_t> src_start(out_dims.size(), 0), dst_start(out_dims.size(), 0);
    for (size_t k = 0; k < padding.size() / 2; ++k) {
        const size_t d = out_dims.size() - 1 - k;
        const int64_t left = padding[2 * k], right = padding[2 * k + 1];
        const int64_t n = in[static_cast<int>(d)];
        out_dims[d] = checked_extent("pad", n + left + right, "every padded dim");
        src_start[d] = std::max<int64_t>(0, -left);
        dst_start[d] = std::max<int64_t>(0, left);
        box.extents[d] = static_cast<uint64_t>(std::max<int64_t>(0, n - src_start[d] - std::max<int64_t>(0, -right)));
    }
    Tensor out = image_output("pad", src, Shape(out_dims), memory_config);
    box.dst_strides = kernels::storage_strides(out.spec());
    fill_logical(out, value);
    int64_t src_offset = 0, dst_offset = 0;
    for (size_t d = 0; d < out_dims.size(); ++d) {
        src_offset += src_start[d] * box.src_strides[d];
        dst_offset += dst_start[d] * box.dst_strides[d];
    }
    copy_box(src, out, box, src_offset, dst_offset);
    return finish(out, input_tensor.dtype(), memory_config);
}

Tensor squeeze(const Tensor& input_tensor, const std::optional<std::vector<int64_t>>& dim) {
    input_tensor.check_usable("squeeze");
    const Shape& in = input_tensor.logical_shape();
    std::vector<bool> drop(static_cast<size_t>(in.rank()), !dim.has_value());
    for (int64_t d : dim.value_or(std::vector<int64_t>{})) {
        if (in.rank() > 0)
            drop[static_cast<size_t>(normalize_dim("squeeze", d, in.rank()))] = true;
    }
    std::vector<int64_t> shape;
    for (int i = 0; i < in.rank(); ++i) {
        if (!(drop[static_cast<size_t>(i)] && in[i] == 1))
            shape.push_back(in[i]);
    }
    return reshape(input_tensor, shape);
}

Tensor unsqueeze(const Tensor& input_tensor, int64_t dim) {
    input_tensor.check_usable("unsqueeze");
    const Shape& in = input_tensor.logical_shape();
    const int d = normalize_dim("unsqueeze", dim, in.rank() + 1);
    std::vector<int64_t> shape(in.dims().begin(), in.dims().end());
    shape.insert(shape.begin() + d, 1);
    return reshape(input_tensor, shape);
}

Tensor roll(const Tensor& input_tensor,
            const std::vector<int64_t>& shifts,
            const std::vector<int64_t>& dims,
            const OptionalMemoryConfig& memory_config) {
    input_tensor.check_usable("roll");
    const Shape& in = input_tensor.logical_shape();
    if (dims.empty()) {
        TTNN_CHECK(shifts.size() == 1,
                   VALUE,
                   "ttnn.roll: without dims, shifts must be one int; got ",
                   shifts.size(),
                   " shifts");
        const Tensor flat = reshape(input_tensor, {-1});
        const Tensor rolled = roll(flat, shifts, {0}, memory_config);
        return reshape(rolled, {in.dims().begin(), in.dims().end()});
    }
    TTNN_CHECK(shifts.size() == dims.size(),
               VALUE,
               "ttnn.roll: shifts and dims must have one length; got ",
               shifts.size(),
               " shifts and ",
               dims.size(),
               " dims");
    std::vector<int64_t> shift(static_cast<size_t>(in.rank()), 0);
    for (size_t i = 0; i < dims.size(); ++i) {
        const auto d = static_cast<size_t>(normalize_dim("roll", dims[i], in.rank()));
        if (in.rank() == 0)
            continue;  // a scalar rolls onto itself
        const int64_t n = in[static_cast<int>(d)];
        if (n > 0)
            shift[d] = (((shift[d] + shifts[i]) % n) + n) % n;
    }
    const Tensor src = element_image(input_tensor);
    Tensor out = image_output("roll", src, in, memory_config);
    roll_boxes(src, out, shift);
    return finish(out, input_tensor.dtype(), memory_config);
}

Tensor tril(const Tensor& input_tensor, int64_t diagonal, const OptionalMemoryConfig& memory_config) {
    return triangle("tril", input_tensor, memory_config, [diagonal](int64_t row, int64_t width) {
        return std::pair<int64_t, int64_t>{0, std::clamp(row + diagonal + 1, int64_t{0}, width)};
    });
}

Tensor triu(const Tensor& input_tensor, int64_t diagonal, const OptionalMemoryConfig& memory_config) {
    return triangle("triu", input_tensor, memory_config, [diagonal](int64_t row, int64_t width) {
        return std::pair<int64_t, int64_t>{std::clamp(row + diagonal, int64_t{0}, width), width};
    });
}

}  // namespace ttnn
