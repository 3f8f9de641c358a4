// typecast and reshape: PyTorch's cast rules on x86 (truncation through int32, integer wraparound, int to
// bfloat16 through float32) and reshape's view-or-copy choice, -1 inference and errors.
// To add a case: append an input and its expected output to one of the typecast tables, or a target shape to
// the reshape lists; expected values are worked out by hand (see the comments for the non-obvious ones).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "tensor_checks.hpp"
#include "ttnn/ttnn.hpp"

namespace {

using ttnn::DataType;
using ttnn::Layout;
using ttnn::Shape;
using ttnn_test::expect_same_bytes;
using ttnn_test::expect_tile_storage;
using ttnn_test::patterned;

void expect_value_error(const std::function<void()>& call, const std::vector<std::string>& parts) {
    ttnn_test::expect_error(call, ttnn::ErrorKind::VALUE, parts);
}

template <typename Out, typename In>
std::vector<Out> cast_values(const std::vector<In>& values, DataType from, DataType to) {
    ttnn::Tensor source = ttnn::allocate_host_tensor(Shape{static_cast<uint32_t>(values.size())}, from);
    std::memcpy(source.data<In>(), values.data(), values.size() * sizeof(In));
    const ttnn::Tensor cast = ttnn::typecast(source, to);
    EXPECT_EQ(cast.dtype(), to);
    return std::vector<Out>(cast.data<Out>(), cast.data<Out>() + values.size());
}

constexpr int32_t kIntMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kIntMax = std::numeric_limits<int32_t>::max();

// torch on x86 (checked against torch 2.13): truncation through int32, INT32_MIN for NaN and out-of-range
// values, then wrapping for the narrow types; uint32 takes values >= 2^31 as 2^31 + int32(v - 2^31).
TEST(Typecast, FloatToIntMatchesTorch) {
    const std::vector<float> in = {-2.7f,
                                   -0.5f,
                                   0.5f,
                                   2.9f,
                                   NAN,
                                   1e10f,
                                   -1e10f,
                                   INFINITY,
                                   -INFINITY,
                                   2147483648.0f,
                                   -2147483648.0f,
                                   255.9f,
                                   256.0f,
                                   65535.5f,
                                   -1.0f};
    EXPECT_EQ((cast_values<int32_t>(in, DataType::FLOAT32, DataType::INT32)),
              (std::vector<int32_t>{
                  -2, 0, 0, 2, kIntMin, kIntMin, kIntMin, kIntMin, kIntMin, kIntMin, kIntMin, 255, 256, 65535, -1}));
    EXPECT_EQ((cast_values<uint8_t>(in, DataType::FLOAT32, DataType::UINT8)),
              (std::vector<uint8_t>{254, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 255, 0, 255, 255}));
    EXPECT_EQ((cast_values<uint16_t>(in, DataType::FLOAT32, DataType::UINT16)),
              (std::vector<uint16_t>{65534, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 255, 256, 65535, 65535}));
    EXPECT_EQ((cast_values<uint32_t>(in, DataType::FLOAT32, DataType::UINT32)),
              (std::vector<uint32_t>{4294967294u,
                                     0,
                                     0,
                                     2,
                                     2147483648u,
                                     0,
                                     2147483648u,
                                     0,
                                     2147483648u,
                                     2147483648u,
                                     2147483648u,
                                     255,
                                     256,
                                     65535,
                                     4294967295u}));
    // bfloat16 sources: 3.5, -3.5, NaN, 1e10
    const std::vector<uint16_t> bf16 = {0x4060, 0xc060, 0x7fc0, 0x5015};
    EXPECT_EQ((cast_values<int32_t>(bf16, DataType::BFLOAT16, DataType::INT32)),
              (std::vector<int32_t>{3, -3, kIntMin, kIntMin}));
}

TEST(Typecast, IntToIntWrapsModulo) {
    const std::vector<int32_t> in = {-1, 256, 65537, kIntMin, kIntMax, 300};
    EXPECT_EQ((cast_values<uint8_t>(in, DataType::INT32, DataType::UINT8)),
              (std::vector<uint8_t>{255, 0, 1, 0, 255, 44}));
    EXPECT_EQ((cast_values<uint16_t>(in, DataType::INT32, DataType::UINT16)),
              (std::vector<uint16_t>{65535, 256, 1, 0, 65535, 300}));
    EXPECT_EQ((cast_values<uint32_t>(in, DataType::INT32, DataType::UINT32)),
              (std::vector<uint32_t>{4294967295u, 256, 65537, 2147483648u, 2147483647u, 300}));
    const std::vector<uint32_t> big = {4294967295u, 2147483648u, 7};
    EXPECT_EQ((cast_values<int32_t>(big, DataType::UINT32, DataType::INT32)), (std::vector<int32_t>{-1, kIntMin, 7}));
}

// int -> bfloat16 goes through float32 as torch does (c10::BFloat16(float(x))): 33685505 first rounds to the
// float 33685504, an exact bf16 tie, which goes to even (2^25), not to the 0x4c01 a direct rounding gives.
TEST(Typecast, IntToBfloat16RoundsThroughFloat) {
    const std::vector<int32_t> in = {0, 1, -1, 257, 259, -259, 16777217, 33685505, kIntMax};
    EXPECT_EQ((cast_values<uint16_t>(in, DataType::INT32, DataType::BFLOAT16)),
              (std::vector<uint16_t>{0x0000, 0x3f80, 0xbf80, 0x4380, 0x4382, 0xc382, 0x4b80, 0x4c00, 0x4f00}));
    const std::vector<uint8_t> bytes = {0, 255, 129};
    EXPECT_EQ((cast_values<uint16_t>(bytes, DataType::UINT8, DataType::BFLOAT16)),
              (std::vector<uint16_t>{0x0000, 0x437f, 0x4301}));
}

TEST(Typecast, TileTensorKeepsZeroPadding) {
    const ttnn::Tensor source = patterned(Shape{3, 45}, DataType::INT32, 5);
    const ttnn::Tensor tile = ttnn::to_layout(source, Layout::TILE);
    const ttnn::Tensor cast = ttnn::typecast(tile, DataType::UINT8);
    ASSERT_EQ(cast.layout(), Layout::TILE);
    expect_tile_storage(cast, ttnn::typecast(source, DataType::UINT8));
    EXPECT_EQ(ttnn::typecast(tile, DataType::INT32).buffer(), tile.buffer()) << "same dtype must not copy";
}

TEST(Reshape, RowMajorIsAViewWithInference) {
    const ttnn::Tensor source = patterned(Shape{2, 3, 4}, DataType::FLOAT32, 9);
    const ttnn::Tensor flat = ttnn::reshape(source, {6, -1});
    EXPECT_EQ(flat.logical_shape(), (Shape{6, 4}));
    EXPECT_EQ(flat.buffer(), source.buffer());
    EXPECT_EQ(ttnn::reshape(source, {-1}).logical_shape(), Shape{24});
    EXPECT_EQ(ttnn::reshape(source, {2, -1, 3}).logical_shape(), (Shape{2, 4, 3}));
}

TEST(Reshape, TileViewWhenRowsStayRowsElseCopy) {
    const ttnn::Tensor rows = patterned(Shape{4, 1, 33}, DataType::BFLOAT16, 11);
    const ttnn::Tensor tile = ttnn::to_layout(rows, Layout::TILE);
    const ttnn::Tensor view = ttnn::reshape(tile, {2, 2, 1, 33});
    EXPECT_EQ(view.buffer(), tile.buffer()) << "last two dims unchanged: a view";
    EXPECT_EQ(view.padded_shape(), (Shape{2, 2, 32, 64}));

    for (const std::vector<int64_t>& target : std::vector<std::vector<int64_t>>{{33, 4}, {4, 33}, {2, 66}, {132}}) {
        const ttnn::Tensor copy = ttnn::reshape(tile, target);
        EXPECT_NE(copy.buffer(), tile.buffer());
        ASSERT_EQ(copy.layout(), Layout::TILE);
        const ttnn::Tensor expected = ttnn::reshape(rows, target);  // ROW_MAJOR view: the same values in order
        expect_tile_storage(copy, expected);
    }
}

TEST(Reshape, BlockFloatCopyKeepsValues) {
    ttnn::Tensor source = ttnn::allocate_host_tensor(Shape{2, 32, 32}, DataType::FLOAT32);
    for (uint64_t i = 0; i < 2048; ++i) {
        source.data<float>()[i] = static_cast<float>(static_cast<int>(i % 255) - 127);
    }
    const ttnn::Tensor tile = ttnn::to_layout(source, Layout::TILE, DataType::BFLOAT8_B);
    const ttnn::Tensor reshaped = ttnn::reshape(tile, {64, 32});
    EXPECT_EQ(reshaped.dtype(), DataType::BFLOAT8_B);
    expect_same_bytes(ttnn::to_layout(reshaped, Layout::ROW_MAJOR, DataType::FLOAT32), ttnn::reshape(source, {64, 32}));
}

TEST(Reshape, BadShapesRaiseValueErrors) {
    const ttnn::Tensor source = patterned(Shape{2, 3, 4}, DataType::INT32, 3);
    expect_value_error([&] { ttnn::reshape(source, {5, 5}); }, {"reshape", "volume", "24", "[5, 5]"});
    expect_value_error([&] { ttnn::reshape(source, {-1, -1}); }, {"reshape", "-1"});
    expect_value_error([&] { ttnn::reshape(source, {5, -1}); }, {"reshape", "infer"});
    expect_value_error([&] { ttnn::reshape(source, {0, -1}); }, {"reshape", "infer"});
    expect_value_error([&] { ttnn::reshape(source, {-2, -12}); }, {"reshape", "non-negative"});
}

}  // namespace
