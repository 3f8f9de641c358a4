// The AVX2 element-wise kernels against the scalar reference: bit for bit on the arithmetic, comparison and
// rounding ops, within a few ulp on the transcendental ones (gelu: within the fp32 golden tolerance); the fused bf16
// kernels and the bf16 tables against the float kernel of the same ISA followed by bf16 rounding, bit for bit. To add
// a case: put the op in the list of its tolerance class below.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "kernels/eltwise.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/isa.hpp"

#if TTNN_HAVE_AVX2
namespace {

using ttnn::BinaryOpType;
using ttnn::UnaryOpType;
namespace k = ttnn::kernels;

std::vector<float> inputs(size_t n, float scale, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, scale);
    std::vector<float> v(n);
    for (float& x : v)
        x = dist(rng);
    const float special[] = {0.0f,
                             -0.0f,
                             1.0f,
                             -1.0f,
                             0.5f,
                             2.5f,
                             -2.5f,
                             1e-30f,
                             -88.0f,
                             88.0f,
                             100.0f,
                             -100.0f,
                             std::numeric_limits<float>::infinity(),
                             -std::numeric_limits<float>::infinity(),
                             std::numeric_limits<float>::quiet_NaN()};
    std::copy(std::begin(special), std::end(special), v.begin());
    return v;
}

int64_t ulp_distance(float a, float b) {
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b) ? 0 : INT64_MAX;
    auto key = [](float f) {
        const int32_t i = __builtin_bit_cast(int32_t, f);
        return i < 0 ? static_cast<int64_t>(INT32_MIN) - i : static_cast<int64_t>(i);
    };
    return std::llabs(key(a) - key(b));
}

bool avx2_available() {
    return ttnn::isa_available(ttnn::Isa::AVX2);
}

// 1003: full vectors plus a tail, so both code paths of every kernel run.
constexpr size_t kCount = 1003;

void expect_unary(UnaryOpType op, int64_t max_ulp, float scale = 4.0f, k::UnaryArgs args = {-1.5f, 2.0f}) {
    const std::vector<float> x = inputs(kCount, scale, 7);
    std::vector<float> ref(kCount), fast(kCount);
    k::unary_f32_scalar(op, x.data(), ref.data(), kCount, args);
    k::unary_f32_avx2(op, x.data(), fast.data(), kCount, args);
    for (size_t i = 0; i < kCount; ++i) {
        if (max_ulp == 0) {
            ASSERT_EQ(__builtin_bit_cast(uint32_t, ref[i]) == __builtin_bit_cast(uint32_t, fast[i]) ||
                          (std::isnan(ref[i]) && std::isnan(fast[i])),
                      true)
                << "op " << static_cast<int>(op) << " x=" << x[i] << " scalar " << ref[i] << " avx2 " << fast[i];
        } else if (std::fabs(ref[i]) > 1e-30f) {
            ASSERT_LE(ulp_distance(ref[i], fast[i]), max_ulp)
                << "op " << static_cast<int>(op) << " x=" << x[i] << " scalar " << ref[i] << " avx2 " << fast[i];
        }
    }
}

TEST(EltwiseKernels, UnaryExactOpsAgreeBitForBit) {
    if (!avx2_available())
        GTEST_SKIP();
    for (UnaryOpType op :
         {UnaryOpType::RELU,        UnaryOpType::SQRT,        UnaryOpType::RSQRT,     UnaryOpType::RECIPROCAL,
          UnaryOpType::NEG,         UnaryOpType::ABS,         UnaryOpType::FLOOR,     UnaryOpType::CEIL,
          UnaryOpType::ROUND,       UnaryOpType::SIGN,        UnaryOpType::CLAMP,     UnaryOpType::CLIP,
          UnaryOpType::HARDTANH,    UnaryOpType::HARDSIGMOID, UnaryOpType::HARDSWISH, UnaryOpType::LEAKY_RELU,
          UnaryOpType::LOGICAL_NOT, UnaryOpType::ISNAN,       UnaryOpType::ISINF,     UnaryOpType::SQUARE,
          UnaryOpType::TRUNC}) {
        expect_unary(op, 0);
    }
}

