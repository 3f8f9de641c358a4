// group_norm and batch_norm: statistics over many lines (a sample's channel group, a channel's batch), then
// a per-channel affine normalization. Sums are fp32 per line and combined in double across lines so that
// large batches do not lose the small terms.
#include <cmath>

#include "kernels/norm.hpp"
#include "ops/normalization_lines.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/normalization.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn {
namespace {

using ops::Lines;

float* scratch_row(int64_t n) {
    thread_local std::vector<float> row;
    if (row.size() < static_cast<size_t>(n))
        row.resize(static_cast<size_t>(n));
    return row.data();
}

// The lines (segments of `width` values from `first`) that make up one statistic, visited by index.
struct Segments {
    const Lines* lines;
    int64_t first_col = 0;  // start within each line
    int64_t width = 0;
    template <typename Visit>
    void each(const std::vector<int64_t>& line_ids, Visit visit) const {
        for (int64_t id : line_ids)
            visit(lines->offset(id) + first_col * lines->step);
    }
};

// Mean and biased variance over the segments, two passes as layer_norm.
void moments(const Tensor& x, const Segments& seg, const std::vector<int64_t>& ids, double* mean, double* var) {
    const kernels::NormKernels& k = kernels::norm_kernels();
    float* row = scratch_row(seg.width);
    double sum = 0.0;
    seg.each(ids, [&](int64_t off) {
        float s = 0.0f;
        ops::load_line(x, off, seg.lines->step, seg.width, row);
        k.sums(row, seg.width, 0.0f, &s, nullptr);
        sum += s;
    });
    const double count = static_cast<double>(ids.size()) * static_cast<double>(seg.width);
    *mean = count > 0 ? sum / count : 0.0;
    double sq = 0.0;
    seg.each(ids, [&](int64_t off) {
        float q = 0.0f;
        ops::load_line(x, off, seg.lines->step, seg.width, row);
        k.sums(row, seg.width, static_cast<float>(*mean), nullptr, &q);
        sq += q;
    });
    *var = count > 0 ? sq / count : 0.0;
}

void normalize_segments(const Tensor& x,
                        const Tensor& out,
                        const Segments& seg,
                        const std::vector<int64_t>& ids,
                        float mean,
                        float rstd,
                        const float* w,
                        const float* b) {
    float* row = scratch_row(seg.width);
    seg.each(ids, [&](int64_t off) {
        ops::load_line(x, off, seg.lines->step, seg.width, row);
        kernels::norm_kernels().normalize_row(row, seg.width, mean, rstd, w, b, row, nullptr);
        ops::store_line(out, off, seg.lines->step, seg.width, row);
    });
}

const float* at(const std::vector<float>& v, int64_t i) {
    return v.empty() ? nullptr : v.data() + i;
}

void check_input(const char* op, const Tensor& t, int min_rank) {
    t.check_usable(op);
    TTNN_CHECK(is_floating(t.dtype()), TYPE, op, ": input must be floating point; got ", name(t.dtype()));
    TTNN_CHECK(t.logical_shape().rank() >= min_rank,
               VALUE,
               op,
               ": input must have rank >= ",
               min_rank,
               "; got shape ",
               t.logical_shape().to_string());
}

}  // namespace

