// The pieces of aten.convolution_backward on the conv GEMM:
//   grad_input  = col2im(grad_output x W)       (per group: [M, OCg] x [OCg, K] -> columns, then gathered)
//   grad_weight = grad_output^T x im2col(input) (per group: [OCg, M] x [M, K], then permuted to OIHW)
//   grad_bias   = grad_output summed over pixels
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <vector>

#include "kernels/backward_kernels.hpp"
#include "kernels/codec.hpp"
#include "ops/conv_plan.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

using kernels::ConvGeometry;
using kernels::kGemmMR;
using kernels::kGemmNR;

size_t ceil_div(size_t a, size_t b) {
    return (a + b - 1) / b;
}

bool is_pointwise(const ConvGeometry& g) {
    return g.k_h == 1 && g.k_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 0 && g.pad_left == 0 &&
           g.in_h == g.out_h && g.in_w == g.out_w;
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

// grad_output's rows (one per output pixel) as stored, bf16 or fp32, ROW_MAJOR or TILE (on this device TILE
// storage is the padded shape in row-major order), so backward_input widens each band's rows where its GEMM
// reads them instead of making an fp32 ROW_MAJOR copy of the whole gradient first.
struct StoredRows {
    const std::byte* data = nullptr;
    bool bf16 = false;
    size_t stride = 0, height = 1, slice_rows = 1;  // elements per stored row; logical and stored rows per slice

    static StoredRows of(const Tensor& t) {
        const Shape& logical = t.logical_shape();
        const Shape& padded = t.padded_shape();
        return {reinterpret_cast<const std::byte*>(t.buffer()->data()),
                t.dtype() == DataType::BFLOAT16,
                padded[-1],
                std::max<size_t>(logical[-2], 1),
                std::max<size_t>(padded[-2], 1)};
    }
    bool dense_f32(size_t width) const { return !bf16 && stride == width && slice_rows == height; }
    const float* f32() const { return reinterpret_cast<const float*>(data); }
    // Rows [r0, r0 + count) as fp32 into dst, `width` (the logical row length) apart.
    void read(size_t r0, size_t count, size_t width, float* dst) const {
        const auto widen = kernels::codec().bf16_to_f32;
        for (size_t r = r0; r < r0 + count; ++r, dst += width) {
            const size_t at = (r / height * slice_rows + r % height) * stride;
            if (bf16)
                widen(reinterpret_cast<const uint16_t*>(data) + at, dst, width);
            else
                std::memcpy(dst, f32() + at, width * sizeof(float));
        }
    }
};

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
// pixel, (kh, kw, c) per row) added into the input pixels its patch read, `group`'s channels only.
void col2im_add(const ConvGeometry& g, const float* cols, size_t group, size_t p0, size_t rows, float* grad_in) {
    const auto add = kernels::backward_add_kernel();
    const size_t cg = g.group_in_c(), k = g.patch(), plane = g.out_h * g.out_w;
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
                add(cols + r * k + (kh * g.k_w + kw) * cg, row + (iw - g.pad_left) * g.in_c, cg);
            }
        }
    }
}

