#pragma once
#include <cstddef>

#include "ttnn/dtype.hpp"

namespace ttnn::detail {

// Converts `count` elements between two element dtypes (not block floats), PyTorch's rules:
// float->float rounds to nearest even; float->int truncates toward zero, saturating, NaN to 0;
// int->float rounds to nearest; int->int wraps modulo 2^bits.
void convert_elements(const void* src, DataType src_dtype, void* dst, DataType dst_dtype, size_t count);

}  // namespace ttnn::detail
