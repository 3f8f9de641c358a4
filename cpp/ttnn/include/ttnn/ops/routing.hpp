#pragma once
// The routing ops of mixture-of-experts layers: sorting tokens by expert, counting them per expert, and the
// grouped matmul that multiplies each expert's run of rows by that expert's weight.
#include <optional>
#include <vector>

#include "ttnn/tensor.hpp"

namespace ttnn {

struct SortOptions {
    int64_t dim = -1;
    bool descending = false;
    bool stable = false;  // the sort is always stable (equal values keep their order), which serves both
    std::optional<MemoryConfig> memory_config = std::nullopt;
};
// {values (the input's dtype), indices (UINT32)} along dim; NaN sorts above every number, as in torch.
std::vector<Tensor> sort(const Tensor& input_tensor, const SortOptions& options = {});

struct HistcOptions {
    int64_t bins = 100;
    double min = 0.0, max = 0.0;    // both 0 (equal): the input's own min and max, as torch
    std::optional<DataType> dtype;  // of the counts; default the input's float dtype (INT32 counts exactly)
    std::optional<MemoryConfig> memory_config = std::nullopt;
};
// torch.histc: counts of the values in `bins` equal bins over [min, max]; a value equal to max counts in the
// last bin, values outside (and NaN) are not counted. Output [bins].
Tensor histc(const Tensor& input_tensor, const HistcOptions& options = {});

// Rows [offsets[e-1], offsets[e]) of a ([S, K]) times b[e] ([E, K, N], or [E, N, K] with transpose_b): [S, N];
// rows past offsets[E-1] are zero. offsets are the running totals of the rows per group (int32 or uint32).
Tensor grouped_matmul(const Tensor& input_tensor_a,
                      const Tensor& input_tensor_b,
                      const Tensor& offsets,
                      bool transpose_b = false,
                      const std::optional<MemoryConfig>& memory_config = std::nullopt);

// TT-NN's floor_div: floor(a / b) element-wise, b a number or a tensor of a's shape. int32 inputs divide as
// integers, exactly (token positions of a routing table: floor(perm / top_k)); a zero int divisor is an error.
Tensor floor_div(const Tensor& input_tensor_a,
                 const Tensor& input_tensor_b,
                 const std::optional<MemoryConfig>& memory_config = std::nullopt);
Tensor floor_div(const Tensor& input_tensor_a,
                 double input_tensor_b,
                 const std::optional<MemoryConfig>& memory_config = std::nullopt);

}  // namespace ttnn
