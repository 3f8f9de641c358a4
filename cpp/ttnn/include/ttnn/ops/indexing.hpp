#pragma once
// Indexing ops: reading and writing elements at positions given by index tensors (int32 or uint32).
// Data may be bfloat16, float32, int32 or uint32 in either layout; an index out of range raises IndexError
// naming the op, the index and the size, before anything is written.
#include <cstdint>
#include <optional>
#include <vector>

#include "ttnn/tensor.hpp"

namespace ttnn {

struct EmbeddingOptions {
    // Accepted for TT-NN parity; as in torch.nn.functional.embedding the forward output is the weight row
    // (padding_idx only changes the gradient; TT-NN's padded rows are zero rows of the weight).
    std::optional<int64_t> padding_idx;
    Layout layout = Layout::ROW_MAJOR;  // TT-NN's default output layout
    std::optional<DataType> dtype;      // default: the weight's
    std::optional<MemoryConfig> memory_config;
};

// Rows of `weight` [num_embeddings, hidden] picked by `input_tensor` (indices of any shape): [..., hidden].
Tensor embedding(const Tensor& input_tensor, const Tensor& weight, const EmbeddingOptions& options = {});

// torch.gather: out[i][j][k] = input[i][index[i][j][k]][k] for dim 1; the output has the index's shape.
Tensor gather(const Tensor& input_tensor,
              int64_t dim,
              const Tensor& index,
              const std::optional<MemoryConfig>& memory_config = std::nullopt);

// torch.index_select: the slices of `dim` listed by the 1-D (or 0-D) `index`.
Tensor index_select(const Tensor& input_tensor,
                    int64_t dim,
                    const Tensor& index,
                    const std::optional<MemoryConfig>& memory_config = std::nullopt);

// aten.index.Tensor: `indices[k]` indexes dim `dims[k]` (the dims aten's list holds a tensor for); index
// tensors broadcast together; negative indices count from the end. The broadcast index shape takes the place
// of the indexed dims when those are consecutive, else it comes first, exactly as in torch.
Tensor index(const Tensor& input_tensor,
             const std::vector<Tensor>& indices,
             const std::vector<int64_t>& dims,
             const std::optional<MemoryConfig>& memory_config = std::nullopt);

// aten.index_put: writes `values` (broadcast to what index() would return) at those positions of a copy of
// `input_tensor`; with `accumulate`, adds instead, summing duplicates (fp32 accumulation for bfloat16).
Tensor index_put(const Tensor& input_tensor,
                 const std::vector<Tensor>& indices,
                 const std::vector<int64_t>& dims,
                 const Tensor& values,
                 bool accumulate = false,
                 const std::optional<MemoryConfig>& memory_config = std::nullopt);

enum class ScatterReduce : uint8_t { NONE, ADD };

// torch.scatter: a copy of `input_tensor` where out[..., index[p], ...] (along `dim`) = src[p] for every
// position p of `index`; ADD sums into it instead (torch.scatter_add).
Tensor scatter(const Tensor& input_tensor,
               int64_t dim,
               const Tensor& index,
               const Tensor& src,
               ScatterReduce reduce = ScatterReduce::NONE,
               const std::optional<MemoryConfig>& memory_config = std::nullopt);
// aten.scatter.value: every scattered element is `value`.
Tensor scatter(const Tensor& input_tensor,
               int64_t dim,
               const Tensor& index,
               double value,
               ScatterReduce reduce = ScatterReduce::NONE,
               const std::optional<MemoryConfig>& memory_config = std::nullopt);

}  // namespace ttnn