Tensor group_norm(const Tensor& input_tensor, const GroupNormOptions& o) {
    const char* op = "ttnn.group_norm";
    check_input(op, input_tensor, 2);
    const Shape& shape = input_tensor.logical_shape();
    const int64_t channels = shape[-1];
    TTNN_CHECK(o.num_groups > 0 && channels % o.num_groups == 0,
               VALUE,
               op,
               ": num_groups must divide the channels (last dim); expected a divisor of ",
               channels,
               ", got ",
               o.num_groups);
    const std::vector<float> w = ops::channel_values(op, "weight", o.weight, channels);
    const std::vector<float> b = ops::channel_values(op, "bias", o.bias, channels);
    const Tensor x = ops::readable(input_tensor);
    Tensor out = ops::output_like(op, input_tensor, o.memory_config);
    const Lines lines = ops::lines_along(x, shape.rank() - 1);
    const int64_t samples = shape[0];
    const int64_t rows = samples > 0 ? lines.count / samples : 0;
    const int64_t width = channels / o.num_groups;
    ops::pool_for(input_tensor).parallel_for(static_cast<size_t>(samples * o.num_groups), 1, [&](size_t s, size_t e) {
        for (size_t task = s; task < e; ++task) {
            const int64_t n = static_cast<int64_t>(task) / o.num_groups;
            const int64_t g = static_cast<int64_t>(task) % o.num_groups;
            std::vector<int64_t> ids(static_cast<size_t>(rows));
            for (int64_t r = 0; r < rows; ++r)
                ids[static_cast<size_t>(r)] = n * rows + r;
            const Segments seg{&lines, g * width, width};
            double mean = 0.0, var = 0.0;
            moments(x, seg, ids, &mean, &var);
            const float rstd = static_cast<float>(1.0 / std::sqrt(var + o.epsilon));
            normalize_segments(x, out, seg, ids, static_cast<float>(mean), rstd, at(w, g * width), at(b, g * width));
        }
    });
    return ops::finish_output(out, input_tensor.dtype(), o.memory_config);
}

namespace {

// The lines of each channel of an [N, C, ...] tensor: rank 2 has one line per channel (along dim 0); higher
// ranks have lines along the last dim, N * (rows per channel) of them per channel.
struct ChannelLines {
    Lines lines;
    std::vector<std::vector<int64_t>> ids;  // per channel
};

ChannelLines channel_lines(const Tensor& x) {
    const Shape& shape = x.logical_shape();
    const int64_t n = shape[0];
    const int64_t c = shape[1];
    ChannelLines cl{ops::lines_along(x, shape.rank() == 2 ? 0 : shape.rank() - 1), {}};
    cl.ids.resize(static_cast<size_t>(c));
    const int64_t inner = shape.rank() == 2 ? 1 : cl.lines.count / std::max<int64_t>(1, n * c);
    for (int64_t ch = 0; ch < c; ++ch) {
        for (int64_t b = 0; shape.rank() > 2 && b < n; ++b) {
            for (int64_t r = 0; r < inner; ++r)
                cl.ids[static_cast<size_t>(ch)].push_back((b * c + ch) * inner + r);
        }
        if (shape.rank() == 2)
            cl.ids[static_cast<size_t>(ch)].push_back(ch);
    }
    return cl;
}

// Writes C values into a per-channel tensor (running stats) in place, in logical order.
void write_channels(const char* op, const Tensor& t, const std::vector<double>& values) {
    TTNN_CHECK(!is_block_float(t.dtype()),
               TYPE,
               op,
               ": running stats updated in place must be bfloat16 or float32; got ",
               name(t.dtype()));
    const Lines lines = ops::lines_along(t, std::max(0, t.logical_shape().rank() - 1));
    std::vector<float> row(static_cast<size_t>(lines.length));
    for (int64_t line = 0; line < lines.count; ++line) {
        for (int64_t j = 0; j < lines.length; ++j) {
            row[static_cast<size_t>(j)] = static_cast<float>(values[static_cast<size_t>(line * lines.length + j)]);
        }
        ops::store_line(t, lines.offset(line), lines.step, lines.length, row.data());
    }
}

Tensor channel_output(const char* op,
                      const Tensor& like,
                      const std::vector<double>& values,
                      const std::optional<MemoryConfig>& mc) {
    const DataType dtype = is_block_float(like.dtype()) ? DataType::FLOAT32 : like.dtype();
    Tensor t = ops::allocate_output(op, like, Shape{static_cast<uint32_t>(values.size())}, dtype, like.layout(), mc);
    write_channels(op, t, values);
    return ops::finish_output(t, like.dtype(), mc);
}

}  // namespace

