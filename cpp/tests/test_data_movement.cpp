// copy_strided and the data-movement ops on hand-worked cases: every walk (runs, blocked transpose, element
// loop, broadcast), TILE outputs with zero padding, views that share the input's buffer, and error messages.
// To add a case: build the input with `iota`, run the op, compare with values worked out by hand.
#include <gtest/gtest.h>

#include <cstring>
#include <numeric>
#include <vector>

#include "kernels/data_movement_copy.hpp"
#include "tensor_checks.hpp"
#include "ttnn/isa.hpp"
#include "ttnn/ops/data_movement.hpp"
#include "ttnn/ttnn.hpp"

namespace {

using ttnn::DataType;
using ttnn::Layout;
using ttnn::Shape;

// A ROW_MAJOR int32 tensor holding 0, 1, 2, ... in `layout`.
ttnn::Tensor iota(const Shape& shape, Layout layout = Layout::ROW_MAJOR) {
    ttnn::Tensor host = ttnn::allocate_host_tensor(shape, DataType::INT32);
    std::iota(host.data<int32_t>(), host.data<int32_t>() + shape.volume(), 0);
    return ttnn::to_layout(host, layout);
}

std::vector<int32_t> values(const ttnn::Tensor& t) {
    const ttnn::Tensor rows = ttnn::to_layout(t, Layout::ROW_MAJOR);
    return {rows.data<int32_t>(), rows.data<int32_t>() + rows.logical_shape().volume()};
}

TEST(CopyStrided, TransposeEveryElementSizeAroundBlockEdges) {
    const ttnn::Isa previous = ttnn::active_isa();
    for (size_t bytes : {size_t{1}, size_t{2}, size_t{4}}) {
        for (ttnn::Isa isa : {ttnn::Isa::SCALAR, ttnn::Isa::AVX2}) {
            if (!ttnn::isa_available(isa))
                continue;
            ttnn::set_isa(isa);
            const uint64_t rows = 37, cols = 70;
            std::vector<uint8_t> src(rows * cols * bytes), dst(src.size(), 0);
            for (size_t i = 0; i < src.size(); ++i)
                src[i] = static_cast<uint8_t>(i * 7 + 3);
            const ttnn::kernels::CopyBox box{
                {cols, rows}, {1, static_cast<int64_t>(cols)}, {static_cast<int64_t>(rows), 1}};
            ttnn::kernels::copy_strided(reinterpret_cast<const std::byte*>(src.data()),
                                        reinterpret_cast<std::byte*>(dst.data()),
                                        bytes,
                                        box,
                                        ttnn::ThreadPool::host());
            for (uint64_t r = 0; r < rows; ++r) {
                for (uint64_t c = 0; c < cols; ++c) {
                    ASSERT_EQ(std::memcmp(&dst[(c * rows + r) * bytes], &src[(r * cols + c) * bytes], bytes), 0)
                        << "bytes " << bytes << " isa " << ttnn::name(isa) << " at " << r << "," << c;
                }
            }
        }
    }
    ttnn::set_isa(previous);
}

// Runs of every length the vector copy special-cases (and some it does not) land whole on both ISAs.
TEST(CopyStrided, ShortRunsOnEveryIsa) {
    const ttnn::Isa previous = ttnn::active_isa();
    for (ttnn::Isa isa : {ttnn::Isa::SCALAR, ttnn::Isa::AVX2}) {
        if (!ttnn::isa_available(isa))
            continue;
        ttnn::set_isa(isa);
        for (uint64_t run : {uint64_t{3}, uint64_t{16}, uint64_t{32}, uint64_t{64}, uint64_t{128}, uint64_t{96}}) {
            // A (2, 5, run) -> (5, 2, run) permute of 2-byte elements: runs of 2 * run bytes.
            const uint64_t a = 2, b = 5;
            std::vector<uint16_t> src(a * b * run), dst(src.size(), 0);
            for (size_t i = 0; i < src.size(); ++i)
                src[i] = static_cast<uint16_t>(i * 3 + 1);
            const auto r = static_cast<int64_t>(run);
            const ttnn::kernels::CopyBox box{{b, a, run}, {r, static_cast<int64_t>(b) * r, 1}, {2 * r, r, 1}};
            ttnn::kernels::copy_strided(reinterpret_cast<const std::byte*>(src.data()),
                                        reinterpret_cast<std::byte*>(dst.data()),
                                        2,
                                        box,
                                        ttnn::ThreadPool::host());
            for (uint64_t i = 0; i < a; ++i) {
                for (uint64_t j = 0; j < b; ++j) {
                    for (uint64_t k = 0; k < run; ++k) {
                        ASSERT_EQ(dst[(j * a + i) * run + k], src[(i * b + j) * run + k])
                            << "run " << run << " isa " << ttnn::name(isa);
                    }
                }
            }
        }
    }
    ttnn::set_isa(previous);
}

// A head permute (0, 2, 1, 3) with the source rows far apart walks bands of rows (8 runs of 128 bytes here),
// the last band ragged; both ISAs, ROW_MAJOR and TILE (whose output padding must come out zero).
TEST(DataMovement, HeadPermuteWalksRaggedBandsOnEveryIsa) {
    const ttnn::Isa previous = ttnn::active_isa();
    for (ttnn::Isa isa : {ttnn::Isa::SCALAR, ttnn::Isa::AVX2}) {
        if (!ttnn::isa_available(isa))
            continue;
        ttnn::set_isa(isa);
        for (Layout layout : {Layout::ROW_MAJOR, Layout::TILE}) {
            const uint32_t b = 2, s = 11, h = 3, d = 32;
            const ttnn::Tensor p = ttnn::permute(iota(Shape{b, s, h, d}, layout), {0, 2, 1, 3});
            ASSERT_EQ(p.logical_shape(), (Shape{b, h, s, d}));
            const std::vector<int32_t> got = values(p);
            for (uint32_t i = 0; i < b; ++i) {
                for (uint32_t j = 0; j < h; ++j) {
                    for (uint32_t k = 0; k < s; ++k) {
                        for (uint32_t l = 0; l < d; ++l) {
                            ASSERT_EQ(got[((i * h + j) * s + k) * d + l],
                                      static_cast<int32_t>(((i * s + k) * h + j) * d + l))
                                << ttnn::name(isa) << " " << ttnn::name(layout);
                        }
                    }
                }
            }
            if (layout == Layout::TILE)
                ttnn_test::expect_tile_storage(p, ttnn::to_layout(p, Layout::ROW_MAJOR));
        }
    }
    ttnn::set_isa(previous);
}

TEST(DataMovement, ConcatOfRowsWithAnEmptyInputAndTileFallback) {
    const ttnn::Tensor a = iota(Shape{2, 2});
    const ttnn::Tensor none = iota(Shape{2, 0});
    EXPECT_EQ(values(ttnn::concat({a, none, a}, -1)), (std::vector<int32_t>{0, 1, 0, 1, 2, 3, 2, 3}));
    EXPECT_EQ(values(ttnn::concat({a, a}, 0)), (std::vector<int32_t>{0, 1, 2, 3, 0, 1, 2, 3}));
    // Padded TILE storage takes the strided copies.
    const ttnn::Tensor t = iota(Shape{2, 3}, Layout::TILE);
    const ttnn::Tensor c = ttnn::concat({t, t}, 1);
    EXPECT_EQ(values(c), (std::vector<int32_t>{0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}));
    ttnn_test::expect_tile_storage(c, ttnn::to_layout(c, Layout::ROW_MAJOR));
}

TEST(DataMovement, PermuteAndTransposeInTileKeepPaddingZero) {
    const ttnn::Tensor t = iota(Shape{2, 3, 5}, Layout::TILE);
    const ttnn::Tensor p = ttnn::permute(t, {2, 0, 1});
    EXPECT_EQ(p.logical_shape(), (Shape{5, 2, 3}));
    EXPECT_EQ(values(p)[0 * 6 + 1 * 3 + 2], 1 * 15 + 2 * 5 + 0);  // p[0][1][2] = t[1][2][0]
    ttnn_test::expect_tile_storage(p, ttnn::to_layout(p, Layout::ROW_MAJOR));
    const ttnn::Tensor tr = ttnn::transpose(t, -1, -2);
    EXPECT_EQ(values(tr)[4 * 3 + 1], 1 * 5 + 4);  // tr[0][4][1] = t[0][1][4]
    ttnn_test::expect_tile_storage(tr, ttnn::to_layout(tr, Layout::ROW_MAJOR));
}

TEST(DataMovement, ConcatSliceSplitRepeatExpandPadRoll) {
    const ttnn::Tensor a = iota(Shape{2, 3});
    EXPECT_EQ(values(ttnn::concat({a, a}, 1)), (std::vector<int32_t>{0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}));
    EXPECT_EQ(values(ttnn::stack({a, a}, 2)), (std::vector<int32_t>{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}));
    EXPECT_EQ(values(ttnn::slice(a, {-1, 0}, {2, 3}, {1, 2})), (std::vector<int32_t>{3, 5}));
    const std::vector<ttnn::Tensor> pieces = ttnn::split(a, {2}, -1);
    ASSERT_EQ(pieces.size(), 2u);
    EXPECT_EQ(values(pieces[1]), (std::vector<int32_t>{2, 5}));
    EXPECT_EQ(values(ttnn::repeat(iota(Shape{2}), {2, 2})), (std::vector<int32_t>{0, 1, 0, 1, 0, 1, 0, 1}));
    EXPECT_EQ(values(ttnn::expand(iota(Shape{2, 1}), {-1, 3})), (std::vector<int32_t>{0, 0, 0, 1, 1, 1}));
    EXPECT_EQ(values(ttnn::pad(a, {1, -1}, 9.0)), (std::vector<int32_t>{9, 0, 1, 9, 3, 4}));
    EXPECT_EQ(values(ttnn::roll(a, {1}, {1})), (std::vector<int32_t>{2, 0, 1, 5, 3, 4}));
    EXPECT_EQ(values(ttnn::roll(a, {-1})), (std::vector<int32_t>{1, 2, 3, 4, 5, 0}));
    EXPECT_EQ(values(ttnn::tril(iota(Shape{3, 3}, Layout::TILE), -1)),
              (std::vector<int32_t>{0, 0, 0, 3, 0, 0, 6, 7, 0}));
}

TEST(DataMovement, SqueezeAndUnsqueezeAreViewsInRowMajor) {
    const ttnn::Tensor t = iota(Shape{1, 4, 1});
    EXPECT_EQ(ttnn::squeeze(t).buffer(), t.buffer());
    EXPECT_EQ(ttnn::squeeze(t).logical_shape(), (Shape{4}));
    EXPECT_EQ(ttnn::unsqueeze(t, -1).buffer(), t.buffer());
    EXPECT_EQ(ttnn::unsqueeze(t, -1).logical_shape(), (Shape{1, 4, 1, 1}));
    // TILE keeps a view when the last two dims stay: a leading dim comes and goes freely.
    const ttnn::Tensor tile = iota(Shape{1, 5, 7}, Layout::TILE);
    EXPECT_EQ(ttnn::squeeze(tile, std::vector<int64_t>{0}).buffer(), tile.buffer());
}

TEST(DataMovement, ErrorsFollowTheFormula) {
    const ttnn::Tensor a = iota(Shape{2, 3});
    ttnn_test::expect_error([&] { ttnn::concat({a, iota(Shape{3, 3})}, 1); },
                            ttnn::ErrorKind::VALUE,
                            {"ttnn.concat: shapes must match except in dim 1", "got [3, 3]"});
    ttnn_test::expect_error(
        [&] { ttnn::permute(a, {0}); }, ttnn::ErrorKind::VALUE, {"ttnn.permute", "expected 2 dims, got 1"});
    ttnn_test::expect_error([&] { ttnn::expand(a, {2, 4}); },
                            ttnn::ErrorKind::VALUE,
                            {"ttnn.expand: only size-1 dims can grow", "expected 3 or -1"});
}

}  // namespace
