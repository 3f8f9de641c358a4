// Host memory behind tensor buffers: large blocks freed by one op are handed to the next op of that size
// (fresh pages cost a training step a third of its time), small ones go back to malloc, the cache has a cap
// (the oldest blocks make room for new ones) and can be emptied, and an AddressSanitizer build keeps nothing so
// use-after-free stays visible.
#include <gtest/gtest.h>

#include "core/host_memory.hpp"
#include "ttnn/ttnn.hpp"

namespace {

using ttnn::detail::allocate_host_memory;
using ttnn::detail::cached_host_bytes;
using ttnn::detail::host_memory_reused;
using ttnn::detail::release_cached_host_memory;

TEST(HostMemory, AFreedLargeBlockServesTheNextRequestOfItsSize) {
    release_cached_host_memory();
    void* first = nullptr;
    {
        auto block = allocate_host_memory(3u << 20);
        ASSERT_NE(block, nullptr);
        first = block.get();
        EXPECT_EQ(reinterpret_cast<uintptr_t>(first) % 64, 0u);
    }
    if (!host_memory_reused()) {
        EXPECT_EQ(cached_host_bytes(), 0u);
        return;
    }
    EXPECT_EQ(cached_host_bytes(), 3u << 20);
    auto again = allocate_host_memory((3u << 20) - 100);  // rounds up to the same 64 KB granule
    EXPECT_EQ(again.get(), first);
    EXPECT_EQ(cached_host_bytes(), 0u);
}

TEST(HostMemory, SmallBlocksAreNotKeptAndReleaseEmptiesTheCache) {
    release_cached_host_memory();
    {
        auto small = allocate_host_memory(4096);
    }
    EXPECT_EQ(cached_host_bytes(), 0u);
    {
        auto large = allocate_host_memory(1u << 20);
    }
    EXPECT_EQ(cached_host_bytes(), host_memory_reused() ? 1u << 20 : 0u);
    release_cached_host_memory();
    EXPECT_EQ(cached_host_bytes(), 0u);
}

TEST(HostMemory, TheCacheKeepsAtMostItsCap) {
    release_cached_host_memory();
    {
        std::vector<std::shared_ptr<void>> blocks;
        for (int i = 0; i < 12; ++i)
            blocks.push_back(allocate_host_memory(64u << 20));
    }
    EXPECT_LE(cached_host_bytes(), 512u << 20);
    release_cached_host_memory();
}

// A full cache makes room for a size freed now by dropping its oldest blocks: sizes nobody asks for any more
// must not keep a new workload's blocks out.
TEST(HostMemory, AFullCacheDropsItsOldestBlocksForNewOnes) {
    release_cached_host_memory();
    if (!host_memory_reused())
        return;
    {
        std::vector<std::shared_ptr<void>> old_sizes;
        for (int i = 0; i < 8; ++i)
            old_sizes.push_back(allocate_host_memory(64u << 20));  // 512 MB: the cap
    }
    EXPECT_EQ(cached_host_bytes(), 512u << 20);
    void* newer = nullptr;
    {
        auto block = allocate_host_memory(3u << 20);
        newer = block.get();
    }
    EXPECT_LE(cached_host_bytes(), 512u << 20);
    EXPECT_EQ(cached_host_bytes(), (7u * 64u + 3u) << 20) << "one 64 MB block made room for the 3 MB one";
    auto again = allocate_host_memory(3u << 20);
    EXPECT_EQ(again.get(), newer);
    release_cached_host_memory();
}

TEST(HostMemory, DeviceTensorsReuseBlocksAndKeepTheirAccounting) {
    release_cached_host_memory();
    auto device = ttnn::Device::open({});
    ttnn::Allocator& allocator = device->allocator();
    const ttnn::Tensor host = ttnn::allocate_host_tensor(ttnn::Shape{512, 1024}, ttnn::DataType::FLOAT32);
    std::byte* first = nullptr;
    {
        ttnn::Tensor t = ttnn::to_device(host, device);
        first = t.buffer()->data();
        EXPECT_GT(allocator.bytes_in_use(ttnn::BufferType::DRAM), 0u);
    }
    EXPECT_EQ(allocator.bytes_in_use(ttnn::BufferType::DRAM), 0u) << "the device's accounting ignores the cache";
    {
        ttnn::Tensor again = ttnn::to_device(host, device);
        if (host_memory_reused()) {
            EXPECT_EQ(again.buffer()->data(), first);
        }
    }
    device->close();
    release_cached_host_memory();
}

}  // namespace
