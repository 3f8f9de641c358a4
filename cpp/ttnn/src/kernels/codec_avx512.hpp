#pragma once
// AVX-512 bf16 helpers for the *_avx512.cpp and *_amx.cpp kernels only (compiled with AVX-512 flags). Internal
// linkage: an inline function with AVX-512 code must not become the copy the linker keeps for portable callers.
#include <immintrin.h>

namespace ttnn::kernels {
namespace {

// Round to nearest even on 16 lanes, NaN lanes to 0xffff: bf16_from_f32 (ttnn/dtype.hpp) vectorised.
inline __m256i bf16_round16(__m512 values) {
    const __m512i bits = _mm512_castps_si512(values);
    const __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(bits, 16), _mm512_set1_epi32(1));
    const __m512i bias = _mm512_add_epi32(lsb, _mm512_set1_epi32(0x7fff));
    const __m512i rounded = _mm512_srli_epi32(_mm512_add_epi32(bits, bias), 16);
    const __mmask16 is_nan = _mm512_cmp_ps_mask(values, values, _CMP_UNORD_Q);
    return _mm512_cvtepi32_epi16(_mm512_mask_mov_epi32(rounded, is_nan, _mm512_set1_epi32(0xffff)));
}

}  // namespace
}  // namespace ttnn::kernels