TEST(EltwiseKernels, UnaryTranscendentalsWithinUlps) {
    if (!avx2_available())
        GTEST_SKIP();
    for (UnaryOpType op :
         {UnaryOpType::EXP, UnaryOpType::SIGMOID, UnaryOpType::SILU, UnaryOpType::TANH, UnaryOpType::LOG}) {
        expect_unary(op, 4);
    }
    // log1p and expm1 near 0, where log(1 + x) and exp(x) - 1 would cancel, and across their range.
    for (const float scale : {1e-4f, 0.3f, 4.0f, 40.0f}) {
        expect_unary(UnaryOpType::LOG1P, 4, scale);
        expect_unary(UnaryOpType::EXPM1, 4, scale);
    }
    // elu's alpha and softplus's beta and threshold: the defaults, then negative and fractional ones.
    for (const k::UnaryArgs args : {k::UnaryArgs{1.0f, 20.0f}, k::UnaryArgs{-1.5f, 2.0f}, k::UnaryArgs{0.25f, 3.0f}}) {
        for (const float scale : {0.5f, 4.0f, 40.0f}) {
            expect_unary(UnaryOpType::ELU, 4, scale, args);
            expect_unary(UnaryOpType::SOFTPLUS, 4, scale, args);
        }
    }
    // Both forms of gelu compute x / (1 + e^-2u) the same way on both ISAs.
    expect_unary(UnaryOpType::GELU_TANH, 8);
}

// The vector gelu and erf are a rational erf (absolute error ~3e-7) against the scalar erfc and std::erf, sin and cos
// Cephes' reduction and polynomials against std::sin/std::cos: they agree within the fp32 golden tolerance (atol
// 1e-6, rtol 1e-5), which is looser than ulps where gelu is tiny, erf near 1 or sin near a multiple of pi.
TEST(EltwiseKernels, GeluAndErfWithinGoldenTolerance) {
    if (!avx2_available())
        GTEST_SKIP();
    for (const auto& [op, scale] : {std::pair{UnaryOpType::GELU, 1.0f},
                                    std::pair{UnaryOpType::GELU, 4.0f},
                                    std::pair{UnaryOpType::GELU, 12.0f},
                                    std::pair{UnaryOpType::ERF, 1.0f},
                                    std::pair{UnaryOpType::ERF, 3.0f},
                                    std::pair{UnaryOpType::SIN, 4.0f},
                                    std::pair{UnaryOpType::SIN, 3000.0f},
                                    std::pair{UnaryOpType::SIN, 30000.0f},
                                    std::pair{UnaryOpType::COS, 4.0f},
                                    std::pair{UnaryOpType::COS, 3000.0f},
                                    std::pair{UnaryOpType::COS, 30000.0f}}) {
        const std::vector<float> x = inputs(kCount, scale, 7);
        std::vector<float> ref(kCount), fast(kCount);
        k::unary_f32_scalar(op, x.data(), ref.data(), kCount, {});
        k::unary_f32_avx2(op, x.data(), fast.data(), kCount, {});
        for (size_t i = 0; i < kCount; ++i) {
            if (std::isnan(ref[i])) {
                ASSERT_TRUE(std::isnan(fast[i])) << "x=" << x[i];
                continue;
            }
            if (ref[i] == fast[i])
                continue;  // infinities too, whose difference is NaN
            const double ok = 1e-6 + 1e-5 * std::fabs(static_cast<double>(ref[i]));
            ASSERT_LE(std::fabs(static_cast<double>(ref[i]) - static_cast<double>(fast[i])), ok)
                << "op " << static_cast<int>(op) << " x=" << x[i] << " scalar " << ref[i] << " avx2 " << fast[i];
        }
    }
}

