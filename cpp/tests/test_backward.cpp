// The backward ops from C++ alone, on values worked out by hand, plus the check that the scalar and AVX2
// kernel sets agree (bit for bit, but for gelu's polynomial erf/exp/tanh). To add a case: a TEST with
// inputs from floats()/ints() and the expected values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels/backward_kernels.hpp"
#include "tensor_checks.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/isa.hpp"
#include "ttnn/ops/backward.hpp"
#include "ttnn/ops/conv.hpp"

namespace {

using ttnn::DataType;
using ttnn::Layout;
using ttnn::Shape;
using ttnn::Tensor;

Tensor floats(const Shape& shape, const std::vector<float>& values, Layout layout = Layout::ROW_MAJOR) {
    Tensor t = ttnn::allocate_host_tensor(shape, DataType::FLOAT32);
    std::memcpy(t.data<float>(), values.data(), values.size() * sizeof(float));
    return layout == Layout::ROW_MAJOR ? t : ttnn::to_layout(t, layout);
}

Tensor ints(const Shape& shape, const std::vector<int32_t>& values) {
    Tensor t = ttnn::allocate_host_tensor(shape, DataType::INT32);
    std::memcpy(t.data<int32_t>(), values.data(), values.size() * sizeof(int32_t));
    return t;
}

std::vector<float> values(const Tensor& t) {
    const Tensor rm = ttnn::to_layout(ttnn::typecast(t, DataType::FLOAT32), Layout::ROW_MAJOR);
    return std::vector<float>(rm.data<float>(), rm.data<float>() + rm.logical_shape().volume());
}

TEST(Backward, ThresholdBwPassesGradAboveThresholdOnly) {
    const std::vector<Tensor> out =
        ttnn::threshold_bw(floats(Shape{4}, {1, 2, 3, 4}), floats(Shape{4}, {-1, 0, 0.5f, 2}), 0.0f);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(values(out[0]), (std::vector<float>{0, 0, 3, 4}));
}

TEST(Backward, TileOutputKeepsZeroPadding) {
    const Tensor out = ttnn::tanh_backward(floats(Shape{1, 2}, {2, 2}, Layout::TILE),
                                           floats(Shape{1, 2}, {0.5f, -0.5f}, Layout::TILE));
    EXPECT_EQ(values(out), (std::vector<float>{1.5f, 1.5f}));
    const float* stored = out.data<float>();
    for (size_t i = 2; i < 32 * 32; ++i)
        ASSERT_EQ(stored[i], 0.0f) << "padding at " << i;
}

TEST(Backward, NllLossMeanSkipsIgnoredTargets) {
    const Tensor log_probs = floats(Shape{3, 2}, {-1, -2, -3, -4, -5, -6});
    const Tensor target = ints(Shape{3}, {1, -100, 0});
    const auto [loss, total] = ttnn::nll_loss(log_probs, target);
    EXPECT_EQ(loss.logical_shape(), Shape{});
    EXPECT_FLOAT_EQ(values(loss)[0], (2.0f + 5.0f) / 2.0f);
    EXPECT_FLOAT_EQ(values(total)[0], 2.0f);
    const Tensor grad = ttnn::nll_loss_backward(floats(Shape{}, {1}), log_probs, target, total);
    EXPECT_EQ(values(grad), (std::vector<float>{0, -0.5f, 0, 0, -0.5f, 0}));
    ttnn_test::expect_error([&] { ttnn::nll_loss(log_probs, ints(Shape{3}, {0, 2, 0})); },
                            ttnn::ErrorKind::INDEX,
                            {"ttnn.nll_loss", "target 2", "2 classes"});
}

TEST(Backward, EmbeddingBackwardSumsDuplicatesAndSkipsPadding) {
    const Tensor grad = floats(Shape{4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
    ttnn::EmbeddingBackwardOptions options;
    options.padding_idx = 1;
    const Tensor out = ttnn::embedding_backward(grad, ints(Shape{4}, {2, 0, 2, 1}), 3, options);
    EXPECT_EQ(out.logical_shape(), (Shape{3, 2}));
    EXPECT_EQ(values(out), (std::vector<float>{3, 4, 0, 0, 6, 8}));
}

TEST(Backward, LayerNormBackwardWeightGradsAreColumnSums) {
    // Rows [1, 3] and [2, 6]: mean 2 and 4, rstd 1 and 0.5, so xhat is [-1, 1] in both rows.
    const Tensor x = floats(Shape{2, 2}, {1, 3, 2, 6});
    const Tensor dy = floats(Shape{2, 2}, {1, 2, 3, 4});
    const auto r = ttnn::layer_norm_backward(dy, x, {2}, floats(Shape{2, 1}, {2, 4}), floats(Shape{2, 1}, {1, 0.5f}));
    EXPECT_EQ(values(r.grad_bias), (std::vector<float>{4, 6}));
    EXPECT_EQ(values(r.grad_weight), (std::vector<float>{-4, 6}));
    // dx = rstd * (g - mean(g) - xhat * mean(g * xhat)): row 0 -> [-0.5 - (-1)(0.5), 0.5 - 0.5] = [0, 0].
    EXPECT_EQ(values(r.grad_input), (std::vector<float>{0, 0, 0, 0}));
}

TEST(Backward, ScalarAndAvx2KernelsAgree) {
    if (!ttnn::isa_available(ttnn::Isa::AVX2))
        GTEST_SKIP() << "no AVX2 in this CPU or build";
    std::vector<float> g(3000), x(3000);
    for (size_t i = 0; i < g.size(); ++i) {
        g[i] = std::sin(static_cast<float>(i)) * 3.0f;
        x[i] = std::cos(static_cast<float>(i) * 0.7f) * 4.0f;
    }
    const Tensor grad = floats(Shape{3, 1000}, g);
    const Tensor input = floats(Shape{3, 1000}, x);
    const Tensor bf16_grad = ttnn::typecast(grad, DataType::BFLOAT16);
    const ttnn::Isa before = ttnn::active_isa();
    std::vector<std::vector<float>> exact, close;
    for (ttnn::Isa isa : {ttnn::Isa::SCALAR, ttnn::Isa::AVX2}) {
        ttnn::set_isa(isa);
        exact.push_back(values(ttnn::threshold_bw(bf16_grad, input, 0.5f)[0]));
        for (const Tensor& t : {ttnn::tanh_backward(grad, input),
                                ttnn::sigmoid_backward(bf16_grad, input),
                                ttnn::softmax_backward(bf16_grad, input, 1)}) {
            const std::vector<float> v = values(t);
            exact.back().insert(exact.back().end(), v.begin(), v.end());
        }
        close.push_back(values(ttnn::gelu_bw(grad, input, "none")[0]));
        const std::vector<float> v = values(ttnn::gelu_bw(grad, input, "tanh")[0]);
        close.back().insert(close.back().end(), v.begin(), v.end());
    }
    ttnn::set_isa(before);
    EXPECT_EQ(exact[0], exact[1]);
    // gelu's AVX2 erf/exp/tanh are polynomials (as in torch's AVX2 path): within 1e-6 of std::erf's result.
    for (size_t i = 0; i < close[0].size(); ++i) {
        ASSERT_NEAR(close[0][i], close[1][i], 1e-6 + 1e-5 * std::fabs(close[0][i])) << "element " << i;
    }
}

#if TTNN_HAVE_AVX2
TEST(Backward, Bf16PointwiseKernelsAgreeAcrossIsasAndRoundTheFp32Result) {
    if (!ttnn::isa_available(ttnn::Isa::AVX2))
        GTEST_SKIP() << "no AVX2 in this CPU or build";
    constexpr size_t kCount = 1003;  // a 7-element tail after the vector loop
    std::vector<uint16_t> g(kCount), x(kCount);
    std::vector<float> gf(kCount), xf(kCount);
    for (size_t i = 0; i < kCount; ++i) {
        g[i] = ttnn::bf16_from_f32(std::sin(static_cast<float>(i)) * 3.0f);
        x[i] = ttnn::bf16_from_f32(std::cos(static_cast<float>(i) * 0.7f) * 0.9f);
        gf[i] = ttnn::f32_from_bf16(g[i]);
        xf[i] = ttnn::f32_from_bf16(x[i]);
    }
    using ttnn::kernels::PointwiseGrad;
    for (PointwiseGrad kind : {PointwiseGrad::THRESHOLD, PointwiseGrad::TANH, PointwiseGrad::SIGMOID}) {
        std::vector<uint16_t> scalar(kCount), avx2(kCount);
        std::vector<float> f32(kCount);
        ttnn::kernels::pointwise_grad_bf16_scalar(kind, g.data(), x.data(), scalar.data(), kCount, 0.1f);
        ttnn::kernels::pointwise_grad_bf16_avx2(kind, g.data(), x.data(), avx2.data(), kCount, 0.1f);
        ttnn::kernels::pointwise_grad_f32_scalar(kind, gf.data(), xf.data(), f32.data(), kCount, 0.1f);
        for (size_t i = 0; i < kCount; ++i) {
            ASSERT_EQ(scalar[i], avx2[i]) << "kind " << static_cast<int>(kind) << " element " << i;
            ASSERT_EQ(scalar[i], ttnn::bf16_from_f32(f32[i])) << "kind " << static_cast<int>(kind) << " element " << i;
        }
    }
    std::vector<float> a(kCount, 1.0f), b(kCount, 1.0f);
    ttnn::kernels::add_f32_scalar(gf.data(), a.data(), kCount);
    ttnn::kernels::add_f32_avx2(gf.data(), b.data(), kCount);
    EXPECT_EQ(a, b);
    ttnn::kernels::add_bf16_scalar(g.data(), a.data(), kCount);
    ttnn::kernels::add_bf16_avx2(g.data(), b.data(), kCount);
    EXPECT_EQ(a, b);
}
#endif

// conv2d_backward_input against the definition summed in double: several bands per image (so both the even
// and the odd phase run), a non-square kernel, stride, dilation and asymmetric padding, on both ISAs.
TEST(Backward, Conv2dBackwardInputMatchesDirectSum) {
    constexpr size_t N = 2, H = 71, W = 19, C = 3, OC = 5, KH = 3, KW = 2, SH = 2, SW = 1, DH = 1, DW = 2;
    constexpr size_t PT = 2, PB = 0, PL = 1, PR = 1;
    constexpr size_t OH = (H + PT + PB - DH * (KH - 1) - 1) / SH + 1, OW = (W + PL + PR - DW * (KW - 1) - 1) / SW + 1;
    std::vector<float> grad(N * OH * OW * OC), weight(OC * C * KH * KW);
    for (size_t i = 0; i < grad.size(); ++i)
        grad[i] = std::sin(static_cast<float>(i) * 0.37f);
    for (size_t i = 0; i < weight.size(); ++i)
        weight[i] = std::cos(static_cast<float>(i) * 1.3f);
    std::vector<double> expected(N * H * W * C, 0.0);
    for (size_t n = 0; n < N; ++n)
        for (size_t oh = 0; oh < OH; ++oh)
            for (size_t ow = 0; ow < OW; ++ow)
                for (size_t kh = 0; kh < KH; ++kh)
                    for (size_t kw = 0; kw < KW; ++kw) {
                        const auto ih = static_cast<long>(oh * SH + kh * DH) - static_cast<long>(PT);
                        const auto iw = static_cast<long>(ow * SW + kw * DW) - static_cast<long>(PL);
                        if (ih < 0 || ih >= static_cast<long>(H) || iw < 0 || iw >= static_cast<long>(W))
                            continue;
                        for (size_t o = 0; o < OC; ++o)
                            for (size_t c = 0; c < C; ++c)
                                expected[((n * H + ih) * W + iw) * C + c] +=
                                    double{grad[((n * OH + oh) * OW + ow) * OC + o]} *
                                    weight[((o * C + c) * KH + kh) * KW + kw];
                    }
    ttnn::Conv2dParams params;
    params.batch_size = N, params.input_height = H, params.input_width = W, params.in_channels = C;
    params.kernel_size = {KH, KW}, params.stride = {SH, SW}, params.padding = {PT, PB, PL, PR};
    params.dilation = {DH, DW};
    const Tensor g = floats(Shape{N, OH, OW, OC}, grad);
    const Tensor w = floats(Shape{OC, C, KH, KW}, weight);
    const ttnn::Isa before = ttnn::active_isa();
    for (ttnn::Isa isa : {ttnn::Isa::SCALAR, ttnn::Isa::AVX2}) {
        if (!ttnn::isa_available(isa))
            continue;
        ttnn::set_isa(isa);
        const Tensor out = ttnn::conv2d_backward_input(g, w, params);
        ASSERT_EQ(out.logical_shape(), (Shape{N, H, W, C}));
        const std::vector<float> got = values(out);
        for (size_t i = 0; i < got.size(); ++i)
            ASSERT_NEAR(got[i], expected[i], 1e-5 + 1e-5 * std::fabs(expected[i])) << ttnn::name(isa) << " " << i;
    }
    ttnn::set_isa(before);
}

}  // namespace
