// bfloat16 <-> float32 codec: ttnn::bf16_from_f32 / f32_from_bf16 and the scalar and AVX2 kernels, each checked
// against a reference written here from the IEEE definitions (not from the library's bias trick).
// To add a case: append {float32 bits, expected bf16 bits, "why"} to kRoundingCases, or add a bit pattern to
// class_patterns(); every pattern is also run through every kernel at every length in kLengths.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "kernels/codec.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/isa.hpp"

namespace {

// Round to nearest even on the bit pattern: keep the upper half, look at the dropped half explicitly.
// Carrying out of the mantissa into the exponent is what turns the largest finite values into infinity.
uint16_t reference_bf16(uint32_t bits) {
    const uint32_t exponent = (bits >> 23) & 0xffu;
    const uint32_t mantissa = bits & 0x7fffffu;
    if (exponent == 0xffu && mantissa != 0) {
        return 0xffff;  // torch's CPU path writes this one pattern for every NaN
    }
    uint32_t upper = bits >> 16;
    const uint32_t dropped = bits & 0xffffu;
    const bool above_half = dropped > 0x8000u;
    const bool tie = dropped == 0x8000u;
    if (above_half || (tie && (upper & 1u) != 0)) {
        upper += 1;
    }
    return static_cast<uint16_t>(upper);
}

// The value of a bf16 pattern from its fields, with no shift of the pattern into a float.
float reference_f32(uint16_t bf16) {
    const bool negative = (bf16 & 0x8000u) != 0;
    const int exponent = (bf16 >> 7) & 0xff;
    const int mantissa = bf16 & 0x7f;
    float magnitude;
    if (exponent == 0xff) {
        magnitude = mantissa == 0 ? INFINITY : NAN;
    } else if (exponent == 0) {
        magnitude = std::ldexp(static_cast<float>(mantissa), -126 - 7);
    } else {
        magnitude = std::ldexp(static_cast<float>(128 + mantissa), exponent - 127 - 7);
    }
    return negative ? -magnitude : magnitude;
}

float from_bits(uint32_t bits) {
    return __builtin_bit_cast(float, bits);
}
uint32_t to_bits(float value) {
    return __builtin_bit_cast(uint32_t, value);
}

struct RoundingCase {
    uint32_t f32;
    uint16_t bf16;
    const char* why;
};

// Expected values worked out by hand, so the reference above is itself checked.
constexpr RoundingCase kRoundingCases[] = {
    {0x00000000, 0x0000, "+0"},
    {0x80000000, 0x8000, "-0"},
    {0x3f800000, 0x3f80, "1.0 exact"},
    {0x3f807fff, 0x3f80, "just below half rounds down"},
    {0x3f808000, 0x3f80, "tie, even upper stays"},
    {0x3f808001, 0x3f81, "just above half rounds up"},
    {0x3f818000, 0x3f82, "tie, odd upper rounds up to even"},
    {0xbf818000, 0xbf82, "negative tie, odd upper"},
    {0xbf808000, 0xbf80, "negative tie, even upper"},
    {0x3fffffff, 0x4000, "carry into the exponent"},
    {0x00000001, 0x0000, "smallest subnormal rounds to 0"},
    {0x00008000, 0x0000, "subnormal tie, even"},
    {0x00018000, 0x0002, "subnormal tie, odd"},
    {0x0000c000, 0x0001, "subnormal above half"},
    {0x807fffff, 0x8080, "largest negative subnormal rounds to the smallest normal"},
    {0x7f7f7fff, 0x7f7f, "max finite below half stays finite"},
    {0x7f7e8000, 0x7f7e, "near max, tie even stays finite"},
    {0x7f7f8000, 0x7f80, "near max, tie odd rounds to +inf"},
    {0x7f7fffff, 0x7f80, "max finite float rounds to +inf"},
    {0xff7fffff, 0xff80, "min finite float rounds to -inf"},
    {0x7f800000, 0x7f80, "+inf"},
    {0xff800000, 0xff80, "-inf"},
    {0x7fc00000, 0xffff, "quiet NaN"},
    {0x7f800001, 0xffff, "signalling NaN, low payload (must not round to inf)"},
    {0x7fff8000, 0xffff, "NaN whose rounding would overflow"},
    {0xffc00000, 0xffff, "negative NaN"},
    {0xff800001, 0xffff, "negative signalling NaN"},
    {0xffffffff, 0xffff, "all ones"},
};

// Every float class crossed with the dropped-half patterns that matter for rounding.
std::vector<uint32_t> class_patterns() {
    std::vector<uint32_t> patterns;
    for (uint32_t sign : {0u, 1u}) {
        for (uint32_t exponent : {0u, 1u, 2u, 126u, 127u, 128u, 253u, 254u, 255u}) {
            for (uint32_t kept : {0u, 1u, 0x3eu, 0x7eu, 0x7fu}) {
                for (uint32_t dropped : {0x0000u, 0x0001u, 0x7fffu, 0x8000u, 0x8001u, 0xffffu}) {
                    patterns.push_back(sign << 31 | exponent << 23 | kept << 16 | dropped);
                }
            }
        }
    }
    return patterns;
}

// Every 7919th bit pattern of the 2^32 (7919 is prime, so all low-bit residues are visited).
std::vector<float> strided_sample() {
    std::vector<float> values;
    for (uint64_t bits = 0; bits <= 0xffffffffull; bits += 7919) {
        values.push_back(from_bits(static_cast<uint32_t>(bits)));
    }
    for (uint32_t bits : class_patterns()) {
        values.push_back(from_bits(bits));
    }
    return values;
}

using F32ToBf16 = void (*)(const float*, uint16_t*, size_t);
using Bf16ToF32 = void (*)(const uint16_t*, float*, size_t);

// Odd lengths cover the vector body, the scalar tail and a tail-only call; offsets make loads unaligned.
constexpr size_t kLengths[] = {1, 7, 8, 9, 33, 1000};
constexpr size_t kOffsets[] = {0, 1, 3};

void check_f32_to_bf16_kernel(F32ToBf16 kernel, const char* label) {
    const std::vector<float> values = strided_sample();
    std::vector<uint16_t> out(values.size());
    kernel(values.data(), out.data(), values.size());
    int mismatches = 0;
    for (size_t i = 0; i < values.size() && mismatches < 10; ++i) {
        const uint16_t expected = reference_bf16(to_bits(values[i]));
        if (out[i] != expected) {
            ADD_FAILURE() << label << ": f32 0x" << std::hex << to_bits(values[i]) << " -> 0x" << out[i]
                          << ", expected 0x" << expected;
            ++mismatches;
        }
    }
    for (size_t length : kLengths) {
        for (size_t offset : kOffsets) {
            // A guard element after the output catches a vector store past the end.
            std::vector<uint16_t> chunk(length + 1, 0x5a5a);
            kernel(values.data() + 1000 + offset, chunk.data(), length);
            for (size_t i = 0; i < length; ++i) {
                ASSERT_EQ(chunk[i], reference_bf16(to_bits(values[1000 + offset + i])))
                    << label << " length " << length << " offset " << offset << " index " << i;
            }
            ASSERT_EQ(chunk[length], 0x5a5a) << label << " wrote past the end at length " << length;
        }
    }
}

void check_bf16_to_f32_kernel(Bf16ToF32 kernel, const char* label) {
    std::vector<uint16_t> all(65536);
    for (uint32_t i = 0; i < all.size(); ++i) {
        all[i] = static_cast<uint16_t>(i);
    }
    std::vector<float> out(all.size());
    kernel(all.data(), out.data(), all.size());
    for (uint32_t i = 0; i < all.size(); ++i) {
        const float expected = reference_f32(all[i]);
        // A widened NaN keeps its payload: compare NaN-ness and the bits.
        ASSERT_EQ(std::isnan(out[i]), std::isnan(expected)) << label << " bf16 0x" << std::hex << i;
        ASSERT_EQ(to_bits(out[i]), std::isnan(expected) ? i << 16 : to_bits(expected))
            << label << " 0x" << std::hex << i;
    }
    for (size_t length : kLengths) {
        for (size_t offset : kOffsets) {
            std::vector<float> chunk(length + 1, 42.0f);
            kernel(all.data() + 0x7f00 + offset, chunk.data(), length);
            for (size_t i = 0; i < length; ++i) {
                ASSERT_EQ(to_bits(chunk[i]), static_cast<uint32_t>(0x7f00 + offset + i) << 16)
                    << label << " length " << length << " offset " << offset;
            }
            ASSERT_EQ(chunk[length], 42.0f) << label << " wrote past the end at length " << length;
        }
    }
}

TEST(Bf16Codec, ReferenceMatchesHandWorkedCases) {
    for (const RoundingCase& c : kRoundingCases) {
        EXPECT_EQ(reference_bf16(c.f32), c.bf16) << c.why;
    }
}

TEST(Bf16Codec, FromF32MatchesHandWorkedCases) {
    for (const RoundingCase& c : kRoundingCases) {
        EXPECT_EQ(ttnn::bf16_from_f32(from_bits(c.f32)), c.bf16) << c.why << " (f32 0x" << std::hex << c.f32 << ")";
    }
}

TEST(Bf16Codec, FromF32MatchesReferenceOverEveryClass) {
    for (uint32_t bits : class_patterns()) {
        EXPECT_EQ(ttnn::bf16_from_f32(from_bits(bits)), reference_bf16(bits)) << "f32 0x" << std::hex << bits;
    }
}

TEST(Bf16Codec, ToF32MatchesFieldReferenceForAllPatterns) {
    for (uint32_t i = 0; i < 65536; ++i) {
        const float expected = reference_f32(static_cast<uint16_t>(i));
        const float got = ttnn::f32_from_bf16(static_cast<uint16_t>(i));
        ASSERT_EQ(std::isnan(got), std::isnan(expected)) << "bf16 0x" << std::hex << i;
        if (!std::isnan(expected)) {
            ASSERT_EQ(to_bits(got), to_bits(expected)) << "bf16 0x" << std::hex << i;
        }
    }
}

TEST(Bf16Codec, EveryNonNanPatternRoundTrips) {
    for (uint32_t i = 0; i < 65536; ++i) {
        const auto bf16 = static_cast<uint16_t>(i);
        if (std::isnan(reference_f32(bf16))) {
            EXPECT_EQ(ttnn::bf16_from_f32(ttnn::f32_from_bf16(bf16)), 0xffff) << "NaN 0x" << std::hex << i;
        } else {
            ASSERT_EQ(ttnn::bf16_from_f32(ttnn::f32_from_bf16(bf16)), bf16) << "bf16 0x" << std::hex << i;
        }
    }
}

TEST(Bf16Codec, ScalarKernelsMatchReference) {
    check_f32_to_bf16_kernel(ttnn::kernels::f32_to_bf16_scalar, "f32_to_bf16_scalar");
    check_bf16_to_f32_kernel(ttnn::kernels::bf16_to_f32_scalar, "bf16_to_f32_scalar");
}

TEST(Bf16Codec, Avx2KernelsMatchReference) {
#if TTNN_HAVE_AVX2
    if (!ttnn::isa_available(ttnn::Isa::AVX2)) {
        GTEST_SKIP() << "this CPU lacks AVX2+FMA+F16C";
    }
    check_f32_to_bf16_kernel(ttnn::kernels::f32_to_bf16_avx2, "f32_to_bf16_avx2");
    check_bf16_to_f32_kernel(ttnn::kernels::bf16_to_f32_avx2, "bf16_to_f32_avx2");
#else
    EXPECT_FALSE(ttnn::isa_available(ttnn::Isa::AVX2)) << "AVX2 reported available in a build without AVX2 kernels";
#endif
}

// The dispatch table follows set_isa(), so the kernel the ops run is the one tested above.
TEST(Bf16Codec, DispatchFollowsActiveIsa) {
    const ttnn::Isa saved = ttnn::active_isa();
    ttnn::set_isa(ttnn::Isa::SCALAR);
    EXPECT_EQ(ttnn::kernels::codec().f32_to_bf16, &ttnn::kernels::f32_to_bf16_scalar);
    EXPECT_EQ(ttnn::kernels::codec().bf16_to_f32, &ttnn::kernels::bf16_to_f32_scalar);
#if TTNN_HAVE_AVX2
    if (ttnn::isa_available(ttnn::Isa::AVX2)) {
        ttnn::set_isa(ttnn::Isa::AVX2);
        EXPECT_EQ(ttnn::kernels::codec().f32_to_bf16, &ttnn::kernels::f32_to_bf16_avx2);
        EXPECT_EQ(ttnn::kernels::codec().bf16_to_f32, &ttnn::kernels::bf16_to_f32_avx2);
    }
#endif
    ttnn::set_isa(saved);
}

}  // namespace
