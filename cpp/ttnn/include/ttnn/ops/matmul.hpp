#pragma once
// Matrix multiplication ops: ttnn.matmul, ttnn.linear and the weight preparation the compiler uses for
// constant weights. Numerics (TT's): inputs as stored (bf16, fp32, or bfloat8_b decoded), products at the
// compute config's math fidelity, fp32 accumulation (bf16 partials when fp32_dest_acc_en is off), the
// linear epilogue (bias, then activation) in fp32, and one rounding to the output dtype.
//
// aten.addmm / aten.baddbmm have no TT-NN op of their own: beta * input + alpha * (a @ b) lowers to
// ttnn.linear(a, b, bias=input) when beta == alpha == 1 and input is a row vector, and otherwise to
// ttnn.matmul followed by ttnn.multiply / ttnn.add (the scaling is element-wise and cheap next to the GEMM).
#include <cstddef>
#include <optional>
#include <string>

#include "ttnn/compute_config.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn {

struct MatmulOptions {
    bool transpose_a = false;  // multiply by the transpose of the last two dims of a
    bool transpose_b = false;
    std::optional<MemoryConfig> memory_config;
    std::optional<DataType> dtype;  // default: input_tensor_a's dtype
    std::optional<ComputeConfig> compute_kernel_config;
};

// torch.matmul's shape rules: [..., M, K] x [..., K, N] with broadcast batch dims; a rank-1 a is [1, K] and
// a rank-1 b is [K, 1], the added dim dropped from the result. Output layout is a's.
Tensor matmul(const Tensor& input_tensor_a, const Tensor& input_tensor_b, const MatmulOptions& options = {});

struct LinearOptions : MatmulOptions {
    std::optional<Tensor> bias;  // N values (shape [N] or [1, ..., 1, N]), added to every output row
    std::string activation;      // "", "relu", "gelu", "silu" or "sigmoid"
};

Tensor linear(const Tensor& input_tensor_a, const Tensor& input_tensor_b, const LinearOptions& options = {});

// Marks `weight` as constant and packs it now into the GEMM's panel format (for this transpose and math
// fidelity); every later matmul/linear with this weight buffer as input_tensor_b reuses the packed copy
// instead of packing per call. The packed copy lives in host memory (fp32, K x round_up(N, 16)) outside the
// device's accounting, and is dropped when the weight's buffer is deallocated or destroyed. The caller
// promises not to write the weight afterwards (the compiler's constants are never written). Returns weight.
Tensor prepare_linear_weight(const Tensor& weight,
                             bool transpose_b = false,
                             const std::optional<ComputeConfig>& compute_kernel_config = std::nullopt);
size_t prepared_weight_count();  // live packed weights, for tests
void clear_prepared_weights();

}  // namespace ttnn
