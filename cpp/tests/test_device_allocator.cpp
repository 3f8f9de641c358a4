// Device and allocator: the interleaved footprint model, in-use/peak accounting, the out-of-memory message,
// deallocation, and the device's open/close life cycle.
// To add a case: add a row to kFootprints for the page model, or a TEST_F on DeviceTest (which opens device 0
// and always closes it, so a failing test cannot leave the device open for the next one).
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tensor_checks.hpp"
#include "ttnn/ttnn.hpp"

namespace {

using ttnn::BufferType;
using ttnn::DataType;
using ttnn::Layout;
using ttnn::Shape;

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kL1PerCore = 1536 * kKiB;

using ttnn_test::expect_error;

struct Footprint {
    BufferType type;
    uint64_t pages;
    uint64_t page_bytes;
    uint64_t bytes;
};

// DRAM: 12 banks, 32-byte pages alignment; L1: 64 banks, 16-byte alignment. Every bank holds ceil(pages / banks).
constexpr Footprint kFootprints[] = {
    {BufferType::DRAM, 0, 2048, 0},
    {BufferType::DRAM, 1, 2048, 12 * 2048},
    {BufferType::DRAM, 12, 2048, 12 * 2048},
    {BufferType::DRAM, 13, 2048, 2 * 12 * 2048},
    {BufferType::DRAM, 1, 1, 12 * 32},
    {BufferType::DRAM, 5, 33, 12 * 64},
    {BufferType::L1, 1, 2048, 64 * 2048},
    {BufferType::L1, 65, 16, 2 * 64 * 16},
    {BufferType::L1, 1, 17, 64 * 32},
    {BufferType::L1, 128, 1088, 2 * 64 * 1088},
};

TEST(Allocator, FootprintFollowsTheInterleavedModel) {
    const ttnn::Allocator allocator(ttnn::DeviceSpec{}, ttnn::DeviceOptions{});
    for (const Footprint& f : kFootprints) {
        EXPECT_EQ(allocator.footprint(f.type, f.pages, f.page_bytes), f.bytes)
            << ttnn::name(f.type) << " " << f.pages << " pages of " << f.page_bytes;
    }
}

TEST(Allocator, CapacityLeavesReservedRegionsOut) {
    const ttnn::Allocator plain(ttnn::DeviceSpec{}, ttnn::DeviceOptions{});
    EXPECT_EQ(plain.capacity(BufferType::DRAM), 12ull << 30);
    EXPECT_EQ(plain.capacity(BufferType::L1), 64 * kL1PerCore);
    ttnn::DeviceOptions options;
    options.l1_small_size = 512 * kKiB;
    options.trace_region_size = 1ull << 30;
    const ttnn::Allocator reserved(ttnn::DeviceSpec{}, options);
    EXPECT_EQ(reserved.capacity(BufferType::DRAM), 11ull << 30);
    EXPECT_EQ(reserved.capacity(BufferType::L1), 64 * 1024 * kKiB);

    options = {};
    options.l1_small_size = kL1PerCore;
    expect_error([&] { ttnn::Allocator(ttnn::DeviceSpec{}, options); },
                 ttnn::ErrorKind::VALUE,
                 {"open_device", "l1_small_size"});
    options = {};
    options.trace_region_size = 12ull << 30;
    expect_error([&] { ttnn::Allocator(ttnn::DeviceSpec{}, options); },
                 ttnn::ErrorKind::VALUE,
                 {"open_device", "trace_region_size"});
}

TEST(Allocator, InUseAndPeakTrackReservations) {
    ttnn::Allocator allocator(ttnn::DeviceSpec{}, ttnn::DeviceOptions{});
    const uint64_t a = allocator.reserve(BufferType::DRAM, 1000, "a");
    const uint64_t b = allocator.reserve(BufferType::DRAM, 500, "b");
    const uint64_t c = allocator.reserve(BufferType::L1, 300, "c");
    EXPECT_EQ(allocator.bytes_in_use(BufferType::DRAM), 1500u);
    EXPECT_EQ(allocator.bytes_in_use(BufferType::L1), 300u);
    EXPECT_EQ(allocator.live().size(), 3u);
    allocator.release(a);
    EXPECT_EQ(allocator.bytes_in_use(BufferType::DRAM), 500u);
    EXPECT_EQ(allocator.peak_bytes(BufferType::DRAM), 1500u);
    allocator.reset_peak();
    EXPECT_EQ(allocator.peak_bytes(BufferType::DRAM), 500u);
    EXPECT_EQ(allocator.peak_bytes(BufferType::L1), 300u);
    allocator.release(b);
    allocator.release(c);
    EXPECT_EQ(allocator.bytes_in_use(BufferType::DRAM), 0u);
    EXPECT_TRUE(allocator.live().empty());
    expect_error([&] { allocator.release(a); }, ttnn::ErrorKind::INTERNAL, {"release of unknown allocation"});
}

// A 64 KiB L1 (1 KiB per core left after the small region): the message names the pool, the request, the
// usage and the five largest holders of that pool, largest first; DRAM holders are not listed.
TEST(Allocator, OutOfMemoryListsTheLargestHolders) {
    ttnn::DeviceOptions options;
    options.l1_small_size = kL1PerCore - kKiB;
    ttnn::Allocator allocator(ttnn::DeviceSpec{}, options);
    ASSERT_EQ(allocator.capacity(BufferType::L1), 64 * kKiB);
    allocator.reserve(BufferType::DRAM, 100 * kKiB, "dram holder");
    const char* names[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
    const uint64_t sizes[] = {2 * kKiB, 16 * kKiB, 4 * kKiB, 8 * kKiB, 1 * kKiB, 20 * kKiB};
    for (int i = 0; i < 6; ++i) {
        allocator.reserve(BufferType::L1, sizes[i], names[i]);
    }
    const std::string message = expect_error([&] { allocator.reserve(BufferType::L1, 32 * kKiB, "the request"); },
                                             ttnn::ErrorKind::RUNTIME,
                                             {"allocate: out of L1 memory",
                                              "requested 32.00 KiB for the request",
                                              "51.00 KiB of 64.00 KiB",
                                              "held by 6 buffers",
                                              "ttnn.deallocate"});
    EXPECT_EQ(message.find("dram holder"), std::string::npos) << message;
    EXPECT_EQ(message.find("h5"), std::string::npos) << "only five holders are listed: " << message;
    const size_t order[] = {
        message.find("h6"), message.find("h2"), message.find("h4"), message.find("h3"), message.find("h1")};
    for (size_t i = 0; i < 5; ++i) {
        ASSERT_NE(order[i], std::string::npos) << message;
        if (i > 0) {
            EXPECT_LT(order[i - 1], order[i]) << "holders must be largest first: " << message;
        }
    }
    EXPECT_EQ(allocator.bytes_in_use(BufferType::L1), 51 * kKiB) << "a failed reserve must not count";
    EXPECT_EQ(allocator.peak_bytes(BufferType::L1), 51 * kKiB);
}

class DeviceTest : public ::testing::Test {
protected:
    void open(const ttnn::DeviceOptions& options = {}) { device_ = ttnn::Device::open(options); }
    void TearDown() override {
        if (device_ != nullptr) {
            device_->close();
        }
    }
    std::shared_ptr<ttnn::Device> device_;
};

ttnn::Tensor host_tensor(const Shape& shape, DataType dtype = DataType::BFLOAT16) {
    return ttnn::allocate_host_tensor(shape, dtype);
}

TEST_F(DeviceTest, TensorsTakeTheirFootprintAndGiveItBack) {
    open();
    ttnn::Allocator& allocator = device_->allocator();
    {
        ttnn::Tensor rows = ttnn::to_device(host_tensor(Shape{3, 7}), device_);  // 3 pages of 14 B
        EXPECT_EQ(allocator.bytes_in_use(BufferType::DRAM), 12u * 32);
        ttnn::Tensor tiles = ttnn::from_host(host_tensor(Shape{45, 65}, DataType::FLOAT32),
                                             DataType::BFLOAT8_B,
                                             Layout::TILE,
                                             device_,
                                             ttnn::L1_MEMORY_CONFIG);  // 6 tiles of 1088 B
        EXPECT_EQ(allocator.bytes_in_use(BufferType::L1), 64u * 1088);
        ttnn::deallocate(rows);
        EXPECT_FALSE(rows.is_allocated());
        EXPECT_EQ(allocator.bytes_in_use(BufferType::DRAM), 0u);
        EXPECT_EQ(allocator.peak_bytes(BufferType::DRAM), 12u * 32);
        expect_error(
            [&] { ttnn::to_layout(rows, Layout::TILE); }, ttnn::ErrorKind::RUNTIME, {"to_layout", "deallocated"});
    }
    EXPECT_EQ(allocator.bytes_in_use(BufferType::L1), 0u) << "a tensor going out of scope frees its buffer";
    EXPECT_TRUE(allocator.live().empty());
}

TEST_F(DeviceTest, ExhaustingL1NamesTheHoldersAndDeallocateRecovers) {
    ttnn::DeviceOptions options;
    options.l1_small_size = kL1PerCore - 4 * kKiB;  // 256 KiB of L1 over 64 cores
    open(options);
    ttnn::Tensor big = ttnn::from_host(host_tensor(Shape{32, 32}),
                                       DataType::BFLOAT16,
                                       Layout::TILE,
                                       device_,
                                       ttnn::L1_MEMORY_CONFIG);  // one 2 KiB page in every bank: 128 KiB
    const ttnn::Tensor small = ttnn::to_device(host_tensor(Shape{64}, DataType::FLOAT32),
                                               device_,
                                               ttnn::L1_MEMORY_CONFIG);  // one 256 B page per bank: 16 KiB
    EXPECT_EQ(device_->allocator().bytes_in_use(BufferType::L1), 144 * kKiB);
    const ttnn::Tensor request = host_tensor(Shape{32, 64});
    const std::string message = expect_error(
        [&] { ttnn::from_host(request, DataType::BFLOAT16, Layout::TILE, device_, ttnn::L1_MEMORY_CONFIG); },
        ttnn::ErrorKind::RUNTIME,
        {"out of L1 memory",
         "requested 128.00 KiB for bfloat16 TILE [32, 64]",
         "144.00 KiB of 256.00 KiB",
         "held by 2 buffers",
         "128.00 KiB, bfloat16 TILE [32, 32]",
         "16.00 KiB, float32 ROW_MAJOR [64]"});
    EXPECT_LT(message.find("bfloat16 TILE [32, 32]"), message.find("float32 ROW_MAJOR [64]"));
    EXPECT_EQ(device_->allocator().bytes_in_use(BufferType::L1), 144 * kKiB);
    ttnn::deallocate(big);
    const ttnn::Tensor fits =
        ttnn::from_host(request, DataType::BFLOAT16, Layout::TILE, device_, ttnn::L1_MEMORY_CONFIG);
    EXPECT_EQ(device_->allocator().bytes_in_use(BufferType::L1), 144 * kKiB);
}

TEST_F(DeviceTest, CloseFreesLiveBuffersAndLaterUseRaises) {
    open();
    const ttnn::Tensor host = host_tensor(Shape{45, 65});
    const ttnn::Tensor dram = ttnn::to_device(host, device_);
    const ttnn::Tensor l1 = ttnn::to_device(host, device_, ttnn::L1_MEMORY_CONFIG);
    ASSERT_GT(device_->allocator().bytes_in_use(BufferType::DRAM), 0u);
    device_->close();
    EXPECT_FALSE(device_->is_open());
    EXPECT_FALSE(dram.is_allocated());
    EXPECT_FALSE(l1.is_allocated());
    EXPECT_EQ(device_->allocator().bytes_in_use(BufferType::DRAM), 0u);
    EXPECT_EQ(device_->allocator().bytes_in_use(BufferType::L1), 0u);
    EXPECT_TRUE(device_->allocator().live().empty());
    expect_error([&] { ttnn::to_layout(dram, Layout::TILE); }, ttnn::ErrorKind::RUNTIME, {"to_layout", "closed"});
    expect_error([&] { ttnn::from_device(l1); }, ttnn::ErrorKind::RUNTIME, {"from_device", "closed"});
    expect_error([&] { ttnn::to_device(host, device_); }, ttnn::ErrorKind::RUNTIME, {"to_device", "closed"});
    device_->close();  // closing twice is harmless
    // The device can be opened again once closed, even while old tensors still hold the old handle.
    std::shared_ptr<ttnn::Device> again = ttnn::Device::open();
    EXPECT_TRUE(again->is_open());
    again->close();
}

TEST_F(DeviceTest, OpeningTwiceAndBadOptionsFail) {
    open();
    expect_error([] { ttnn::Device::open(); }, ttnn::ErrorKind::RUNTIME, {"open_device", "device 0 is already open"});
    ttnn::DeviceOptions options;
    for (int bad_id : {-1, 1, 7}) {
        options.device_id = bad_id;
        expect_error([&] { ttnn::Device::open(options); },
                     ttnn::ErrorKind::VALUE,
                     {"open_device", "no such device", "got " + std::to_string(bad_id)});
    }
    device_->close();
    options = {};
    options.num_threads = 0;
    expect_error([&] { ttnn::Device::open(options); }, ttnn::ErrorKind::VALUE, {"open_device", "num_threads"});
    open();  // the failed opens must not leave device 0 marked open
    EXPECT_TRUE(device_->is_open());
}

TEST_F(DeviceTest, DroppingTheLastHandleClosesTheDevice) {
    open();
    device_.reset();
    open();  // would raise "already open" had the destructor not closed it
    EXPECT_EQ(device_->id(), 0);
    EXPECT_EQ(device_->compute_with_storage_grid_size().x, 8u);
    EXPECT_EQ(device_->compute_with_storage_grid_size().y, 8u);
    EXPECT_EQ(device_->spec().l1_banks(), 64u);
}

}  // namespace
