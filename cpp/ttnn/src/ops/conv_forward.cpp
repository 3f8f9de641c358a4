// conv2d: validate, pack the weights, then an implicit GEMM (our microkernel reading each row chunk's patches
// from a padded band of the input, conv_padded.cpp, or from im2col columns when the channel runs are short),
// or the direct depthwise kernel (conv_depthwise.cpp) when every group has one input and one output channel.
#include <algorithm>
#include <atomic>
#include <vector>

#include "kernels/codec.hpp"
#include "kernels/gemm.hpp"
#include "ops/conv_padded.hpp"
#include "ops/conv_plan.hpp"
#include "ops/op_common.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

using kernels::conv_kernels;
using kernels::ConvGeometry;
using kernels::kGemmMR;
using kernels::kGemmNR;

constexpr size_t kRowChunk = 16 * kGemmMR;  // output pixels per work item: 96 rows x 256 floats of A in L2
// With patches read from the padded input there is no column buffer to bound, and every row chunk streams
// the item's weights again: 384 rows x 256 floats of A (384 KiB) still stay in L2.
constexpr size_t kPaddedRowChunk = 64 * kGemmMR;

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

// Work split of the implicit GEMM: row chunks (whole 6-row blocks, at most kRowChunk rows) x column blocks.
// Column blocks only when too few row chunks would leave threads idle (small late layers: 7x7 pixels, 512
// channels); their rows' columns are then built once, shared. The item count is rounded so the pool's chunks
// come out equal per thread (33 items on 2 threads would be 18 + 15 rows' worth, 40 are 20 + 20).
struct ConvSplit {
    size_t row_chunks = 1, blocks = 0, col_blocks = 1, panels_per_block = 1;
    size_t rows_begin(size_t chunk) const { return chunk * blocks / row_chunks * kGemmMR; }
};

bool balanced(size_t items, size_t threads) {
    const size_t chunk = ceil_div(items, 4 * threads);  // ThreadPool::parallel_for's chunking
    return items % chunk == 0 && (items / chunk) % threads == 0;
}

ConvSplit split_conv(const ConvGeometry& g, size_t threads, size_t row_chunk) {
    ConvSplit s;
    const size_t m = g.pixels_out(), panels = ceil_div(g.group_out_c(), kGemmNR);
    s.blocks = ceil_div(m, kGemmMR);
    s.row_chunks = ceil_div(m, row_chunk);
    const size_t wanted = threads == 1 ? 1 : 2 * threads;
    s.col_blocks = std::min(panels, std::max<size_t>(1, ceil_div(wanted, s.row_chunks * g.groups)));
    if (s.col_blocks == 1 && threads > 1) {
        for (size_t rc = s.row_chunks; rc <= std::min(s.blocks, 2 * s.row_chunks); ++rc) {
            if (balanced(g.groups * rc, threads)) {
                s.row_chunks = rc;
                break;
            }
        }
    }
    s.panels_per_block = ceil_div(panels, s.col_blocks);
    return s;
}

// Rows [m0, m0 + rows) of group `group`'s columns into dst (fp32, k per row).
void conv_columns(const ConvGeometry& g, const ConvIo& io, size_t group, size_t m0, size_t rows, float* dst) {
    if (io.input_bf16) {
        conv_kernels().im2col_bf16(g, static_cast<const uint16_t*>(io.input), group, m0, rows, dst);
    } else {
        conv_kernels().im2col(g, static_cast<const float*>(io.input), group, m0, rows, dst);
    }
}

// What every work item of one conv_gemm call shares.
struct GemmCall {
    const ConvGeometry& g;
    const ConvIo& io;
    ConvSplit split;
    const float* packed;
    const float* bias;              // padded to whole panels per group, or null
    const float* shared = nullptr;  // every row's columns, when column blocks share them
    uint64_t padded_call = 0;       // nonzero: patches from padded bands of the input (no columns)
    bool direct = false;            // 1x1, stride 1, fp32: the input rows are the columns
    size_t max_rows = 0;
};

// Per-thread scratch of the work items: im2col columns, the fp32 tile of a bf16 output's partial sums, and
// the k-blocks of the rows at hand.
struct ItemScratch {
    kernels::FloatBuffer cols, tile, band_data;
    PaddedInput band;
    std::vector<const float*> table;
    std::vector<kernels::KBlock> blocks;
};

