// im2col and its adjoint over NHWC data. Portable: the inner work is memcpy of channel runs.
#include <algorithm>
#include <cstring>

#include "kernels/conv_kernels.hpp"
#include "kernels/im2col_impl.hpp"
#include "ttnn/dtype.hpp"

namespace ttnn::kernels {
namespace {

using detail::as_index;
using detail::Index;

struct PortableOps {
    static void copy(float* dst, const float* src, size_t n) { std::memcpy(dst, src, n * sizeof(float)); }
    static void copy(float* dst, const uint16_t* src, size_t n) {
        for (size_t i = 0; i < n; ++i)
            dst[i] = f32_from_bf16(src[i]);
    }
    static void zero(float* dst, size_t n) { std::fill(dst, dst + n, 0.0f); }
    static void copy(uint16_t* dst, const uint16_t* src, size_t n) { std::memcpy(dst, src, n * sizeof(uint16_t)); }
    static void zero(uint16_t* dst, size_t n) { std::fill(dst, dst + n, uint16_t{0}); }
};

}  // namespace

void im2col_rows_scalar(const ConvGeometry& g, const float* input, size_t group, size_t m0, size_t rows, float* dst) {
    detail::im2col_rows<PortableOps>(g, input, group, m0, rows, dst);
}

void im2col_rows_bf16_scalar(
    const ConvGeometry& g, const uint16_t* input, size_t group, size_t m0, size_t rows, float* dst) {
    detail::im2col_rows<PortableOps>(g, input, group, m0, rows, dst);
}

void im2col_rows_bf16_bits(
    const ConvGeometry& g, const uint16_t* input, size_t group, size_t m0, size_t rows, uint16_t* dst) {
    detail::im2col_rows<PortableOps>(g, input, group, m0, rows, dst);
}

void pack_patch_panels(
    const ConvGeometry& g, const float* input, size_t group, size_t panel_begin, size_t panel_end, float* packed) {
    const size_t cg = g.group_in_c(), taps = g.k_h * g.k_w, k = g.patch(), pixels = g.pixels_out();
    const size_t plane = g.out_h * g.out_w;
    for (size_t panel = panel_begin; panel < panel_end; ++panel) {
        float* dst = packed + panel * k * kGemmNR;
        std::fill(dst, dst + k * kGemmNR, 0.0f);
        for (size_t j = 0; j < kGemmNR && panel * kGemmNR + j < pixels; ++j) {
            const size_t m = panel * kGemmNR + j;
            const size_t n = m / plane, oh = (m % plane) / g.out_w, ow = m % g.out_w;
            for (size_t kh = 0; kh < g.k_h; ++kh) {
                const Index ih = as_index(oh * g.stride_h + kh * g.dil_h) - as_index(g.pad_top);
                if (ih < 0 || ih >= as_index(g.in_h))
                    continue;
                for (size_t kw = 0; kw < g.k_w; ++kw) {
                    const Index iw = as_index(ow * g.stride_w + kw * g.dil_w) - as_index(g.pad_left);
                    if (iw < 0 || iw >= as_index(g.in_w))
                        continue;
                    const float* src =
                        input + ((n * g.in_h + static_cast<size_t>(ih)) * g.in_w + static_cast<size_t>(iw)) * g.in_c +
                        group * cg;
                    float* d = dst + (kh * g.k_w + kw) * kGemmNR + j;
                    for (size_t c = 0; c < cg; ++c)
                        d[c * taps * kGemmNR] = src[c];
                }
            }
        }
    }
}

}  // namespace ttnn::kernels
