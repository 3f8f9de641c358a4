// The normalization op family: softmax variants and the row norms (layer_norm, rms_norm) here; group_norm
// and batch_norm in normalization_stats.cpp; the registry entries in normalization_registry.cpp.
#include "ttnn/ops/normalization.hpp"

#include <cmath>

#include "kernels/norm.hpp"
#include "ops/normalization_lines.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn {
namespace {

using ops::Lines;

void check_input(const char* op, const Tensor& t) {
    t.check_usable(op);
    TTNN_CHECK(is_floating(t.dtype()),
               TYPE,
               op,
               ": input must be floating point; expected bfloat16, float32 or ",
               "bfloat8_b, got ",
               name(t.dtype()));
}

int normalize_dim(const char* op, int64_t dim, int rank) {
    const int r = std::max(rank, 1);
    TTNN_CHECK(dim >= -r && dim < r, INDEX, op, ": dim out of range; expected -", r, " <= dim < ", r, ", got ", dim);
    return static_cast<int>(dim < 0 ? dim + r : dim);
}

// thread_local scratch rows, so the per-line body allocates nothing.
float* scratch(int slot, int64_t n) {
    thread_local std::vector<float> rows[3];
    std::vector<float>& row = rows[slot];
    if (row.size() < static_cast<size_t>(n))
        row.resize(static_cast<size_t>(n));
    return row.data();
}

Tensor run_softmax(const char* op,
                   const Tensor& input,
                   int64_t dim,
                   double scale,
                   const std::optional<Tensor>& mask,
                   bool log,
                   const SoftmaxOptions& o) {
    check_input(op, input);
    const int d = normalize_dim(op, dim, input.logical_shape().rank());
    const Tensor x = ops::readable(input);
    Tensor out = ops::output_like(op, input, o.memory_config);
    const Lines lines = ops::lines_along(x, d);
    std::optional<Tensor> m;
    std::vector<int64_t> mask_strides;
    if (mask) {
        mask->check_usable(op);
        m = ops::readable(*mask);
        mask_strides = ops::broadcast_strides(op, "mask", *m, lines);
    }
    const int64_t n = lines.length;
    const int64_t mask_step = mask ? mask_strides[static_cast<size_t>(d)] : 0;
    const kernels::NormKernels& k = kernels::norm_kernels();
    // Contiguous rows in bf16 or fp32 are read from storage by the kernel's first pass and written by its
    // last (fp32 rows are worked on in the output itself): no staging copies.
    const bool direct = lines.step == 1 && x.dtype() == out.dtype();
    const bool bf16 = x.dtype() == DataType::BFLOAT16;
    ops::pool_for(input).parallel_for(static_cast<size_t>(lines.count), 8, [&](size_t begin, size_t end) {
        float* scratch_row = scratch(0, n);
        float* mrow = mask ? scratch(1, n) : nullptr;
        int64_t mask_off = -1;  // storage offset of the mask line now in mrow
        for (size_t line = begin; line < end; ++line) {
            const int64_t off = lines.offset(static_cast<int64_t>(line));
            float* row = direct && !bf16 ? out.data<float>() + off : scratch_row;
            kernels::RowIn in;
            if (!direct)
                ops::load_line(x, off, lines.step, n, row);
            else if (bf16)
                in.bf16 = x.data<uint16_t>() + off;
            else
                in.f32 = x.data<float>() + off;
            // A broadcast mask (one row for all heads and queries) is the same line for many rows: loaded once.
            const int64_t moff = mask ? lines.offset(static_cast<int64_t>(line), &mask_strides) : -1;
            if (mask && moff != mask_off) {
                ops::load_line(*m, moff, mask_step, n, mrow);
                mask_off = moff;
            }
            k.softmax_row(row,
                          n,
                          static_cast<float>(scale),
                          mrow,
                          log,
                          in,
                          direct && bf16 ? out.data<uint16_t>() + off : nullptr);
            if (!direct)
                ops::store_line(out, off, lines.step, n, row);
        }
    });
    return ops::finish_output(out, input.dtype(), o.memory_config);
}

// The residual_input_tensor added to each input line before the statistics (broadcast), or none.
struct Residual {
    std::optional<Tensor> tensor;
    std::vector<int64_t> strides;
    void add(const Lines& lines, int64_t line, float* row, float* scratch_row) const {
        if (!tensor)
            return;
        const int64_t step = strides[static_cast<size_t>(lines.dim)];
        ops::load_line(*tensor, lines.offset(line, &strides), step, lines.length, scratch_row);
        for (int64_t j = 0; j < lines.length; ++j)
            row[j] += scratch_row[j];
    }
};

Residual residual_of(const char* op, const NormOptions& o, const Lines& lines) {
    Residual r;
    if (o.residual_input_tensor) {
        o.residual_input_tensor->check_usable(op);
        r.tensor = ops::readable(*o.residual_input_tensor);
        r.strides = ops::broadcast_strides(op, "residual_input_tensor", *r.tensor, lines);
    }
    return r;
}

// 1 / sqrt(mean square + eps); the squares are of deviations from the mean (layer_norm: a second pass,
// not E[x^2] - mean^2, which cancels) or of the values themselves (rms_norm).
float inverse_std(float sum_sq, int64_t n, float eps) {
    return 1.0f / std::sqrt(sum_sq / static_cast<float>(std::max<int64_t>(n, 1)) + eps);
}

Tensor run_row_norm(const char* op, const Tensor& input, const NormOptions& o, bool rms) {
    check_input(op, input);
    const Tensor x = ops::readable(input);
    const Lines lines = ops::lines_along(x, std::max(0, input.logical_shape().rank() - 1));
    const int64_t n = lines.length;
    const std::vector<float> weight = ops::channel_values(op, "weight", o.weight, n);
    const std::vector<float> bias = ops::channel_values(op, "bias", o.bias, n);
    const Residual residual = residual_of(op, o, lines);
    Tensor out = ops::output_like(op, input, o.memory_config);
    const kernels::NormKernels& k = kernels::norm_kernels();
    const float eps = static_cast<float>(o.epsilon);
    // Contiguous rows without a residual are read from and written to storage by the kernels (bf16 widened in
    // the first statistics pass, rounded in the normalize pass): no copies.
    const bool direct = lines.step == 1 && !residual.tensor;
    const bool bf16_in = direct && x.dtype() == DataType::BFLOAT16;
    uint16_t* bf16_out = direct && out.dtype() == DataType::BFLOAT16 ? out.data<uint16_t>() : nullptr;
    float* f32_out = direct && out.dtype() == DataType::FLOAT32 ? out.data<float>() : nullptr;
    const float* f32_in = direct && x.dtype() == DataType::FLOAT32 ? x.data<float>() : nullptr;
    ops::pool_for(input).parallel_for(static_cast<size_t>(lines.count), 8, [&](size_t begin, size_t end) {
        float* row = scratch(0, n);
        float* res = residual.tensor ? scratch(1, n) : nullptr;
        for (size_t line = begin; line < end; ++line) {
            const int64_t off = lines.offset(static_cast<int64_t>(line));
            const float* src = row;
            float stat = 0.0f;  // the sum (layer_norm) or sum of squares (rms_norm), once widen_sum gave it
            bool have_stat = false;
            if (f32_in != nullptr) {
                src = f32_in + off;
            } else if (bf16_in) {
                stat = k.widen_sum(x.data<uint16_t>() + off, n, row, rms);
                have_stat = true;
            } else {
                ops::load_line(x, off, lines.step, n, row);
                residual.add(lines, static_cast<int64_t>(line), row, res);
            }
            if (!have_stat)
                k.sums(src, n, 0.0f, rms ? nullptr : &stat, rms ? &stat : nullptr);
            const float mean = rms || n == 0 ? 0.0f : stat / static_cast<float>(n);
            float sum_sq = stat;
            if (!rms)
                k.sums(src, n, mean, nullptr, &sum_sq);
            float* dst = f32_out != nullptr ? f32_out + off : row;
            k.normalize_row(src,
                            n,
                            mean,
                            inverse_std(sum_sq, n, eps),
                            weight.empty() ? nullptr : weight.data(),
                            bias.empty() ? nullptr : bias.data(),
                            dst,
                            bf16_out != nullptr ? bf16_out + off : nullptr);
            if (!direct)
                ops::store_line(out, off, lines.step, n, row);
        }
    });
    return ops::finish_output(out, input.dtype(), o.memory_config);
}

}  // namespace

