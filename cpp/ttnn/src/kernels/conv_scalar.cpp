// Portable reference kernels of the conv family; the AVX2 twins in conv_avx2.cpp must agree with them
// (to fp32 rounding: the AVX2 versions fuse multiply and add).
#include <algorithm>

#include "kernels/conv_kernels.hpp"
#include "ttnn/dtype.hpp"

namespace ttnn::kernels {

// out null: the rows to c; else rounded to bf16 into out (ldo apart), c only read.
static void gemm_block(size_t k,
                       const ARows& a,
                       const float* b,
                       float* c,
                       size_t ldc,
                       size_t mr,
                       size_t nr,
                       bool accumulate,
                       const float* bias,
                       uint16_t* out = nullptr,
                       size_t ldo = 0) {
    float acc[kGemmMR][kGemmNR];
    for (size_t r = 0; r < mr; ++r) {
        for (size_t j = 0; j < kGemmNR; ++j) {
            acc[r][j] = accumulate ? (j < nr ? c[r * ldc + j] : 0.0f) : (bias != nullptr ? bias[j] : 0.0f);
        }
    }
    for (size_t p = 0; p < k; ++p) {
        const float* bp = b + p * kGemmNR;
        for (size_t r = 0; r < mr; ++r) {
            const float av = a.at(r, p);
            for (size_t j = 0; j < kGemmNR; ++j)
                acc[r][j] += av * bp[j];
        }
    }
    for (size_t r = 0; r < mr; ++r) {
        for (size_t j = 0; j < nr; ++j) {
            if (out == nullptr) {
                c[r * ldc + j] = acc[r][j];
            } else {
                out[r * ldo + j] = bf16_from_f32(acc[r][j]);
            }
        }
    }
}

void gemm_micro_scalar(size_t k,
                       const ARows& a,
                       const float* b,
                       float* c,
                       size_t ldc,
                       size_t m,
                       size_t nr,
                       bool accumulate,
                       const float* bias) {
    for (size_t i = 0; i < m; i += kGemmMR) {
        gemm_block(k, a.from(i, 0), b, c + i * ldc, ldc, std::min(kGemmMR, m - i), nr, accumulate, bias);
    }
}

void gemm_micro_bf16_scalar(size_t k,
                            const ARows& a,
                            const float* b,
                            const float* c,
                            size_t ldc,
                            size_t m,
                            size_t nr,
                            bool accumulate,
                            const float* bias,
                            uint16_t* out,
                            size_t ldo) {
    for (size_t i = 0; i < m; i += kGemmMR) {
        gemm_block(k,
                   a.from(i, 0),
                   b,
                   const_cast<float*>(c) + i * ldc,  // read only when out is given
                   ldc,
                   std::min(kGemmMR, m - i),
                   nr,
                   accumulate,
                   bias,
                   out + i * ldo,
                   ldo);
    }
}

void depthwise_row_scalar(const ConvGeometry& g,
                          const float* image,
                          const float* weight,
                          const float* bias,
                          size_t oh,
                          float* out,
                          uint16_t* out_bf16) {
    const size_t channels = g.in_c;
    const ptrdiff_t ih0 = static_cast<ptrdiff_t>(oh * g.stride_h) - static_cast<ptrdiff_t>(g.pad_top);
    for (size_t ow = 0; ow < g.out_w; ++ow) {
        float* o = out + ow * channels;
        for (size_t c = 0; c < channels; ++c)
            o[c] = bias != nullptr ? bias[c] : 0.0f;
        const ptrdiff_t iw0 = static_cast<ptrdiff_t>(ow * g.stride_w) - static_cast<ptrdiff_t>(g.pad_left);
        for (size_t kh = 0; kh < g.k_h; ++kh) {
            const ptrdiff_t ih = ih0 + static_cast<ptrdiff_t>(kh * g.dil_h);
            if (ih < 0 || ih >= static_cast<ptrdiff_t>(g.in_h))
                continue;
            for (size_t kw = 0; kw < g.k_w; ++kw) {
                const ptrdiff_t iw = iw0 + static_cast<ptrdiff_t>(kw * g.dil_w);
                if (iw < 0 || iw >= static_cast<ptrdiff_t>(g.in_w))
                    continue;
                const float* x = image + (static_cast<size_t>(ih) * g.in_w + static_cast<size_t>(iw)) * channels;
                const float* w = weight + (kh * g.k_w + kw) * channels;
                for (size_t c = 0; c < channels; ++c)
                    o[c] += x[c] * w[c];
            }
        }
    }
    if (out_bf16 != nullptr) {
        for (size_t i = 0; i < g.out_w * channels; ++i)
            out_bf16[i] = bf16_from_f32(out[i]);
    }
}

}  // namespace ttnn::kernels
