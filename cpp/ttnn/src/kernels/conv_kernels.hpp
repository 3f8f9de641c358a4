#pragma once
// Kernels of the conv family. Convolution is an implicit GEMM over NHWC data: rows are output pixels, the
// reduction runs over (kh, kw, c) patches, columns are output channels. The GEMM is our own: weights packed
// once per call into 16-column panels, a 6x16 register-blocked microkernel, and a portable scalar twin of
// the microkernel that the tests compare against. Depthwise convolution has a direct kernel (a GEMM with
// one output channel per group would waste the microkernel).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

namespace ttnn::kernels {

inline constexpr size_t kGemmMR = 6;   // rows per microkernel call
inline constexpr size_t kGemmNR = 16;  // columns per packed B panel (two AVX2 vectors)

// Every size a conv kernel needs, in elements. Paddings at the bottom/right only shape out_h/out_w.
struct ConvGeometry {
    size_t batch = 0, in_h = 0, in_w = 0, in_c = 0;
    size_t out_h = 0, out_w = 0, out_c = 0;
    size_t k_h = 1, k_w = 1, groups = 1;
    size_t stride_h = 1, stride_w = 1, dil_h = 1, dil_w = 1;
    size_t pad_top = 0, pad_left = 0;

    size_t group_in_c() const { return in_c / groups; }
    size_t group_out_c() const { return out_c / groups; }
    size_t patch() const { return k_h * k_w * group_in_c(); }  // reduction length of one group
    size_t pixels_out() const { return batch * out_h * out_w; }
    size_t pixels_in() const { return batch * in_h * in_w; }
};

// Where a microkernel finds the rows of A: row i at base + i * lda + offset, or, with a table, at
// table[i] + offset. The table is how the conv GEMM reads patches straight from a padded copy of the input
// (each output pixel's row of one kernel row is one contiguous run there) instead of from im2col columns.
// Segmented (seg_len > 0): a row's columns are runs of seg_len values seg_stride apart, column p at
// row(i)[p / seg_len * seg_stride + p % seg_len]; a conv's kernel rows, a padded image row apart, then make
// one k-block, so the C tile stays in registers across them.
struct ARows {
    const float* base = nullptr;
    size_t lda = 0;
    const float* const* table = nullptr;
    size_t offset = 0;
    size_t seg_len = 0, seg_stride = 0;

