#pragma once
// Data movement between host and device, layouts and dtypes: the TT-NN calls every model starts with.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "ttnn/tensor.hpp"

namespace ttnn {

// Converts a host or device tensor to `layout` (and optionally `dtype`) where it lives. TILE pads the last
// two dims with zeros; ROW_MAJOR drops the padding.
Tensor to_layout(const Tensor& tensor,
                 Layout layout,
                 std::optional<DataType> dtype = std::nullopt,
                 std::optional<MemoryConfig> memory_config = std::nullopt);

// Element-wise dtype conversion, PyTorch's rules on x86: floats round to nearest even; float to int
// truncates toward zero through int32 (NaN and out-of-range values give INT32_MIN, then narrower types wrap);
// int to int wraps modulo 2^bits.
Tensor typecast(const Tensor& tensor, DataType dtype, std::optional<MemoryConfig> memory_config = std::nullopt);

Tensor to_device(const Tensor& tensor,
                 const std::shared_ptr<Device>& device,
                 const MemoryConfig& memory_config = DRAM_MEMORY_CONFIG);
Tensor from_device(const Tensor& tensor);

// One pass from a host ROW_MAJOR tensor (typically borrowed from torch) to its final dtype, layout and place.
Tensor from_host(const Tensor& host_row_major,
                 DataType dtype,
                 Layout layout,
                 const std::shared_ptr<Device>& device,
                 const MemoryConfig& memory_config = DRAM_MEMORY_CONFIG);

// A host ROW_MAJOR tensor in `dtype` (a dtype PyTorch can hold); shares memory when nothing needs converting.
Tensor to_host_row_major(const Tensor& tensor, DataType dtype);

// New logical shape with the same volume; one dim may be -1. Shares the buffer when the stored bytes
// are already in the new shape's order (ROW_MAJOR, or TILE with the last two dims unchanged).
Tensor reshape(const Tensor& tensor, const std::vector<int64_t>& shape);

Tensor clone(const Tensor& tensor,
             std::optional<MemoryConfig> memory_config = std::nullopt,
             std::optional<DataType> dtype = std::nullopt);

void deallocate(Tensor& tensor);

// TT-NN's explicit layout ops (conversion_tilize.cpp): to_layout with TT-NN's preconditions and padding.
Tensor tilize(const Tensor& input, std::optional<MemoryConfig> memory_config, std::optional<DataType> dtype);
Tensor untilize(const Tensor& input, std::optional<MemoryConfig> memory_config);
Tensor tilize_with_val_padding(const Tensor& input,
                               const std::vector<int64_t>& output_shape,
                               double pad_value,
                               std::optional<MemoryConfig> memory_config,
                               std::optional<DataType> dtype);
Tensor untilize_with_unpadding(const Tensor& input,
                               const std::vector<int64_t>& output_tensor_end,
                               std::optional<MemoryConfig> memory_config);
// A copy of a TILE tensor whose tile padding holds `fill_value` instead of zeros.
Tensor fill_implicit_tile_padding(const Tensor& input,
                                  double fill_value,
                                  std::optional<MemoryConfig> memory_config = std::nullopt);

}  // namespace ttnn
