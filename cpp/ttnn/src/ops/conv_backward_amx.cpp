// The GEMMs of aten.convolution_backward on the AMX tier's bf16 tiles, for a bf16 grad_output and a bf16 input
// or weight (every operand value a bf16 value): bf16 products are exact in fp32 and the sums accumulate in fp32,
// so the results are the fp32 path's up to the order of the adds, as for conv2d's forward on the same tier.
//   grad_weight: per pixel chunk, grad_output^T (OCg x pixels) x im2col (pixels x K), accumulated in fp32 tiles
//   grad_input:  per band of output rows, grad_output (pixels x OCg) x W (OCg x K) into columns, then col2im
#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/gemm.hpp"
#include "ops/conv_backward_gemm.hpp"

namespace ttnn::ops {

#if TTNN_HAVE_AMX
namespace {

using kernels::ConvGeometry;

constexpr size_t kTile = 32;  // the AMX helper's block edge: rows, columns and K are multiples of it

size_t round_up(size_t v, size_t m) {
    return (v + m - 1) / m * m;
}

bool tier_has_tiles(const StoredRows& grad) {
    return grad.bf16 && kernels::gemm_runs_bf16_operands();
}

// dst[o * ld + p] = grad row p0 + p's element col0 + o, for p < rows, o < width: 16 pixels at a time, so each
// store writes 16 neighbouring values (one per pixel) instead of one.
void transpose_rows(
    const StoredRows& grad, size_t p0, size_t rows, size_t col0, size_t width, uint16_t* dst, size_t ld) {
    constexpr size_t kBlock = 16;
    const uint16_t* src[kBlock];
    size_t p = 0;
    for (; p + kBlock <= rows; p += kBlock) {
        for (size_t j = 0; j < kBlock; ++j)
            src[j] = grad.bf16_row(p0 + p + j) + col0;
        for (size_t o = 0; o < width; ++o) {
            uint16_t v[kBlock];
            for (size_t j = 0; j < kBlock; ++j)
                v[j] = src[j][o];
            std::memcpy(dst + o * ld + p, v, sizeof v);
        }
    }
    for (; p < rows; ++p) {
        const uint16_t* row = grad.bf16_row(p0 + p) + col0;
        for (size_t o = 0; o < width; ++o)
            dst[o * ld + p] = row[o];
    }
}

// A chunk's columns (rows x k bf16, row-major) as B pair panels (PackedB::pairs layout with K = the chunk's
// pixels, kpad of them): panel j holds columns [16j, 16j + 16), pixel pairs (2q, 2q + 1) interleaved, zero past
// the rows and past k. Not pack_b_pairs: its element-wise path for a partial panel was the whole pack of a
// 9-column patch (a first conv's).
void chunk_pairs(const uint16_t* cols, size_t rows, size_t k, size_t kpad, uint16_t* dst) {
    for (size_t j0 = 0; j0 < k; j0 += 16) {
        const size_t width = std::min<size_t>(16, k - j0);
        uint16_t* panel = dst + j0 * kpad;
        if (width < 16 || rows < kpad)
            std::fill(panel, panel + 16 * kpad, uint16_t{0});
        for (size_t r = 0; r < rows; ++r) {
            uint16_t* out = panel + r / 2 * 32 + (r & 1);
            const uint16_t* in = cols + r * k + j0;
            if (width == 16) {
                for (size_t j = 0; j < 16; ++j)
                    out[2 * j] = in[j];
            } else {
                for (size_t j = 0; j < width; ++j)
                    out[2 * j] = in[j];
            }
        }
    }
    // Columns past k up to the padded width: whole zero panels.
    const size_t panels = (k + 15) / 16 * 16;
    std::fill(dst + panels * kpad, dst + round_up(k, kTile) * kpad, uint16_t{0});
}

}  // namespace

bool conv_backward_weight_tiles(
    const ConvGeometry& g, const StoredRows& grad, const uint16_t* input, float* grad_w, ThreadPool& pool) {
    if (!tier_has_tiles(grad) || g.pixels_out() == 0 || g.patch() == 0)
        return false;
    constexpr size_t kChunk = 256;  // pixels: a chunk's columns (256 x K bf16) and their pairs stay in L2
    const size_t cg = g.group_in_c(), ocg = g.group_out_c(), k = g.patch(), m = g.pixels_out();
    const size_t rows_pad = round_up(ocg, kTile), cols_pad = round_up(k, kTile), taps = g.k_h * g.k_w;
    const size_t chunks = (m + kChunk - 1) / kChunk;
    // A fixed split of the chunks into parts summed in part order: the result does not depend on thread timing.
    const size_t parts = std::min(chunks, std::max<size_t>(1, size_t(pool.size())));
    std::vector<float> partial(parts * rows_pad * cols_pad);
    for (size_t group = 0; group < g.groups; ++group) {
        pool.parallel_for(parts, 1, [&](size_t begin, size_t end) {
            std::vector<uint16_t> cols(kChunk * k), a(rows_pad * kChunk, 0);
            std::vector<uint16_t> pairs(cols_pad * kChunk);
            for (size_t part = begin; part < end; ++part) {
                float* c = partial.data() + part * rows_pad * cols_pad;
                std::fill(c, c + rows_pad * cols_pad, 0.0f);
                for (size_t chunk = part * chunks / parts; chunk < (part + 1) * chunks / parts; ++chunk) {
                    const size_t p0 = chunk * kChunk, rows = std::min(kChunk, m - p0), kpad = round_up(rows, kTile);
                    kernels::im2col_rows_bf16_bits(g, input, group, p0, rows, cols.data());
                    chunk_pairs(cols.data(), rows, k, kpad, pairs.data());
                    // A = this chunk's grad_output columns as [OCg][pixels], zero past the chunk's pixels and
                    // past OCg (all of it for a short last chunk, whose shorter rows move the others).
                    if (kpad != kChunk || rows != kpad || ocg != rows_pad)
                        std::fill(a.begin(), a.end(), uint16_t{0});
                    transpose_rows(grad, p0, rows, group * ocg, ocg, a.data(), kpad);
                    kernels::amx_multiply_tiles(a.data(),
                                                static_cast<int64_t>(kpad),
                                                pairs.data(),
                                                static_cast<int64_t>(kpad),
                                                static_cast<int64_t>(rows_pad),
                                                static_cast<int64_t>(cols_pad),
                                                c,
                                                static_cast<int64_t>(cols_pad),
                                                true);
                }
            }
        });
        // Parts in order, then from [o][(kh, kw, c)] to OIHW.
        for (size_t o = 0; o < ocg; ++o) {
            float* dst = grad_w + (group * ocg + o) * cg * taps;
            for (size_t j = 0; j < k; ++j) {
                float sum = 0.0f;
                for (size_t part = 0; part < parts; ++part)
                    sum += partial[(part * rows_pad + o) * cols_pad + j];
                dst[j % cg * taps + j / cg] = sum;
            }
        }
    }
    return true;
}

bool conv_backward_input_tiles(
    const ConvGeometry& g, const StoredRows& grad, const float* weight, float* grad_in, ThreadPool& pool) {
    if (!tier_has_tiles(grad) || conv_is_pointwise(g) || g.pixels_out() == 0 || g.patch() == 0 || g.group_out_c() == 0)
        return false;
    const size_t cg = g.group_in_c(), ocg = g.group_out_c(), k = g.patch(), taps = g.k_h * g.k_w;
    const size_t kpad = round_up(ocg, kTile), cols_pad = round_up(k, kTile);
    // B of each group: W as [OCg][(kh, kw, c)] bf16 pairs; W's values are bf16, the top half of each fp32.
    std::vector<kernels::FloatBuffer> pairs(g.groups);
    std::vector<uint16_t> b(ocg * k);
    for (size_t group = 0; group < g.groups; ++group) {
        for (size_t o = 0; o < ocg; ++o) {
            for (size_t j = 0; j < k; ++j) {
                uint32_t bits;
                std::memcpy(&bits, weight + (group * ocg + o) * cg * taps + j % cg * taps + j / cg, sizeof bits);
                b[o * k + j] = static_cast<uint16_t>(bits >> 16);
            }
        }
        kernels::pack_b_pairs({b.data(), true, static_cast<int64_t>(k), 1},
                              static_cast<int64_t>(ocg),
                              static_cast<int64_t>(k),
                              pairs[group],
                              pool);
    }
    conv_input_bands(g, cols_pad, grad_in, pool, [&](size_t p0, size_t rows, size_t group, float* cols) {
        thread_local std::vector<uint16_t> a;  // the band's grad_output rows of `group`, zero past rows and OCg
        const size_t rows_pad = round_up(rows, kTile);
        a.assign(rows_pad * kpad, 0);
        for (size_t r = 0; r < rows; ++r)
            std::memcpy(a.data() + r * kpad, grad.bf16_row(p0 + r) + group * ocg, ocg * sizeof(uint16_t));
        kernels::amx_multiply_tiles(a.data(),
                                    static_cast<int64_t>(kpad),
                                    reinterpret_cast<const uint16_t*>(pairs[group].data()),
                                    static_cast<int64_t>(kpad),
                                    static_cast<int64_t>(rows_pad),
                                    static_cast<int64_t>(cols_pad),
                                    cols,
                                    static_cast<int64_t>(cols_pad),
                                    false);
    });
    return true;
}

#else
bool conv_backward_input_tiles(const kernels::ConvGeometry&, const StoredRows&, const float*, float*, ThreadPool&) {
    return false;
}
bool conv_backward_weight_tiles(const kernels::ConvGeometry&, const StoredRows&, const uint16_t*, float*, ThreadPool&) {
    return false;
}
#endif

}  // namespace ttnn::ops
