// Gradients of layer norm and of embedding: both reduce over rows (the weight gradients sum every row), so
// the row pass and the column pass are separate parallel loops with no shared accumulator.
#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/backward_kernels.hpp"
#include "ops/backward_tensors.hpp"
#include "ops/indexing_view.hpp"
#include "ttnn/ops/backward.hpp"

namespace ttnn {
namespace {

constexpr const char* kLayerNorm = "layer_norm_backward";

// Rows and row length of the normalization, after checking normalized_shape against the input's last dims.
std::pair<int64_t, int64_t> layer_norm_rows(const Tensor& input, const std::vector<int64_t>& normalized_shape) {
    const Shape& shape = input.logical_shape();
    const auto k = static_cast<int>(normalized_shape.size());
    bool ok = k >= 1 && k <= shape.rank();
    for (int i = 0; ok && i < k; ++i)
        ok = normalized_shape[static_cast<size_t>(i)] == shape[shape.rank() - k + i];
    std::string wanted = "[";
    for (size_t i = 0; i < normalized_shape.size(); ++i) {
        wanted += (i == 0 ? "" : ", ") + std::to_string(normalized_shape[i]);
    }
    TTNN_CHECK(ok,
               VALUE,
               "ttnn.",
               kLayerNorm,
               ": normalized_shape must be the input's last dims; expected a suffix of ",
               shape.to_string(),
               ", got ",
               wanted,
               "]");
    int64_t cols = 1;
    for (int64_t d : normalized_shape)
        cols *= d;
    const auto total = static_cast<int64_t>(shape.volume());
    return {cols == 0 ? 0 : total / cols, cols};
}

void check_volume(const Tensor& t, const char* what, int64_t expected) {
    TTNN_CHECK(static_cast<int64_t>(t.logical_shape().volume()) == expected,
               VALUE,
               "ttnn.",
               kLayerNorm,
               ": ",
               what,
               " must hold ",
               expected,
               " values; expected volume ",
               expected,
               ", got shape ",
               t.logical_shape().to_string());
}

Shape shape_of(const std::vector<int64_t>& dims) {
    return Shape(std::vector<uint32_t>(dims.begin(), dims.end()));
}

}  // namespace

LayerNormBackward layer_norm_backward(const Tensor& grad_output,
                                      const Tensor& input_tensor,
                                      const std::vector<int64_t>& normalized_shape,
                                      const Tensor& mean,
                                      const Tensor& rstd,
                                      const std::optional<Tensor>& weight,
                                      const std::optional<Tensor>& bias,
                                      const std::optional<MemoryConfig>& memory_config) {
    ops::check_same_shape(kLayerNorm, input_tensor, "input_tensor", grad_output, "grad_output");
    const auto [rows, cols] = layer_norm_rows(input_tensor, normalized_shape);
    check_volume(mean, "mean", rows);
    check_volume(rstd, "rstd", rows);
    if (weight)
        check_volume(*weight, "weight", cols);
    if (bias)
        check_volume(*bias, "bias", cols);
    const Tensor dy = ops::dense_f32(grad_output);
    const Tensor x = ops::dense_f32(input_tensor);
    const Tensor mu = ops::dense_f32(mean);
    const Tensor rs = ops::dense_f32(rstd);
    const std::optional<Tensor> w = weight ? std::optional<Tensor>(ops::dense_f32(*weight)) : std::nullopt;
    Tensor dx = ops::dense_zeros(kLayerNorm, input_tensor, input_tensor.logical_shape());
    Tensor dw = ops::dense_zeros(kLayerNorm, input_tensor, shape_of(normalized_shape));
    Tensor db = ops::dense_zeros(kLayerNorm, input_tensor, shape_of(normalized_shape));
    const float* dyp = dy.data<float>();
    const float* xp = x.data<float>();
    const float* mup = mu.data<float>();
    const float* rsp = rs.data<float>();
    ThreadPool& pool = ops::pool_for(input_tensor);
    const auto grain = static_cast<size_t>(4096 / std::max<int64_t>(cols, 1) + 1);
    pool.parallel_for(static_cast<size_t>(rows), grain, [&](size_t begin, size_t end) {
        for (auto r = static_cast<int64_t>(begin); r < static_cast<int64_t>(end); ++r) {
            kernels::layer_norm_grad_row_f32_scalar(dyp + r * cols,
                                                    xp + r * cols,
                                                    w ? w->data<float>() : nullptr,
                                                    mup[r],
                                                    rsp[r],
                                                    dx.data<float>() + r * cols,
                                                    cols);
        }
    });
    // Column sums: each chunk of columns walks every row, so no two threads touch the same sum.
    pool.parallel_for(static_cast<size_t>(cols), 64, [&](size_t begin, size_t end) {
        std::vector<double> sum_w(end - begin, 0.0), sum_b(end - begin, 0.0);
        for (int64_t r = 0; r < rows; ++r) {
            for (size_t j = begin; j < end; ++j) {
                const auto at = static_cast<size_t>(r * cols) + j;
                sum_w[j - begin] += double{dyp[at]} * ((xp[at] - mup[r]) * rsp[r]);
                sum_b[j - begin] += dyp[at];
            }
        }
        for (size_t j = begin; j < end; ++j) {
            dw.data<float>()[j] = static_cast<float>(sum_w[j - begin]);
            db.data<float>()[j] = static_cast<float>(sum_b[j - begin]);
        }
    });
    const Tensor& w_like = weight ? *weight : input_tensor;
    const Tensor& b_like = bias ? *bias : w_like;
    return {ops::finish(dx, input_tensor.dtype(), input_tensor.layout(), memory_config),
            ops::finish(dw, w_like.dtype(), w_like.layout(), memory_config),
            ops::finish(db, b_like.dtype(), b_like.layout(), memory_config)};
}

Tensor embedding_backward(const Tensor& grad_output,
                          const Tensor& indices,
                          int64_t num_weights,
                          const EmbeddingBackwardOptions& options) {
    constexpr const char* op = "embedding_backward";
    const Shape& gs = grad_output.logical_shape();
    TTNN_CHECK(gs.rank() >= 1 && gs.rank() == indices.logical_shape().rank() + 1,
               VALUE,
               "ttnn.",
               op,
               ": grad_output must be indices' shape plus hidden; expected rank ",
               indices.logical_shape().rank() + 1,
               ", got shape ",
               gs.to_string());
    for (int d = 0; d + 1 < gs.rank(); ++d) {
        TTNN_CHECK(gs[d] == indices.logical_shape()[d],
                   VALUE,
                   "ttnn.",
                   op,
                   ": grad_output must be indices' shape plus hidden; expected ",
                   indices.logical_shape().to_string(),
                   " + [hidden], got ",
                   gs.to_string());
    }
    TTNN_CHECK(num_weights >= 0, VALUE, "ttnn.", op, ": num_weights must not be negative; got ", num_weights);
    const int64_t hidden = gs[-1];
    const std::vector<int64_t> rows = ops::read_indices(indices, num_weights, false, op, "num_weights");
    std::vector<float> scale(static_cast<size_t>(num_weights), 1.0f);
    if (options.scale_grad_by_freq) {
        std::vector<int64_t> counts(static_cast<size_t>(num_weights), 0);
        for (int64_t r : rows)
            ++counts[static_cast<size_t>(r)];
        for (size_t i = 0; i < counts.size(); ++i)
            scale[i] = counts[i] > 0 ? 1.0f / static_cast<float>(counts[i]) : 1.0f;
    }
    // Only the rows some index names get a gradient: accumulate those in compact fp32 slots (a vocabulary
    // is far larger than a batch), then write them into a zeroed output of the gradient's dtype and layout.
    std::vector<int64_t> slot_of(static_cast<size_t>(num_weights), -1);
    std::vector<int64_t> slot_row;
    std::vector<int64_t> token_slot(rows.size(), -1);
    for (size_t t = 0; t < rows.size(); ++t) {
        const int64_t r = rows[t];
        if (r == options.padding_idx)
            continue;
        int64_t& slot = slot_of[static_cast<size_t>(r)];
        if (slot < 0) {
            slot = static_cast<int64_t>(slot_row.size());
            slot_row.push_back(r);
        }
        token_slot[t] = slot;
    }
    const Tensor g = ops::dense_f32(grad_output);
    const float* gp = g.data<float>();
    std::vector<float> acc(slot_row.size() * static_cast<size_t>(hidden), 0.0f);
    ThreadPool& pool = ops::pool_for(grad_output);
    // Columns are split across threads and every thread walks all tokens in order, so duplicates accumulate
    // in the same order on every run.
    pool.parallel_for(static_cast<size_t>(hidden), 64, [&](size_t begin, size_t end) {
        for (size_t t = 0; t < rows.size(); ++t) {
            if (token_slot[t] < 0)
                continue;
            const float s = scale[static_cast<size_t>(rows[t])];
            float* dst = acc.data() + token_slot[t] * hidden;
            const float* src = gp + static_cast<int64_t>(t) * hidden;
            for (size_t j = begin; j < end; ++j)
                dst[j] += src[j] * s;
        }
    });
    Tensor out = ops::allocate_output(op,
                                      grad_output,
                                      Shape{static_cast<uint32_t>(num_weights), static_cast<uint32_t>(hidden)},
                                      grad_output.dtype(),
                                      grad_output.layout(),
                                      options.memory_config);
    if (out.spec().storage_bytes() > 0)
        std::memset(out.buffer()->data(), 0, out.spec().storage_bytes());
    const ops::TensorView ov = ops::view_of(out);
    pool.parallel_for(slot_row.size(), 16, [&](size_t begin, size_t end) {
        for (size_t slot = begin; slot < end; ++slot) {
            const int64_t dst = ov.offset_of(slot_row[slot] * hidden);
            const float* src = acc.data() + static_cast<int64_t>(slot) * hidden;
            for (int64_t j = 0; j < hidden; ++j)
                ops::store_float(ov, dst + j, src[j]);
        }
    });
    return out;
}

}  // namespace ttnn
