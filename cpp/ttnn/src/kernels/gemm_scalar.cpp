// Portable GEMM kernels: the reference the AVX2 versions are tested against, and the path for CPUs
// without AVX2. Plain loops over a 6 x 16 tile; compilers vectorise them with whatever the baseline has.
#include <cmath>
#include <cstddef>

#include "kernels/gemm.hpp"
#include "ttnn/dtype.hpp"

namespace ttnn::kernels {

void gemm_micro_scalar(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate) {
    float acc[kGemmMr][kGemmNr];
    for (int64_t i = 0; i < kGemmMr; ++i) {
        for (int64_t j = 0; j < kGemmNr; ++j) {
            acc[i][j] = accumulate ? c[i * ldc + j] : 0.0f;
        }
    }
    for (int64_t p = 0; p < kc; ++p) {
        const float* bp = b + p * kGemmNr;
        for (int64_t i = 0; i < kGemmMr; ++i) {
            const float ai = a[p * kGemmMr + i];
            for (int64_t j = 0; j < kGemmNr; ++j) {
                acc[i][j] = std::fma(ai, bp[j], acc[i][j]);
            }
        }
    }
    for (int64_t i = 0; i < kGemmMr; ++i) {
        for (int64_t j = 0; j < kGemmNr; ++j) {
            c[i * ldc + j] = acc[i][j];
        }
    }
}

float activate_scalar(float x, Activation act) {
    switch (act) {
        case Activation::NONE:
            return x;
        case Activation::RELU:
            return x > 0.0f ? x : 0.0f;
        case Activation::GELU:
            return 0.5f * x * (1.0f + std::erf(x * 0.70710678118654752f));
        case Activation::SILU:
            return x / (1.0f + std::exp(-x));
        case Activation::SIGMOID:
            return 1.0f / (1.0f + std::exp(-x));
    }
    return x;
}

void gemm_finish_row_scalar(const float* acc, int64_t n, const float* bias, Activation act, void* out, bool out_bf16) {
    for (int64_t j = 0; j < n; ++j) {
        const float v = activate_scalar(bias != nullptr ? acc[j] + bias[j] : acc[j], act);
        if (out_bf16) {
            static_cast<uint16_t*>(out)[j] = bf16_from_f32(v);
        } else {
            static_cast<float*>(out)[j] = v;
        }
    }
}

void gemm_pack_a_panel_scalar(const void* data, bool bf16, int64_t base, int64_t row_stride, int64_t kc, float* panel) {
    for (int64_t r = 0; r < kGemmMr; ++r) {
        const int64_t row = base + r * row_stride;
        for (int64_t p = 0; p < kc; ++p) {
            panel[p * kGemmMr + r] = bf16 ? f32_from_bf16(static_cast<const uint16_t*>(data)[row + p])
                                          : static_cast<const float*>(data)[row + p];
        }
    }
}

void gemm_micro_finish_scalar(
    int64_t kc, const float* a, const float* b, const float* c, int64_t ldc, bool accumulate, const TileOut& out) {
    float acc[kGemmMr * kGemmNr];
    for (int64_t i = 0; accumulate && i < kGemmMr; ++i) {
        for (int64_t j = 0; j < kGemmNr; ++j)
            acc[i * kGemmNr + j] = c[i * ldc + j];
    }
    gemm_micro_scalar(kc, a, b, acc, kGemmNr, accumulate);
    const int64_t elem = out.bf16 ? 2 : 4;
    for (int64_t i = 0; i < kGemmMr; ++i) {
        std::byte* row = static_cast<std::byte*>(out.out) + i * out.ldo * elem;
        gemm_finish_row_scalar(acc + i * kGemmNr, kGemmNr, out.bias, out.act, row, out.bf16);
    }
}

void gemm_pack_bt_panel_scalar(
    const void* data, bool bf16, int64_t base, int64_t col_stride, int64_t kc, float* panel) {
    for (int64_t j = 0; j < kGemmNr; ++j) {
        const int64_t row = base + j * col_stride;
        for (int64_t p = 0; p < kc; ++p) {
            panel[p * kGemmNr + j] = bf16 ? f32_from_bf16(static_cast<const uint16_t*>(data)[row + p])
                                          : static_cast<const float*>(data)[row + p];
        }
    }
}

}  // namespace ttnn::kernels