// The k-blocks of rows [m0, m0 + rows) of group `group`, from whichever source the call has.
void item_blocks(const GemmCall& call, size_t group, size_t m0, size_t rows, ItemScratch& scratch) {
    const ConvGeometry& g = call.g;
    const size_t k = g.patch();
    if (call.padded_call != 0) {
        scratch.band = pad_band(g, call.io, m0, rows, call.padded_call, scratch.band, scratch.band_data);
        padded_blocks(g, scratch.band, group, m0, rows, scratch.table, scratch.blocks);
        return;
    }
    const float* a = static_cast<const float*>(call.io.input) + m0 * g.in_c + group * g.group_in_c();
    size_t lda = call.direct ? g.in_c : k;
    if (call.shared != nullptr) {
        a = call.shared + (group * g.pixels_out() + m0) * k;
    } else if (!call.direct) {
        scratch.cols.resize(call.max_rows * k);
        conv_columns(g, call.io, group, m0, rows, scratch.cols.data());
        a = scratch.cols.data();
    }
    scratch.blocks.clear();
    kernels::append_k_blocks(0, k, kernels::ARows{a, lda}, scratch.blocks);
}

// One work item: a row chunk of one group times one block of its output channels.
void gemm_item(const GemmCall& call, size_t item, ItemScratch& scratch) {
    const ConvGeometry& g = call.g;
    const size_t k = g.patch(), ocg = g.group_out_c(), m = g.pixels_out();
    const ConvSplit& split = call.split;
    const size_t per_group = split.row_chunks * split.col_blocks, group = item / per_group;
    const size_t chunk = item / split.col_blocks % split.row_chunks, block = item % split.col_blocks;
    const size_t m0 = split.rows_begin(chunk), rows = std::min(split.rows_begin(chunk + 1), m) - m0;
    const size_t n_begin = block * split.panels_per_block * kGemmNR;
    const size_t n_end = std::min(ocg, n_begin + split.panels_per_block * kGemmNR);
    if (rows == 0 || n_begin >= n_end)
        return;
    item_blocks(call, group, m0, rows, scratch);
    // fp32 output is written in place; bf16 is rounded by the last k-block's microkernel from its registers
    // (an fp32 tile holds the earlier blocks' partial sums when k spans several).
    const size_t width = n_end - n_begin, out_col = group * ocg + n_begin;
    const float* bias = call.bias != nullptr ? call.bias + group * ceil_div(ocg, kGemmNR) * kGemmNR + n_begin : nullptr;
    const float* packed = call.packed + group * kernels::packed_b_floats(k, ocg) + n_begin * k;
    kernels::PackedGemm p{conv_kernels().gemm, conv_kernels().gemm_bf16, rows, 0, width, k, packed, bias};
    if (call.io.out_bf16) {
        scratch.tile.resize(call.max_rows * width);
        p.c = scratch.tile.data(), p.ldc = width;
        p.out = static_cast<uint16_t*>(call.io.out) + m0 * g.out_c + out_col, p.ldo = g.out_c;
    } else {
        p.c = static_cast<float*>(call.io.out) + m0 * g.out_c + out_col, p.ldc = g.out_c;
    }
    kernels::gemm_packed_blocks(p, scratch.blocks.data(), scratch.blocks.size());
}

