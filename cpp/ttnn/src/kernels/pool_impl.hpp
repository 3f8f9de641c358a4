#pragma once
// Bodies of the pool kernels (see pool_kernels.hpp), written as plain channel loops that the compiler
// vectorises; included once by pool_scalar.cpp and once by pool_avx2.cpp (compiled with -mavx2 -mfma).
// Internal linkage (static) keeps the two builds apart: the linker must not pick one for both.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "kernels/pool_kernels.hpp"

namespace ttnn::kernels::detail {

static inline void max_pool_row(const PoolGeometry& g, const float* image, size_t oh, float* out, int32_t* index) {
    const ptrdiff_t height = static_cast<ptrdiff_t>(g.in_h), width = static_cast<ptrdiff_t>(g.in_w);
    const ptrdiff_t dh = static_cast<ptrdiff_t>(g.dil_h), dw = static_cast<ptrdiff_t>(g.dil_w);
    const size_t channels = g.channels;
    ptrdiff_t ih0 = static_cast<ptrdiff_t>(oh * g.stride_h) - static_cast<ptrdiff_t>(g.pad_top);
    const ptrdiff_t ih1 = std::min(ih0 + static_cast<ptrdiff_t>(g.k_h - 1) * dh + 1, height);
    while (ih0 < 0)
        ih0 += dh;
    for (size_t ow = 0; ow < g.out_w; ++ow) {
        ptrdiff_t iw0 = static_cast<ptrdiff_t>(ow * g.stride_w) - static_cast<ptrdiff_t>(g.pad_left);
        const ptrdiff_t iw1 = std::min(iw0 + static_cast<ptrdiff_t>(g.k_w - 1) * dw + 1, width);
        while (iw0 < 0)
            iw0 += dw;
        float* best = out + ow * channels;
        int32_t* arg = index != nullptr ? index + ow * channels : nullptr;
        const int32_t first = static_cast<int32_t>(ih0 * width + iw0);
        for (size_t c = 0; c < channels; ++c)
            best[c] = -std::numeric_limits<float>::infinity();
        if (arg != nullptr) {
            for (size_t c = 0; c < channels; ++c)
                arg[c] = first;
        }
        for (ptrdiff_t ih = ih0; ih < ih1; ih += dh) {
            for (ptrdiff_t iw = iw0; iw < iw1; iw += dw) {
                const float* x = image + static_cast<size_t>(ih * width + iw) * channels;
                const int32_t at = static_cast<int32_t>(ih * width + iw);
                if (arg == nullptr) {
                    for (size_t c = 0; c < channels; ++c) {
                        const bool take = x[c] > best[c] || std::isnan(x[c]);
                        best[c] = take ? x[c] : best[c];
                    }
                    continue;
                }
                for (size_t c = 0; c < channels; ++c) {
                    const bool take = x[c] > best[c] || std::isnan(x[c]);
                    best[c] = take ? x[c] : best[c];
                    arg[c] = take ? at : arg[c];
                }
            }
        }
    }
}

static inline void window_sum_row(const float* image,
                                  size_t in_w,
                                  size_t channels,
                                  size_t h0,
                                  size_t h1,
                                  const size_t* w0,
                                  const size_t* w1,
                                  const float* scale,
                                  size_t out_w,
                                  float* out) {
    for (size_t ow = 0; ow < out_w; ++ow) {
        float* o = out + ow * channels;
        for (size_t c = 0; c < channels; ++c)
            o[c] = 0.0f;
        for (size_t h = h0; h < h1; ++h) {
            for (size_t w = w0[ow]; w < w1[ow]; ++w) {
                const float* x = image + (h * in_w + w) * channels;
                for (size_t c = 0; c < channels; ++c)
                    o[c] += x[c];
            }
        }
        for (size_t c = 0; c < channels; ++c)
            o[c] *= scale[ow];
    }
}

// torch's adaptive max: a later tap wins when greater or NaN (so NaN propagates); windows are never empty.
static inline void window_max_row(const float* image,
                                  size_t in_w,
                                  size_t channels,
                                  size_t h0,
                                  size_t h1,
                                  const size_t* w0,
                                  const size_t* w1,
                                  const float*,
                                  size_t out_w,
                                  float* out) {
    for (size_t ow = 0; ow < out_w; ++ow) {
        float* o = out + ow * channels;
        for (size_t c = 0; c < channels; ++c)
            o[c] = -std::numeric_limits<float>::infinity();
        for (size_t h = h0; h < h1; ++h) {
            for (size_t w = w0[ow]; w < w1[ow]; ++w) {
                const float* x = image + (h * in_w + w) * channels;
                for (size_t c = 0; c < channels; ++c)
                    o[c] = (x[c] > o[c] || x[c] != x[c]) ? x[c] : o[c];
            }
        }
    }
}

static inline void bilinear_row(const float* row0,
                                const float* row1,
                                float lh,
                                size_t channels,
                                const size_t* w0,
                                const size_t* w1,
                                const float* lw,
                                size_t out_w,
                                float* out) {
    const float hh = 1.0f - lh;
    for (size_t ow = 0; ow < out_w; ++ow) {
        const float* a0 = row0 + w0[ow] * channels;
        const float* a1 = row0 + w1[ow] * channels;
        const float* b0 = row1 + w0[ow] * channels;
        const float* b1 = row1 + w1[ow] * channels;
        const float lr = lw[ow], ll = 1.0f - lw[ow];
        float* o = out + ow * channels;
        for (size_t c = 0; c < channels; ++c)
            o[c] = hh * (ll * a0[c] + lr * a1[c]) + lh * (ll * b0[c] + lr * b1[c]);
    }
}

}  // namespace ttnn::kernels::detail