TEST(EltwiseKernels, BinaryOpsAgreeBitForBit) {
    if (!avx2_available())
        GTEST_SKIP();
    const std::vector<float> a = inputs(kCount, 3.0f, 1), b = inputs(kCount, 3.0f, 2);
    std::vector<float> ref(kCount), fast(kCount);
    for (int i = 0; i <= static_cast<int>(BinaryOpType::BITWISE_OR); ++i) {
        const auto op = static_cast<BinaryOpType>(i);
        if (op == BinaryOpType::BITWISE_AND || op == BinaryOpType::BITWISE_OR || op == BinaryOpType::POW)
            continue;
        k::binary_f32_scalar(op, a.data(), b.data(), ref.data(), kCount);
        k::binary_f32_avx2(op, a.data(), b.data(), fast.data(), kCount);
        for (size_t j = 0; j < kCount; ++j) {
            const bool same = std::memcmp(&ref[j], &fast[j], 4) == 0 || (std::isnan(ref[j]) && std::isnan(fast[j]));
            ASSERT_TRUE(same) << "op " << i << " a=" << a[j] << " b=" << b[j] << ": " << ref[j] << " vs " << fast[j];
        }
    }
}

// remainder and floor division round no quotient on the way to fmod, so a dividend next to a multiple of the
// divisor (where the rounded quotient lands on the next integer) must still come out bit for bit; quotients up
// to and past the vector path's 2^22, divisors from 1e-30 to 1e30 and both signs.
TEST(EltwiseKernels, RemainderAndFloorDivisionExactNextToMultiples) {
    if (!avx2_available())
        GTEST_SKIP();
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> mantissa(1.0f, 2.0f);
    std::uniform_int_distribution<int> exponent(-100, 100), quotient_bits(0, 24), ulps(-3, 3), coin(0, 1);
    std::vector<float> a(4096), b(4096);
    for (size_t i = 0; i < a.size(); ++i) {
        b[i] = std::ldexp(mantissa(rng), exponent(rng)) * (coin(rng) ? 1.0f : -1.0f);
        const float n = std::floor(std::ldexp(mantissa(rng), quotient_bits(rng)));
        float x = (coin(rng) ? n : -n) * b[i];
        for (int u = ulps(rng); u != 0; u += u > 0 ? -1 : 1)
            x = std::nextafter(x, u > 0 ? INFINITY : -INFINITY);
        a[i] = x;
    }
    std::vector<float> ref(a.size()), fast(a.size());
    for (const BinaryOpType op : {BinaryOpType::REMAINDER, BinaryOpType::DIV_FLOOR}) {
        k::binary_f32_scalar(op, a.data(), b.data(), ref.data(), a.size());
        k::binary_f32_avx2(op, a.data(), b.data(), fast.data(), a.size());
        for (size_t j = 0; j < a.size(); ++j) {
            const bool same = std::memcmp(&ref[j], &fast[j], 4) == 0 || (std::isnan(ref[j]) && std::isnan(fast[j]));
            ASSERT_TRUE(same) << "op " << static_cast<int>(op) << " a=" << a[j] << " b=" << b[j] << ": " << ref[j]
                              << " vs " << fast[j];
        }
    }
}

// The vector pow works in double and rounds once (correctly rounded on every input we tried); std::pow's
// powf is within an ulp of that. Bases and exponents over the special values (zeros, infinities, NaN, whose
// lanes go to std::pow), negative bases with integral exponents (odd and even), overflow and underflow.
TEST(EltwiseKernels, PowWithinOneUlpOfStdPow) {
    if (!avx2_available())
        GTEST_SKIP();
    const std::vector<float> base = inputs(kCount, 12.0f, 8);
    const float exponents[] = {0.0f,
                               1.5f,
                               -1.3f,
                               2.7f,
                               3.0f,
                               4.0f,
                               -5.0f,
                               0.1f,
                               40.0f,
                               -40.0f,
                               1e10f,
                               16777217.0f,
                               std::numeric_limits<float>::infinity(),
                               std::numeric_limits<float>::quiet_NaN()};
    std::vector<float> b(kCount), ref(kCount), fast(kCount);
    for (const float e : exponents) {
        std::fill(b.begin(), b.end(), e);
        k::binary_f32_scalar(BinaryOpType::POW, base.data(), b.data(), ref.data(), kCount);
        k::binary_f32_avx2(BinaryOpType::POW, base.data(), b.data(), fast.data(), kCount);
        for (size_t j = 0; j < kCount; ++j)
            ASSERT_LE(ulp_distance(ref[j], fast[j]), 1)
                << base[j] << " ** " << e << ": " << ref[j] << " vs " << fast[j];
    }
    const std::vector<float> any_exponent = inputs(kCount, 6.0f, 9);
    k::binary_f32_scalar(BinaryOpType::POW, base.data(), any_exponent.data(), ref.data(), kCount);
    k::binary_f32_avx2(BinaryOpType::POW, base.data(), any_exponent.data(), fast.data(), kCount);
    for (size_t j = 0; j < kCount; ++j)
        ASSERT_LE(ulp_distance(ref[j], fast[j]), 1) << base[j] << " ** " << any_exponent[j];
}

