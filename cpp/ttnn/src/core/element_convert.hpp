#pragma once
#include <cstddef>

#include "ttnn/dtype.hpp"

namespace ttnn::detail {

// Converts `count` elements between two element dtypes (not block floats), PyTorch's rules:
// float->float rounds to nearest even; float->int truncates toward zero as torch does on x86 (NaN and
// out-of-range values through INT32_MIN, narrower types wrapping);
// int->float rounds to nearest; int->int wraps modulo 2^bits.
void convert_elements(const void* src, DataType src_dtype, void* dst, DataType dst_dtype, size_t count);

}  // namespace ttnn::detail
