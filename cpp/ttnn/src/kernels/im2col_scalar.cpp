// im2col and its adjoint over NHWC data. Portable: the inner work is memcpy of channel runs.
#include <algorithm>
#include <cstring>

#include "kernels/conv_kernels.hpp"

namespace ttnn::kernels {
namespace {

using Index = ptrdiff_t;

inline Index as_index(size_t v) {
    return static_cast<Index>(v);
}

// One kernel row (all kw taps) of a patch whose input row `row` is valid.
void copy_kernel_row(const ConvGeometry& g, const float* row, Index iw0, size_t c0, float* dst) {
    const size_t cg = g.group_in_c();
    const Index width = as_index(g.in_w);
    if (g.dil_w == 1 && cg == g.in_c) {
        // The taps are one contiguous run of the input row: copy the part inside it, zero the rest.
        const Index lo = std::clamp<Index>(-iw0, 0, as_index(g.k_w));
        const Index hi = std::clamp<Index>(width - iw0, lo, as_index(g.k_w));
        std::fill(dst, dst + lo * as_index(cg), 0.0f);
        std::memcpy(dst + lo * as_index(cg),
                    row + (iw0 + lo) * as_index(cg),
                    static_cast<size_t>(hi - lo) * cg * sizeof(float));
        std::fill(dst + hi * as_index(cg), dst + g.k_w * cg, 0.0f);
        return;
    }
    for (size_t kw = 0; kw < g.k_w; ++kw, dst += cg) {
        const Index iw = iw0 + as_index(kw * g.dil_w);
        if (iw < 0 || iw >= width) {
            std::fill(dst, dst + cg, 0.0f);
        } else {
            std::memcpy(dst, row + iw * as_index(g.in_c) + as_index(c0), cg * sizeof(float));
        }
    }
}

}  // namespace

void im2col_rows(const ConvGeometry& g, const float* input, size_t group, size_t m0, size_t rows, float* dst) {
    const size_t cg = g.group_in_c();
    const size_t row_floats = g.k_w * cg;
    const size_t plane = g.out_h * g.out_w;
    for (size_t r = 0; r < rows; ++r) {
        const size_t m = m0 + r;
        const size_t n = m / plane, oh = (m % plane) / g.out_w, ow = m % g.out_w;
        const float* image = input + n * g.in_h * g.in_w * g.in_c;
        const Index ih0 = as_index(oh * g.stride_h) - as_index(g.pad_top);
        const Index iw0 = as_index(ow * g.stride_w) - as_index(g.pad_left);
        float* d = dst + r * g.patch();
        for (size_t kh = 0; kh < g.k_h; ++kh, d += row_floats) {
            const Index ih = ih0 + as_index(kh * g.dil_h);
            if (ih < 0 || ih >= as_index(g.in_h)) {
                std::fill(d, d + row_floats, 0.0f);
                continue;
            }
            copy_kernel_row(g, image + static_cast<size_t>(ih) * g.in_w * g.in_c, iw0, group * cg, d);
        }
    }
}

void col2im_pixels(const ConvGeometry& g, const float* cols, size_t group, size_t p0, size_t p1, float* grad_input) {
    const size_t cg = g.group_in_c();
    const size_t plane = g.in_h * g.in_w;
    for (size_t p = p0; p < p1; ++p) {
        const size_t n = p / plane, ih = (p % plane) / g.in_w, iw = p % g.in_w;
        float* acc = grad_input + p * g.in_c + group * cg;
        std::fill(acc, acc + cg, 0.0f);
        for (size_t kh = 0; kh < g.k_h; ++kh) {
            const Index th = as_index(ih + g.pad_top) - as_index(kh * g.dil_h);
            if (th < 0 || th % as_index(g.stride_h) != 0 || th / as_index(g.stride_h) >= as_index(g.out_h))
                continue;
            const size_t oh = static_cast<size_t>(th) / g.stride_h;
            for (size_t kw = 0; kw < g.k_w; ++kw) {
                const Index tw = as_index(iw + g.pad_left) - as_index(kw * g.dil_w);
                if (tw < 0 || tw % as_index(g.stride_w) != 0 || tw / as_index(g.stride_w) >= as_index(g.out_w)) {
                    continue;
                }
                const size_t ow = static_cast<size_t>(tw) / g.stride_w;
                const float* src = cols + ((n * g.out_h + oh) * g.out_w + ow) * g.patch() + (kh * g.k_w + kw) * cg;
                for (size_t c = 0; c < cg; ++c)
                    acc[c] += src[c];
            }
        }
    }
}

}  // namespace ttnn::kernels
