#include "ops/conv_padded.hpp"

#include <algorithm>
#include <cstring>

#include "kernels/codec.hpp"

namespace ttnn::ops {
namespace {

using kernels::ConvGeometry;

// A run: consecutive k values that lie side by side in the padded image.
struct Runs {
    size_t count, length, taps_per_run;
};

Runs runs_of(const ConvGeometry& g) {
    const size_t cg = g.group_in_c();
    if (g.dil_w == 1 && cg == g.in_c)
        return {g.k_h, g.k_w * cg, g.k_w};  // one run per kernel row: its taps are neighbouring pixels
    return {g.k_h * g.k_w, cg, 1};
}

// The longest k-block made of whole kernel-row runs: its B slab (384 x 16 floats, 24 KiB) still stays in L1.
constexpr size_t kSegmentedK = 384;

size_t padded_extent(size_t out, size_t stride, size_t kernel, size_t dilation) {
    return (out - 1) * stride + (kernel - 1) * dilation + 1;
}

}  // namespace

bool use_padded_input(const ConvGeometry& g) {
    if (g.pixels_out() == 0 || runs_of(g).length < 32)
        return false;
    const size_t height = padded_extent(g.out_h, g.stride_h, g.k_h, g.dil_h);
    const size_t width = padded_extent(g.out_w, g.stride_w, g.k_w, g.dil_w);
    return g.batch * height * width * g.in_c <= g.groups * g.pixels_out() * g.patch();
}

PaddedInput pad_band(const ConvGeometry& g,
                     const ConvIo& io,
                     size_t m0,
                     size_t rows,
                     uint64_t call,
                     const PaddedInput& reuse,
                     kernels::FloatBuffer& buffer) {
    PaddedInput in;
    in.call = call;
    in.height = padded_extent(g.out_h, g.stride_h, g.k_h, g.dil_h);
    in.width = padded_extent(g.out_w, g.stride_w, g.k_w, g.dil_w);
    const size_t plane = g.out_h * g.out_w, last = m0 + rows - 1;
    in.first_row = m0 / plane * in.height + m0 % plane / g.out_w * g.stride_h;
    in.rows = last / plane * in.height + last % plane / g.out_w * g.stride_h + (g.k_h - 1) * g.dil_h + 1 - in.first_row;
    if (reuse.call == call && reuse.data != nullptr && reuse.data == buffer.data() && reuse.first_row == in.first_row &&
        reuse.rows == in.rows && reuse.height == in.height && reuse.width == in.width) {
        return reuse;
    }
    const size_t row_floats = in.width * g.in_c;
    buffer.resize(in.rows * row_floats);
    in.data = buffer.data();
    // The input columns [left, left + copied) of each padded row; the rest of the row is border.
    const size_t left = std::min(g.pad_left, in.width);
    const size_t copied = std::min(g.in_w, in.width - left);
    const auto widen = kernels::codec().bf16_to_f32;
    for (size_t r = 0; r < in.rows; ++r) {
        const size_t n = (in.first_row + r) / in.height, y = (in.first_row + r) % in.height;
        float* dst = buffer.data() + r * row_floats;
        if (y < g.pad_top || y - g.pad_top >= g.in_h) {
            std::fill(dst, dst + row_floats, 0.0f);
            continue;
        }
        const size_t src = ((n * g.in_h + y - g.pad_top) * g.in_w) * g.in_c;
        std::fill(dst, dst + left * g.in_c, 0.0f);
        float* body = dst + left * g.in_c;
        if (io.input_bf16) {
            widen(static_cast<const uint16_t*>(io.input) + src, body, copied * g.in_c);
        } else {
            std::memcpy(body, static_cast<const float*>(io.input) + src, copied * g.in_c * sizeof(float));
        }
        std::fill(body + copied * g.in_c, dst + row_floats, 0.0f);
    }
    return in;
}

void padded_blocks(const ConvGeometry& g,
                   const PaddedInput& in,
                   size_t group,
                   size_t m0,
                   size_t rows,
                   std::vector<const float*>& table,
                   std::vector<kernels::KBlock>& blocks) {
    const Runs runs = runs_of(g);
    table.resize(runs.count * rows);  // sized before any block points into it
    blocks.clear();
    const size_t plane = g.out_h * g.out_w, channel0 = group * g.group_in_c();
    // Short kernel-row runs (32 channels x 3 taps: 96 floats) share one k-block, read as segments a padded
    // row apart, so the C tile is not stored and reloaded after every run.
    const bool rows_of_taps = runs.taps_per_run == g.k_w && runs.length < kSegmentedK;
    const size_t per_block = rows_of_taps ? std::max<size_t>(1, kSegmentedK / runs.length) : 1;
    for (size_t run = 0; run < runs.count; run += per_block) {
        const size_t tap = run * runs.taps_per_run, kh = tap / g.k_w, kw = tap % g.k_w;
        const float** column = table.data() + run * rows;
        for (size_t i = 0; i < rows; ++i) {
            const size_t p = m0 + i, n = p / plane, oh = p % plane / g.out_w, ow = p % g.out_w;
            const size_t y = oh * g.stride_h + kh * g.dil_h, x = ow * g.stride_w + kw * g.dil_w;
            column[i] = in.data + ((n * in.height + y - in.first_row) * in.width + x) * g.in_c + channel0;
        }
        const size_t segments = std::min(per_block, runs.count - run);
        kernels::ARows a{nullptr, 0, column, 0};
        if (segments > 1)
            a.seg_len = runs.length, a.seg_stride = g.dil_h * in.width * g.in_c;
        kernels::append_k_blocks(tap * g.group_in_c(), segments * runs.length, a, blocks);
    }
}

}  // namespace ttnn::ops
