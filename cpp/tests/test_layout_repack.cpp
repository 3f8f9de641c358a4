// Layouts: padded_shape, to_layout round trips (host and device), TILE padding read back from storage, and the
// block-float ROW_MAJOR errors. typecast and reshape live in test_typecast_reshape.cpp.
// To add a case: add a shape to kRoundTripShapes or a dtype to kRoundTripDtypes (every pair runs on host and on
// device), or a row to kPaddedCases.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
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

struct PaddedCase {
    Shape logical;
    Shape tile;
};

// TILE rounds the last two dims up to 32; rank 0 and 1 become one [32, round_up(W, 32)] tile row.
const PaddedCase kPaddedCases[] = {
    {Shape{}, Shape{32, 32}},
    {Shape{1}, Shape{32, 32}},
    {Shape{7}, Shape{32, 32}},
    {Shape{33}, Shape{32, 64}},
    {Shape{0}, Shape{32, 0}},
    {Shape{1, 1}, Shape{32, 32}},
    {Shape{45, 65}, Shape{64, 96}},
    {Shape{32, 64}, Shape{32, 64}},
    {Shape{0, 5}, Shape{0, 32}},
    {Shape{5, 0}, Shape{32, 0}},
    {Shape{2, 45, 65}, Shape{2, 64, 96}},
    {Shape{0, 3, 5}, Shape{0, 32, 32}},
    {Shape{1, 2, 3, 4}, Shape{1, 2, 32, 32}},
    {Shape{2, 1, 3, 33, 7}, Shape{2, 1, 3, 64, 32}},
};

TEST(PaddedShape, TileAndRowMajorRules) {
    for (const PaddedCase& c : kPaddedCases) {
        EXPECT_EQ(ttnn::padded_shape(c.logical, Layout::TILE), c.tile) << c.logical.to_string();
        EXPECT_EQ(ttnn::padded_shape(c.logical, Layout::ROW_MAJOR), c.logical) << c.logical.to_string();
    }
}

const Shape kRoundTripShapes[] = {Shape{},
                                  Shape{1},
                                  Shape{7},
                                  Shape{33},
                                  Shape{1, 1},
                                  Shape{45, 65},
                                  Shape{3, 7, 33},
                                  Shape{2, 3, 1, 45},
                                  Shape{2, 1, 3, 5, 33}};
// Zero-size tensors have no bytes at all (a null data pointer); kept apart so a failure here is named as such.
const Shape kEmptyShapes[] = {Shape{0}, Shape{0, 5}, Shape{3, 0}, Shape{2, 0, 7}};
const DataType kRoundTripDtypes[] = {
    DataType::FLOAT32, DataType::BFLOAT16, DataType::INT32, DataType::UINT8, DataType::UINT16, DataType::UINT32};

// ROW_MAJOR -> TILE -> ROW_MAJOR for every dtype and shape, on the host, or on `device` (in L1) when given.
void check_round_trips(const std::vector<Shape>& shapes, const std::shared_ptr<ttnn::Device>& device) {
    uint32_t seed = device == nullptr ? 0 : 100;
    for (DataType dtype : kRoundTripDtypes) {
        for (const Shape& shape : shapes) {
            SCOPED_TRACE(std::string(ttnn::name(dtype)) + " " + shape.to_string() + (device ? " device" : " host"));
            const ttnn::Tensor source = patterned(shape, dtype, ++seed);
            ttnn_test::dirty_heap(ttnn::padded_shape(shape, Layout::TILE).volume() * ttnn::info(dtype).element_bytes);
            const ttnn::Tensor start = device ? ttnn::to_device(source, device, ttnn::L1_MEMORY_CONFIG) : source;
            const ttnn::Tensor tile = ttnn::to_layout(start, Layout::TILE);
            ASSERT_EQ(tile.layout(), Layout::TILE);
            ASSERT_EQ(tile.padded_shape(), ttnn::padded_shape(shape, Layout::TILE));
            ASSERT_EQ(tile.storage_type(), device ? ttnn::StorageType::DEVICE : ttnn::StorageType::HOST);
            ASSERT_EQ(tile.memory_config(), device ? ttnn::L1_MEMORY_CONFIG : ttnn::DRAM_MEMORY_CONFIG);
            expect_tile_storage(tile, source);  // device memory is host memory on this CPU device
            const ttnn::Tensor back = ttnn::from_device(ttnn::to_layout(tile, Layout::ROW_MAJOR));
            ASSERT_EQ(back.layout(), Layout::ROW_MAJOR);
            ASSERT_EQ(back.storage_type(), ttnn::StorageType::HOST);
            expect_same_bytes(back, source);
        }
    }
}

