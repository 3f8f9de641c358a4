// The backward ops from C++ alone, on values worked out by hand, plus the check that the scalar and AVX2
// kernel sets agree (bit for bit, but for gelu's polynomial erf/exp/tanh). To add a case: a TEST with
// inputs from floats()/ints() and the expected values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "tensor_checks.hpp"
#include "ttnn/isa.hpp"
#include "ttnn/ops/backward.hpp"

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

}  // namespace
