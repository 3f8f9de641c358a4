// The memory plan's two peaks against the straightforward versions they replaced (every placed buffer
// collected and sorted per placement; every buffer summed at every node), on random lifetimes: a faster plan
// must be the same plan.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "compiler/passes/memory_plan.hpp"

namespace torch_ttnn {
namespace {

uint64_t reference_first_fit(std::vector<PlanBuffer> buffers) {
    std::sort(
        buffers.begin(), buffers.end(), [](const PlanBuffer& a, const PlanBuffer& b) { return a.bytes > b.bytes; });
    std::vector<uint64_t> offsets(buffers.size(), 0);
    uint64_t peak = 0;
    for (size_t i = 0; i < buffers.size(); ++i) {
        std::vector<size_t> live;
        for (size_t j = 0; j < i; ++j) {
            if (buffers[i].first <= buffers[j].last && buffers[j].first <= buffers[i].last)
                live.push_back(j);
        }
        std::sort(live.begin(), live.end(), [&](size_t a, size_t b) { return offsets[a] < offsets[b]; });
        uint64_t offset = 0;
        for (size_t j : live) {
            if (offset + buffers[i].bytes <= offsets[j])
                break;
            offset = std::max(offset, offsets[j] + buffers[j].bytes);
        }
        offsets[i] = offset;
        peak = std::max(peak, offset + buffers[i].bytes);
    }
    return peak;
}

uint64_t reference_live_peak(const std::vector<PlanBuffer>& buffers, int nodes) {
    uint64_t peak = 0;
    for (int i = 0; i <= nodes; ++i) {
        uint64_t live = 0;
        for (const PlanBuffer& b : buffers)
            live += (b.first <= i && i <= b.last) ? b.bytes : 0;
        peak = std::max(peak, live);
    }
    return peak;
}

// Short activations, long-lived ones and whole-program constants; sizes from a few classes so that equal
// sizes (whose order the sort leaves open) and equal offsets occur, zero-byte buffers included.
std::vector<PlanBuffer> random_buffers(std::mt19937& rng, int nodes, size_t count) {
    std::vector<PlanBuffer> buffers;
    const uint64_t sizes[] = {0, 64, 2048, 2048, 4096, 4096, 12288, 65536, 100000};
    for (size_t k = 0; k < count; ++k) {
        const uint64_t bytes = sizes[rng() % std::size(sizes)] * (1 + rng() % 3);
        const int first = static_cast<int>(rng() % static_cast<unsigned>(nodes + 1));
        const int span = rng() % 10 == 0 ? nodes : static_cast<int>(rng() % 6);
        const bool whole = rng() % 20 == 0;
        buffers.push_back({bytes, whole ? 0 : first, whole ? nodes : std::min(nodes, first + span)});
    }
    return buffers;
}

TEST(MemoryPlan, FirstFitAndLivePeakEqualTheStraightforwardPlans) {
    std::mt19937 rng(17);
    for (int trial = 0; trial < 300; ++trial) {
        const int nodes = 1 + static_cast<int>(rng() % 60);
        const std::vector<PlanBuffer> buffers = random_buffers(rng, nodes, rng() % 120);
        ASSERT_EQ(first_fit_peak(buffers), reference_first_fit(buffers)) << "trial " << trial;
        ASSERT_EQ(live_peak(buffers, nodes), reference_live_peak(buffers, nodes)) << "trial " << trial;
        ASSERT_GE(first_fit_peak(buffers), live_peak(buffers, nodes));  // a placement holds what is alive
    }
}

TEST(MemoryPlan, EmptyAndSingleBuffers) {
    EXPECT_EQ(first_fit_peak({}), 0U);
    EXPECT_EQ(live_peak({}, 3), 0U);
    EXPECT_EQ(first_fit_peak({{128, 0, 0}}), 128U);
    // Disjoint lifetimes share one offset; overlapping ones stack.
    EXPECT_EQ(first_fit_peak({{128, 0, 1}, {64, 2, 3}}), 128U);
    EXPECT_EQ(first_fit_peak({{128, 0, 2}, {64, 2, 3}}), 192U);
    EXPECT_EQ(live_peak({{128, 0, 2}, {64, 2, 3}}, 3), 192U);
}

}  // namespace
}  // namespace torch_ttnn
