#pragma once
// ttnn.transformer.scaled_dot_product_attention: softmax(Q K^T * scale + mask) V in one fused flash-attention
// kernel: keys in blocks, an online softmax per query row, fp32 scores and accumulators, never the whole
// [Sq, Sk] score matrix; the output is rounded once.
#include <optional>

#include "ttnn/compute_config.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn {

struct SdpaOptions {
    std::optional<Tensor> attn_mask;  // additive, broadcastable to [..., Sq, Sk]
    bool is_causal = false;           // torch's convention: query i sees keys j <= i (top-left aligned)
    std::optional<double> scale;      // default 1 / sqrt(head dim)
    std::optional<MemoryConfig> memory_config;
    std::optional<ComputeConfig> compute_kernel_config;  // accepted; the CPU device computes in fp32
};

// q [..., H, Sq, D], k [..., Hkv, Sk, D], v [..., Hkv, Sk, Dv] -> [..., H, Sq, Dv]. H may be a multiple of Hkv
// (grouped-query attention: query head h reads key/value head h / (H / Hkv)).
Tensor scaled_dot_product_attention(const Tensor& input_tensor_q,
                                    const Tensor& input_tensor_k,
                                    const Tensor& input_tensor_v,
                                    const SdpaOptions& options = {});

}  // namespace ttnn
