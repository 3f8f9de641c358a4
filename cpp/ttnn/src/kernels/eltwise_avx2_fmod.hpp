#pragma once
// torch.remainder and floor division on 8 floats for the AVX2 element-wise kernels, bit for bit those of
// eltwise_scalar.cpp. Both start from fmod(a, b), which is exact (the true remainder is always a float): with
// q = trunc(fl(a / b)), fma(-q, b, a) is exact whenever the quotient is below 2^22, and q is then at most one
// too large in magnitude (a quotient just under an integer can round up to it, never down past one). That
// case leaves r = fmod - b with the wrong sign, also exact (fmod is then within a quarter of b, Sterbenz), and
// adding b back gives fmod (remainder and floor division would absorb that step anyway, as they move the result
// by b into b's sign; fmod_ps is exact on its own). Lanes outside that range (b zero or not finite, a not finite, huge
// quotients) run the scalar kernel. Include only from *_avx2.cpp translation units.
#include <immintrin.h>

#include "kernels/eltwise.hpp"
#include "kernels/eltwise_avx2_math.hpp"

namespace ttnn::kernels::avx2_math {

struct Fmod {
    V mod;
    V ok;  // lanes where mod is fmod(a, b)
};

inline Fmod fmod_ps(V a, V b) {
    const V sign = set1(-0.0f);
    const V q = _mm256_round_ps(_mm256_div_ps(a, b), _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    V r = _mm256_fnmadd_ps(q, b, a);
    // One quotient too many leaves r on the other side of zero from a: step back by |b| toward a.
    const V overshot =
        _mm256_and_ps(_mm256_cmp_ps(r, _mm256_setzero_ps(), _CMP_NEQ_OQ),
                      _mm256_castsi256_ps(_mm256_cmpgt_epi32(
                          _mm256_setzero_si256(), _mm256_castps_si256(_mm256_xor_ps(r, a)))));  // sign(r) != sign(a)
    const V step = _mm256_or_ps(_mm256_andnot_ps(sign, b), _mm256_and_ps(a, sign));             // |b| with a's sign
    r = blend(r, _mm256_add_ps(r, step), overshot);
    r = blend(r, _mm256_and_ps(a, sign), _mm256_cmp_ps(r, _mm256_setzero_ps(), _CMP_EQ_OQ));  // zero takes a's sign
    const V finite_max = set1(3.40282347e38f);
    const V ok = _mm256_and_ps(_mm256_and_ps(_mm256_cmp_ps(_mm256_andnot_ps(sign, q), set1(4194304.0f), _CMP_LT_OQ),
                                             _mm256_cmp_ps(_mm256_andnot_ps(sign, a), finite_max, _CMP_LE_OQ)),
                               _mm256_and_ps(_mm256_cmp_ps(_mm256_andnot_ps(sign, b), finite_max, _CMP_LE_OQ),
                                             _mm256_cmp_ps(b, _mm256_setzero_ps(), _CMP_NEQ_OQ)));
    return {r, ok};
}

// Whether x and y differ in sign bit... as the scalar kernel's (y < 0) != (x < 0) reads them: by comparison.
inline V signs_differ(V x, V y) {
    const V zero = _mm256_setzero_ps();
    return _mm256_xor_ps(_mm256_cmp_ps(x, zero, _CMP_LT_OQ), _mm256_cmp_ps(y, zero, _CMP_LT_OQ));
}

// The scalar kernel for all 8 lanes when any lane is outside fmod_ps's range.
template <BinaryOpType OP>
inline V scalar_lanes(V a, V b) {
    alignas(32) float av[8], bv[8], rv[8];
    _mm256_store_ps(av, a);
    _mm256_store_ps(bv, b);
    binary_f32_scalar(OP, av, bv, rv, 8);
    return _mm256_load_ps(rv);
}

// torch.remainder: fmod moved into b's sign.
inline V remainder_ps(V a, V b) {
    const Fmod f = fmod_ps(a, b);
    if (_mm256_movemask_ps(f.ok) != 0xff)
        return scalar_lanes<BinaryOpType::REMAINDER>(a, b);
    const V nonzero = _mm256_cmp_ps(f.mod, _mm256_setzero_ps(), _CMP_NEQ_OQ);
    return blend(f.mod, _mm256_add_ps(f.mod, b), _mm256_and_ps(nonzero, signs_differ(b, f.mod)));
}

// torch's div_floor_floating: the quotient of the exact remainder, corrected toward -inf, then rounded.
inline V div_floor_ps(V a, V b) {
    const Fmod f = fmod_ps(a, b);
    if (_mm256_movemask_ps(f.ok) != 0xff)
        return scalar_lanes<BinaryOpType::DIV_FLOOR>(a, b);
    const V zero = _mm256_setzero_ps();
    const V one = set1(1.0f);
    V div = _mm256_div_ps(_mm256_sub_ps(a, f.mod), b);
    const V nonzero = _mm256_cmp_ps(f.mod, zero, _CMP_NEQ_OQ);
    div = blend(div, _mm256_sub_ps(div, one), _mm256_and_ps(nonzero, signs_differ(b, f.mod)));
    V floordiv = _mm256_round_ps(div, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    floordiv = blend(
        floordiv, _mm256_add_ps(floordiv, one), _mm256_cmp_ps(_mm256_sub_ps(div, floordiv), set1(0.5f), _CMP_GT_OQ));
    const V signed_zero = _mm256_and_ps(_mm256_div_ps(a, b), set1(-0.0f));
    return blend(floordiv, signed_zero, _mm256_cmp_ps(div, zero, _CMP_EQ_OQ));
}

}  // namespace ttnn::kernels::avx2_math
