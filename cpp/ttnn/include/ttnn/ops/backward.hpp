#pragma once
// Backward ops: the gradients aot_autograd emits when training (MNIST CNN: relu, log_softmax, nll_loss;
// a small transformer: embedding, layer norm, gelu, tanh, softmax). Ops named like TT-NN's *_bw ops take
// TT-NN's arguments and return a list of one gradient as TT-NN does; the rest take aten's arguments under
// aten's name. Inputs are bfloat16 or float32 in either layout; math is fp32, outputs are rounded once to
// the dtype of the gradient they follow.
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "ttnn/tensor.hpp"

namespace ttnn {

// ttnn.threshold_bw = aten.threshold_backward: grad where input > threshold, else 0 (`value` does not enter
// the gradient; TT-NN takes it).
std::vector<Tensor> threshold_bw(const Tensor& grad_tensor,
                                 const Tensor& input_tensor,
                                 float threshold,
                                 float value = 0.0f,
                                 const std::optional<MemoryConfig>& memory_config = std::nullopt);

// ttnn.gelu_bw = aten.gelu_backward; approximate is "none" (erf) or "tanh".
std::vector<Tensor> gelu_bw(const Tensor& grad_tensor,
                            const Tensor& input_tensor,
                            std::string_view approximate = "none",
                            const std::optional<MemoryConfig>& memory_config = std::nullopt);

// aten.tanh_backward / aten.sigmoid_backward: from the forward *output* (ttnn.tanh_bw takes the input).
Tensor tanh_backward(const Tensor& grad_output,
                     const Tensor& output,
                     const std::optional<MemoryConfig>& memory_config = std::nullopt);
Tensor sigmoid_backward(const Tensor& grad_output,
                        const Tensor& output,
                        const std::optional<MemoryConfig>& memory_config = std::nullopt);

// aten._softmax_backward_data / aten._log_softmax_backward_data, from the forward output along `dim`.
Tensor softmax_backward(const Tensor& grad_output,
                        const Tensor& output,
                        int64_t dim,
                        const std::optional<MemoryConfig>& memory_config = std::nullopt);
Tensor log_softmax_backward(const Tensor& grad_output,
                            const Tensor& output,
                            int64_t dim,
                            const std::optional<MemoryConfig>& memory_config = std::nullopt);

struct LayerNormBackward {
    Tensor grad_input;
    Tensor grad_weight;  // shape normalized_shape; computed even without a weight
    Tensor grad_bias;
};

// aten.native_layer_norm_backward with every output requested. mean and rstd hold one value per normalized
// row (aten's shape input.shape[:axis] + [1] * len(normalized_shape)); weight and bias may be absent.
LayerNormBackward layer_norm_backward(const Tensor& grad_output,
                                      const Tensor& input_tensor,
                                      const std::vector<int64_t>& normalized_shape,
                                      const Tensor& mean,
                                      const Tensor& rstd,
                                      const std::optional<Tensor>& weight = std::nullopt,
                                      const std::optional<Tensor>& bias = std::nullopt,
                                      const std::optional<MemoryConfig>& memory_config = std::nullopt);

struct EmbeddingBackwardOptions {
    int64_t padding_idx = -1;         // this row's gradient stays zero; -1: none
    bool scale_grad_by_freq = false;  // divide each row's gradient by how often its index occurs
    std::optional<MemoryConfig> memory_config;
};

// aten.embedding_dense_backward: grad_output [..., hidden] summed into rows [num_weights, hidden] at
// `indices` [...] (duplicates accumulate in fp32).
Tensor embedding_backward(const Tensor& grad_output,
                          const Tensor& indices,
                          int64_t num_weights,
                          const EmbeddingBackwardOptions& options = {});

enum class LossReduction : uint8_t { NONE, MEAN, SUM };

struct NllLossOptions {
    std::optional<Tensor> weight;  // [C] class weights; default ones
    LossReduction reduction = LossReduction::MEAN;
    int64_t ignore_index = -100;
    std::optional<MemoryConfig> memory_config;
};

// aten.nll_loss_forward on log-probabilities [N, C] (or [C]) and targets [N] (or []): (output, total_weight).
std::pair<Tensor, Tensor> nll_loss(const Tensor& input_tensor,
                                   const Tensor& target,
                                   const NllLossOptions& options = {});

// aten.nll_loss_backward: the gradient with respect to input_tensor; total_weight is nll_loss's second output.
Tensor nll_loss_backward(const Tensor& grad_output,
                         const Tensor& input_tensor,
                         const Tensor& target,
                         const Tensor& total_weight,
                         const NllLossOptions& options = {});

}  // namespace ttnn