BatchNormResult batch_norm(const Tensor& input_tensor, const BatchNormOptions& o) {
    const char* op = "ttnn.batch_norm";
    check_input(op, input_tensor, 2);
    const int64_t channels = input_tensor.logical_shape()[1];
    TTNN_CHECK(o.training || (o.running_mean && o.running_var),
               VALUE,
               op,
               ": inference needs running_mean and running_var; expected both tensors, got ",
               o.running_mean ? "running_mean only" : (o.running_var ? "running_var only" : "neither"));
    const std::vector<float> w = ops::channel_values(op, "weight", o.weight, channels);
    const std::vector<float> b = ops::channel_values(op, "bias", o.bias, channels);
    const std::vector<float> rm = ops::channel_values(op, "running_mean", o.running_mean, channels);
    const std::vector<float> rv = ops::channel_values(op, "running_var", o.running_var, channels);
    const Tensor x = ops::readable(input_tensor);
    Tensor out = ops::output_like(op, input_tensor, o.memory_config);
    const ChannelLines cl = channel_lines(x);
    std::vector<double> mean(static_cast<size_t>(channels)), var(static_cast<size_t>(channels));
    std::vector<double> invstd(static_cast<size_t>(channels));
    ops::pool_for(input_tensor).parallel_for(static_cast<size_t>(channels), 1, [&](size_t s, size_t e) {
        for (size_t c = s; c < e; ++c) {
            const Segments seg{&cl.lines, 0, cl.lines.length};
            if (o.training) {
                moments(x, seg, cl.ids[c], &mean[c], &var[c]);
            } else {
                mean[c] = rm[c];
                var[c] = rv[c];
            }
            invstd[c] = 1.0 / std::sqrt(var[c] + o.eps);
            // One weight and bias per channel: spread along the line for the row kernel.
            const std::vector<float> wc(w.empty() ? 0 : static_cast<size_t>(seg.width), w.empty() ? 0.0f : w[c]);
            const std::vector<float> bc(b.empty() ? 0 : static_cast<size_t>(seg.width), b.empty() ? 0.0f : b[c]);
            normalize_segments(x,
                               out,
                               seg,
                               cl.ids[c],
                               static_cast<float>(mean[c]),
                               static_cast<float>(invstd[c]),
                               at(wc, 0),
                               at(bc, 0));
        }
    });
    if (o.training && o.running_mean && o.running_var) {
        const double count = static_cast<double>(input_tensor.logical_shape().volume()) / static_cast<double>(channels);
        std::vector<double> new_mean(static_cast<size_t>(channels)), new_var(static_cast<size_t>(channels));
        for (size_t c = 0; c < new_mean.size(); ++c) {
            const double unbiased = count > 1 ? var[c] * count / (count - 1) : var[c];
            new_mean[c] = (1.0 - o.momentum) * rm[c] + o.momentum * mean[c];
            new_var[c] = (1.0 - o.momentum) * rv[c] + o.momentum * unbiased;
        }
        write_channels(op, *o.running_mean, new_mean);
        write_channels(op, *o.running_var, new_var);
    }
    return {ops::finish_output(out, input_tensor.dtype(), o.memory_config),
            channel_output(op, input_tensor, mean, o.memory_config),
            channel_output(op, input_tensor, invstd, o.memory_config)};
}