TEST(ToLayout, HostRoundTripsAndPadsWithZero) {
    check_round_trips({std::begin(kRoundTripShapes), std::end(kRoundTripShapes)}, nullptr);
}

TEST(ToLayout, DeviceRoundTripsAndReturnsMemory) {
    std::shared_ptr<ttnn::Device> device = ttnn::Device::open();
    check_round_trips({std::begin(kRoundTripShapes), std::end(kRoundTripShapes)}, device);
    EXPECT_EQ(device->allocator().bytes_in_use(ttnn::BufferType::L1), 0u);
    EXPECT_EQ(device->allocator().bytes_in_use(ttnn::BufferType::DRAM), 0u);
    device->close();
}

TEST(ToLayout, ZeroSizeTensorsRoundTrip) {
    check_round_trips({std::begin(kEmptyShapes), std::end(kEmptyShapes)}, nullptr);
    std::shared_ptr<ttnn::Device> device = ttnn::Device::open();
    check_round_trips({std::begin(kEmptyShapes), std::end(kEmptyShapes)}, device);
    device->close();
}

// Integers in [-127, 127] are exact in bfloat8_b and in [-7, 7] in bfloat4_b, whatever their row's exponent.
TEST(ToLayout, BlockFloatRoundTripOfExactValues) {
    for (DataType dtype : {DataType::BFLOAT8_B, DataType::BFLOAT4_B}) {
        const int limit = dtype == DataType::BFLOAT8_B ? 127 : 7;
        const Shape shape{2, 45, 65};
        ttnn::Tensor source = ttnn::allocate_host_tensor(shape, DataType::FLOAT32);
        for (uint64_t i = 0; i < shape.volume(); ++i) {
            source.data<float>()[i] = static_cast<float>(static_cast<int>(i * 37 % (2 * limit + 1)) - limit);
        }
        const ttnn::Tensor tile = ttnn::to_layout(source, Layout::TILE, dtype);
        ASSERT_EQ(tile.spec().storage_bytes(), 2u * 2 * 3 * ttnn::info(dtype).tile_bytes);
        const ttnn::Tensor back = ttnn::to_layout(tile, Layout::ROW_MAJOR, DataType::FLOAT32);
        expect_same_bytes(back, source);
        // Through a float32 TILE image the padding must read as zero too.
        expect_tile_storage(ttnn::to_layout(tile, Layout::TILE, DataType::FLOAT32), source);
    }
}

TEST(BlockFloatLayout, RowMajorBlockFloatRaisesNamingTheDtype) {
    const ttnn::Tensor source = patterned(Shape{4, 4}, DataType::FLOAT32, 1);
    using ttnn::ErrorKind;
    ttnn_test::expect_error([] { ttnn::allocate_host_tensor(Shape{4, 4}, DataType::BFLOAT8_B); },
                            ErrorKind::VALUE,
                            {"allocate_host_tensor", "bfloat8_b", "TILE"});
    ttnn_test::expect_error([&] { ttnn::to_layout(source, Layout::ROW_MAJOR, DataType::BFLOAT4_B); },
                            ErrorKind::VALUE,
                            {"to_layout", "bfloat4_b"});
    ttnn_test::expect_error(
        [&] { ttnn::typecast(source, DataType::BFLOAT8_B); }, ErrorKind::VALUE, {"typecast", "bfloat8_b"});
    const ttnn::Tensor tile = ttnn::to_layout(source, Layout::TILE, DataType::BFLOAT8_B);
    ttnn_test::expect_error(
        [&] { ttnn::to_layout(tile, Layout::ROW_MAJOR); }, ErrorKind::VALUE, {"to_layout", "bfloat8_b", "ROW_MAJOR"});
}

}  // namespace
