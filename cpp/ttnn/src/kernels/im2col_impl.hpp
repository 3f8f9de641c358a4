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

// Ops: static void copy(float* dst, const T* src, size_t n) for T = float and uint16_t (bf16 bits, widened
// exactly); static void zero(float* dst, size_t n).
template <typename Ops, typename T>
void copy_kernel_row(const ConvGeometry& g, const T* row, Index iw0, size_t c0, float* dst) {
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

template <typename Ops, typename T>
void im2col_rows(const ConvGeometry& g, const T* input, size_t group, size_t m0, size_t rows, float* dst) {
    const size_t cg = g.group_in_c();
    const size_t row_floats = g.k_w * cg;
    const size_t plane = g.out_h * g.out_w;
    // (n, oh, ow) of the first row, then stepped: no divisions per row.
    size_t n = m0 / plane, oh = (m0 % plane) / g.out_w, ow = m0 % g.out_w;
    for (size_t r = 0; r < rows; ++r) {
        const T* image = input + n * g.in_h * g.in_w * g.in_c;
        const Index ih0 = as_index(oh * g.stride_h) - as_index(g.pad_top);
        const Index iw0 = as_index(ow * g.stride_w) - as_index(g.pad_left);
        float* d = dst + r * g.patch();
        for (size_t kh = 0; kh < g.k_h; ++kh, d += row_floats) {
            const Index ih = ih0 + as_index(kh * g.dil_h);
            if (ih < 0 || ih >= as_index(g.in_h)) {
                Ops::zero(d, row_floats);
                continue;
            }
            copy_kernel_row<Ops, T>(g, image + static_cast<size_t>(ih) * g.in_w * g.in_c, iw0, group * cg, d);
        }
        if (++ow == g.out_w) {
            ow = 0;
            if (++oh == g.out_h)
                oh = 0, ++n;
        }
    }
}

}  // namespace ttnn::kernels::detail
