#pragma once
// Kernels of the pool family over NHWC rows: one output row per call, channels innermost so every loop
// over channels is a contiguous vector loop. pool_impl.hpp holds the bodies; pool_scalar.cpp builds them
// portably (the reference) and pool_avx2.cpp with AVX2 code generation.
#include <cstddef>
#include <cstdint>

namespace ttnn::kernels {

struct PoolGeometry {
    size_t in_h = 0, in_w = 0, channels = 0, out_h = 0, out_w = 0;
    size_t k_h = 1, k_w = 1, stride_h = 1, stride_w = 1, pad_top = 0, pad_left = 0, dil_h = 1, dil_w = 1;
};

// Max over the window of output row oh of one image, as torch's CPU kernel: the first valid tap starts the
// argmax, a later tap wins only when strictly greater or NaN. index (or null) gets ih * in_w + iw per value.
using MaxPoolRowKernel = void (*)(const PoolGeometry& g, const float* image, size_t oh, float* out, int32_t* index);

// out[ow][c] = scale[ow] * sum over rows [h0, h1) and columns [w0[ow], w1[ow]) of image[h][w][c]
// (average pools: the window clipped to the image, the divisor folded into scale).
using WindowSumRowKernel = void (*)(const float* image,
                                    size_t in_w,
                                    size_t channels,
                                    size_t h0,
                                    size_t h1,
                                    const size_t* w0,
                                    const size_t* w1,
                                    const float* scale,
                                    size_t out_w,
                                    float* out);

// out[ow][c] = (1 - lh) * (row0 blend) + lh * (row1 blend), each blend (1 - lw[ow]) * x[w0[ow]] + lw[ow] *
// x[w1[ow]]: one output row of a bilinear resize.
using BilinearRowKernel = void (*)(const float* row0,
                                   const float* row1,
                                   float lh,
                                   size_t channels,
                                   const size_t* w0,
                                   const size_t* w1,
                                   const float* lw,
                                   size_t out_w,
                                   float* out);

struct PoolKernels {
    MaxPoolRowKernel max_row;
    WindowSumRowKernel window_sum_row;
    BilinearRowKernel bilinear_row;
    WindowSumRowKernel window_max_row;  // the same windows, their max (scale unused): adaptive max pooling
};

// The kernels of the active ISA, checked on every call so set_isa() takes effect.
const PoolKernels& pool_kernels();

const PoolKernels& pool_kernels_scalar();
#if TTNN_HAVE_AVX2
const PoolKernels& pool_kernels_avx2();
#endif

}  // namespace ttnn::kernels