// grad_input by bands of whole output rows of one image (~256 pixels): a band's columns (its grad_output rows
// x W^T) stay in cache and are added straight into the input pixels they came from, instead of one
// whole-image column matrix (42 MB for MNIST's 64x24x24x64 grad) written, then gathered. Bands of one image
// share input rows with their neighbours, so even bands run first and odd bands after; bands two apart never
// touch the same row because a band is taller than the kernel reaches ((rows + 1) * stride > (k - 1) * dil).
void backward_input(
    const ConvGeometry& g, const StoredRows& grad, const float* weight, float* grad_in, ThreadPool& pool) {
    constexpr size_t kChunk = 256;  // pixels: 256 x 288 columns are 295 KB
    const size_t k = g.patch(), ocg = g.group_out_c();
    std::vector<kernels::AlignedFloats> packed;
    for (size_t group = 0; group < g.groups; ++group)
        packed.push_back(packed_weight_t(g, weight, group, pool));
    if (is_pointwise(g)) {
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
    const size_t image = g.in_h * g.in_w * g.in_c;
    pool.parallel_for(
        g.batch, 1, [&](size_t begin, size_t end) { std::fill(grad_in + begin * image, grad_in + end * image, 0.0f); });
    const size_t reach = (g.k_h - 1) * g.dil_h / g.stride_h;
    const size_t band = std::min(g.out_h, std::max({reach, ceil_div(kChunk, g.out_w), size_t{1}}));
    const size_t bands = ceil_div(g.out_h, band);
    const kernels::GemmMicroKernel micro = kernels::conv_kernels().gemm;
    for (size_t phase = 0; phase < 2 && phase < bands; ++phase) {
        const size_t per_image = (bands - phase + 1) / 2;
        pool.parallel_for(g.batch * per_image, 1, [&](size_t begin, size_t end) {
            kernels::AlignedFloats cols = kernels::aligned_floats(band * g.out_w * k);
            const bool direct = grad.dense_f32(g.out_c);
            kernels::AlignedFloats rows_f32 = direct ? nullptr : kernels::aligned_floats(band * g.out_w * g.out_c);
            for (size_t item = begin; item < end; ++item) {
                const size_t n = item / per_image, oh = (phase + 2 * (item % per_image)) * band;
                const size_t p0 = (n * g.out_h + oh) * g.out_w, rows = std::min(band, g.out_h - oh) * g.out_w;
                if (!direct)
                    grad.read(p0, rows, g.out_c, rows_f32.get());
                const float* band_rows = direct ? grad.f32() + p0 * g.out_c : rows_f32.get();
                for (size_t group = 0; group < g.groups; ++group) {
                    const float* a = band_rows + group * ocg;
                    kernels::gemm_packed(
                        micro, rows, 0, k, ocg, a, g.out_c, packed[group].get(), nullptr, cols.get(), k, false);
                    col2im_add(g, cols.get(), group, p0, rows, grad_in);
                }
            }
        });
    }
}

// Rows [p0, p0 + rows) of group `group`'s im2col written straight into GEMM B panels ([rows][16] for each 16
// patch columns, columns past the patch zero), so backward_weight packs nothing after im2col: a separate
// im2col and pack_b_panels cost 3 and 4 ms of the 21 ms MNIST conv2 weight gradient.
void im2col_panels(const ConvGeometry& g, const float* input, size_t group, size_t p0, size_t rows, float* packed) {
    const size_t cg = g.group_in_c(), k = g.patch(), plane = g.out_h * g.out_w, panel = rows * kGemmNR;
    if (k % kGemmNR != 0) {
        for (size_t r = 0; r < rows; ++r) {
            float* tail = packed + k / kGemmNR * panel + r * kGemmNR;
            std::fill(tail + k % kGemmNR, tail + kGemmNR, 0.0f);
        }
    }
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
                if (cg % kGemmNR == 0) {  // whole panel rows: fixed-size copies the compiler unrolls
                    for (size_t c = 0; c < cg; c += kGemmNR) {
                        float* dst = packed + (j0 + c) / kGemmNR * panel + r * kGemmNR;
                        if (src != nullptr)
                            std::memcpy(dst, src + c, kGemmNR * sizeof(float));
                        else
                            std::memset(dst, 0, kGemmNR * sizeof(float));
                    }
                    continue;
                }
                for (size_t c = 0, j = j0; c < cg;) {
                    const size_t lane = j % kGemmNR, run = std::min(cg - c, kGemmNR - lane);
                    float* dst = packed + j / kGemmNR * panel + r * kGemmNR + lane;
                    if (src != nullptr)
                        std::copy(src + c, src + c + run, dst);
                    else
                        std::fill(dst, dst + run, 0.0f);
                    c += run, j += run;
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
    const bool pointwise = is_pointwise(g);
    const size_t chunks = ceil_div(m, kChunk), panels = ceil_div(k, kGemmNR);
    const kernels::GemmMicroKernel micro = kernels::conv_kernels().gemm;
    std::mutex merge;
    pool.parallel_for(chunks, std::max<size_t>(1, chunks / (4 * size_t(pool.size()))), [&](size_t begin, size_t end) {
        std::vector<float> local(ocg * k, 0.0f);
        kernels::AlignedFloats packed = kernels::aligned_floats(kernels::packed_b_floats(kChunk, k));
        kernels::AlignedFloats a = kernels::aligned_floats(ocg * kChunk);
        const bool direct = grad.dense_f32(g.out_c);
        kernels::AlignedFloats rows_f32 = direct ? nullptr : kernels::aligned_floats(kChunk * g.out_c);
        for (size_t chunk = begin; chunk < end; ++chunk) {
            const size_t p0 = chunk * kChunk, rows = std::min(kChunk, m - p0);
            if (pointwise)
                kernels::pack_b_panels(input + p0 * g.in_c + group * cg, g.in_c, 1, rows, k, 0, panels, packed.get());
            else
                im2col_panels(g, input, group, p0, rows, packed.get());
            // A = this chunk's grad_output columns as [OCg][pixels]: pixel-major reads, so the 64 rows written
            // stay in L1 (channel-major reads touched a new cache line per element: 1.5 of 18 ms).
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

void backward_weight(
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

// The form (flat or NHWC) of a grad_output that matches the plan's output shape; NHWC when both match.
bool grad_is_flat(const ConvPlan& plan, const Shape& grad_shape) {
    const ConvGeometry& g = plan.geometry;
    return !(grad_shape == activation_shape(false, g.batch, g.out_h, g.out_w, g.out_c));
}

DataType out_dtype(const Conv2dParams& p, const Tensor& like) {
    return p.dtype.value_or(like.dtype());
}

}  // namespace
}  // namespace ttnn::ops

namespace ttnn {

Tensor conv2d_backward_input(const Tensor& grad_output, const Tensor& weight_tensor, const Conv2dParams& params) {
    using namespace ops;
    const char* op = "ttnn.conv2d_backward_input";
    Conv2dParams p = params;
    const Shape& w = weight_tensor.logical_shape();
    if (p.in_channels == 0 && w.rank() == 4)
        p.in_channels = w[1] * p.groups;
    ConvPlan plan = plan_conv(op, nullptr, w, p);
    check_grad_output(op, plan, grad_output.logical_shape());
    plan.flat = grad_is_flat(plan, grad_output.logical_shape());
    const kernels::ConvGeometry& g = plan.geometry;
    const DataType gd = grad_output.dtype();
    const bool as_stored = !is_pointwise(g) && (gd == DataType::BFLOAT16 || gd == DataType::FLOAT32);
    const Tensor go = as_stored ? grad_output : rows_f32(grad_output);
    const Tensor weight = rows_f32(weight_tensor);
    Tensor out32 = allocate_output(op,
                                   grad_output,
                                   activation_shape(plan.flat, g.batch, g.in_h, g.in_w, g.in_c),
                                   DataType::FLOAT32,
                                   Layout::ROW_MAJOR,
                                   p.memory_config);
    if (g.pixels_in() * g.in_c > 0) {
        backward_input(g, StoredRows::of(go), weight.data<float>(), out32.data<float>(), pool_for(grad_output));
    }
    return finish_output(out32, out_dtype(p, grad_output), grad_output.layout());
}

Tensor conv2d_backward_weight(const Tensor& grad_output, const Tensor& input_tensor, const Conv2dParams& params) {
    using namespace ops;
    const char* op = "ttnn.conv2d_backward_weight";
    Conv2dParams p = params;
    const Shape& gs = grad_output.logical_shape();
    if (p.out_channels == 0 && gs.rank() == 4)
        p.out_channels = gs[3];
    const ConvPlan plan = plan_conv_from_params(op, &input_tensor.logical_shape(), p);
    check_grad_output(op, plan, gs);
    const kernels::ConvGeometry& g = plan.geometry;
    const DataType gd = grad_output.dtype();
    const Tensor go = gd == DataType::BFLOAT16 || gd == DataType::FLOAT32 ? grad_output : rows_f32(grad_output);
    const Tensor input = rows_f32(input_tensor);
    const auto u = [](size_t v) { return static_cast<uint32_t>(v); };
    Tensor out32 = allocate_output(op,
                                   grad_output,
                                   Shape{u(g.out_c), u(g.group_in_c()), u(g.k_h), u(g.k_w)},
                                   DataType::FLOAT32,
                                   Layout::ROW_MAJOR,
                                   p.memory_config);
    float* dw = out32.data<float>();
    std::fill(dw, dw + out32.logical_shape().volume(), 0.0f);
    if (g.pixels_out() > 0) {
        backward_weight(g, StoredRows::of(go), input.data<float>(), dw, pool_for(grad_output));
    }
    return finish_output(out32, out_dtype(p, grad_output), grad_output.layout());
}

Tensor conv2d_backward_bias(const Tensor& grad_output, const Conv2dParams& params) {
    using namespace ops;
    const char* op = "ttnn.conv2d_backward_bias";
    const Shape& s = grad_output.logical_shape();
    TTNN_CHECK(
        s.rank() == 4, VALUE, op, ": grad_output must be rank 4 (NHWC or [1, 1, N*H*W, C]); got ", s.to_string());
    TTNN_CHECK(params.out_channels == 0 || params.out_channels == s[3],
               VALUE,
               op,
               ": out_channels disagrees with grad_output; expected ",
               s[3],
               ", got ",
               params.out_channels);
    // Rows as stored, in bf16 or fp32: TILE storage on this device is the padded shape in row-major order with
    // zero padding, so padded rows add nothing and padded columns are skipped; no fp32 ROW_MAJOR copy is made.
    const bool as_stored = grad_output.dtype() == DataType::BFLOAT16 || grad_output.dtype() == DataType::FLOAT32;
    const Tensor go = as_stored ? grad_output : rows_f32(grad_output);
    const bool bf16 = go.dtype() == DataType::BFLOAT16;
    const size_t channels = s[3], stride = std::max<size_t>(go.padded_shape()[-1], 1);
    const size_t rows = channels == 0 ? 0 : go.padded_shape().volume() / stride;
    Tensor out32 =
        allocate_output(op, grad_output, Shape{s[3]}, DataType::FLOAT32, Layout::ROW_MAJOR, params.memory_config);
    // Partial sums over row ranges, added in a fixed order so the result does not depend on thread timing.
    const size_t parts = std::max<size_t>(1, std::min<size_t>(16, rows / 256));
    std::vector<float> partial(parts * channels, 0.0f);
    const auto add_f32 = kernels::backward_add_kernel();
    const auto add_bf16 = kernels::backward_add_bf16_kernel();
    pool_for(grad_output).parallel_for(parts, 1, [&](size_t begin, size_t end) {
        for (size_t part = begin; part < end; ++part) {
            float* acc = partial.data() + part * channels;
            for (size_t r = part * rows / parts; r < (part + 1) * rows / parts; ++r) {
                if (bf16)
                    add_bf16(go.data<uint16_t>() + r * stride, acc, channels);
                else
                    add_f32(go.data<float>() + r * stride, acc, channels);
            }
        }
    });
    float* dst = out32.data<float>();
    for (size_t c = 0; c < channels; ++c) {
        float sum = 0.0f;
        for (size_t part = 0; part < parts; ++part)
            sum += partial[part * channels + c];
        dst[c] = sum;
    }
    return finish_output(out32, out_dtype(params, grad_output), grad_output.layout());
}

}  // namespace ttnn
