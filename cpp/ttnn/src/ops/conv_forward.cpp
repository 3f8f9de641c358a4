// conv2d: validate, pack the weights, then an implicit GEMM (im2col by row chunk + our microkernel), or the
// direct depthwise kernel when every group has one input and one output channel.
#include <algorithm>
#include <vector>

#include "ops/conv_plan.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

using kernels::conv_kernels;
using kernels::ConvGeometry;
using kernels::kGemmMR;
using kernels::kGemmNR;

constexpr size_t kRowChunk = 16 * kGemmMR;  // output pixels per work item: 96 rows x 256 floats of A in L2

size_t ceil_div(size_t a, size_t b) {
    return (a + b - 1) / b;
}

// B of group g as 16-column panels: B(k = (kh, kw, c), o) = W[g * OCg + o][c][kh][kw]. Each panel is written
// in order from its 16 weight rows read side by side (a panel's rows stay in L2 while it is built).
void pack_conv_weights(const ConvGeometry& g, const float* weight, float* packed, ThreadPool& pool) {
    const size_t cg = g.group_in_c(), ocg = g.group_out_c(), taps = g.k_h * g.k_w, k = g.patch();
    const size_t panels = ceil_div(ocg, kGemmNR);
    const size_t group_floats = kernels::packed_b_floats(k, ocg);
    pool.parallel_for(g.groups * panels, 1, [&](size_t begin, size_t end) {
        for (size_t item = begin; item < end; ++item) {
            const size_t group = item / panels, panel = item % panels;
            const size_t o0 = group * ocg + panel * kGemmNR, nr = std::min(kGemmNR, ocg - panel * kGemmNR);
            const float* src = weight + o0 * cg * taps;
            float* dst = packed + group * group_floats + panel * k * kGemmNR;
            for (size_t t = 0; t < taps; ++t) {
                for (size_t c = 0; c < cg; ++c, dst += kGemmNR) {
                    for (size_t j = 0; j < nr; ++j)
                        dst[j] = src[(j * cg + c) * taps + t];
                    for (size_t j = nr; j < kGemmNR; ++j)
                        dst[j] = 0.0f;
                }
            }
        }
    });
}

std::vector<float> padded_bias(const ConvGeometry& g, const float* bias) {
    const size_t ocg = g.group_out_c(), width = ceil_div(ocg, kGemmNR) * kGemmNR;
    std::vector<float> out(g.groups * width, 0.0f);
    for (size_t group = 0; group < g.groups; ++group) {
        std::copy(bias + group * ocg, bias + (group + 1) * ocg, out.begin() + static_cast<ptrdiff_t>(group * width));
    }
    return out;
}

// Every group's panels, as conv_gemm reads them.
kernels::AlignedFloats pack_all_weights(const ConvGeometry& g, const float* weight, ThreadPool& pool) {
    kernels::AlignedFloats packed =
        kernels::aligned_floats(g.groups * kernels::packed_b_floats(g.patch(), g.group_out_c()));
    pack_conv_weights(g, weight, packed.get(), pool);
    return packed;
}