// int32 kernels: bit for bit, with values that overflow int32 in add, sub and mul (both wrap).
TEST(EltwiseKernels, BinaryInt32AgreesBitForBit) {
    if (!avx2_available())
        GTEST_SKIP();
    std::mt19937 rng(6);
    std::uniform_int_distribution<int32_t> any(INT32_MIN, INT32_MAX), small(-3, 3);
    std::vector<int32_t> a(kCount), b(kCount), ref(kCount), fast(kCount);
    for (size_t j = 0; j < kCount; ++j) {
        a[j] = j % 3 == 0 ? small(rng) : any(rng);
        b[j] = j % 2 == 0 ? small(rng) : any(rng);
    }
    for (int i = 0; i <= static_cast<int>(BinaryOpType::BITWISE_OR); ++i) {
        const auto op = static_cast<BinaryOpType>(i);
        if (!k::binary_supports_int(op))
            continue;
        k::binary_i32_scalar(op, a.data(), b.data(), ref.data(), kCount);
        k::binary_i32_avx2(op, a.data(), b.data(), fast.data(), kCount);
        for (size_t j = 0; j < kCount; ++j)
            ASSERT_EQ(ref[j], fast[j]) << "op " << i << " a=" << a[j] << " b=" << b[j];
    }
}

// The int32 unary loop stores what the int64 loop stores (its result wrapped to int32): neg and abs of
// INT32_MIN, squares past int32, clamp bounds outside int32 (which wrap too).
TEST(EltwiseKernels, UnaryInt32AgreesWithInt64Wrapped) {
    std::mt19937 rng(8);
    std::uniform_int_distribution<int32_t> any(INT32_MIN, INT32_MAX), small(-3, 3);
    std::vector<int32_t> x(kCount), got(kCount);
    for (size_t j = 0; j < kCount; ++j)
        x[j] = j % 3 == 0 ? small(rng) : any(rng);
    x[0] = INT32_MIN;
    x[1] = INT32_MAX;
    const std::vector<int64_t> wide(x.begin(), x.end());
    std::vector<int64_t> ref(kCount);
    const std::pair<int64_t, int64_t> bounds[] = {{-2, 2}, {-100000, INT64_MAX}, {int64_t{1} << 40, int64_t{1} << 41}};
    for (int i = 0; i <= static_cast<int>(UnaryOpType::GELU_TANH); ++i) {
        const auto op = static_cast<UnaryOpType>(i);
        if (!k::unary_supports_int(op))
            continue;
        for (const auto& [lo, hi] : bounds) {
            k::unary_i64(op, wide.data(), ref.data(), kCount, lo, hi);
            k::unary_i32(op, x.data(), got.data(), kCount, lo, hi);
            for (size_t j = 0; j < kCount; ++j)
                ASSERT_EQ(static_cast<int32_t>(ref[j]), got[j]) << "op " << i << " x=" << x[j] << " bounds " << lo;
        }
    }
}

TEST(EltwiseKernels, WhereAgreesBitForBit) {
    if (!avx2_available())
        GTEST_SKIP();
    const std::vector<float> c = inputs(kCount, 1.0f, 3), a = inputs(kCount, 3.0f, 4), b = inputs(kCount, 3.0f, 5);
    std::vector<float> ref(kCount), fast(kCount);
    k::where_f32_scalar(c.data(), a.data(), b.data(), ref.data(), kCount);
    k::where_f32_avx2(c.data(), a.data(), b.data(), fast.data(), kCount);
    EXPECT_EQ(std::memcmp(ref.data(), fast.data(), kCount * 4), 0);
}

