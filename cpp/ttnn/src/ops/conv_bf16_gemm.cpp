// conv2d on the shared GEMM (kernels/gemm.hpp) for the tiers whose GEMM multiplies bf16 operands as they are:
// the patches become bf16 columns (im2col copies the input's bits, (kh, kw, c) per row), the weight B's bf16
// pairs in the same (kh, kw, c) order, packed once for a prepared weight, and gemm_run writes the NHWC output
// with the bias in fp32 and one rounding. bf16 products are exact and the sums accumulate in fp32 (HiFi4 on bf16
// inputs, which is what conv's own GEMM computes), only the order of the adds differs.
#include <algorithm>
#include <cstring>

#include "kernels/conv_kernels.hpp"
#include "kernels/gemm.hpp"
#include "ops/conv_plan.hpp"
#include "ops/op_common.hpp"

namespace ttnn::ops {

// Only a build with the AMX tier has a GEMM that multiplies bf16 operands as they are (and the pair packing);
// elsewhere conv keeps its own kernel.
#if TTNN_HAVE_AMX
namespace {

using kernels::ConvGeometry;

// B[(kh, kw, c)][o] = W[o][c][kh][kw] as bf16 pairs. W (OIHW or its [O, I*kh*kw] form) holds bf16 values, so
// the top half of each fp32 is the value. The reorder runs on the device's threads, one output channel each.
kernels::PackedB pack_weight_pairs(const ConvGeometry& g, const Tensor& weight, ThreadPool& pool) {
    const Tensor rows = rows_f32(weight);
    const float* w = rows.data<float>();
    const size_t cg = g.in_c, taps = g.k_h * g.k_w, k = g.patch(), oc = g.out_c;
    std::vector<uint16_t> b(k * oc);
    pool.parallel_for(oc, 8, [&](size_t begin, size_t end) {
        for (size_t o = begin; o < end; ++o) {
            for (size_t c = 0; c < cg; ++c) {
                for (size_t t = 0; t < taps; ++t) {
                    uint32_t bits;
                    std::memcpy(&bits, w + (o * cg + c) * taps + t, sizeof bits);
                    b[(t * cg + c) * oc + o] = static_cast<uint16_t>(bits >> 16);
                }
            }
        }
    });
    kernels::PackedB packed;
    packed.k = static_cast<int64_t>(k);
    packed.n = static_cast<int64_t>(oc);
    kernels::pack_b_pairs({b.data(), true, static_cast<int64_t>(oc), 1}, packed.k, packed.n, packed.pairs, pool);
    return packed;
}

bool qualifies(const ConvGeometry& g, const ConvIo& io, const Tensor& weight) {
    return g.groups == 1 && io.input_bf16 && weight.dtype() != DataType::FLOAT32 && g.patch() > 0 &&
           kernels::gemm_runs_bf16_operands();
}

}  // namespace

bool conv_bf16_gemm(
    const ConvGeometry& g, const ConvIo& io, const Tensor& weight, const float* bias, ThreadPool& pool) {
    if (!qualifies(g, io, weight))
        return false;
    const size_t k = g.patch(), m = g.pixels_out();
    const auto pairs = conv_weight_pairs(weight, 1, [&] { return pack_weight_pairs(g, weight, pool); });
    const auto* input = static_cast<const uint16_t*>(io.input);
    kernels::MatrixRef a{input, true, static_cast<int64_t>(g.in_c), 1};
    const bool direct = g.k_h == 1 && g.k_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 0 &&
                        g.pad_left == 0 && g.in_h == g.out_h && g.in_w == g.out_w;
    // Kept between calls (no page faults for a fresh buffer); the pool's workers write it through a pointer.
    thread_local kernels::FloatBuffer columns;
    if (!direct) {
        columns.resize((m * k + 1) / 2);
        auto* cols = reinterpret_cast<uint16_t*>(columns.data());
        constexpr size_t kRows = 64;
        pool.parallel_for((m + kRows - 1) / kRows, 1, [&](size_t begin, size_t end) {
            for (size_t block = begin; block < end; ++block) {
                const size_t m0 = block * kRows;
                kernels::im2col_rows_bf16_bits(g, input, 0, m0, std::min(kRows, m - m0), cols + m0 * k);
            }
        });
        a = {cols, true, static_cast<int64_t>(k), 1};
    }
    const kernels::GemmItem item{0, 0, pairs.get(), 0};
    kernels::GemmProblem pb;
    pb.m = static_cast<int64_t>(m);
    pb.n = static_cast<int64_t>(g.out_c);
    pb.k = static_cast<int64_t>(k);
    pb.a = a;
    pb.c = io.out;
    pb.c_bf16 = io.out_bf16;
    pb.ldc = static_cast<int64_t>(g.out_c);
    pb.bias = bias;
    pb.bf16_operands = true;
    pb.items = &item;
    pb.item_count = 1;
    kernels::gemm_run(pb, pool);
    return true;
}
#else
bool conv_bf16_gemm(const kernels::ConvGeometry&, const ConvIo&, const Tensor&, const float*, ThreadPool&) {
    return false;
}
#endif

}  // namespace ttnn::ops
