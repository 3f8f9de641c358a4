#pragma once
// The loop every element-wise op runs: inputs of any non-block dtype and layout, broadcast over the output's
// logical shape, read a block at a time into float32 (or int64) buffers, a block kernel applied, and the
// result rounded once into the output's dtype. Dims whose strides line up are merged first, so contiguous
// same-shape inputs run as one flat row, a broadcast row or column as rows of the inner dim, and a number or
// a broadcast inner dim is widened once per row rather than per element. Inputs already in the loop's type
// (fp32 in the float loop, int32 in the int32 loop) are read in place.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include "core/inline_vector.hpp"
#include "ttnn/tensor.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn::kernels {

// The most inputs one loop reads (where's condition and two values).
constexpr size_t kMaxLoopInputs = 3;

// Element strides over the output's logical dims, one per dim.
using Strides = detail::InlineVector<int64_t, Shape::kMaxRank>;

struct LoopInput {
    const std::byte* data = nullptr;  // null: the number `scalar`, broadcast everywhere
    DataType dtype = DataType::FLOAT32;
    double scalar = 0.0;
    bool truthy = false;  // integer loop: read a float input as 1 where it is non-zero (where's condition)
    Strides strides;      // 0 where broadcast
};

using LoopInputs = detail::InlineVector<LoopInput, kMaxLoopInputs>;

struct LoopOutput {
    std::byte* data = nullptr;
    DataType dtype = DataType::FLOAT32;
    Strides strides;
};

template <typename T>
using BlockFn = std::function<void(const T* const* inputs, T* out, size_t n)>;

// Element strides of `spec`'s storage seen over `shape` (which `spec`'s logical shape broadcasts to): TILE
// storage is C-contiguous over the padded shape, ROW_MAJOR over the logical one; broadcast dims get 0.
Strides broadcast_strides(const TensorSpec& spec, const Shape& shape);

// `fused_bf16` (optional) runs instead of `fn` when every input is a bf16 tensor read contiguously and the
// output is bf16: it widens, computes and rounds in registers, skipping the float buffers.
void eltwise_loop(const Shape& shape,
                  std::span<const LoopInput> inputs,
                  const LoopOutput& output,
                  ThreadPool& pool,
                  const BlockFn<float>& fn,
                  const BlockFn<uint16_t>& fused_bf16 = {});
void eltwise_loop(const Shape& shape,
                  std::span<const LoopInput> inputs,
                  const LoopOutput& output,
                  ThreadPool& pool,
                  const BlockFn<int64_t>& fn);
// Every input an int32 tensor or a number within int32, and an int32 output: read and written in place.
void eltwise_loop(const Shape& shape,
                  std::span<const LoopInput> inputs,
                  const LoopOutput& output,
                  ThreadPool& pool,
                  const BlockFn<int32_t>& fn);

}  // namespace ttnn::kernels
