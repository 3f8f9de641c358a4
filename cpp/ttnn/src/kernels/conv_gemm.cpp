// The portable half of the conv GEMM: packing, cache blocking and the kernel choice. The microkernels it
// drives live in conv_scalar.cpp and conv_avx2.cpp.
#include <algorithm>
#include <cstring>

#include "kernels/conv_kernels.hpp"
#include "ttnn/error.hpp"
#include "ttnn/isa.hpp"

namespace ttnn::kernels {
namespace {

// A k-block of one 16-column panel (256 x 16 floats = 16 KiB) stays in L1 while the microkernel walks down
// the rows of A; the rows x 256 block of A (the caller's row chunk) stays in L2.
constexpr size_t kBlockK = 256;

}  // namespace

const ConvKernels& conv_kernels() {
    static const ConvKernels scalar{
        gemm_micro_scalar, depthwise_row_scalar, im2col_rows_scalar, im2col_rows_bf16_scalar, gemm_micro_bf16_scalar};
#if TTNN_HAVE_AVX2
    static const ConvKernels avx2{
        gemm_micro_avx2, depthwise_row_avx2, im2col_rows_avx2, im2col_rows_bf16_avx2, gemm_micro_bf16_avx2};
    if (active_isa() == Isa::AVX2) {
        return avx2;
    }
#endif
    return scalar;
}

AlignedFloats aligned_floats(size_t count) {
    const size_t bytes = std::max<size_t>(64, (count * sizeof(float) + 63) / 64 * 64);
    auto* p = static_cast<float*>(std::aligned_alloc(64, bytes));
    TTNN_CHECK(p != nullptr, RUNTIME, "conv: out of host memory for a ", bytes, "-byte scratch buffer");
    return AlignedFloats(p);
}

void pack_b_panels(
    const float* b, size_t rsb, size_t csb, size_t k, size_t n, size_t panel_begin, size_t panel_end, float* packed) {
    for (size_t panel = panel_begin; panel < panel_end; ++panel) {
        const size_t n0 = panel * kGemmNR;
        const size_t nr = std::min(kGemmNR, n - n0);
        float* dst = packed + panel * k * kGemmNR;
        for (size_t r = 0; r < k; ++r, dst += kGemmNR) {
            const float* src = b + r * rsb + n0 * csb;
            if (csb == 1) {
                std::memcpy(dst, src, nr * sizeof(float));
            } else {
                for (size_t j = 0; j < nr; ++j)
                    dst[j] = src[j * csb];
            }
            std::fill(dst + nr, dst + kGemmNR, 0.0f);
        }
    }
}

namespace {

// Equal k-blocks of at most kBlockK (576 -> 3 x 192, not 256 + 256 + 64: short blocks pay the C round trip
// for little work).
size_t k_block(size_t k) {
    const size_t blocks = std::max<size_t>(1, (k + kBlockK - 1) / kBlockK);
    return std::max<size_t>(1, (k + blocks - 1) / blocks);
}

}  // namespace

void gemm_packed(GemmMicroKernel micro,
                 size_t m,
                 size_t n_begin,
                 size_t n_end,
                 size_t k,
                 const float* a,
                 size_t lda,
                 const float* packed_b,
                 const float* bias,
                 float* c,
                 size_t ldc,
                 bool accumulate) {
    // k == 0 still runs one pass so the output gets its bias (or zeros).
    const size_t block = k_block(k);
    for (size_t kc = 0; kc < k || (kc == 0 && k == 0); kc += block) {
        const size_t kb = std::min(block, k - kc);
        const bool acc = accumulate || kc > 0;
        for (size_t n0 = n_begin; n0 < n_end; n0 += kGemmNR) {
            const size_t nr = std::min(kGemmNR, n_end - n0);
            const float* bp = packed_b + (n0 / kGemmNR) * k * kGemmNR + kc * kGemmNR;
            const float* panel_bias = (!acc && bias != nullptr) ? bias + n0 : nullptr;
            micro(kb, a + kc, lda, bp, c + n0, ldc, m, nr, acc, panel_bias);
        }
        if (k == 0)
            break;
    }
}

void gemm_packed_bf16_out(GemmMicroKernel micro,
                          GemmBf16MicroKernel micro_bf16,
                          size_t m,
                          size_t n_begin,
                          size_t n_end,
                          size_t k,
                          const float* a,
                          size_t lda,
                          const float* packed_b,
                          const float* bias,
                          float* c,
                          size_t ldc,
                          uint16_t* out,
                          size_t ldo) {
    const size_t block = k_block(k);
    const size_t last = k == 0 ? 0 : (k - 1) / block * block;  // first k of the last block
    for (size_t kc = 0; kc < last; kc += block) {
        for (size_t n0 = n_begin; n0 < n_end; n0 += kGemmNR) {
            const float* bp = packed_b + (n0 / kGemmNR) * k * kGemmNR + kc * kGemmNR;
            const float* panel_bias = (kc == 0 && bias != nullptr) ? bias + n0 : nullptr;
            micro(block, a + kc, lda, bp, c + n0, ldc, m, std::min(kGemmNR, n_end - n0), kc > 0, panel_bias);
        }
    }
    for (size_t n0 = n_begin; n0 < n_end; n0 += kGemmNR) {
        const size_t nr = std::min(kGemmNR, n_end - n0);
        const float* bp = packed_b + (n0 / kGemmNR) * k * kGemmNR + last * kGemmNR;
        const float* panel_bias = (last == 0 && bias != nullptr) ? bias + n0 : nullptr;
        micro_bf16(k - last, a + last, lda, bp, c + n0, ldc, m, nr, last > 0, panel_bias, out + n0, ldo);
    }
}

}  // namespace ttnn::kernels
