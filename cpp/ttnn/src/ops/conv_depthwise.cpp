// conv2d's depthwise path (every group one input and one output channel): a direct row kernel over NHWC rows,
// bf16 input widened per band of output rows and bf16 output rounded per row.
#include <algorithm>
#include <vector>

#include "kernels/codec.hpp"
#include "kernels/gemm.hpp"
#include "ops/conv_plan.hpp"
#include "ops/op_common.hpp"

namespace ttnn::ops {
namespace {

using kernels::ConvGeometry;

// Output rows per band of the depthwise path: as many as keep the widened input rows they read within about
// 256 KiB (L2), at least one.
size_t band_rows(const ConvGeometry& g) {
    const size_t budget = size_t{1} << 16, row = std::max<size_t>(1, g.in_w * g.in_c);
    const size_t span = g.dil_h * (g.k_h - 1) + 1, fit = budget / row;
    return fit <= span ? 1 : (fit - span) / g.stride_h + 1;
}

// Asks for [begin, end) to be brought into cache ahead of use (for writing when `write`): a line per 64 bytes.
void prefetch_range(const void* begin, const void* end, bool write) {
    for (auto* p = static_cast<const char*>(begin); p < static_cast<const char*>(end); p += 64) {
        if (write) {
            __builtin_prefetch(p, 1, 3);
        } else {
            __builtin_prefetch(p, 0, 3);
        }
    }
}

// Output rows [oh0, oh0 + count) of image n. bf16 input: the input rows they read are widened once into a
// per-thread band (a widened copy per tap, or of the whole tensor, would cost more than the taps); the row
// kernel then reads the band as an image of those rows (pad_top moved so its row indices still land).
// bf16 output: the row kernel rounds each finished vector into place. Rows are widened as the output rows
// reach them, and the next output row's new input rows and its output are prefetched: conversion passes over
// data not in cache were memory-bound, while the taps' arithmetic can hide the fetch.
void depthwise_band(const ConvGeometry& g,
                    const ConvIo& io,
                    const float* weight,
                    const float* bias,
                    size_t n,
                    size_t oh0,
                    size_t count,
                    kernels::FloatBuffer& band,
                    kernels::FloatBuffer& row_out) {
    const kernels::DepthwiseRowKernel row_kernel = kernels::conv_kernels().depthwise_row;
    const size_t in_row = g.in_w * g.in_c, out_row = g.out_w * g.out_c;
    // Input rows [lo, hi(oh)) are what output rows up to oh read.
    const auto rows_end = [&](size_t oh) {
        const ptrdiff_t end =
            static_cast<ptrdiff_t>(oh * g.stride_h + g.dil_h * (g.k_h - 1) + 1) - static_cast<ptrdiff_t>(g.pad_top);
        return static_cast<size_t>(std::clamp<ptrdiff_t>(end, 0, static_cast<ptrdiff_t>(g.in_h)));
    };
    const ptrdiff_t top = static_cast<ptrdiff_t>(oh0 * g.stride_h) - static_cast<ptrdiff_t>(g.pad_top);
    const size_t lo = static_cast<size_t>(std::clamp<ptrdiff_t>(top, 0, static_cast<ptrdiff_t>(g.in_h)));
    ConvGeometry bg = g;
    const float* image = static_cast<const float*>(io.input) + n * g.in_h * in_row;
    const uint16_t* src = static_cast<const uint16_t*>(io.input) + n * g.in_h * in_row;
    size_t widened = lo;
    if (io.input_bf16) {
        band.resize(std::max<size_t>(1, (std::max(rows_end(oh0 + count - 1), lo) - lo) * in_row));
        bg.in_h = std::max(rows_end(oh0 + count - 1), lo) - lo, bg.pad_top = g.pad_top + lo;
        image = band.data();
    }
    uint16_t* out16 = static_cast<uint16_t*>(io.out) + (n * g.out_h) * out_row;
    for (size_t oh = oh0; oh < oh0 + count; ++oh) {
        if (io.input_bf16) {
            const size_t need = std::max(rows_end(oh), widened);
            kernels::codec().bf16_to_f32(
                src + widened * in_row, band.data() + (widened - lo) * in_row, (need - widened) * in_row);
            widened = need;
            const size_t next = std::max(rows_end(oh + 1), widened);
            prefetch_range(src + widened * in_row, src + next * in_row, false);
        }
        if (!io.out_bf16) {
            row_kernel(
                bg, image, weight, bias, oh, static_cast<float*>(io.out) + (n * g.out_h + oh) * out_row, nullptr);
            continue;
        }
        if (oh + 1 < g.out_h)
            prefetch_range(out16 + (oh + 1) * out_row, out16 + (oh + 2) * out_row, true);
        row_out.resize(out_row);
        row_kernel(bg, image, weight, bias, oh, row_out.data(), out16 + oh * out_row);
    }
}

}  // namespace

void conv_depthwise(const ConvGeometry& g, const ConvIo& io, const float* weight, const float* bias, ThreadPool& pool) {
    const size_t taps = g.k_h * g.k_w, channels = g.in_c;
    std::vector<float> tap_major(taps * channels);
    for (size_t c = 0; c < channels; ++c) {
        for (size_t t = 0; t < taps; ++t)
            tap_major[t * channels + c] = weight[c * taps + t];
    }
    const size_t per_band = band_rows(g);
    pool.parallel_for(g.batch * g.out_h, 1, [&](size_t begin, size_t end) {
        thread_local kernels::FloatBuffer band, row_out;
        for (size_t row = begin; row < end;) {
            const size_t n = row / g.out_h, oh0 = row % g.out_h;
            const size_t count = std::min({end - row, g.out_h - oh0, per_band});
            depthwise_band(g, io, tap_major.data(), bias, n, oh0, count, band, row_out);
            row += count;
        }
    });
}

}  // namespace ttnn::ops
