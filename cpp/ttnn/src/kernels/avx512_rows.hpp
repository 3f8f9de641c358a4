#pragma once
// AVX-512 row helpers shared by the *_avx512.cpp row kernels (softmax, the normalizations, attention's softmax
// step); compiled with AVX-512 flags only. Internal linkage, as in codec_avx512.hpp: an inline function with
// AVX-512 code must not become the copy the linker keeps for portable callers.
#include <immintrin.h>

#include <cstdint>

#include "kernels/exp_nonpositive.hpp"

namespace ttnn::kernels {
namespace {

// The first min(count, 16) lanes: a row's tail is read and written through this mask, never past its end.
inline __mmask16 lanes(int64_t count) {
    return count >= 16 ? __mmask16(0xffff) : static_cast<__mmask16>((1u << count) - 1u);
}

// e^d for d <= 0 (or NaN): exp_nonpositive256's method and polynomials on sixteen lanes (exp_nonpositive.hpp).
template <bool kBf16Out>
inline __m512 exp_nonpositive512(__m512 d) {
    TTNN_EXP_NONPOSITIVE_BODY(_mm512, 512, __m512, kBf16Out, d)
}

}  // namespace
}  // namespace ttnn::kernels