void conv_gemm(
    const ConvGeometry& g, const float* input, const float* packed, const float* bias, float* out, ThreadPool& pool) {
    const size_t k = g.patch(), ocg = g.group_out_c(), m = g.pixels_out();
    const bool direct = g.k_h == 1 && g.k_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 0 &&
                        g.pad_left == 0 && g.in_h == g.out_h && g.in_w == g.out_w;
    const std::vector<float> bias_panels = bias != nullptr ? padded_bias(g, bias) : std::vector<float>{};
    const size_t bias_width = ceil_div(ocg, kGemmNR) * kGemmNR;

    // Work items: (group, row chunk, column block). Row chunks of at most kRowChunk, balanced (196 rows:
    // 66 + 66 + 64, not 96 + 96 + 4) and made of whole 6-row blocks.
    const size_t row_chunks = ceil_div(m, kRowChunk);
    const size_t chunk_rows = ceil_div(ceil_div(m, row_chunks), kGemmMR) * kGemmMR;
    const size_t panels = ceil_div(ocg, kGemmNR);
    // Column blocks repeat the im2col of their rows: only when too few row chunks would leave threads idle
    // (small late layers: 7x7 pixels, 512 channels).
    const size_t threads = static_cast<size_t>(pool.size());
    const size_t wanted = threads == 1 ? 1 : 2 * threads;
    const size_t col_blocks = std::min(panels, std::max<size_t>(1, ceil_div(wanted, row_chunks * g.groups)));
    const size_t panels_per_block = ceil_div(panels, col_blocks);
    const kernels::GemmMicroKernel micro = conv_kernels().gemm;
    const kernels::Im2colKernel im2col = conv_kernels().im2col;
    pool.parallel_for(g.groups * row_chunks * col_blocks, 1, [&](size_t begin, size_t end) {
        kernels::AlignedFloats cols = direct ? nullptr : kernels::aligned_floats(chunk_rows * k);
        for (size_t item = begin; item < end; ++item) {
            const size_t group = item / (row_chunks * col_blocks);
            const size_t chunk = item / col_blocks % row_chunks, block = item % col_blocks;
            const size_t m0 = chunk * chunk_rows;
            if (m0 >= m)
                continue;
            const size_t rows = std::min(chunk_rows, m - m0);
            const size_t n_begin = block * panels_per_block * kGemmNR;
            const size_t n_end = std::min(ocg, n_begin + panels_per_block * kGemmNR);
            if (n_begin >= n_end)
                continue;
            const float* a = input + m0 * g.in_c + group * g.group_in_c();
            size_t lda = g.in_c;
            if (!direct) {
                im2col(g, input, group, m0, rows, cols.get());
                a = cols.get(), lda = k;
            }
            kernels::gemm_packed(micro,
                                 rows,
                                 n_begin,
                                 n_end,
                                 k,
                                 a,
                                 lda,
                                 packed + group * kernels::packed_b_floats(k, ocg),
                                 bias != nullptr ? bias_panels.data() + group * bias_width : nullptr,
                                 out + m0 * g.out_c + group * ocg,
                                 g.out_c,
                                 false);
        }
    });
}

// Few pixels, many weights (late ResNet layers, wide pointwise layers): out^T[OC][M] = W[OC][K] x patches^T,
// with W read in place in OIHW order, so the call packs M x K patch values instead of K x OC weights.
void conv_gemm_transposed(
    const ConvGeometry& g, const float* input, const float* weight, const float* bias, float* out, ThreadPool& pool) {
    const size_t k = g.patch(), oc = g.out_c, m = g.pixels_out(), panels = ceil_div(m, kGemmNR);
    kernels::AlignedFloats patches = kernels::aligned_floats(panels * k * kGemmNR);
    pool.parallel_for(panels, 1, [&](size_t begin, size_t end) {
        kernels::pack_patch_panels(g, input, 0, begin, end, patches.get());
    });
    kernels::AlignedFloats transposed = kernels::aligned_floats(oc * m);
    const size_t row_chunks = ceil_div(oc, kRowChunk);
    const size_t col_blocks = std::min(panels, std::max<size_t>(1, ceil_div(4 * size_t(pool.size()), row_chunks)));
    const size_t block_width = ceil_div(panels, col_blocks) * kGemmNR;
    const kernels::GemmMicroKernel micro = conv_kernels().gemm;
    pool.parallel_for(row_chunks * col_blocks, 1, [&](size_t begin, size_t end) {
        for (size_t item = begin; item < end; ++item) {
            const size_t o0 = item / col_blocks * kRowChunk, n0 = item % col_blocks * block_width;
            if (n0 >= m)
                continue;
            kernels::gemm_packed(micro,
                                 std::min(kRowChunk, oc - o0),
                                 n0,
                                 std::min(m, n0 + block_width),
                                 k,
                                 weight + o0 * k,
                                 k,
                                 patches.get(),
                                 nullptr,
                                 transposed.get() + o0 * m,
                                 m,
                                 false);
        }
    });
    pool.parallel_for(m, 16, [&](size_t begin, size_t end) {
        for (size_t p = begin; p < end; ++p) {
            for (size_t o = 0; o < oc; ++o)
                out[p * oc + o] = transposed[o * m + p] + (bias ? bias[o] : 0.0f);
        }
    });
}