    const float* row(size_t i) const { return (table != nullptr ? table[i] : base + i * lda) + offset; }
    float at(size_t i, size_t p) const { return row(i)[seg_len == 0 ? p : p / seg_len * seg_stride + p % seg_len]; }
    // Rows from `first`, columns from `col` (segment-aligned when segmented).
    ARows from(size_t first, size_t col) const {
        const size_t shift = seg_len == 0 ? col : col / seg_len * seg_stride;
        return table != nullptr ? ARows{nullptr, 0, table + first, offset + shift, seg_len, seg_stride}
                                : ARows{base + first * lda, lda, nullptr, offset + shift, seg_len, seg_stride};
    }
};

// c[m x nr] = (accumulate ? c : bias or 0) + a[m x k] * b[k x 16], b one packed panel (32-byte aligned),
// bias one padded panel of 16 (or null). nr <= 16; columns past nr are neither read nor written. Any m: the
// kernel walks 6-row blocks itself, so its set-up is paid once per panel, not per block.
using GemmMicroFn = void(size_t k,
                         const ARows& a,
                         const float* b,
                         float* c,
                         size_t ldc,
                         size_t m,
                         size_t nr,
                         bool accumulate,
                         const float* bias);

// The same product with the finished tile rounded to bf16 into out (rows ldo apart) instead of written to c
// (c is only read, when accumulating): bf16 output without an fp32 tile pass. Same sums as GemmMicroKernel.
using GemmBf16MicroFn = void(size_t k,
                             const ARows& a,
                             const float* b,
                             const float* c,
                             size_t ldc,
                             size_t m,
                             size_t nr,
                             bool accumulate,
                             const float* bias,
                             uint16_t* out,
                             size_t ldo);

// out[ow][c] for one output row (n, oh) of a depthwise convolution with channel multiplier 1.
// weight is [k_h * k_w][c] (tap-major), bias [c] or null, image the NHWC plane of image n. out_bf16 null: the
// row to out; else rounded to bf16 into out_bf16 (the codec's bits), out then only scratch for one row.
using DepthwiseRowFn = void(const ConvGeometry& g,
                            const float* image,
                            const float* weight,
                            const float* bias,
                            size_t oh,
                            float* out,
                            uint16_t* out_bf16);

// Rows [m0, m0 + rows) of group `group`'s column matrix (one row per output pixel, (kh, kw, c) per row,
// zeros where the patch falls in the padding) into dst, rows `patch()` floats apart.
using Im2colFn = void(const ConvGeometry& g, const float* input, size_t group, size_t m0, size_t rows, float* dst);

// The same from bf16 input as stored (widened exactly while copied, so no fp32 copy of the input is made).
using Im2colBf16Fn =
    void(const ConvGeometry& g, const uint16_t* input, size_t group, size_t m0, size_t rows, float* dst);

// The same from bf16 input into bf16 columns, the bits copied as they are: the operand of a GEMM tier that
// multiplies bf16 values directly (kernels::gemm_runs_bf16_operands()). A copy, so one portable kernel serves
// every tier.
void im2col_rows_bf16_bits(
    const ConvGeometry& g, const uint16_t* input, size_t group, size_t m0, size_t rows, uint16_t* dst);

using GemmMicroKernel = GemmMicroFn*;
using GemmBf16MicroKernel = GemmBf16MicroFn*;
using DepthwiseRowKernel = DepthwiseRowFn*;
using Im2colKernel = Im2colFn*;
using Im2colBf16Kernel = Im2colBf16Fn*;

struct ConvKernels {
    GemmMicroKernel gemm;
    DepthwiseRowKernel depthwise_row;
    Im2colKernel im2col;
    Im2colBf16Kernel im2col_bf16;
    GemmBf16MicroKernel gemm_bf16;
};

// The kernels of the active ISA (ttnn::active_isa()), checked on every call so set_isa() takes effect.
const ConvKernels& conv_kernels();

GemmMicroFn gemm_micro_scalar;
GemmBf16MicroFn gemm_micro_bf16_scalar;
DepthwiseRowFn depthwise_row_scalar;
Im2colFn im2col_rows_scalar;
Im2colBf16Fn im2col_rows_bf16_scalar;
#if TTNN_HAVE_AVX2
GemmMicroFn gemm_micro_avx2;
GemmBf16MicroFn gemm_micro_bf16_avx2;
DepthwiseRowFn depthwise_row_avx2;
Im2colFn im2col_rows_avx2;
Im2colBf16Fn im2col_rows_bf16_avx2;
#endif

// 64-byte aligned float scratch (packed panels are read with aligned vector loads).
struct FreeDeleter {
    void operator()(float* p) const { std::free(p); }
};
using AlignedFloats = std::unique_ptr<float[], FreeDeleter>;
AlignedFloats aligned_floats(size_t count);

// Packed B: ceil(n / 16) panels of [k][16], columns past n zero. B(r, col) = b[r * rsb + col * csb].
inline size_t packed_b_floats(size_t k, size_t n) {
    return (n + kGemmNR - 1) / kGemmNR * kGemmNR * k;
}
void pack_b_panels(
    const float* b, size_t rsb, size_t csb, size_t k, size_t n, size_t panel_begin, size_t panel_end, float* packed);

// c[m x n] (=|+=) a[m x k] * packed b, over columns [n_begin, n_end) (multiples of 16 but the last), cache
// blocked over k. bias: padded to whole panels, or null. Single-threaded: callers split rows and columns.
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
                 bool accumulate);

// One k-block of a packed GEMM: packed B rows [k0, k0 + len) times A's columns as `a` finds them.
struct KBlock {
    size_t k0 = 0, len = 0;
    ARows a;
};

// c[m x n] (=|+=) sum over blocks of a x packed b, columns [n_begin, n_end), blocks in order (the summation
// order). out null: fp32 into c; else the last block's microkernel rounds the result to bf16 into out (ldo
// apart) and c holds only the earlier blocks' partial sums. No blocks: c (or out) gets the bias, or zeros.
struct PackedGemm {
    GemmMicroKernel micro = nullptr;
    GemmBf16MicroKernel micro_bf16 = nullptr;  // used when out is given
    size_t m = 0, n_begin = 0, n_end = 0, k = 0;
    const float* packed_b = nullptr;
    const float* bias = nullptr;
    float* c = nullptr;
    size_t ldc = 0;
    bool accumulate = false;
    uint16_t* out = nullptr;
    size_t ldo = 0;
};
void gemm_packed_blocks(const PackedGemm& p, const KBlock* blocks, size_t count);

// Equal k-blocks of at most 256 over [k0, k0 + len) of `a` appended to blocks: a panel's block of B (256 x 16
// floats, 16 KiB) stays in L1 while the microkernel walks down A's rows. A segmented `a` is one block.
void append_k_blocks(size_t k0, size_t len, const ARows& a, std::vector<KBlock>& blocks);

// Patches as packed B panels for the transposed GEMM (out^T = W x patches^T, used when pixels are few and
// weights many, so the weights are read in place instead of packed): panel p holds pixels [16p, 16p + 16)
// of group `group`, row k = (c, kh, kw) in OIHW's own order, pixels past the end zero.
void pack_patch_panels(
    const ConvGeometry& g, const float* input, size_t group, size_t panel_begin, size_t panel_end, float* packed);

}  // namespace ttnn::kernels
