#pragma once
// Softmax and normalization ops. Numerics (TT's): inputs as stored, statistics and exponentials in fp32,
// one rounding of each output to its dtype. Block-float inputs are decoded; their outputs are packed again.
#include <cstdint>
#include <optional>

#include "ttnn/compute_config.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn {

struct SoftmaxOptions {
    std::optional<MemoryConfig> memory_config;
    std::optional<ComputeConfig> compute_kernel_config;  // accepted; exp and sums are fp32 on the CPU device
    bool numeric_stable = true;                          // accepted; the row max is always subtracted
};

Tensor softmax(const Tensor& input_tensor, int64_t dim = -1, const SoftmaxOptions& options = {});
// aten._log_softmax: x - max - log(sum(exp(x - max))) along dim (TT-NN has no log_softmax op of its own).
Tensor log_softmax(const Tensor& input_tensor, int64_t dim = -1, const SoftmaxOptions& options = {});
// ttnn.scale_mask_softmax: softmax(input * scale + mask) over the last dim; mask broadcasts to the input.
Tensor scale_mask_softmax(const Tensor& input_tensor,
                          std::optional<double> scale,
                          const std::optional<Tensor>& mask,
                          const SoftmaxOptions& options = {});
// ttnn.transformer.attention_softmax: scale_mask_softmax with scale = 1 / sqrt(head_size) (1 when absent).
Tensor attention_softmax(const Tensor& input_tensor,
                         std::optional<int64_t> head_size,
                         const std::optional<Tensor>& attention_mask,
                         const SoftmaxOptions& options = {});

struct NormOptions {
    double epsilon = 1e-12;  // TT-NN's default
    std::optional<Tensor> weight;
    std::optional<Tensor> bias;
    std::optional<Tensor> residual_input_tensor;  // added to the input before normalizing
    std::optional<MemoryConfig> memory_config;
    std::optional<ComputeConfig> compute_kernel_config;
};

// Over the last dim: (x - mean) / sqrt(var + epsilon) * weight + bias (biased variance, as torch).
Tensor layer_norm(const Tensor& input_tensor, const NormOptions& options = {});
// Over the last dim: x / sqrt(mean(x^2) + epsilon) * weight + bias.
Tensor rms_norm(const Tensor& input_tensor, const NormOptions& options = {});

struct GroupNormOptions {
    int64_t num_groups = 1;
    double epsilon = 1e-12;
    std::optional<Tensor> weight;  // C values
    std::optional<Tensor> bias;
    std::optional<MemoryConfig> memory_config;
};
// TT-NN's layout: channels last, input [N, ..., C] (TT-NN uses [N, 1, H * W, C]); statistics per sample and
// group of C / num_groups consecutive channels over every other dim. aten's NCHW group_norm lowers to a
// permute around this op.
Tensor group_norm(const Tensor& input_tensor, const GroupNormOptions& options);

struct BatchNormOptions {
    std::optional<Tensor> running_mean;  // C values; required when not training
    std::optional<Tensor> running_var;
    bool training = false;
    double eps = 1e-5;
    double momentum = 0.1;
    std::optional<Tensor> weight;
    std::optional<Tensor> bias;
    std::optional<MemoryConfig> memory_config;
};
struct BatchNormResult {
    Tensor output;
    Tensor mean;    // [C]: the batch mean when training, else running_mean
    Tensor invstd;  // [C]: 1 / sqrt(var + eps) of the same variance
};
// Channels at dim 1 ([N, C, ...]) as torch. Training normalizes with the batch statistics (biased variance)
// and, when running stats are given, updates them in place: r = (1 - momentum) * r + momentum * batch, with
// the unbiased variance for running_var, as aten.native_batch_norm / _native_batch_norm_legit do; mean and
// invstd are aten's save_mean / save_invstd. Inference uses the running stats (aten returns empty tensors
// for those two outputs there; we return the statistics used).
BatchNormResult batch_norm(const Tensor& input_tensor, const BatchNormOptions& options);

struct BatchNormBackward {
    Tensor grad_input;
    Tensor grad_weight;  // [C]; computed even without a weight
    Tensor grad_bias;    // [C]
};
// aten.native_batch_norm_backward of a training batch norm (batch statistics), every output computed. The
// statistics are recomputed from the input in double, as the forward computed them, rather than read from
// the forward's rounded save_mean / save_invstd: grad_input subtracts two per-channel sums from the
// gradient, and bf16 statistics would leave most of it as rounding error.
BatchNormBackward batch_norm_backward(const Tensor& grad_output,
                                      const Tensor& input_tensor,
                                      const std::optional<Tensor>& weight,
                                      double eps,
                                      const std::optional<MemoryConfig>& memory_config = std::nullopt);

}  // namespace ttnn
