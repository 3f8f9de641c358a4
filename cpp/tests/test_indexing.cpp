// The indexing ops from C++ alone: values worked out by hand, both layouts, and the IndexError every bad
// index raises before anything is written. To add a case: build inputs with host_tensor() and compare
// values() of the result with the expected list.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "tensor_checks.hpp"
#include "ttnn/ops/indexing.hpp"

namespace {

using ttnn::DataType;
using ttnn::Layout;
using ttnn::Shape;
using ttnn::Tensor;

template <typename T>
Tensor host_tensor(const Shape& shape,
                   DataType dtype,
                   const std::vector<T>& values,
                   Layout layout = Layout::ROW_MAJOR) {
    Tensor t = ttnn::allocate_host_tensor(shape, dtype);
    std::memcpy(t.data<T>(), values.data(), values.size() * sizeof(T));
    return layout == Layout::ROW_MAJOR ? t : ttnn::to_layout(t, layout);
}

Tensor floats(const Shape& shape, const std::vector<float>& values, Layout layout = Layout::ROW_MAJOR) {
    return host_tensor(shape, DataType::FLOAT32, values, layout);
}

Tensor ints(const Shape& shape, const std::vector<int32_t>& values, Layout layout = Layout::ROW_MAJOR) {
    return host_tensor(shape, DataType::INT32, values, layout);
}

std::vector<float> values(const Tensor& t) {
    const Tensor rm = ttnn::to_layout(t, Layout::ROW_MAJOR);
    return std::vector<float>(rm.data<float>(), rm.data<float>() + rm.logical_shape().volume());
}

std::vector<float> iota(size_t n) {
    std::vector<float> v(n);
    for (size_t i = 0; i < n; ++i)
        v[i] = static_cast<float>(i);
    return v;
}

class IndexingLayouts : public ::testing::TestWithParam<Layout> {};

TEST_P(IndexingLayouts, GatherPicksAlongDim) {
    const Tensor input = floats(Shape{2, 3}, {0, 1, 2, 10, 11, 12}, GetParam());
    const Tensor index = ints(Shape{2, 2}, {2, 0, 1, 1}, GetParam());
    const Tensor out = ttnn::gather(input, 1, index);
    EXPECT_EQ(out.logical_shape(), (Shape{2, 2}));
    EXPECT_EQ(values(out), (std::vector<float>{2, 0, 11, 11}));
}

TEST_P(IndexingLayouts, IndexPutsBroadcastShapeFirstForSeparatedDims) {
    const Tensor input = floats(Shape{2, 3, 4}, iota(24), GetParam());
    const Tensor rows = ints(Shape{2}, {1, 0});
    const Tensor cols = ints(Shape{2}, {3, -4});
    const Tensor out = ttnn::index(input, {rows, cols}, {0, 2});
    // x[[1, 0], :, [3, -4]]: the broadcast index dim [2] comes first, then dim 1: [2, 3].
    EXPECT_EQ(out.logical_shape(), (Shape{2, 3}));
    EXPECT_EQ(values(out), (std::vector<float>{15, 19, 23, 0, 4, 8}));
}

TEST_P(IndexingLayouts, IndexKeepsConsecutiveDimsInPlace) {
    const Tensor input = floats(Shape{2, 3, 4}, iota(24), GetParam());
    const Tensor index = ints(Shape{2, 1}, {2, 0});
    const Tensor out = ttnn::index(input, {index}, {1});
    EXPECT_EQ(out.logical_shape(), (Shape{2, 2, 1, 4}));
    EXPECT_EQ(values(out), (std::vector<float>{8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15}));
}

TEST_P(IndexingLayouts, EmbeddingRowsInRequestedLayout) {
    const Tensor weight = floats(Shape{4, 3}, iota(12), GetParam());
    const Tensor tokens = ints(Shape{1, 3}, {3, 0, 3});
    ttnn::EmbeddingOptions options;
    options.layout = Layout::TILE;
    const Tensor out = ttnn::embedding(tokens, weight, options);
    EXPECT_EQ(out.layout(), Layout::TILE);
    EXPECT_EQ(out.logical_shape(), (Shape{1, 3, 3}));
    EXPECT_EQ(values(out), (std::vector<float>{9, 10, 11, 0, 1, 2, 9, 10, 11}));
}

TEST_P(IndexingLayouts, ScatterAddSumsDuplicates) {
    const Tensor input = floats(Shape{1, 3}, {1, 1, 1}, GetParam());
    const Tensor index = ints(Shape{1, 4}, {2, 2, 0, 2}, GetParam());
    const Tensor src = floats(Shape{1, 4}, {1, 2, 3, 4}, GetParam());
    EXPECT_EQ(values(ttnn::scatter(input, 1, index, src, ttnn::ScatterReduce::ADD)), (std::vector<float>{4, 1, 8}));
    const Tensor distinct = ints(Shape{1, 2}, {2, 0}, GetParam());
    EXPECT_EQ(values(ttnn::scatter(input, 1, distinct, 5.0)), (std::vector<float>{5, 1, 5}));
}

TEST_P(IndexingLayouts, IndexPutAccumulatesDuplicatesInFp32ForBf16) {
    // Sixteen 2^-8 on 1.0: one rounding at the end gives 1.0625; rounding after every add would stay at 1.0.
    Tensor input = ttnn::typecast(floats(Shape{2, 1}, {1, 1}, GetParam()), DataType::BFLOAT16);
    const Tensor index = ints(Shape{16}, std::vector<int32_t>(16, 1));
    const Tensor step = ttnn::typecast(floats(Shape{16, 1}, std::vector<float>(16, 1.0f / 256)), DataType::BFLOAT16);
    const Tensor out = ttnn::index_put(input, {index}, {0}, step, true);
    EXPECT_EQ(values(ttnn::typecast(out, DataType::FLOAT32)), (std::vector<float>{1.0f, 1.0625f}));
    EXPECT_EQ(values(ttnn::typecast(input, DataType::FLOAT32)), (std::vector<float>{1.0f, 1.0f}));
}

INSTANTIATE_TEST_SUITE_P(BothLayouts, IndexingLayouts, ::testing::Values(Layout::ROW_MAJOR, Layout::TILE));

TEST(IndexingErrors, OutOfRangeIndexRaisesIndexErrorNamingOpIndexAndSize) {
    const Tensor weight = floats(Shape{4, 2}, iota(8));
    ttnn_test::expect_error([&] { ttnn::embedding(ints(Shape{2}, {1, 4}), weight); },
                            ttnn::ErrorKind::INDEX,
                            {"ttnn.embedding", "index 4", "size 4"});
    ttnn_test::expect_error([&] { ttnn::index_select(weight, 1, ints(Shape{1}, {-1})); },
                            ttnn::ErrorKind::INDEX,
                            {"ttnn.index_select", "index -1", "size 2"});
    ttnn_test::expect_error([&] { ttnn::index(weight, {ints(Shape{1}, {-5})}, {0}); },
                            ttnn::ErrorKind::INDEX,
                            {"ttnn.index", "index -5", "size 4"});
    ttnn_test::expect_error([&] { ttnn::scatter(weight, 0, ints(Shape{1, 1}, {9}), 1.0); },
                            ttnn::ErrorKind::INDEX,
                            {"ttnn.scatter", "index 9", "size 4"});
}

TEST(IndexingErrors, FloatIndicesAreATypeError) {
    const Tensor weight = floats(Shape{4, 2}, iota(8));
    ttnn_test::expect_error([&] { ttnn::gather(weight, 0, weight); },
                            ttnn::ErrorKind::TYPE,
                            {"ttnn.gather", "expected int32 or uint32", "float32"});
}

}  // namespace
