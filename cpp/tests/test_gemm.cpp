// The packed GEMM against a naive triple loop, every kernel tier against the scalar tier, and the AVX2 and
// AVX-512 microkernels against their scalar twins.
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstring>
#include <random>
#include <tuple>
#include <vector>

#include "kernels/gemm.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/isa.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn::kernels {
namespace {

std::vector<float> random_values(size_t count, uint32_t seed) {
    std::mt19937 gen(seed);
    std::uniform_int_distribution<int> dist(-16, 16);
    std::vector<float> v(count);
    for (float& x : v)
        x = static_cast<float>(dist(gen)) / 4.0f;  // exact products and sums
    return v;
}

std::vector<float> run_gemm(int64_t m,
                            int64_t n,
                            int64_t k,
                            const std::vector<float>& a,
                            const std::vector<float>& b,
                            Activation act,
                            const float* bias) {
    ThreadPool pool(2);
    PackedB packed;
    pack_b({b.data(), false, n, 1}, k, n, packed, pool);
    std::vector<float> c(static_cast<size_t>(m * n), -1.0f);
    const GemmItem item{0, 0, &packed};
    GemmProblem pb;
    pb.m = m;
    pb.n = n;
    pb.k = k;
    pb.a = {a.data(), false, k, 1};
    pb.c = c.data();
    pb.ldc = n;
    pb.bias = bias;
    pb.activation = act;
    pb.items = &item;
    pb.item_count = 1;
    gemm_run(pb, pool);
    return c;
}

TEST(Gemm, MatchesNaiveProductOnOddSizes) {
    for (auto [m, n, k] : {std::tuple<int64_t, int64_t, int64_t>{1, 1, 1}, {7, 45, 33}, {130, 300, 257}, {5, 17, 0}}) {
        const auto a = random_values(static_cast<size_t>(m * k), 1);
        const auto b = random_values(static_cast<size_t>(k * n), 2);
        const auto bias = random_values(static_cast<size_t>(n), 3);
        const auto c = run_gemm(m, n, k, a, b, Activation::RELU, bias.data());
        for (int64_t i = 0; i < m; ++i) {
            for (int64_t j = 0; j < n; ++j) {
                float expected = bias[static_cast<size_t>(j)];
                for (int64_t p = 0; p < k; ++p)
                    expected += a[static_cast<size_t>(i * k + p)] * b[static_cast<size_t>(p * n + j)];
                ASSERT_EQ(c[static_cast<size_t>(i * n + j)], std::max(expected, 0.0f)) << m << "x" << n << "x" << k;
            }
        }
    }
}

// A batch of two activation products (B unpacked, packed inside gemm_run) with B read transposed; m = 140 gives
// two row blocks per item (B packed once and shared), m = 20 one (each task packs its own columns).
TEST(Gemm, UnpackedTransposedBatchMatchesNaiveProduct) {
    ThreadPool pool(2);
    for (int64_t m : {20, 140}) {
        const int64_t n = 37, k = 45, batch = 2;
        const auto a = random_values(static_cast<size_t>(batch * m * k), 4);
        const auto bt = random_values(static_cast<size_t>(batch * n * k), 5);  // each item's B as n x k
        std::vector<uint16_t> c(static_cast<size_t>(batch * m * n));
        std::vector<GemmItem> items(static_cast<size_t>(batch));
        for (int64_t i = 0; i < batch; ++i)
            items[static_cast<size_t>(i)] = {i * m * k, i * m * n, nullptr, i * n * k};
        GemmProblem pb;
        pb.m = m;
        pb.n = n;
        pb.k = k;
        pb.a = {a.data(), false, k, 1};
        pb.b = {bt.data(), false, 1, k};
        pb.c = c.data();
        pb.c_bf16 = true;
        pb.ldc = n;
        pb.items = items.data();
        pb.item_count = batch;
        gemm_run(pb, pool);
        for (int64_t t = 0; t < batch; ++t) {
            for (int64_t i = 0; i < m; ++i) {
                for (int64_t j = 0; j < n; ++j) {
                    float expected = 0.0f;
                    for (int64_t p = 0; p < k; ++p)
                        expected +=
                            a[static_cast<size_t>((t * m + i) * k + p)] * bt[static_cast<size_t>((t * n + j) * k + p)];
                    ASSERT_EQ(c[static_cast<size_t>((t * m + i) * n + j)], bf16_from_f32(expected)) << m << " " << t;
                }
            }
        }
    }
}

// One GEMM of random (not exactly summable) values: fp32 or bf16 operands, B prepared or packed inside the run
// (read transposed), fp32 or bf16 output, bias, fp32 or bf16-rounded partial sums. Returns the output bits.
struct TierCase {
    int64_t m, n, k;
    bool bf16_in, prepared, bf16_out, bf16_partials;
};

std::vector<uint32_t> run_tier_case(const TierCase& tc, ThreadPool& pool) {
    std::mt19937 gen(static_cast<uint32_t>(tc.m * 131 + tc.n * 7 + tc.k));
    std::normal_distribution<float> dist;
    const auto fill = [&](int64_t count) {
        std::vector<float> v(static_cast<size_t>(count));
        for (float& x : v)
            x = tc.bf16_in ? f32_from_bf16(bf16_from_f32(dist(gen))) : dist(gen);
        return v;
    };
    const std::vector<float> a = fill(tc.m * tc.k), b = fill(tc.k * tc.n), bias = fill(tc.n);
    std::vector<uint16_t> a16(a.size()), b16(b.size());
    for (size_t i = 0; i < a.size(); ++i)
        a16[i] = bf16_from_f32(a[i]);
    for (size_t i = 0; i < b.size(); ++i)
        b16[i] = bf16_from_f32(b[i]);
    const void* a_data = tc.bf16_in ? static_cast<const void*>(a16.data()) : a.data();
    const void* b_data = tc.bf16_in ? static_cast<const void*>(b16.data()) : b.data();
    // b's storage is read as n x k (transposed): element (p, j) at j * k + p.
    const MatrixRef b_ref{b_data, tc.bf16_in, 1, tc.k};
    PackedB packed;
    if (tc.prepared)
        pack_b(b_ref, tc.k, tc.n, packed, pool, tc.bf16_in);
    std::vector<uint32_t> c(static_cast<size_t>(tc.m * tc.n), 0xdeadbeef);
    const GemmItem item{0, 0, tc.prepared ? &packed : nullptr, 0};
    GemmProblem pb;
    pb.m = tc.m;
    pb.n = tc.n;
    pb.k = tc.k;
    pb.a = {a_data, tc.bf16_in, tc.k, 1};
    pb.b = b_ref;
    pb.c = c.data();
    pb.c_bf16 = tc.bf16_out;
    pb.ldc = tc.bf16_out ? 2 * tc.n : tc.n;  // bf16 rows at twice the element count: one uint32 row each
    pb.bias = bias.data();
    pb.bf16_partials = tc.bf16_partials;
    pb.bf16_operands = tc.bf16_in;
    pb.items = &item;
    pb.item_count = 1;
    gemm_run(pb, pool);
    return c;
}

// The AMX tile unit adds the exact products of a 32-deep K step in its own order (and flushes denormals):
// each output within a few fp32 roundings per K step of the scalar tier's, or one bf16 rounding step when
// the output is bf16. Any misplaced product is off by about one product's size (~1), far outside this.
void expect_close_outputs(const std::vector<uint32_t>& out, const std::vector<uint32_t>& ref, const TierCase& tc) {
    ASSERT_EQ(out.size(), ref.size());
    const auto value = [&](const std::vector<uint32_t>& v, int64_t i, int64_t j) {
        if (!tc.bf16_out)
            return __builtin_bit_cast(float, v[static_cast<size_t>(i * tc.n + j)]);
        const auto* row = reinterpret_cast<const uint16_t*>(v.data() + i * tc.n);
        return f32_from_bf16(row[j]);
    };
    const float tol = static_cast<float>(tc.k) * 1e-6f;
    for (int64_t i = 0; i < tc.m; ++i) {
        for (int64_t j = 0; j < tc.n; ++j) {
            const float r = value(ref, i, j), o = value(out, i, j);
            const float bound = tc.bf16_out ? std::abs(r) / 64.0f + tol : tol * (1.0f + std::abs(r));
            ASSERT_LE(std::abs(o - r), bound)
                << "amx " << tc.m << "x" << tc.n << "x" << tc.k << " at " << i << "," << j;
        }
    }
}

// Every tier adds the same products in the same order as the scalar tier (one fused multiply-add per k step),
// so the outputs are bit-identical, on odd shapes that leave edge tiles in both directions (n = 45: one 32-wide
// tile and a 16-wide one; n = 70: two wide tiles and a partial panel; n = 257: a last task 17 columns wide, one
// full panel and one partial) and with odd K. The AMX tier sums in its own order: bounded, not bit-identical.
TEST(Gemm, EveryTierMatchesScalarBitForBit) {
    ThreadPool pool(2);
    const Isa saved = active_isa();
    const TierCase cases[] = {{1, 1, 1, false, true, false, false},
                              {7, 45, 33, true, true, true, false},
                              {13, 70, 257, true, false, false, false},
                              {130, 300, 257, false, false, true, false},
                              {130, 300, 31, true, true, false, false},
                              {20, 97, 300, true, true, true, true},
                              {6, 64, 512, false, true, false, false},
                              {12, 257, 40, true, false, false, false},
                              {12, 257, 40, false, true, true, false},
                              // AMX blocking: A read in place (bf16 rows of whole K steps filling whole blocks),
                              // transposed B of 48 and 22 pairs (16 x 16 word transposes, one partial), K in
                              // blocks of 256 with a short last one, and K so long that A is split into
                              // 96-row tasks to stay in L2.
                              {64, 48, 96, true, false, true, false},
                              {33, 50, 45, true, false, false, false},
                              {45, 70, 600, true, true, true, false},
                              {130, 40, 4100, true, true, false, false}};
    for (const TierCase& tc : cases) {
        set_isa(Isa::SCALAR);
        const std::vector<uint32_t> reference = run_tier_case(tc, pool);
        for (Isa isa : available_isas()) {
            set_isa(isa);
            const std::vector<uint32_t> out = run_tier_case(tc, pool);
            if (isa == Isa::AMX && tc.bf16_in && !tc.bf16_partials)
                expect_close_outputs(out, reference, tc);
            else
                EXPECT_EQ(out, reference) << name(isa) << " " << tc.m << "x" << tc.n << "x" << tc.k;
        }
    }
    set_isa(saved);
}

#if TTNN_HAVE_AVX2
// Distinct values as fp32 and as their bf16 roundings, for the packing tests.
struct PackSource {
    std::vector<float> f32;
    std::vector<uint16_t> bf16;
    explicit PackSource(size_t count) : f32(count), bf16(count) {
        for (size_t i = 0; i < count; ++i) {
            f32[i] = static_cast<float>(i) * 0.37f - 50.0f;
            bf16[i] = bf16_from_f32(f32[i]);
        }
    }
    const void* data(bool is_bf16) const {
        return is_bf16 ? static_cast<const void*>(bf16.data()) : static_cast<const void*>(f32.data());
    }
    float value(bool is_bf16, size_t i) const { return is_bf16 ? f32_from_bf16(bf16[i]) : f32[i]; }
};

TEST(Gemm, Avx2MicroFinishMatchesMicroThenFinishRow) {
    if (!isa_available(Isa::AVX2))
        GTEST_SKIP() << "no AVX2";
    std::mt19937 gen(11);
    std::normal_distribution<float> dist;
    const int64_t kc = 29, ldc = 20, ldo = 18;
    std::vector<float> a(static_cast<size_t>(kc * kGemmMr)), bias(kGemmNr), c(kGemmMr * ldc);
    alignas(64) float b[kc * kGemmNr];
    for (float& x : a)
        x = dist(gen);
    for (float& x : b)
        x = dist(gen);
    for (float& x : bias)
        x = dist(gen);
    for (float& x : c)
        x = dist(gen);
    for (bool out_bf16 : {false, true}) {
        for (Activation act : {Activation::NONE, Activation::GELU}) {
            std::vector<float> ws = c;
            std::vector<uint32_t> expected(kGemmMr * ldo), fused_v(kGemmMr * ldo), fused_s(kGemmMr * ldo);
            gemm_micro_avx2(kc, a.data(), b, ws.data(), ldc, true);
            const size_t elem = out_bf16 ? 2 : 4;
            for (int64_t i = 0; i < kGemmMr; ++i) {
                gemm_finish_row_avx2(ws.data() + i * ldc,
                                     kGemmNr,
                                     bias.data(),
                                     act,
                                     reinterpret_cast<std::byte*>(expected.data()) + i * ldo * elem,
                                     out_bf16);
            }
            gemm_micro_finish_avx2(
                kc, a.data(), b, c.data(), ldc, true, {bias.data(), act, fused_v.data(), ldo, out_bf16});
            EXPECT_EQ(expected, fused_v);
            if (act == Activation::NONE) {  // the scalar activations differ from the SIMD ones in the last bits
                gemm_micro_finish_scalar(
                    kc, a.data(), b, c.data(), ldc, true, {bias.data(), act, fused_s.data(), ldo, out_bf16});
                EXPECT_EQ(expected, fused_s);
            }
        }
    }
}

TEST(Gemm, Avx2PackTransposedBPanelMatchesScalar) {
    if (!isa_available(Isa::AVX2))
        GTEST_SKIP() << "no AVX2";
    // 17 source rows of 45 (K contiguous): a panel of rows 1..16 from column 3, so the 8-wide steps and the tail run.
    const int64_t stride = 45, kc = 38;
    const PackSource src(17 * stride);
    for (bool is_bf16 : {false, true}) {
        std::vector<float> scalar(kc * kGemmNr), avx2(kc * kGemmNr);
        gemm_pack_bt_panel_scalar(src.data(is_bf16), is_bf16, stride + 3, stride, kc, scalar.data());
        gemm_pack_bt_panel_avx2(src.data(is_bf16), is_bf16, stride + 3, stride, kc, avx2.data());
        EXPECT_EQ(scalar, avx2);
        EXPECT_EQ(scalar[1 * kGemmNr + 2], src.value(is_bf16, 3 * stride + 4));
    }
}

TEST(Gemm, Avx2MicrokernelMatchesScalar) {
    if (!isa_available(Isa::AVX2))
        GTEST_SKIP() << "no AVX2";
    std::mt19937 gen(7);
    std::normal_distribution<float> dist;
    const int64_t kc = 37;
    std::vector<float> a(static_cast<size_t>(kc * kGemmMr)), b(static_cast<size_t>(kc * kGemmNr));
    for (float& x : a)
        x = dist(gen);
    for (float& x : b)
        x = dist(gen);
    alignas(64) float b_aligned[kc * kGemmNr];
    std::copy(b.begin(), b.end(), b_aligned);
    std::vector<float> c_scalar(kGemmMr * 20, 1.0f), c_avx2(kGemmMr * 20, 1.0f);
    gemm_micro_scalar(kc, a.data(), b_aligned, c_scalar.data(), 20, true);
    gemm_micro_avx2(kc, a.data(), b_aligned, c_avx2.data(), 20, true);
    EXPECT_EQ(c_scalar, c_avx2);  // both fuse every multiply-add, in the same order
    std::vector<float> acc(70), out_s(70), out_v(70);
    for (float& x : acc)
        x = dist(gen) * 3;
    for (Activation act : {Activation::GELU, Activation::SILU, Activation::SIGMOID}) {
        gemm_finish_row_scalar(acc.data(), 70, nullptr, act, out_s.data(), false);
        gemm_finish_row_avx2(acc.data(), 70, nullptr, act, out_v.data(), false);
        for (size_t j = 0; j < out_s.size(); ++j)
            EXPECT_NEAR(out_s[j], out_v[j], 2e-6 * (1 + std::abs(out_s[j])));
    }
}

TEST(Gemm, Avx2PackAPanelMatchesScalar) {
    if (!isa_available(Isa::AVX2))
        GTEST_SKIP() << "no AVX2";
    // 7 rows of 41: a panel of rows 1..6 starting at column 2, so both the 4-wide steps and the tail run.
    const int64_t stride = 41, kc = 38;
    const PackSource src(7 * stride);
    for (bool is_bf16 : {false, true}) {
        std::vector<float> scalar(kc * kGemmMr), avx2(kc * kGemmMr);
        gemm_pack_a_panel_scalar(src.data(is_bf16), is_bf16, stride + 2, stride, kc, scalar.data());
        gemm_pack_a_panel_avx2(src.data(is_bf16), is_bf16, stride + 2, stride, kc, avx2.data());
        EXPECT_EQ(scalar, avx2);
        EXPECT_EQ(scalar[1], src.value(is_bf16, 2 * stride + 2));
    }
}
#endif

#if TTNN_HAVE_AVX512
// The 6 x 32 tile equals two 6 x 16 scalar tiles, with and without the fused epilogue (bias, bf16 rounding).
TEST(Gemm, Avx512WideMicrokernelMatchesTwoScalarTiles) {
    if (!isa_available(Isa::AVX512))
        GTEST_SKIP() << "no AVX-512";
    std::mt19937 gen(5);
    std::normal_distribution<float> dist;
    const int64_t kc = 41, ldc = 40, ldo = 36, b_stride = kc * kGemmNr + 16;
    std::vector<float> a(static_cast<size_t>(kc * kGemmMr)), b(static_cast<size_t>(b_stride + kc * kGemmNr));
    std::vector<float> c(kGemmMr * ldc), bias(2 * kGemmNr);
    for (std::vector<float>* v : {&a, &b, &c, &bias}) {
        for (float& x : *v)
            x = dist(gen);
    }
    std::vector<float> wide = c, narrow = c;
    gemm_micro_wide_avx512(kc, a.data(), b.data(), b_stride, wide.data(), ldc, true);
    gemm_micro_scalar(kc, a.data(), b.data(), narrow.data(), ldc, true);
    gemm_micro_scalar(kc, a.data(), b.data() + b_stride, narrow.data() + kGemmNr, ldc, true);
    EXPECT_EQ(wide, narrow);
    for (bool out_bf16 : {false, true}) {
        std::vector<uint32_t> fused(kGemmMr * ldo), expected(kGemmMr * ldo);
        gemm_micro_finish_wide_avx512(kc,
                                      a.data(),
                                      b.data(),
                                      b_stride,
                                      c.data(),
                                      ldc,
                                      true,
                                      {bias.data(), Activation::NONE, fused.data(), ldo, out_bf16});
        const size_t elem = out_bf16 ? 2 : 4;
        for (int64_t half = 0; half < 2; ++half) {
            std::byte* out = reinterpret_cast<std::byte*>(expected.data()) + half * kGemmNr * elem;
            gemm_micro_finish_scalar(kc,
                                     a.data(),
                                     b.data() + half * b_stride,
                                     c.data() + half * kGemmNr,
                                     ldc,
                                     true,
                                     {bias.data() + half * kGemmNr, Activation::NONE, out, ldo, out_bf16});
        }
        EXPECT_EQ(fused, expected) << (out_bf16 ? "bf16" : "fp32");
    }
}
#endif

}  // namespace
}  // namespace ttnn::kernels
