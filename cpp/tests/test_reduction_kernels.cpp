// The reduction kernels: the AVX2 table agrees with the scalar reference on every kind, both storage dtypes,
// row lengths around the vector widths, and NaN; and the reductions themselves on hand-worked cases (TILE
// padding never read, keepdim shapes, var's correction, argmax ties, topk order).
// To add a case: append a length to kLengths, or a tensor and its expected values to the op tests below.
#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernels/reduction_kernels.hpp"
#include "tensor_checks.hpp"
#include "ttnn/ops/reduction.hpp"
#include "ttnn/ttnn.hpp"

namespace {

using ttnn::DataType;
using ttnn::Layout;
using ttnn::Shape;
using ttnn::kernels::ReduceKind;

constexpr ReduceKind kKinds[] = {ReduceKind::SUM,
                                 ReduceKind::PROD,
                                 ReduceKind::MAX,
                                 ReduceKind::MIN,
                                 ReduceKind::NONZERO,
                                 ReduceKind::SQUARED_DEVIATION};
constexpr size_t kLengths[] = {0, 1, 7, 8, 15, 16, 31, 33, 64, 65, 127, 768, 1001};

std::vector<float> values(size_t count, uint32_t seed) {
    std::vector<float> out(count);
    uint32_t state = seed * 2654435761u + 7;
    for (float& v : out) {
        state = state * 1664525u + 1013904223u;
        // Values near 1 keep products finite; every 5th is zero so NONZERO counts something.
        v = state % 5 == 0 ? 0.0f : 0.5f + static_cast<float>(state >> 8) / static_cast<float>(1u << 24);
    }
    return out;
}

std::vector<uint16_t> as_bf16(const std::vector<float>& v) {
    std::vector<uint16_t> out(v.size());
    for (size_t i = 0; i < v.size(); ++i)
        out[i] = ttnn::bf16_from_f32(v[i]);
    return out;
}

void expect_close(float a, float b, const std::string& what) {
    if (std::isnan(b)) {
        EXPECT_TRUE(std::isnan(a)) << what;
        return;
    }
    if (std::isinf(b)) {
        EXPECT_EQ(a, b) << what;  // the identity of MAX/MIN over nothing
        return;
    }
    EXPECT_NEAR(a, b, 1e-5f * std::max(1.0f, std::fabs(b))) << what;
}

TEST(ReductionKernels, Avx2MatchesScalarOnRowsAndColumns) {
    if (!ttnn::isa_available(ttnn::Isa::AVX2))
        GTEST_SKIP() << "no AVX2 on this CPU or build";
    const auto& scalar = ttnn::kernels::reduction_kernels(ttnn::Isa::SCALAR);
    const auto& avx2 = ttnn::kernels::reduction_kernels(ttnn::Isa::AVX2);
    for (size_t n : kLengths) {
        const std::vector<float> f = values(4 * n + 4, static_cast<uint32_t>(n));
        const std::vector<uint16_t> h = as_bf16(f);
        const std::vector<float> center(n + 1, 0.75f);
        for (ReduceKind kind : kKinds) {
            const std::string what = "kind " + std::to_string(static_cast<int>(kind)) + " n " + std::to_string(n);
            expect_close(avx2.f32.row(kind, f.data(), n, 0.75f), scalar.f32.row(kind, f.data(), n, 0.75f), what);
            expect_close(avx2.bf16.row(kind, h.data(), n, 0.75f), scalar.bf16.row(kind, h.data(), n, 0.75f), what);
            float a[4], s[4];
            const float centers[4] = {0.5f, 0.75f, 1.0f, 1.25f};
            // Three rows a row apart, written (and centered) every other float.
            const float spread_centers[6] = {0.5f, 0.0f, 0.75f, 0.0f, 1.0f, 0.0f};
            float spread_a[6] = {}, spread_s[6] = {};
            avx2.f32.rows(kind, f.data(), static_cast<int64_t>(n + 1), n, 3, spread_centers, spread_a, 2);
            scalar.f32.rows(kind, f.data(), static_cast<int64_t>(n + 1), n, 3, spread_centers, spread_s, 2);
            for (int r = 0; r < 6; ++r)
                expect_close(spread_a[r], spread_s[r], what + " rows f32");
            avx2.bf16.rows(kind, h.data(), static_cast<int64_t>(n), n, 3, nullptr, spread_a, 2);
            scalar.bf16.rows(kind, h.data(), static_cast<int64_t>(n), n, 3, nullptr, spread_s, 2);
            for (int r = 0; r < 6; ++r)
                expect_close(spread_a[r], spread_s[r], what + " rows bf16");
            avx2.bf16.rows4(kind, h.data(), static_cast<int64_t>(n + 1), n, centers, a);
            scalar.bf16.rows4(kind, h.data(), static_cast<int64_t>(n + 1), n, centers, s);
            for (int r = 0; r < 4; ++r)
                expect_close(a[r], s[r], what + " rows4 bf16");
            avx2.f32.rows4(kind, f.data(), static_cast<int64_t>(n), n, centers, a);
            scalar.f32.rows4(kind, f.data(), static_cast<int64_t>(n), n, centers, s);
            for (int r = 0; r < 4; ++r)
                expect_close(a[r], s[r], what + " rows4 f32");
            // Four rows a row apart (n + 1: unaligned), folded into accumulators that do not start at identity.
            std::vector<float> acc_a(n, 1.5f), acc_s(n, 1.5f);
            const auto stride = static_cast<int64_t>(n + 1);
            avx2.bf16.accumulate(kind, h.data(), stride, 3, center.data(), acc_a.data(), n, false);
            scalar.bf16.accumulate(kind, h.data(), stride, 3, center.data(), acc_s.data(), n, false);
            avx2.f32.accumulate(kind, f.data(), stride, 4, center.data(), acc_a.data(), n, false);
            scalar.f32.accumulate(kind, f.data(), stride, 4, center.data(), acc_s.data(), n, false);
            for (size_t i = 0; i < n; ++i)
                expect_close(acc_a[i], acc_s[i], what + " accumulate");
            // Starting at the identity: whatever acc held before is not read.
            std::vector<float> fresh_a(n, NAN), fresh_s(n, 7.0f);
            avx2.f32.accumulate(kind, f.data(), stride, 4, center.data(), fresh_a.data(), n, true);
            scalar.f32.accumulate(kind, f.data(), stride, 4, center.data(), fresh_s.data(), n, true);
            for (size_t i = 0; i < n; ++i)
                expect_close(fresh_a[i], fresh_s[i], what + " accumulate from identity");
            std::fill(fresh_a.begin(), fresh_a.end(), NAN);
            avx2.bf16.accumulate(kind, h.data(), stride, 3, center.data(), fresh_a.data(), n, true);
            scalar.bf16.accumulate(kind, h.data(), stride, 3, center.data(), fresh_s.data(), n, true);
            for (size_t i = 0; i < n; ++i)
                expect_close(fresh_a[i], fresh_s[i], what + " accumulate bf16 from identity");
        }
    }
}

// argmax/argmin: the AVX2 two-pass search gives the scalar loop's index on every length class, with ties (the
// first wins), -0 next to +0, and a NaN (the first NaN wins) in the vector body or the tail.
TEST(ReductionKernels, ArgAgreesWithScalarOnTiesZerosAndNan) {
    if (!ttnn::isa_available(ttnn::Isa::AVX2))
        GTEST_SKIP() << "no AVX2 on this CPU or build";
    const auto& scalar = ttnn::kernels::reduction_kernels(ttnn::Isa::SCALAR);
    const auto& avx2 = ttnn::kernels::reduction_kernels(ttnn::Isa::AVX2);
    for (size_t n : {size_t{1}, size_t{7}, size_t{16}, size_t{17}, size_t{64}, size_t{100}, size_t{771}}) {
        std::vector<float> f = values(n, static_cast<uint32_t>(n));
        for (float& v : f)
            v = std::round(v * 2.0f);  // few distinct values: ties everywhere
        std::vector<std::vector<float>> rows{f, f, f, f};
        rows[1][n / 2] = -0.0f;  // zeros of both signs where values are rounded to integers
        rows[1][n - 1] = 0.0f;
        rows[2][n - 1] = NAN;  // a NaN in the tail
        rows[3][n / 3] = NAN;  // two NaNs: the first wins
        rows[3][n - 1] = NAN;
        for (const std::vector<float>& row : rows) {
            const std::vector<uint16_t> h = as_bf16(row);
            for (bool largest : {true, false}) {
                EXPECT_EQ(avx2.f32.arg(row.data(), n, largest), scalar.f32.arg(row.data(), n, largest)) << n;
                EXPECT_EQ(avx2.bf16.arg(h.data(), n, largest), scalar.bf16.arg(h.data(), n, largest)) << n;
            }
        }
    }
}

TEST(ReductionKernels, NanPropagatesThroughMaxAndMinOnBothIsas) {
    for (ttnn::Isa isa : {ttnn::Isa::SCALAR, ttnn::Isa::AVX2}) {
        if (!ttnn::isa_available(isa))
            continue;
        const auto& k = ttnn::kernels::reduction_kernels(isa);
        for (size_t at : {size_t{0}, size_t{5}, size_t{40}, size_t{99}}) {
            std::vector<float> row = values(100, 3);
            row[at] = NAN;
            EXPECT_TRUE(std::isnan(k.f32.row(ReduceKind::MAX, row.data(), row.size(), 0.0f))) << at;
            EXPECT_TRUE(std::isnan(k.f32.row(ReduceKind::MIN, row.data(), row.size(), 0.0f))) << at;
            std::vector<float> acc(100, 0.0f);
            k.f32.accumulate(ReduceKind::MAX, row.data(), 0, 1, nullptr, acc.data(), acc.size(), false);
            EXPECT_TRUE(std::isnan(acc[at])) << at;
            // Three rows folded at once (rows in pairs, then the odd one): a NaN in any of them reaches its
            // column only, and a NaN already in an accumulator stays.
            for (size_t in_row : {size_t{0}, size_t{1}, size_t{2}}) {
                std::vector<float> rows = values(300, 5);
                rows[in_row * 100 + at] = NAN;
                for (ReduceKind kind : {ReduceKind::MAX, ReduceKind::MIN}) {
                    std::vector<float> cols(100, 0.0f);
                    cols[(at + 1) % 100] = NAN;
                    k.f32.accumulate(kind, rows.data(), 100, 3, nullptr, cols.data(), cols.size(), false);
                    for (size_t j = 0; j < 100; ++j)
                        EXPECT_EQ(std::isnan(cols[j]), j == at || j == (at + 1) % 100) << at << " " << j;
                    // bf16 columns fold in even/odd order: the NaN still lands on its own column.
                    std::fill(cols.begin(), cols.end(), 0.0f);
                    cols[(at + 1) % 100] = NAN;
                    k.bf16.accumulate(kind, as_bf16(rows).data(), 100, 3, nullptr, cols.data(), cols.size(), false);
                    for (size_t j = 0; j < 100; ++j)
                        EXPECT_EQ(std::isnan(cols[j]), j == at || j == (at + 1) % 100) << "bf16 " << at << " " << j;
                }
            }
            // Four rows at once: only the row holding the NaN comes out NaN.
            std::vector<float> four = values(400, 6);
            four[200 + at] = NAN;
            const float centers[4] = {};
            float out4[4];
            k.f32.rows4(ReduceKind::MAX, four.data(), 100, 100, centers, out4);
            for (int r = 0; r < 4; ++r)
                EXPECT_EQ(std::isnan(out4[r]), r == 2) << at << " row " << r;
        }
    }
}

ttnn::Tensor from_values(const Shape& shape, const std::vector<float>& v, Layout layout) {
    ttnn::Tensor host = ttnn::allocate_host_tensor(shape, DataType::FLOAT32);
    std::memcpy(host.data<float>(), v.data(), v.size() * sizeof(float));
    return ttnn::to_layout(host, layout);
}

std::vector<float> to_values(const ttnn::Tensor& t) {
    const ttnn::Tensor rows = ttnn::to_layout(ttnn::typecast(t, DataType::FLOAT32), Layout::ROW_MAJOR);
    return {rows.data<float>(), rows.data<float>() + rows.logical_shape().volume()};
}

TEST(Reductions, TileSumIgnoresPaddingAndKeepsDims) {
    // 2x3 of ones in TILE: the 32x32 padded storage holds 1018 zeros that must not count (mean = 1, not 6/1024).
    const ttnn::Tensor t = from_values(Shape{2, 3}, std::vector<float>(6, 1.0f), Layout::TILE);
    EXPECT_EQ(to_values(ttnn::mean(t)), std::vector<float>{1.0f});
    const ttnn::Tensor rows = ttnn::sum(t, {.dim = std::vector<int64_t>{-1}, .keepdim = true});
    EXPECT_EQ(rows.logical_shape(), (Shape{2, 1}));
    EXPECT_EQ(to_values(rows), (std::vector<float>{3.0f, 3.0f}));
    ttnn_test::expect_tile_storage(rows, ttnn::to_layout(rows, Layout::ROW_MAJOR));
}

TEST(Reductions, VarCorrectionArgmaxTiesAndTopkOrder) {
    const ttnn::Tensor t = from_values(Shape{1, 5}, {1.0f, 3.0f, 3.0f, -2.0f, 3.0f}, Layout::ROW_MAJOR);
    // mean 1.6; squared deviations sum to 0.36 + 1.96 * 3 + 12.96 = 19.2.
    EXPECT_NEAR(to_values(ttnn::var(t, {.dim = std::vector<int64_t>{1}}))[0], 19.2f / 4, 1e-5f);
    EXPECT_NEAR(to_values(ttnn::var(t, {.dim = std::vector<int64_t>{1}}, 0.0))[0], 19.2f / 5, 1e-5f);
    EXPECT_EQ(ttnn::argmax(t, {.dim = std::vector<int64_t>{1}}).data<uint32_t>()[0], 1u);
    const std::vector<ttnn::Tensor> top = ttnn::topk(t, 4);
    EXPECT_EQ(to_values(top[0]), (std::vector<float>{3.0f, 3.0f, 3.0f, 1.0f}));
    const uint32_t* index = top[1].data<uint32_t>();
    EXPECT_EQ(std::vector<uint32_t>(index, index + 4), (std::vector<uint32_t>{1, 2, 4, 0}));
}

TEST(Reductions, Int32FoldsExactlyAndWraps) {
    // TILE int32: padding never counts; 2^24 + 1 survives (an fp32 accumulator would round it); sums wrap.
    ttnn::Tensor host = ttnn::allocate_host_tensor(Shape{2, 3}, DataType::INT32);
    const int32_t v[] = {16777216, 16777217, 1, INT32_MAX, 1, 5};
    std::memcpy(host.data<int32_t>(), v, sizeof(v));
    const ttnn::Tensor t = ttnn::to_layout(host, Layout::TILE);
    const auto ints = [](const ttnn::Tensor& r) {
        const ttnn::Tensor rows = ttnn::to_layout(r, Layout::ROW_MAJOR);
        return std::vector<int32_t>(rows.data<int32_t>(), rows.data<int32_t>() + rows.logical_shape().volume());
    };
    const ttnn::Tensor sums = ttnn::sum(t, {.dim = std::vector<int64_t>{-1}});
    EXPECT_EQ(sums.dtype(), DataType::INT32);
    EXPECT_EQ(ints(sums), (std::vector<int32_t>{33554434, INT32_MIN + 5}));
    EXPECT_EQ(ints(ttnn::max(t, {.dim = std::vector<int64_t>{0}})), (std::vector<int32_t>{INT32_MAX, 16777217, 5}));
    EXPECT_EQ(ints(ttnn::min(t)), std::vector<int32_t>{1});
    EXPECT_EQ(ints(ttnn::cumsum(t, 1)),
              (std::vector<int32_t>{16777216, 33554433, 33554434, INT32_MAX, INT32_MIN, INT32_MIN + 5}));
    const ttnn::Tensor index = ttnn::to_layout(ttnn::argmax(t, {.dim = std::vector<int64_t>{1}}), Layout::ROW_MAJOR);
    EXPECT_EQ(std::vector<uint32_t>(index.data<uint32_t>(), index.data<uint32_t>() + 2), (std::vector<uint32_t>{1, 0}));
    ttnn_test::expect_error([&] { ttnn::mean(t); }, ttnn::ErrorKind::TYPE, {"ttnn.mean: unsupported dtype", "int32"});
}

TEST(Reductions, ErrorsNameTheOpAndTheDim) {
    const ttnn::Tensor t = from_values(Shape{2, 3}, std::vector<float>(6, 1.0f), Layout::ROW_MAJOR);
    ttnn_test::expect_error([&] { ttnn::sum(t, {.dim = std::vector<int64_t>{2}}); },
                            ttnn::ErrorKind::INDEX,
                            {"ttnn.sum: dim out of range", "[-2, 1]", "got 2"});
    ttnn_test::expect_error(
        [&] { ttnn::sum_to_shape(t, {4}); }, ttnn::ErrorKind::VALUE, {"ttnn.sum_to_shape", "expected 3 or 1"});
}

}  // namespace
