#pragma once
// Lines of a tensor along one dim, for the row-wise ops (softmax, norms, attention): where each line starts
// in storage, and fp32 load/store of a line from/to bf16 or fp32 storage (TILE rows padded, padding kept).
#include <cstdint>
#include <optional>
#include <vector>

#include "ttnn/tensor.hpp"

namespace ttnn::ops {

struct Lines {
    std::vector<uint32_t> dims;    // logical shape
    std::vector<int64_t> strides;  // storage strides of the tensor
    int dim = 0;                   // the dim the lines run along
    int64_t count = 0;             // number of lines
    int64_t length = 0;            // elements per line
    int64_t step = 1;              // storage stride along a line
    // Lines along the last dim of rank >= 2 are rows: offset = line / rows * slice + line % rows * row.
    int64_t rows = 0;  // 0: no fast path
    int64_t row_stride = 0;
    int64_t slice_stride = 0;
    // Storage offset of line `line` (row-major over the other dims) under `with` strides (default: own).
    int64_t offset(int64_t line, const std::vector<int64_t>* with = nullptr) const;
};
Lines lines_along(const Tensor& tensor, int dim);

// Strides that read `other` (broadcastable to `lines.dims`, aligned from the right) at each index of lines.dims:
// 0 along broadcast dims. Throws a VALUE error naming `op` when it does not broadcast.
std::vector<int64_t> broadcast_strides(const char* op, const char* what, const Tensor& other, const Lines& lines);

// fp32 values of a line; `data` is bf16 or fp32 storage.
void load_line(const Tensor& t, int64_t offset, int64_t step, int64_t n, float* dst);
void store_line(const Tensor& t, int64_t offset, int64_t step, int64_t n, const float* src);

// A tensor's storage in a dtype the row kernels read (bf16 or fp32): block floats decoded to fp32.
Tensor readable(const Tensor& tensor);

// `count` values of a per-channel parameter (weight, bias, running stats), as fp32; empty when absent.
std::vector<float> channel_values(const char* op, const char* what, const std::optional<Tensor>& t, int64_t count);

// Output like `input` (dtype, layout) in `dtype` if given; block floats are produced as fp32 and packed by
// finish_output.
Tensor output_like(const char* op,
                   const Tensor& input,
                   const std::optional<MemoryConfig>& memory_config,
                   std::optional<DataType> dtype = std::nullopt);
Tensor finish_output(const Tensor& out, DataType wanted, const std::optional<MemoryConfig>& memory_config);

}  // namespace ttnn::ops
