#pragma once
// Tensor-level helpers shared by the data-movement and reduction ops: the element image kernels read,
// dim normalisation with PyTorch's errors, and strided boxes over a tensor's storage.
#include <cstdint>
#include <optional>
#include <vector>

#include "kernels/data_movement_copy.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn::ops {

// What the kernels read and write: the tensor itself, or the float32 tile image of a block float
// (its elements cannot be addressed one by one).
Tensor element_image(const Tensor& tensor);

// The op's output in `dtype` from a result computed in its element image (block floats are packed here).
Tensor finish(const Tensor& image, DataType dtype, const std::optional<MemoryConfig>& memory_config);

// A dim in [-rank, rank) as a non-negative index; raises IndexError in PyTorch's words otherwise. A rank-0
// tensor accepts -1 and 0, as torch does.
int normalize_dim(const char* op, int64_t dim, int rank);

// Logical extents as a vector, for CopyBox.
std::vector<uint64_t> extents_of(const Shape& shape);

// A box covering all of `shape`, from `src` storage to `dst` storage.
kernels::CopyBox full_box(const Shape& shape, const TensorSpec& src, const TensorSpec& dst);

// An uninitialised output shaped `shape` in the image's dtype and layout, where the image lives.
Tensor image_output(const char* op,
                    const Tensor& image,
                    const Shape& shape,
                    const std::optional<MemoryConfig>& memory_config);

// copy_strided between two tensors of one element size, starting `src_offset` / `dst_offset` elements in.
void copy_box(
    const Tensor& src, const Tensor& dst, const kernels::CopyBox& box, int64_t src_offset = 0, int64_t dst_offset = 0);

}  // namespace ttnn::ops
