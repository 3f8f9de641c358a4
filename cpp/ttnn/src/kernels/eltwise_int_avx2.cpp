// AVX2 kernels of the int32 element-wise loop: eight int32 a step, bit for bit with binary_i32_scalar (add, sub
// and mul wrap modulo 2^32, as the int64 loop's stored results do).
#include <immintrin.h>

#include "kernels/eltwise.hpp"

// The integer ops with a vector form; add, sub and mul wrap as int32 (the int64 result stored modulo 2^32).
// clang-format off: one X entry per op, laid out by hand
#define TTNN_AVX2_INT_BINARY_OPS(X)                                                                          \
    X(ADD) X(SUB) X(RSUB) X(MUL) X(MAXIMUM) X(MINIMUM) X(EQ) X(NE) X(LT) X(LE) X(GT) X(GE) X(LOGICAL_AND)       \
        X(LOGICAL_OR) X(LOGICAL_XOR) X(BITWISE_AND) X(BITWISE_OR)
// clang-format on

namespace ttnn::kernels {
namespace {

using I = __m256i;

template <BinaryOpType OP>
inline I binary_i32_vec(I a, I b) {
    const I one = _mm256_set1_epi32(1);
    const I zero = _mm256_setzero_si256();
    const auto truth = [&](I mask) { return _mm256_and_si256(mask, one); };
    if constexpr (OP == BinaryOpType::ADD)
        return _mm256_add_epi32(a, b);
    if constexpr (OP == BinaryOpType::SUB)
        return _mm256_sub_epi32(a, b);
    if constexpr (OP == BinaryOpType::RSUB)
        return _mm256_sub_epi32(b, a);
    if constexpr (OP == BinaryOpType::MUL)
        return _mm256_mullo_epi32(a, b);
    if constexpr (OP == BinaryOpType::MAXIMUM)
        return _mm256_max_epi32(a, b);
    if constexpr (OP == BinaryOpType::MINIMUM)
        return _mm256_min_epi32(a, b);
    if constexpr (OP == BinaryOpType::EQ)
        return truth(_mm256_cmpeq_epi32(a, b));
    if constexpr (OP == BinaryOpType::NE)
        return _mm256_andnot_si256(_mm256_cmpeq_epi32(a, b), one);
    if constexpr (OP == BinaryOpType::LT)
        return truth(_mm256_cmpgt_epi32(b, a));
    if constexpr (OP == BinaryOpType::LE)
        return _mm256_andnot_si256(_mm256_cmpgt_epi32(a, b), one);
    if constexpr (OP == BinaryOpType::GT)
        return truth(_mm256_cmpgt_epi32(a, b));
    if constexpr (OP == BinaryOpType::GE)
        return _mm256_andnot_si256(_mm256_cmpgt_epi32(b, a), one);
    if constexpr (OP == BinaryOpType::BITWISE_AND)
        return _mm256_and_si256(a, b);
    if constexpr (OP == BinaryOpType::BITWISE_OR)
        return _mm256_or_si256(a, b);
    // Logical ops on zero masks: z = 1 where the operand is zero.
    const I za = _mm256_cmpeq_epi32(a, zero);
    const I zb = _mm256_cmpeq_epi32(b, zero);
    if constexpr (OP == BinaryOpType::LOGICAL_AND)
        return _mm256_andnot_si256(_mm256_or_si256(za, zb), one);
    if constexpr (OP == BinaryOpType::LOGICAL_OR)
        return _mm256_andnot_si256(_mm256_and_si256(za, zb), one);
    return truth(_mm256_xor_si256(za, zb));  // LOGICAL_XOR
}

template <BinaryOpType OP>
void binary_i32_loop(const int32_t* a, const int32_t* b, int32_t* out, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const I va = _mm256_loadu_si256(reinterpret_cast<const I*>(a + i));
        const I vb = _mm256_loadu_si256(reinterpret_cast<const I*>(b + i));
        _mm256_storeu_si256(reinterpret_cast<I*>(out + i), binary_i32_vec<OP>(va, vb));
    }
    binary_i32_scalar(OP, a + i, b + i, out + i, n - i);
}

}  // namespace

void binary_i32_avx2(BinaryOpType op, const int32_t* a, const int32_t* b, int32_t* out, size_t n) {
    switch (op) {
        // clang-format off: one X entry per op, laid out by hand
#define TTNN_CASE(E)      \
    case BinaryOpType::E: \
        return binary_i32_loop<BinaryOpType::E>(a, b, out, n);
        // clang-format on
        TTNN_AVX2_INT_BINARY_OPS(TTNN_CASE)
#undef TTNN_CASE
        default:
            return binary_i32_scalar(op, a, b, out, n);
    }
}

}  // namespace ttnn::kernels
