#pragma once
// e^d for softmax's shifted scores d = x - max <= 0, branch free, as a macro over the vector width so the AVX2
// (softmax_avx2_math.hpp) and AVX-512 (norm_avx512.cpp) kernels compute the same value lane for lane, each
// expanded under its own file's ISA flags (a shared inline function could be the copy the linker keeps for the
// other tier). PREFIX is the intrinsics' prefix (_mm256, _mm512), SI the integer vector's suffix (si256,
// si512), BF16_OUT a constant bool.
//
// d is clamped at -88, where 2^n, built by shifting n + 127 into the exponent field, reaches n = -127: a zero
// field, so 2^n and the result are exactly 0 there. Results that would be subnormal (d below about -87.7) come
// out 0, below any output's resolution once divided by the sum (>= 1); e^-inf is 0 as masked scores need. NaN
// stays NaN: the clamp returns its second operand, d, when that is NaN. e^r on |r| <= ln2/2 is
// 1 + r + r^2 P(r), P fitted for relative error (float evaluation). fp32 output: degree 6 (1.4 ulp) after a
// two-part ln2 reduction. bf16 output: degree 5 (1.8e-7) after a one-part reduction (|n| <= 127 times ln2's
// rounding error: 4e-6), ~1000 times below a bf16 rounding step (3.9e-3).
#define TTNN_EXP_NONPOSITIVE_BODY(PREFIX, SI, VEC, BF16_OUT, d)                                     \
    const VEC c = PREFIX##_max_ps(PREFIX##_set1_ps(-88.0f), d);                                     \
    const VEC magic = PREFIX##_set1_ps(12582912.0f + 127.0f); /* 1.5 * 2^23 + the exponent bias */  \
    const VEC biased = PREFIX##_fmadd_ps(c, PREFIX##_set1_ps(1.44269504088896341f), magic);         \
    const VEC n = PREFIX##_sub_ps(biased, magic);                                                   \
    VEC p;                                                                                          \
    VEC r;                                                                                          \
    if constexpr (BF16_OUT) {                                                                       \
        r = PREFIX##_fnmadd_ps(n, PREFIX##_set1_ps(0.693147181f), c);                               \
        p = PREFIX##_fmadd_ps(PREFIX##_set1_ps(8.3125308e-3f), r, PREFIX##_set1_ps(4.1890122e-2f)); \
        p = PREFIX##_fmadd_ps(p, r, PREFIX##_set1_ps(1.6667114e-1f));                               \
        p = PREFIX##_fmadd_ps(p, r, PREFIX##_set1_ps(4.9999231e-1f));                               \
    } else {                                                                                        \
        r = PREFIX##_fnmadd_ps(n, PREFIX##_set1_ps(0.693359375f), c);                               \
        r = PREFIX##_fnmadd_ps(n, PREFIX##_set1_ps(-2.12194440e-4f), r);                            \
        p = PREFIX##_fmadd_ps(PREFIX##_set1_ps(1.3814608e-3f), r, PREFIX##_set1_ps(8.3687110e-3f)); \
        p = PREFIX##_fmadd_ps(p, r, PREFIX##_set1_ps(4.1668389e-2f));                               \
        p = PREFIX##_fmadd_ps(p, r, PREFIX##_set1_ps(1.6666521e-1f));                               \
        p = PREFIX##_fmadd_ps(p, r, PREFIX##_set1_ps(4.9999994e-1f));                               \
    }                                                                                               \
    p = PREFIX##_fmadd_ps(p, r, PREFIX##_set1_ps(1.0f));                                            \
    p = PREFIX##_fmadd_ps(p, r, PREFIX##_set1_ps(1.0f));                                            \
    return PREFIX##_mul_ps(p, PREFIX##_castsi##SI##_ps(PREFIX##_slli_epi32(PREFIX##_castps_si##SI(biased), 23)));