std::vector<uint16_t> as_bf16(const std::vector<float>& v) {
    std::vector<uint16_t> out(v.size());
    for (size_t i = 0; i < v.size(); ++i)
        out[i] = ttnn::bf16_from_f32(v[i]);
    return out;
}

// Fused kernels see every value through the vector code, so compare on a multiple of 8 (no scalar tail).
TEST(EltwiseKernels, FusedBf16MatchesFloatKernelThenRounding) {
    if (!avx2_available())
        GTEST_SKIP();
    constexpr size_t n = 1000;
    const std::vector<uint16_t> a = as_bf16(inputs(n, 4.0f, 11)), b = as_bf16(inputs(n, 4.0f, 12));
    std::vector<float> af(n), bf(n), out(n);
    for (size_t i = 0; i < n; ++i)
        af[i] = ttnn::f32_from_bf16(a[i]), bf[i] = ttnn::f32_from_bf16(b[i]);
    std::vector<uint16_t> fused(n);
    const k::UnaryArgs args{-1.5f, 2.0f};
    for (int i = 0; i <= static_cast<int>(UnaryOpType::GELU_TANH); ++i) {
        const auto op = static_cast<UnaryOpType>(i);
        const k::UnaryBf16Fn fn = k::unary_bf16_avx2(op);
        if (fn == nullptr)
            continue;
        fn(a.data(), fused.data(), n, args);
        k::unary_f32_avx2(op, af.data(), out.data(), n, args);
        EXPECT_EQ(fused, as_bf16(out)) << "unary op " << i;
    }
    for (int i = 0; i <= static_cast<int>(BinaryOpType::BITWISE_OR); ++i) {
        const k::BinaryBf16Fn fn = k::binary_bf16_avx2(static_cast<BinaryOpType>(i));
        if (fn == nullptr)
            continue;
        fn(a.data(), b.data(), fused.data(), n);
        k::binary_f32_avx2(static_cast<BinaryOpType>(i), af.data(), bf.data(), out.data(), n);
        EXPECT_EQ(fused, as_bf16(out)) << "binary op " << i;
    }
    // A length that is not a multiple of 16 goes through the padded tail.
    const k::BinaryBf16Fn add = k::binary_bf16_avx2(BinaryOpType::ADD);
    std::vector<uint16_t> tail(21);
    add(a.data(), b.data(), tail.data(), tail.size());
    for (size_t i = 0; i < tail.size(); ++i)
        EXPECT_EQ(tail[i], ttnn::bf16_from_f32(af[i] + bf[i])) << i;
}

// The table kernels (eltwise_lut_avx2.cpp) against the float kernel then rounding, on every bf16 input (NaNs,
// infinities and subnormals included); an odd length goes through the element-by-element tail.
TEST(EltwiseKernels, Bf16TablesMatchFloatKernelThenRoundingOnEveryInput) {
    if (!avx2_available())
        GTEST_SKIP();
    constexpr size_t n = 65536;
    std::vector<uint16_t> all(n);
    std::vector<float> wide(n), out(n);
    for (size_t i = 0; i < n; ++i) {
        all[i] = static_cast<uint16_t>(i);
        wide[i] = ttnn::f32_from_bf16(all[i]);
    }
    std::vector<uint16_t> looked_up(n);
    for (int i = 0; i <= static_cast<int>(UnaryOpType::GELU_TANH); ++i) {
        const auto op = static_cast<UnaryOpType>(i);
        const k::UnaryBf16Fn fn = k::unary_bf16_table_avx2(op);
        if (fn == nullptr)
            continue;
        fn(all.data(), looked_up.data(), n - 3, k::UnaryArgs{});
        k::unary_f32_avx2(op, wide.data(), out.data(), n - 3, k::UnaryArgs{});
        out.resize(n - 3);
        looked_up.resize(n - 3);
        EXPECT_EQ(looked_up, as_bf16(out)) << "unary op " << i;
        out.resize(n);
        looked_up.resize(n);
    }
}

}  // namespace
#endif
