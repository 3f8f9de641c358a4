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
    if (isa_at_least(Isa::AVX2)) {
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

void append_k_blocks(size_t k0, size_t len, const ARows& a, std::vector<KBlock>& blocks) {
    if (a.seg_len != 0) {  // whole segments, sized by the caller
        blocks.push_back({k0, len, a});
        return;
    }
    // Equal blocks (576 -> 3 x 192, not 256 + 256 + 64: short blocks pay the C round trip for little work).
    const size_t count = std::max<size_t>(1, (len + kBlockK - 1) / kBlockK);
    const size_t block = std::max<size_t>(1, (len + count - 1) / count);
    for (size_t s = 0; s < len; s += block)
        blocks.push_back({k0 + s, std::min(block, len - s), a.from(0, s)});
}

void gemm_packed_blocks(const PackedGemm& p, const KBlock* blocks, size_t count) {
    const KBlock none{};  // k == 0 still runs one pass so the output gets its bias (or zeros)
    if (count == 0) {
        blocks = &none;
        count = 1;
    }
    for (size_t i = 0; i < count; ++i) {
        const KBlock& kb = blocks[i];
        const bool acc = p.accumulate || i > 0, last = i + 1 == count;
        for (size_t n0 = p.n_begin; n0 < p.n_end; n0 += kGemmNR) {
            const size_t nr = std::min(kGemmNR, p.n_end - n0);
            const float* bp = p.packed_b + (n0 / kGemmNR) * p.k * kGemmNR + kb.k0 * kGemmNR;
            const float* bias = (!acc && p.bias != nullptr) ? p.bias + n0 : nullptr;
            if (last && p.out != nullptr) {
                p.micro_bf16(kb.len, kb.a, bp, p.c + n0, p.ldc, p.m, nr, acc, bias, p.out + n0, p.ldo);
            } else {
                p.micro(kb.len, kb.a, bp, p.c + n0, p.ldc, p.m, nr, acc, bias);
            }
        }
    }
}

namespace {

std::vector<KBlock> strided_blocks(size_t k, const float* a, size_t lda) {
    std::vector<KBlock> blocks;
    append_k_blocks(0, k, ARows{a, lda}, blocks);
    return blocks;
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
    const std::vector<KBlock> blocks = strided_blocks(k, a, lda);
    gemm_packed_blocks(
        {micro, nullptr, m, n_begin, n_end, k, packed_b, bias, c, ldc, accumulate}, blocks.data(), blocks.size());
}

}  // namespace ttnn::kernels
