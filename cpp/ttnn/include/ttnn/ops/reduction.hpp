#pragma once
// Reductions, with PyTorch's semantics over the logical shape (TILE padding is never read): fp32
// accumulation, each output rounded once to the input's dtype. Float dtypes only (bfloat16, float32 and the
// block floats, which are unpacked first); integer tensors are rejected by the registry.
// Index outputs (argmax, argmin, topk indices) are uint32, as TT-NN's argmax returns (TT-NN's topk returns
// uint16 indices; uint32 here so dims longer than 65535 stay exact). Ties pick the first occurrence, and a
// NaN counts as larger than any number (torch's rule).
#include <cstdint>
#include <optional>
#include <vector>

#include "ttnn/tensor.hpp"

namespace ttnn {

struct ReduceOptions {
    std::optional<std::vector<int64_t>> dim =
        std::nullopt;  // none or empty: every dim; negative dims count from the back
    bool keepdim = false;
    std::optional<MemoryConfig> memory_config = std::nullopt;
};

Tensor sum(const Tensor& input_tensor, const ReduceOptions& options = {});
Tensor mean(const Tensor& input_tensor, const ReduceOptions& options = {});
Tensor max(const Tensor& input_tensor, const ReduceOptions& options = {});
Tensor min(const Tensor& input_tensor, const ReduceOptions& options = {});
Tensor prod(const Tensor& input_tensor, const ReduceOptions& options = {});
// 1 where every (any) element is non-zero, else 0, in the input's dtype. NaN counts as non-zero.
Tensor all(const Tensor& input_tensor, const ReduceOptions& options = {});
Tensor any(const Tensor& input_tensor, const ReduceOptions& options = {});
// Divides by max(0, N - correction), as torch.var; correction 1 is the unbiased estimate.
Tensor var(const Tensor& input_tensor, const ReduceOptions& options = {}, double correction = 1.0);
Tensor std_dev(const Tensor& input_tensor, const ReduceOptions& options = {}, double correction = 1.0);  // ttnn.std
// dim: none (the flattened tensor) or a single dim.
Tensor argmax(const Tensor& input_tensor, const ReduceOptions& options = {});
Tensor argmin(const Tensor& input_tensor, const ReduceOptions& options = {});

// Running sum and product along dim; reverse_order runs from the end of the dim to its start.
Tensor cumsum(const Tensor& input_tensor,
              int64_t dim,
              const std::optional<MemoryConfig>& memory_config = std::nullopt,
              bool reverse_order = false);
Tensor cumprod(const Tensor& input_tensor,
               int64_t dim,
               const std::optional<MemoryConfig>& memory_config = std::nullopt,
               bool reverse_order = false);

struct TopKOptions {
    int64_t dim = -1;
    bool largest = true;
    bool sorted = true;  // results are always sorted; unsorted order is unspecified in torch too
    std::optional<MemoryConfig> memory_config = std::nullopt;
};
// {values, indices}.
std::vector<Tensor> topk(const Tensor& input_tensor, int64_t k, const TopKOptions& options = {});

// The reduction a broadcast's gradient needs: sums the leading dims `shape` lacks and the dims where `shape`
// has 1 and the input does not, giving a tensor of `shape`.
Tensor sum_to_shape(const Tensor& input_tensor,
                    const std::vector<int64_t>& shape,
                    const std::optional<MemoryConfig>& memory_config = std::nullopt);

}  // namespace ttnn
