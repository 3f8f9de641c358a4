#pragma once
#include <cstddef>

#include "ttnn/tensor.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn::detail {

// The one routine behind every layout/dtype change: writes the values of `src` (stored as `src_spec`
// describes) into `dst` (stored as `dst_spec` describes). Logical shapes must match. TILE padding in the
// destination is zero-filled. Block floats go through a float32 tile image.
void repack(
    const TensorSpec& src_spec, const std::byte* src, const TensorSpec& dst_spec, std::byte* dst, ThreadPool& pool);

}  // namespace ttnn::detail
