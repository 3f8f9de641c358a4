#pragma once
// im2col's body, shared by the portable build (im2col_scalar.cpp) and the AVX2 one (im2col_avx2.cpp), which
// differ only in how they copy and clear the short channel runs (a 7x7 stem with 3 channels copies 21 floats
// at a time, where a memcpy call costs more than the copy).
#include <algorithm>
#include <cstddef>

#include "kernels/conv_kernels.hpp"

namespace ttnn::kernels::detail {

using Index = ptrdiff_t;

static inline Index as_index(size_t v) {
    return static_cast<Index>(v);
}

// Ops: static void copy(D* dst, const T* src, size_t n) for T = float and uint16_t (bf16 bits, widened
// exactly into a float D, copied as they are into a uint16_t D); static void zero(D* dst, size_t n).
template <typename Ops, typename T, typename D>
void copy_kernel_row(const ConvGeometry& g, const T* row, Index iw0, size_t c0, D* dst) {
    const size_t cg = g.group_in_c();
    const Index width = as_index(g.in_w);
    if (g.dil_w == 1 && cg == g.in_c) {
        // The taps are one contiguous run of the input row: copy the part inside it, zero the rest.
        const Index lo = std::clamp<Index>(-iw0, 0, as_index(g.k_w));
        const Index hi = std::clamp<Index>(width - iw0, lo, as_index(g.k_w));
        Ops::zero(dst, static_cast<size_t>(lo) * cg);
        Ops::copy(dst + lo * as_index(cg), row + (iw0 + lo) * as_index(cg), static_cast<size_t>(hi - lo) * cg);
        Ops::zero(dst + hi * as_index(cg), (g.k_w - static_cast<size_t>(hi)) * cg);
        return;
    }
    for (size_t kw = 0; kw < g.k_w; ++kw, dst += cg) {
        const Index iw = iw0 + as_index(kw * g.dil_w);
        if (iw < 0 || iw >= width) {
            Ops::zero(dst, cg);
        } else {
            Ops::copy(dst, row + iw * as_index(g.in_c) + as_index(c0), cg);
        }
    }
}

// Rows of one output image row segment [ow0, ow0 + count) at height oh, kh outer: for each kernel row the
// pixels whose taps lie inside the input row copy one run each with no clamping (a 7x7 stem on 3 channels
// copies 21 floats per run, where per-pixel set-up cost as much as the copy); only the border pixels take
// copy_kernel_row.
template <typename Ops, typename T, typename D>
void im2col_segment(const ConvGeometry& g, const T* image, size_t group, size_t oh, size_t ow0, size_t count, D* dst) {
    const size_t cg = g.group_in_c(), row_floats = g.k_w * cg, patch = g.patch();
    const Index ih0 = as_index(oh * g.stride_h) - as_index(g.pad_top);
    // Pixels [lo, hi) of the segment read only inside the row, as one contiguous run (dil_w 1, all channels).
    size_t lo = count, hi = count;
    if (g.dil_w == 1 && cg == g.in_c) {
        const Index stride = as_index(g.stride_w), first = as_index(ow0 * g.stride_w) - as_index(g.pad_left);
        const Index need = as_index(g.k_w) - as_index(g.in_w);  // iw0 <= -need keeps the run inside
        const Index a = first >= 0 ? 0 : (-first + stride - 1) / stride;
        const Index b = -need - first < 0 ? 0 : (-need - first) / stride + 1;
        lo = static_cast<size_t>(std::min(a, as_index(count)));
        hi = static_cast<size_t>(std::clamp(b, as_index(lo), as_index(count)));
    }
    for (size_t kh = 0; kh < g.k_h; ++kh) {
        D* d = dst + kh * row_floats;
        const Index ih = ih0 + as_index(kh * g.dil_h);
        if (ih < 0 || ih >= as_index(g.in_h)) {
            for (size_t s = 0; s < count; ++s)
                Ops::zero(d + s * patch, row_floats);
            continue;
        }
        const T* row = image + static_cast<size_t>(ih) * g.in_w * g.in_c;
        const auto border = [&](size_t s) {
            const Index iw0 = as_index((ow0 + s) * g.stride_w) - as_index(g.pad_left);
            copy_kernel_row<Ops, T, D>(g, row, iw0, group * cg, d + s * patch);
        };
        for (size_t s = 0; s < lo; ++s)
            border(s);
        const T* src = row + (as_index((ow0 + lo) * g.stride_w) - as_index(g.pad_left)) * as_index(g.in_c);
        const size_t step = g.stride_w * g.in_c;
        for (size_t s = lo; s < hi; ++s, src += step)
            Ops::copy(d + s * patch, src, row_floats);
        for (size_t s = hi; s < count; ++s)
            border(s);
    }
}

template <typename Ops, typename T, typename D>
void im2col_rows(const ConvGeometry& g, const T* input, size_t group, size_t m0, size_t rows, D* dst) {
    const size_t plane = g.out_h * g.out_w;
    // (n, oh, ow) of the first row, then stepped by segments of one output row: no divisions per row.
    size_t n = m0 / plane, oh = (m0 % plane) / g.out_w, ow = m0 % g.out_w;
    for (size_t r = 0; r < rows;) {
        const size_t count = std::min(rows - r, g.out_w - ow);
        im2col_segment<Ops, T, D>(g, input + n * g.in_h * g.in_w * g.in_c, group, oh, ow, count, dst + r * g.patch());
        r += count, ow += count;
        if (ow == g.out_w) {
            ow = 0;
            if (++oh == g.out_h)
                oh = 0, ++n;
        }
    }
}

}  // namespace ttnn::kernels::detail