Tensor softmax(const Tensor& input_tensor, int64_t dim, const SoftmaxOptions& options) {
    return run_softmax("ttnn.softmax", input_tensor, dim, 1.0, std::nullopt, false, options);
}

Tensor log_softmax(const Tensor& input_tensor, int64_t dim, const SoftmaxOptions& options) {
    return run_softmax("ttnn.log_softmax", input_tensor, dim, 1.0, std::nullopt, true, options);
}

Tensor scale_mask_softmax(const Tensor& input_tensor,
                          std::optional<double> scale,
                          const std::optional<Tensor>& mask,
                          const SoftmaxOptions& options) {
    return run_softmax("ttnn.scale_mask_softmax", input_tensor, -1, scale.value_or(1.0), mask, false, options);
}

Tensor attention_softmax(const Tensor& input_tensor,
                         std::optional<int64_t> head_size,
                         const std::optional<Tensor>& attention_mask,
                         const SoftmaxOptions& options) {
    const char* op = "ttnn.transformer.attention_softmax";
    TTNN_CHECK(!head_size || *head_size > 0, VALUE, op, ": head_size must be positive; got ", head_size.value_or(0));
    const double scale = head_size ? 1.0 / std::sqrt(static_cast<double>(*head_size)) : 1.0;
    return run_softmax(op, input_tensor, -1, scale, attention_mask, false, options);
}

Tensor layer_norm(const Tensor& input_tensor, const NormOptions& options) {
    return run_row_norm("ttnn.layer_norm", input_tensor, options, false);
}

Tensor rms_norm(const Tensor& input_tensor, const NormOptions& options) {
    return run_row_norm("ttnn.rms_norm", input_tensor, options, true);
}

}  // namespace ttnn
