#pragma once
// Data-movement ops: they rearrange elements and never change a value, so every dtype is supported
// (block floats are moved as their float32 image and packed again). Semantics follow PyTorch where TT-NN
// names a PyTorch op (torch.permute, torch.cat, torch.Tensor.repeat, torch.nn.functional.pad, ...).
// Outputs keep the input's layout; `memory_config` defaults to the input's.
#include <cstdint>
#include <optional>
#include <vector>

#include "ttnn/tensor.hpp"

namespace ttnn {

using OptionalMemoryConfig = std::optional<MemoryConfig>;

Tensor permute(const Tensor& input_tensor,
               const std::vector<int64_t>& dims,
               const OptionalMemoryConfig& memory_config = std::nullopt);
Tensor transpose(const Tensor& input_tensor,
                 int64_t dim0,
                 int64_t dim1,
                 const OptionalMemoryConfig& memory_config = std::nullopt);
// All tensors share dtype, layout and every dim but `dim`.
Tensor concat(const std::vector<Tensor>& tensors,
              int64_t dim = 0,
              const OptionalMemoryConfig& memory_config = std::nullopt);
// All tensors have one shape; the output gains a dim of size tensors.size() at `dim`.
Tensor stack(const std::vector<Tensor>& tensors,
             int64_t dim = 0,
             const OptionalMemoryConfig& memory_config = std::nullopt);
// Python slicing per dim: indices may be negative and are clamped; steps (default 1) must be positive.
Tensor slice(const Tensor& input_tensor,
             const std::vector<int64_t>& starts,
             const std::vector<int64_t>& ends,
             const std::vector<int64_t>& steps = {},
             const OptionalMemoryConfig& memory_config = std::nullopt);
// torch.split: one size means chunks of that size (the last may be shorter); a list gives every size.
std::vector<Tensor> split(const Tensor& input_tensor,
                          const std::vector<int64_t>& split_size,
                          int64_t dim = 0,
                          const OptionalMemoryConfig& memory_config = std::nullopt);
// torch.Tensor.repeat: len(repeats) >= rank; missing leading dims of the input count as 1.
Tensor repeat(const Tensor& input_tensor,
              const std::vector<int64_t>& repeats,
              const OptionalMemoryConfig& memory_config = std::nullopt);
// torch.Tensor.expand, materialised: size-1 dims broadcast, -1 keeps a dim, new leading dims allowed.
Tensor expand(const Tensor& input_tensor,
              const std::vector<int64_t>& shape,
              const OptionalMemoryConfig& memory_config = std::nullopt);
// torch.nn.functional.pad, constant mode: (left, right) pairs from the last dim backwards; negative crops.
Tensor pad(const Tensor& input_tensor,
           const std::vector<int64_t>& padding,
           double value = 0.0,
           const OptionalMemoryConfig& memory_config = std::nullopt);
// Views where the layout allows (see reshape): no dim given squeezes every size-1 dim.
Tensor squeeze(const Tensor& input_tensor, const std::optional<std::vector<int64_t>>& dim = std::nullopt);
Tensor unsqueeze(const Tensor& input_tensor, int64_t dim);
// torch.roll: no dims rolls the flattened tensor.
Tensor roll(const Tensor& input_tensor,
            const std::vector<int64_t>& shifts,
            const std::vector<int64_t>& dims = {},
            const OptionalMemoryConfig& memory_config = std::nullopt);
// Lower/upper triangle of the last two dims; elements outside are zero.
Tensor tril(const Tensor& input_tensor, int64_t diagonal = 0, const OptionalMemoryConfig& memory_config = std::nullopt);
Tensor triu(const Tensor& input_tensor, int64_t diagonal = 0, const OptionalMemoryConfig& memory_config = std::nullopt);

}  // namespace ttnn
