// The GEMM halves of aten.convolution_backward, on the conv GEMM's packed panels and microkernel:
//   grad_input  = col2im(grad_output x W)       (per group: [M, OCg] x [OCg, K] -> columns, added into pixels)
//   grad_weight = grad_output^T x im2col(input) (per group: [OCg, M] x [M, K], then permuted to OIHW)
// Both run over cache-sized pixel bands or chunks, never a whole-image column matrix.
#include "ops/conv_backward_gemm.hpp"

#include <mutex>
#include <vector>

#include "kernels/backward_kernels.hpp"

namespace ttnn::ops {

using kernels::ConvGeometry;
using kernels::kGemmMR;
using kernels::kGemmNR;

bool conv_is_pointwise(const ConvGeometry& g) {
    return g.k_h == 1 && g.k_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 0 && g.pad_left == 0 &&
           g.in_h == g.out_h && g.in_w == g.out_w;
}

namespace {

size_t ceil_div(size_t a, size_t b) {
    return (a + b - 1) / b;
}

// B ([k, n], rows rsb apart) packed into panels, in parallel over panels.
kernels::AlignedFloats pack_b(const float* b, size_t rsb, size_t k, size_t n, ThreadPool& pool) {
    kernels::AlignedFloats packed = kernels::aligned_floats(kernels::packed_b_floats(k, n));
    pool.parallel_for(ceil_div(n, kGemmNR), 1, [&](size_t begin, size_t end) {
        kernels::pack_b_panels(b, rsb, 1, k, n, begin, end, packed.get());
    });
    return packed;
}

// c[m x n] = a[m x k] x packed b, split over row chunks and column blocks.
void gemm_parallel(size_t m,
                   size_t n,
                   size_t k,
                   const float* a,
                   size_t lda,
                   const float* packed,
                   float* c,
                   size_t ldc,
                   ThreadPool& pool) {
    const size_t row_chunk = 16 * kGemmMR;
    const size_t row_chunks = ceil_div(m, row_chunk), panels = ceil_div(n, kGemmNR);
    const size_t col_blocks = std::min(panels, std::max<size_t>(1, ceil_div(4 * size_t(pool.size()), row_chunks)));
    const size_t block_width = ceil_div(panels, col_blocks) * kGemmNR;
    const kernels::GemmMicroKernel micro = kernels::conv_kernels().gemm;
    pool.parallel_for(row_chunks * col_blocks, 1, [&](size_t begin, size_t end) {
        for (size_t item = begin; item < end; ++item) {
            const size_t m0 = item / col_blocks * row_chunk, n0 = item % col_blocks * block_width;
            if (n0 >= n)
                continue;
            kernels::gemm_packed(micro,
                                 std::min(row_chunk, m - m0),
                                 n0,
                                 std::min(n, n0 + block_width),
                                 k,
                                 a + m0 * lda,
                                 lda,
                                 packed,
                                 nullptr,
                                 c + m0 * ldc,
                                 ldc,
                                 false);
        }
    });
}

// W of `group` as [OCg][(kh, kw, c)] (the column order of im2col), packed as GEMM B panels.
kernels::AlignedFloats packed_weight_t(const ConvGeometry& g, const float* weight, size_t group, ThreadPool& pool) {
    const size_t cg = g.group_in_c(), ocg = g.group_out_c(), taps = g.k_h * g.k_w, k = g.patch();
    std::vector<float> ohwi(ocg * k);
    for (size_t o = 0; o < ocg; ++o) {
        const float* src = weight + (group * ocg + o) * cg * taps;
        for (size_t c = 0; c < cg; ++c) {
            for (size_t t = 0; t < taps; ++t)
                ohwi[o * k + t * cg + c] = src[c * taps + t];
        }
    }
    return pack_b(ohwi.data(), k, ocg, k, pool);
}

// The adjoint of im2col for output pixels [p0, p0 + rows) of one image band: each row of `cols` (one output
// pixel, (kh, kw, c) per row, ld apart) added into the input pixels its patch read, `group`'s channels only.
void col2im_add(
    const ConvGeometry& g, const float* cols, size_t ld, size_t group, size_t p0, size_t rows, float* grad_in) {
    const auto add = kernels::backward_add_kernel();
    const size_t cg = g.group_in_c(), plane = g.out_h * g.out_w;
    for (size_t r = 0; r < rows; ++r) {
        const size_t p = p0 + r, n = p / plane, oh = p % plane / g.out_w, ow = p % g.out_w;
        for (size_t kh = 0; kh < g.k_h; ++kh) {
            const size_t ih = oh * g.stride_h + kh * g.dil_h;  // + pad_top: unsigned, checked against the pad
            if (ih < g.pad_top || ih - g.pad_top >= g.in_h)
                continue;
            float* row = grad_in + ((n * g.in_h + ih - g.pad_top) * g.in_w) * g.in_c + group * cg;
            for (size_t kw = 0; kw < g.k_w; ++kw) {
                const size_t iw = ow * g.stride_w + kw * g.dil_w;
                if (iw < g.pad_left || iw - g.pad_left >= g.in_w)
                    continue;
                add(cols + r * ld + (kh * g.k_w + kw) * cg, row + (iw - g.pad_left) * g.in_c, cg);
            }
        }
    }
}

// Rows [p0, p0 + rows) of group `group`'s im2col written straight into GEMM B panels ([rows][16] for each 16
// patch columns), so backward_weight packs nothing after im2col: a separate im2col and pack_b_panels were over a
// third of the MNIST conv2 weight gradient. Only for channels a multiple of 16, where every tap fills whole
// panel rows; other groups take im2col + pack (a per-element copy here was slower than both for 1 channel).
void im2col_panels(const ConvGeometry& g, const float* input, size_t group, size_t p0, size_t rows, float* packed) {
    const size_t cg = g.group_in_c(), plane = g.out_h * g.out_w, panel = rows * kGemmNR;
    for (size_t r = 0; r < rows; ++r) {
        const size_t p = p0 + r, n = p / plane, oh = p % plane / g.out_w, ow = p % g.out_w;
        for (size_t kh = 0; kh < g.k_h; ++kh) {
            const size_t ih = oh * g.stride_h + kh * g.dil_h;  // + pad_top, as in col2im_add
            const bool row_in = ih >= g.pad_top && ih - g.pad_top < g.in_h;
            for (size_t kw = 0; kw < g.k_w; ++kw) {
                const size_t iw = ow * g.stride_w + kw * g.dil_w;
                const float* src =
                    row_in && iw >= g.pad_left && iw - g.pad_left < g.in_w
                        ? input + ((n * g.in_h + ih - g.pad_top) * g.in_w + iw - g.pad_left) * g.in_c + group * cg
                        : nullptr;
                const size_t j0 = (kh * g.k_w + kw) * cg;
                for (size_t c = 0; c < cg; c += kGemmNR) {  // fixed-size copies the compiler unrolls
                    float* dst = packed + (j0 + c) / kGemmNR * panel + r * kGemmNR;
                    if (src != nullptr)
                        std::memcpy(dst, src + c, kGemmNR * sizeof(float));
                    else
                        std::memset(dst, 0, kGemmNR * sizeof(float));
                }
            }
        }
    }
}

// grad_w of one group as [OCg][(kh, kw, c)], summed over pixel chunks: each chunk's patches and grad_output
// columns stay in cache (the whole-image im2col of a 64x26x26x32 batch is 42 MB, packed again after), and
// each thread sums its chunks into its own buffer before adding it to the result once.
void backward_weight_group(
    const ConvGeometry& g, const StoredRows& grad, const float* input, size_t group, float* dw, ThreadPool& pool) {
    constexpr size_t kChunk = 256;  // pixels: 256 x 288 patches are 295 KB
    const size_t cg = g.group_in_c(), ocg = g.group_out_c(), k = g.patch(), m = g.pixels_out();
    const bool pointwise = conv_is_pointwise(g);
    const size_t chunks = ceil_div(m, kChunk), panels = ceil_div(k, kGemmNR);
    const kernels::GemmMicroKernel micro = kernels::conv_kernels().gemm;
    std::mutex merge;
    pool.parallel_for(chunks, std::max<size_t>(1, chunks / (4 * size_t(pool.size()))), [&](size_t begin, size_t end) {
        std::vector<float> local(ocg * k, 0.0f);
        const bool whole_panels = cg % kGemmNR == 0;
        kernels::AlignedFloats cols = pointwise || whole_panels ? nullptr : kernels::aligned_floats(kChunk * k);
        kernels::AlignedFloats packed = kernels::aligned_floats(kernels::packed_b_floats(kChunk, k));
        kernels::AlignedFloats a = kernels::aligned_floats(ocg * kChunk);
        const bool direct = grad.dense_f32(g.out_c);
        kernels::AlignedFloats rows_f32 = direct ? nullptr : kernels::aligned_floats(kChunk * g.out_c);
        for (size_t chunk = begin; chunk < end; ++chunk) {
            const size_t p0 = chunk * kChunk, rows = std::min(kChunk, m - p0);
            if (pointwise) {
                kernels::pack_b_panels(input + p0 * g.in_c + group * cg, g.in_c, 1, rows, k, 0, panels, packed.get());
            } else if (whole_panels) {
                im2col_panels(g, input, group, p0, rows, packed.get());
            } else {
                kernels::conv_kernels().im2col(g, input, group, p0, rows, cols.get());
                kernels::pack_b_panels(cols.get(), k, 1, rows, k, 0, panels, packed.get());
            }
            // A = this chunk's grad_output columns as [OCg][pixels]: pixel-major reads, so the 64 rows written
            // stay in L1 (channel-major reads touched a new cache line per element).
            const float* chunk_rows = grad.f32() + p0 * g.out_c;
            if (!direct) {
                grad.read(p0, rows, g.out_c, rows_f32.get());
                chunk_rows = rows_f32.get();
            }
            for (size_t p = 0; p < rows; ++p) {
                const float* src = chunk_rows + p * g.out_c + group * ocg;
                for (size_t o = 0; o < ocg; ++o)
                    a[o * rows + p] = src[o];
            }
            kernels::gemm_packed(micro, ocg, 0, k, rows, a.get(), rows, packed.get(), nullptr, local.data(), k, true);
        }
        const std::lock_guard<std::mutex> lock(merge);
        for (size_t i = 0; i < local.size(); ++i)
            dw[i] += local[i];
    });
}

}  // namespace

// grad_input: a pointwise conv's as one GEMM into the input pixels, the others by bands (conv_input_bands), each
// band's columns its grad_output rows x W^T on the fp32 GEMM.
void conv_backward_input_gemm(
    const ConvGeometry& g, const StoredRows& grad, const float* weight, float* grad_in, ThreadPool& pool) {
    const size_t k = g.patch(), ocg = g.group_out_c();
    std::vector<kernels::AlignedFloats> packed;
    for (size_t group = 0; group < g.groups; ++group)
        packed.push_back(packed_weight_t(g, weight, group, pool));
    if (conv_is_pointwise(g)) {
        for (size_t group = 0; group < g.groups; ++group) {
            gemm_parallel(g.pixels_out(),
                          k,
                          ocg,
                          grad.f32() + group * ocg,
                          g.out_c,
                          packed[group].get(),
                          grad_in + group * g.group_in_c(),
                          g.in_c,
                          pool);
        }
        return;
    }
    const bool direct = grad.dense_f32(g.out_c);
    conv_input_bands(g, k, grad_in, pool, [&](size_t p0, size_t rows, size_t group, float* cols) {
        thread_local std::vector<float> rows_f32;  // the band's rows, read once for all its groups (group 0 first)
        const float* band_rows = grad.f32() + p0 * g.out_c;
        if (!direct) {
            if (group == 0) {
                rows_f32.resize(rows * g.out_c);
                grad.read(p0, rows, g.out_c, rows_f32.data());
            }
            band_rows = rows_f32.data();
        }
        kernels::gemm_packed(kernels::conv_kernels().gemm,
                             rows,
                             0,
                             k,
                             ocg,
                             band_rows + group * ocg,
                             g.out_c,
                             packed[group].get(),
                             nullptr,
                             cols,
                             k,
                             false);
    });
}

// grad_in by bands of whole output rows of one image (~256 pixels): a band's columns stay in cache and are added
// straight into the input pixels they came from, instead of one whole-image column matrix (42 MB for MNIST's
// 64x24x24x64 grad) written, then gathered. Bands of one image share input rows with their neighbours, so even
// bands run first and odd bands after; bands two apart never touch the same row because a band is taller than
// the kernel reaches ((rows + 1) * stride > (k - 1) * dil).
void conv_input_bands(
    const ConvGeometry& g, size_t ld, float* grad_in, ThreadPool& pool, const BandColumns& band_columns) {
    constexpr size_t kChunk = 256;  // pixels: 256 x 288 columns are 295 KB
    const size_t image = g.in_h * g.in_w * g.in_c;
    pool.parallel_for(
        g.batch, 1, [&](size_t begin, size_t end) { std::fill(grad_in + begin * image, grad_in + end * image, 0.0f); });
    const size_t reach = (g.k_h - 1) * g.dil_h / g.stride_h;
    const size_t band = std::min(g.out_h, std::max({reach, ceil_div(kChunk, g.out_w), size_t{1}}));
    const size_t bands = ceil_div(g.out_h, band);
    // Room for the tile tier's rows, padded to 32.
    const size_t cols_floats = (band * g.out_w + 31) / 32 * 32 * ld;
    for (size_t phase = 0; phase < 2 && phase < bands; ++phase) {
        const size_t per_image = (bands - phase + 1) / 2;
        pool.parallel_for(g.batch * per_image, 1, [&](size_t begin, size_t end) {
            kernels::AlignedFloats cols = kernels::aligned_floats(cols_floats);
            for (size_t item = begin; item < end; ++item) {
                const size_t n = item / per_image, oh = (phase + 2 * (item % per_image)) * band;
                const size_t p0 = (n * g.out_h + oh) * g.out_w, rows = std::min(band, g.out_h - oh) * g.out_w;
                for (size_t group = 0; group < g.groups; ++group) {
                    band_columns(p0, rows, group, cols.get());
                    col2im_add(g, cols.get(), ld, group, p0, rows, grad_in);
                }
            }
        });
    }
}

void conv_backward_weight_gemm(
    const ConvGeometry& g, const StoredRows& grad, const float* input, float* grad_w, ThreadPool& pool) {
    const size_t cg = g.group_in_c(), ocg = g.group_out_c(), taps = g.k_h * g.k_w, k = g.patch();
    std::vector<float> dw(ocg * k);
    for (size_t group = 0; group < g.groups; ++group) {
        std::fill(dw.begin(), dw.end(), 0.0f);
        backward_weight_group(g, grad, input, group, dw.data(), pool);
        for (size_t o = 0; o < ocg; ++o) {
            float* dst = grad_w + (group * ocg + o) * cg * taps;
            for (size_t c = 0; c < cg; ++c) {
                for (size_t t = 0; t < taps; ++t)
                    dst[c * taps + t] = dw[o * k + t * cg + c];
            }
        }
    }
}

}  // namespace ttnn::ops
