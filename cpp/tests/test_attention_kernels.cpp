// The online-softmax step of flash attention (kernels/norm.hpp) on every SIMD tier against the scalar one: two
// successive key blocks (the second moves some row maxima, so the correction and the output rescale run), row
// lengths with and without a lane tail, -inf scores (exactly 0 out) and a row of -inf only (stays 0), in both
// output modes: fp32 in place, and bf16 into a separate P (the AMX path), where the SIMD tiers use a bf16-accuracy
// exp and so may differ from scalar by one bf16 rounding step.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "kernels/norm.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/isa.hpp"

namespace {

namespace k = ttnn::kernels;
using ttnn::Isa;

constexpr int64_t kRows = 5, kDv = 20, kLdo = 24;

struct State {
    std::vector<float> m = std::vector<float>(kRows, -std::numeric_limits<float>::infinity());
    std::vector<float> l = std::vector<float>(kRows, 0.0f);
    std::vector<float> o = std::vector<float>(kRows * kLdo, 1.0f);
    std::vector<float> p;  // the last block's probabilities, fp32 (widened from bf16 in that mode)
};

// Scores of block `block` (cols wide): row 0 all -inf, row 1 partly -inf, the rest random; the second block's
// row 2 is larger, moving its maximum.
std::vector<float> scores(int64_t cols, int64_t lds, int block) {
    std::mt19937 rng(static_cast<uint32_t>(cols * 7 + block));
    std::normal_distribution<float> dist(0.0f, 4.0f);
    std::vector<float> s(static_cast<size_t>(kRows * lds), 0.0f);
    for (int64_t r = 0; r < kRows; ++r)
        for (int64_t j = 0; j < cols; ++j)
            s[r * lds + j] = dist(rng) + (block == 1 && r == 2 ? 20.0f : 0.0f);
    for (int64_t j = 0; j < cols; ++j)
        s[j] = -std::numeric_limits<float>::infinity();
    for (int64_t j = 0; j < cols; j += 3)
        s[lds + j] = -std::numeric_limits<float>::infinity();
    return s;
}

#if TTNN_HAVE_AVX2  // the scalar-only build has no other tier to compare
State run(k::OnlineSoftmaxFn* fn, int64_t cols, bool bf16) {
    const int64_t lds = cols + 3;
    State st;
    std::vector<uint16_t> p16(static_cast<size_t>(kRows * lds), 0);
    for (int block = 0; block < 2; ++block) {
        std::vector<float> s = scores(cols, lds, block);
        fn(s.data(),
           kRows,
           cols,
           lds,
           0.125f,
           st.m.data(),
           st.l.data(),
           st.o.data(),
           kLdo,
           kDv,
           bf16 ? p16.data() : nullptr,
           lds);
        st.p.assign(s.begin(), s.end());
        if (bf16)
            for (size_t i = 0; i < p16.size(); ++i)
                st.p[i] = ttnn::f32_from_bf16(p16[i]);
    }
    return st;
}

void expect_agree(const State& want, const State& got, int64_t cols, bool bf16, const char* tier) {
    const int64_t lds = cols + 3;
    const std::vector<float> last = scores(cols, lds, 1);
    const float p_tol = bf16 ? 1.0f / 128 : 2e-6f;  // relative: one bf16 step, or a few fp32 ulp
    for (int64_t r = 0; r < kRows; ++r) {
        SCOPED_TRACE(std::string(tier) + (bf16 ? " bf16" : " fp32") + " cols " + std::to_string(cols) + " row " +
                     std::to_string(r));
        EXPECT_EQ(got.m[r], want.m[r]);
        EXPECT_NEAR(got.l[r], want.l[r], 2e-5f * std::fabs(want.l[r]));
        for (int64_t j = 0; j < kDv; ++j)
            EXPECT_NEAR(got.o[r * kLdo + j], want.o[r * kLdo + j], 2e-6f);
        for (int64_t j = 0; j < cols; ++j) {
            const float w = want.p[r * lds + j], g = got.p[r * lds + j];
            if (std::isinf(last[r * lds + j]))
                EXPECT_EQ(g, 0.0f) << "col " << j;
            else
                EXPECT_NEAR(g, w, p_tol * w + 1e-30f) << "col " << j;
        }
    }
    EXPECT_EQ(got.l[0], 0.0f);  // the all -inf row: nothing summed, its output scaled by c = exp(-inf) = 0
    EXPECT_EQ(got.o[0], 0.0f);
}

// `actives`: the tiers to run fn under (the AVX-512 kernel rounds P with vcvtneps2bf16 on the AVX512_BF16 tier
// and in integer code below it).
void check_tier(std::vector<Isa> actives, k::OnlineSoftmaxFn* fn, const char* name) {
    if (!ttnn::isa_available(actives.front()))
        GTEST_SKIP() << name << " not available";
    const Isa saved = ttnn::active_isa();
    for (int64_t cols : {5, 37, 64, 256}) {
        for (bool bf16 : {false, true}) {
            ttnn::set_isa(Isa::SCALAR);
            const State want = run(k::online_softmax_scalar, cols, bf16);
            for (Isa active : actives) {
                if (!ttnn::isa_available(active))
                    continue;
                ttnn::set_isa(active);
                expect_agree(want, run(fn, cols, bf16), cols, bf16, name);
            }
        }
    }
    ttnn::set_isa(saved);
}

TEST(AttentionKernels, Avx2OnlineSoftmaxMatchesScalar) {
    check_tier({Isa::AVX2}, k::online_softmax_avx2, "avx2");
}

#if TTNN_HAVE_AVX512
TEST(AttentionKernels, Avx512OnlineSoftmaxMatchesScalar) {
    check_tier({Isa::AVX512, Isa::AVX512_BF16}, k::online_softmax_avx512, "avx512");
}
#endif
#endif  // TTNN_HAVE_AVX2

TEST(AttentionKernels, ScalarOnlineSoftmaxNormalisesToSoftmax) {
    // One block: o starts at 0 plus P V with V = 1 per key gives l; the scalar step alone must give softmax.
    const int64_t cols = 37, lds = 40;
    State st;
    std::vector<float> s = scores(cols, lds, 0);
    const std::vector<float> x = s;
    k::online_softmax_scalar(
        s.data(), kRows, cols, lds, 0.125f, st.m.data(), st.l.data(), st.o.data(), kLdo, kDv, nullptr, 0);
    for (int64_t r = 1; r < kRows; ++r) {
        float mx = -std::numeric_limits<float>::infinity(), sum = 0.0f;
        for (int64_t j = 0; j < cols; ++j)
            mx = std::fmax(mx, x[r * lds + j] * 0.125f);
        for (int64_t j = 0; j < cols; ++j)
            sum += std::exp(x[r * lds + j] * 0.125f - mx);
        EXPECT_FLOAT_EQ(st.m[r], mx);
        EXPECT_NEAR(st.l[r], sum, 1e-5f * sum);
        for (int64_t j = 0; j < cols; ++j)
            EXPECT_NEAR(s[r * lds + j] / st.l[r], std::exp(x[r * lds + j] * 0.125f - mx) / sum, 1e-6f);
    }
}

}  // namespace