void conv_gemm(const ConvGeometry& g, const ConvIo& io, const float* packed, const float* bias, ThreadPool& pool) {
    const size_t k = g.patch(), m = g.pixels_out();
    const std::vector<float> bias_panels = bias != nullptr ? padded_bias(g, bias) : std::vector<float>{};
    const bool direct = !io.input_bf16 && g.k_h == 1 && g.k_w == 1 && g.stride_h == 1 && g.stride_w == 1 &&
                        g.pad_top == 0 && g.pad_left == 0 && g.in_h == g.out_h && g.in_w == g.out_w;
    const bool padded_input = !direct && use_padded_input(g);
    const ConvSplit split = split_conv(g, static_cast<size_t>(pool.size()), padded_input ? kPaddedRowChunk : kRowChunk);
    GemmCall call{g, io, split, packed, bias ? bias_panels.data() : nullptr};
    call.direct = direct;
    call.max_rows = ceil_div(split.blocks, split.row_chunks) * kGemmMR;
    // Kept between calls (no page faults for a fresh buffer). The lambda reads it through a plain pointer: a
    // thread_local named inside it would be each worker's own (empty) buffer.
    thread_local kernels::FloatBuffer shared;
    static std::atomic<uint64_t> calls{0};
    if (padded_input) {
        call.padded_call = ++calls;
    } else if (!call.direct && split.col_blocks > 1) {
        shared.resize(g.groups * m * k);
        float* const columns = shared.data();
        pool.parallel_for(g.groups * split.blocks, 1, [&](size_t begin, size_t end) {
            for (size_t b = begin; b < end; ++b) {
                const size_t group = b / split.blocks, m0 = b % split.blocks * kGemmMR;
                conv_columns(g, io, group, m0, std::min(kGemmMR, m - m0), columns + (group * m + m0) * k);
            }
        });
        call.shared = columns;
    }
    pool.parallel_for(g.groups * split.row_chunks * split.col_blocks, 1, [&](size_t begin, size_t end) {
        thread_local ItemScratch scratch;
        for (size_t item = begin; item < end; ++item)
            gemm_item(call, item, scratch);
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
    const DataType out_dtype = params.dtype.value_or(input_tensor.dtype());
    const bool empty = g.pixels_out() == 0 || g.out_c == 0;
    const bool depthwise = !empty && g.groups > 1 && g.groups == g.in_c && g.groups == g.out_c;
    // Few pixels and many weights: packing the weights would cost more than the GEMM saves, unless they are
    // prepared (packed once), where the direct GEMM's finer row blocking wins.
    const bool transposed = !empty && !depthwise && g.groups == 1 && 2 * g.pixels_out() <= g.out_c &&
                            !conv_weight_is_prepared(weight_tensor, 1);
    // The GEMM and depthwise paths read ROW_MAJOR bf16 input as stored and write ROW_MAJOR output in its final
    // dtype.
    const bool gemm = !empty && !depthwise && !transposed;
    // A TILE bf16 input (the layout element-wise ops leave between convs) is untilized as bf16, a copy of its
    // bits, so those paths read it as stored too; the output goes back to TILE at the end.
    const bool untilize_bf16 =
        (gemm || depthwise) && input_tensor.layout() == Layout::TILE && input_tensor.dtype() == DataType::BFLOAT16;
    const Tensor source = untilize_bf16 ? to_layout(input_tensor, Layout::ROW_MAJOR, DataType::BFLOAT16) : input_tensor;
    const bool rows = source.layout() == Layout::ROW_MAJOR;
    const bool raw_in = (gemm || depthwise) && rows && source.dtype() == DataType::BFLOAT16;
    const bool raw_out =
        (gemm || depthwise) && rows && (out_dtype == DataType::BFLOAT16 || out_dtype == DataType::FLOAT32);
    const Tensor input = raw_in ? source : rows_f32(source);
    // Weights as fp32 only when a path reads them directly (a prepared weight's panels are cached).
    std::optional<Tensor> weight32;
    const auto weight = [&] {
        if (!weight32)
            weight32 = rows_f32(weight_tensor);
        return weight32->data<float>();
    };
    std::optional<Tensor> bias;
    if (bias_tensor)
        bias.emplace(rows_f32(*bias_tensor));
    Tensor out = allocate_output(op,
                                 input_tensor,
                                 activation_shape(plan.flat, g.batch, g.out_h, g.out_w, g.out_c),
                                 raw_out ? out_dtype : DataType::FLOAT32,
                                 Layout::ROW_MAJOR,
                                 params.memory_config);
    ThreadPool& pool = pool_for(input_tensor);
    const float* bias_data = bias ? bias->data<float>() : nullptr;
    const bool out_bf16 = raw_out && out_dtype == DataType::BFLOAT16;
    const ConvIo io{raw_in ? static_cast<const void*>(input.data<uint16_t>()) : input.data<float>(),
                    raw_in,
                    out_bf16 ? static_cast<void*>(out.data<uint16_t>()) : out.data<float>(),
                    out_bf16};
    if (depthwise) {
        conv_depthwise(g, io, weight(), bias_data, pool);
    } else if (transposed) {
        conv_gemm_transposed(g, input.data<float>(), weight(), bias_data, out.data<float>(), pool);
    } else if (gemm && !conv_bf16_gemm(g, io, weight_tensor, bias_data, pool)) {
        const auto panels =
            conv_weight_panels(weight_tensor, g.groups, [&] { return pack_all_weights(g, weight(), pool); });
        conv_gemm(g, io, panels->get(), bias_data, pool);
    }
    if (raw_out && input_tensor.layout() == Layout::ROW_MAJOR)
        return out;
    return finish_output(out, out_dtype, input_tensor.layout());
}

}  // namespace ttnn