namespace {

std::vector<float>& row_buffer(size_t n) {
    thread_local std::vector<float> row;
    row.resize(n);
    return row;
}

struct ChannelSums {
    double mean = 0.0, invstd = 0.0, grad = 0.0, grad_xhat = 0.0;
};

// Visits channel c's lines of x and g, loaded as floats: visit(x_row, g_row, line index in the channel).
template <typename Visit>
void each_channel_line(
    const Tensor& x, const Tensor& g, const ChannelLines& xl, const ChannelLines& gl, size_t c, Visit visit) {
    const int64_t n = xl.lines.length;
    std::vector<float> xr(static_cast<size_t>(n)), gr(static_cast<size_t>(n));
    for (size_t i = 0; i < xl.ids[c].size(); ++i) {
        ops::load_line(x, xl.lines.offset(xl.ids[c][i]), xl.lines.step, n, xr.data());
        ops::load_line(g, gl.lines.offset(gl.ids[c][i]), gl.lines.step, n, gr.data());
        visit(xr, gr, i);
    }
}

// Per channel: the batch statistics and the two sums of the gradient the backward needs, all in double
// (the backward's result is a difference of these sums).
ChannelSums channel_sums(
    const Tensor& x, const Tensor& g, const ChannelLines& xl, const ChannelLines& gl, size_t c, double eps) {
    ChannelSums s;
    double count = 0.0, var = 0.0;
    each_channel_line(x, g, xl, gl, c, [&](const std::vector<float>& xr, const std::vector<float>&, size_t) {
        for (float v : xr)
            s.mean += v;
        count += static_cast<double>(xr.size());
    });
    s.mean = count > 0 ? s.mean / count : 0.0;
    each_channel_line(x, g, xl, gl, c, [&](const std::vector<float>& xr, const std::vector<float>& gr, size_t) {
        for (size_t j = 0; j < xr.size(); ++j) {
            const double d = xr[j] - s.mean;
            var += d * d;
            s.grad += gr[j];
            s.grad_xhat += gr[j] * d;
        }
    });
    s.invstd = 1.0 / std::sqrt((count > 0 ? var / count : 0.0) + eps);
    s.grad_xhat *= s.invstd;
    return s;
}

}  // namespace

BatchNormBackward batch_norm_backward(const Tensor& grad_output,
                                      const Tensor& input_tensor,
                                      const std::optional<Tensor>& weight,
                                      double eps,
                                      const std::optional<MemoryConfig>& memory_config) {
    const char* op = "ttnn.batch_norm_backward";
    check_input(op, input_tensor, 2);
    check_input(op, grad_output, 2);
    TTNN_CHECK(grad_output.logical_shape() == input_tensor.logical_shape(),
               VALUE,
               op,
               ": grad_output must have the input's shape; expected ",
               input_tensor.logical_shape().to_string(),
               ", got ",
               grad_output.logical_shape().to_string());
    const int64_t channels = input_tensor.logical_shape()[1];
    const std::vector<float> w = ops::channel_values(op, "weight", weight, channels);
    const Tensor x = ops::readable(input_tensor), g = ops::readable(grad_output);
    Tensor out = ops::output_like(op, input_tensor, memory_config);
    const ChannelLines xl = channel_lines(x), gl = channel_lines(g);
    const double count = static_cast<double>(input_tensor.logical_shape().volume()) / static_cast<double>(channels);
    std::vector<double> grad_weight(static_cast<size_t>(channels)), grad_bias(static_cast<size_t>(channels));
    ops::pool_for(input_tensor).parallel_for(static_cast<size_t>(channels), 1, [&](size_t s, size_t e) {
        for (size_t c = s; c < e; ++c) {
            const ChannelSums cs = channel_sums(x, g, xl, gl, c, eps);
            grad_bias[c] = cs.grad;
            grad_weight[c] = cs.grad_xhat;
            // dx = w * invstd * (dy - mean(dy) - xhat * mean(dy * xhat)), in double per element.
            const double k = (w.empty() ? 1.0 : w[c]) * cs.invstd;
            each_channel_line(
                x, g, xl, gl, c, [&](const std::vector<float>& xr, const std::vector<float>& gr, size_t i) {
                    std::vector<float>& dx = row_buffer(xr.size());
                    for (size_t j = 0; j < xr.size(); ++j) {
                        const double xhat = (xr[j] - cs.mean) * cs.invstd;
                        dx[j] = static_cast<float>(k * (gr[j] - cs.grad / count - xhat * cs.grad_xhat / count));
                    }
                    const int64_t n = xl.lines.length;
                    ops::store_line(out, xl.lines.offset(xl.ids[c][i]), xl.lines.step, n, dx.data());
                });
        }
    });
    return {ops::finish_output(out, input_tensor.dtype(), memory_config),
            channel_output(op, input_tensor, grad_weight, memory_config),
            channel_output(op, input_tensor, grad_bias, memory_config)};
}

}  // namespace ttnn
