#pragma once
// Creation ops: tensors filled with a value or a range, on a device or (device null) on the host.
#include <memory>
#include <optional>
#include <vector>

#include "ttnn/device.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn {

// Where and how a new tensor is stored; TT-NN's defaults (bfloat16, ROW_MAJOR, host, DRAM).
struct CreationOptions {
    DataType dtype = DataType::BFLOAT16;
    Layout layout = Layout::ROW_MAJOR;
    std::shared_ptr<Device> device;  // null: a host tensor
    MemoryConfig memory_config = DRAM_MEMORY_CONFIG;
};

// fill_value rounded to the dtype as a cast would (bf16: nearest even; integers: truncated).
Tensor full(const Shape& shape, double fill_value, const CreationOptions& options = {});
Tensor zeros(const Shape& shape, const CreationOptions& options = {});
Tensor ones(const Shape& shape, const CreationOptions& options = {});
// Allocated only: the values are unspecified (TILE padding is still zero).
Tensor empty(const Shape& shape, const CreationOptions& options = {});

// The input's shape, dtype, layout and device unless the arguments say otherwise.
struct LikeOptions {
    std::optional<DataType> dtype;
    std::optional<Layout> layout;
    std::shared_ptr<Device> device;  // null: the input's device
    std::optional<MemoryConfig> memory_config;
};
Tensor full_like(const Tensor& input_tensor, double fill_value, const LikeOptions& options = {});

// [start, end) by step, torch.arange's length rule: ceil((end - start) / step) elements, shape [n].
Tensor arange(double start, double end, double step = 1.0, const CreationOptions& options = {});

}  // namespace ttnn
