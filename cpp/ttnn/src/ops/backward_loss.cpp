// nll_loss forward and backward on log-probabilities [N, C] (or one sample [C]); targets equal to
// ignore_index contribute nothing, other targets must be classes (IndexError otherwise).
#include <cmath>
#include <vector>

#include "ops/backward_tensors.hpp"
#include "ops/indexing_view.hpp"
#include "ttnn/ops/backward.hpp"

namespace ttnn {
namespace {

struct NllProblem {
    int64_t samples = 1;
    int64_t classes = 0;
    bool batched = true;
    std::vector<int64_t> targets;
    std::vector<float> class_weight;  // per class; ones without a weight
};

NllProblem nll_problem(const char* op, const Tensor& input, const Tensor& target, const NllLossOptions& options) {
    const Shape& is = input.logical_shape();
    TTNN_CHECK(is.rank() == 1 || is.rank() == 2,
               VALUE,
               "ttnn.",
               op,
               ": input_tensor must be log-probabilities [N, C] or [C]; expected rank 1 or 2, got shape ",
               is.to_string());
    NllProblem p;
    p.batched = is.rank() == 2;
    p.samples = p.batched ? is[0] : 1;
    p.classes = is[-1];
    const Shape expected = p.batched ? Shape{is[0]} : Shape{};
    TTNN_CHECK(target.logical_shape() == expected,
               VALUE,
               "ttnn.",
               op,
               ": target must hold one class per sample; expected shape ",
               expected.to_string(),
               ", got ",
               target.logical_shape().to_string());
    p.targets = ops::read_integers(target, op);
    for (int64_t t : p.targets) {
        TTNN_CHECK(t == options.ignore_index || (t >= 0 && t < p.classes),
                   INDEX,
                   "ttnn.",
                   op,
                   ": target ",
                   t,
                   " is out of bounds for ",
                   p.classes,
                   " classes; expected 0 <= target < ",
                   p.classes,
                   " or ignore_index ",
                   options.ignore_index);
    }
    p.class_weight.assign(static_cast<size_t>(p.classes), 1.0f);
    if (options.weight) {
        TTNN_CHECK(options.weight->logical_shape() == Shape{static_cast<uint32_t>(p.classes)},
                   VALUE,
                   "ttnn.",
                   op,
                   ": weight must hold one value per class; expected shape [",
                   p.classes,
                   "], got ",
                   options.weight->logical_shape().to_string());
        const Tensor w = ops::dense_f32(*options.weight);
        p.class_weight.assign(w.data<float>(), w.data<float>() + p.classes);
    }
    return p;
}

// The weight of sample n's target (0 when ignored).
float sample_weight(const NllProblem& p, int64_t n, int64_t ignore_index) {
    const int64_t t = p.targets[static_cast<size_t>(n)];
    return t == ignore_index ? 0.0f : p.class_weight[static_cast<size_t>(t)];
}

}  // namespace

std::pair<Tensor, Tensor> nll_loss(const Tensor& input_tensor, const Tensor& target, const NllLossOptions& options) {
    constexpr const char* op = "nll_loss";
    const NllProblem p = nll_problem(op, input_tensor, target, options);
    const Tensor x = ops::dense_f32(input_tensor);
    const bool per_sample = options.reduction == LossReduction::NONE && p.batched;
    Tensor out = ops::dense_zeros(op, input_tensor, per_sample ? Shape{static_cast<uint32_t>(p.samples)} : Shape{});
    Tensor total = ops::dense_zeros(op, input_tensor, Shape{});
    double loss_sum = 0.0, weight_sum = 0.0;
    for (int64_t n = 0; n < p.samples; ++n) {
        const float w = sample_weight(p, n, options.ignore_index);
        const int64_t t = p.targets[static_cast<size_t>(n)];
        const float loss = w == 0.0f ? 0.0f : -w * x.data<float>()[n * p.classes + t];
        if (per_sample)
            out.data<float>()[n] = loss;
        loss_sum += loss;
        weight_sum += w;
    }
    if (!per_sample) {
        const bool mean = options.reduction == LossReduction::MEAN;
        out.data<float>()[0] = static_cast<float>(mean ? loss_sum / weight_sum : loss_sum);
    }
    // aten reports total_weight 0 for unreduced batches: nothing divides by it there.
    total.data<float>()[0] = per_sample ? 0.0f : static_cast<float>(weight_sum);
    return {ops::finish(out, input_tensor.dtype(), input_tensor.layout(), options.memory_config),
            ops::finish(total, input_tensor.dtype(), input_tensor.layout(), options.memory_config)};
}

Tensor nll_loss_backward(const Tensor& grad_output,
                         const Tensor& input_tensor,
                         const Tensor& target,
                         const Tensor& total_weight,
                         const NllLossOptions& options) {
    constexpr const char* op = "nll_loss_backward";
    const NllProblem p = nll_problem(op, input_tensor, target, options);
    const bool per_sample = options.reduction == LossReduction::NONE && p.batched;
    const Shape expected = per_sample ? Shape{static_cast<uint32_t>(p.samples)} : Shape{};
    TTNN_CHECK(grad_output.logical_shape().volume() == expected.volume(),
               VALUE,
               "ttnn.",
               op,
               ": grad_output must have the loss's shape; expected ",
               expected.to_string(),
               ", got ",
               grad_output.logical_shape().to_string());
    TTNN_CHECK(total_weight.logical_shape().volume() == 1,
               VALUE,
               "ttnn.",
               op,
               ": total_weight must be one value; expected shape [], got ",
               total_weight.logical_shape().to_string());
    const Tensor g = ops::dense_f32(grad_output);
    const float divisor =
        options.reduction == LossReduction::MEAN ? ops::dense_f32(total_weight).data<float>()[0] : 1.0f;
    Tensor dx = ops::dense_zeros(op, input_tensor, input_tensor.logical_shape());
    for (int64_t n = 0; n < p.samples; ++n) {
        const float w = sample_weight(p, n, options.ignore_index);
        if (w == 0.0f)
            continue;
        const float grad = g.data<float>()[per_sample ? n : 0];
        dx.data<float>()[n * p.classes + p.targets[static_cast<size_t>(n)]] = -w * grad / divisor;
    }
    return ops::finish(dx, input_tensor.dtype(), input_tensor.layout(), options.memory_config);
}

}  // namespace ttnn