void conv_depthwise(
    const ConvGeometry& g, const float* input, const float* weight, const float* bias, float* out, ThreadPool& pool) {
    const size_t taps = g.k_h * g.k_w, channels = g.in_c;
    std::vector<float> tap_major(taps * channels);
    for (size_t c = 0; c < channels; ++c) {
        for (size_t t = 0; t < taps; ++t)
            tap_major[t * channels + c] = weight[c * taps + t];
    }
    const kernels::DepthwiseRowKernel row_kernel = kernels::conv_kernels().depthwise_row;
    pool.parallel_for(g.batch * g.out_h, 1, [&](size_t begin, size_t end) {
        for (size_t row = begin; row < end; ++row) {
            const size_t n = row / g.out_h, oh = row % g.out_h;
            row_kernel(
                g, input + n * g.in_h * g.in_w * channels, tap_major.data(), bias, oh, out + row * g.out_w * g.out_c);
        }
    });
}

}  // namespace
}  // namespace ttnn::ops

namespace ttnn {

Tensor conv2d(const Tensor& input_tensor,
              const Tensor& weight_tensor,
              const std::optional<Tensor>& bias_tensor,
              const Conv2dParams& params) {
    using namespace ops;
    const char* op = "ttnn.conv2d";
    const ConvPlan plan = plan_conv(op, &input_tensor.logical_shape(), weight_tensor.logical_shape(), params);
    const ConvGeometry& g = plan.geometry;
    if (bias_tensor.has_value()) {
        TTNN_CHECK(bias_tensor->logical_shape().volume() == g.out_c,
                   VALUE,
                   op,
                   ": bias must hold one value per output channel; expected ",
                   g.out_c,
                   " values, got shape ",
                   bias_tensor->logical_shape().to_string());
    }
    const Tensor input = rows_f32(input_tensor);
    // Weights as fp32 only when a path reads them directly (a prepared weight's panels are cached).
    std::optional<Tensor> weight32;
    const auto weight = [&] {
        if (!weight32)
            weight32 = rows_f32(weight_tensor);
        return weight32->data<float>();
    };
    const std::optional<Tensor> bias = bias_tensor ? std::optional<Tensor>(rows_f32(*bias_tensor)) : std::nullopt;
    Tensor out32 = allocate_output(op,
                                   input_tensor,
                                   activation_shape(plan.flat, g.batch, g.out_h, g.out_w, g.out_c),
                                   DataType::FLOAT32,
                                   Layout::ROW_MAJOR,
                                   params.memory_config);
    ThreadPool& pool = pool_for(input_tensor);
    const float* bias_data = bias ? bias->data<float>() : nullptr;
    if (g.pixels_out() > 0 && g.out_c > 0) {
        if (g.groups > 1 && g.groups == g.in_c && g.groups == g.out_c) {
            conv_depthwise(g, input.data<float>(), weight(), bias_data, out32.data<float>(), pool);
        } else if (g.groups == 1 && 2 * g.pixels_out() <= g.out_c && !conv_weight_is_prepared(weight_tensor, 1)) {
            // Few pixels and many weights: packing the weights would cost more than the GEMM saves, unless
            // they are prepared (packed once), where the direct GEMM's finer row blocking wins.
            conv_gemm_transposed(g, input.data<float>(), weight(), bias_data, out32.data<float>(), pool);
        } else {
            const auto panels =
                conv_weight_panels(weight_tensor, g.groups, [&] { return pack_all_weights(g, weight(), pool); });
            conv_gemm(g, input.data<float>(), panels->get(), bias_data, out32.data<float>(), pool);
        }
    }
    return finish_output(out32, params.dtype.value_or(input_tensor.dtype()), input_tensor.layout());
}

}  // namespace ttnn
