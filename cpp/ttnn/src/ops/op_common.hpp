#pragma once
// Helpers every op family uses for its "output spec" and "run" phases (docs/architecture.md, Declared once).
#include <memory>
#include <optional>

#include "ttnn/conversion.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn::ops {

// The pool an op's kernel runs on: the device's, or the host pool for host tensors.
inline ThreadPool& pool_for(const Tensor& tensor) {
    return tensor.device() != nullptr ? tensor.device()->pool() : ThreadPool::host();
}

// A tensor of `spec` where `like` lives (same device, or host), every byte uninitialised: for kernels that
// write all of its storage, padding included.
Tensor allocate_uninitialised(const Tensor& like, const TensorSpec& spec);

// An uninitialised output where `like` lives (same device, or host), with the given logical shape, dtype,
// layout and memory config. TILE padding is zero-filled so padded storage is always defined.
Tensor allocate_output(const char* op,
                       const Tensor& like,
                       const Shape& shape,
                       DataType dtype,
                       Layout layout,
                       const std::optional<MemoryConfig>& memory_config = std::nullopt);

// Zeroes a TILE tensor's padding (the columns past the logical width and the rows past the logical height of
// every 2D slice), for kernels that computed over the whole padded storage.
void zero_tile_padding(Tensor& tensor);

// The values of `tensor` as float32 in the same layout (no copy when it already is float32); block floats
// are unpacked. Kernels that compute in fp32 read their inputs through this.
Tensor as_float32(const Tensor& tensor);

}  // namespace ttnn::ops
