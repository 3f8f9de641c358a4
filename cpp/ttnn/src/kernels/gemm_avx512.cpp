// AVX-512 GEMM microkernel: a 6 x 32 tile (two adjacent B panels, 12 zmm accumulators, two B loads and six A
// broadcasts per k step). Each output element is the same chain of fused multiply-adds in the same k order as
// gemm_micro_scalar, so the tier is bit-identical to the scalar reference (test_gemm.cpp checks it).
//
// bf16 operands arrive here widened to fp32 by the packing (exact), so this kernel is also the bf16 GEMM: the
// products of bf16 values are exact in fp32 and each sum is rounded once per k step, which is TT's HiFi4 on
// bf16 inputs. The bf16 dot-product instruction (vdpbf16ps) computes two such products per lane, but on this
// CPU it retires about one per two cycles where the fp32 FMA retires two per cycle, so it does the same work
// at about half the rate (docs/performance.md has the measurement); it is not used here.
//
// Only plain loops and intrinsics: an inline helper from a shared header compiled here with AVX-512 flags
// could be the copy the linker keeps for portable callers.
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's AVX-512 intrinsic headers pass an unset register as the unused merge source of masked builtins.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#include "kernels/codec_avx512.hpp"
#include "kernels/gemm.hpp"
#include "kernels/gemm_tile.hpp"

namespace ttnn::kernels {
namespace {

// The 6 x 32 tile product, accumulators in registers; store(row, columns 0-15, columns 16-31) takes them out.
template <typename Store>
__attribute__((always_inline)) inline void micro_tile_wide(int64_t kc,
                                                           const float* a,
                                                           const float* b,
                                                           int64_t b_stride,
                                                           const float* c,
                                                           int64_t ldc,
                                                           bool accumulate,
                                                           Store store) {
    TTNN_GEMM_ACCUMULATORS(__m512, _mm512_loadu_ps, _mm512_setzero_ps, 16)
    const float* b_hi = b + b_stride;
    for (int64_t p = 0; p < kc; ++p) {
        _mm_prefetch(reinterpret_cast<const char*>(b + 8 * kGemmNr), _MM_HINT_T0);
        _mm_prefetch(reinterpret_cast<const char*>(b_hi + 8 * kGemmNr), _MM_HINT_T0);
        const __m512 b0 = _mm512_loadu_ps(b);
        const __m512 b1 = _mm512_loadu_ps(b_hi);
        TTNN_GEMM_ROWS(__m512, _mm512_set1_ps, _mm512_fmadd_ps)
        a += kGemmMr;
        b += kGemmNr;
        b_hi += kGemmNr;
    }
    TTNN_GEMM_STORE_ROWS(store)
}

inline void finish16(__m512 v, const float* bias, void* out, int64_t index, bool out_bf16) {
    if (bias != nullptr)
        v = _mm512_add_ps(v, _mm512_loadu_ps(bias));
    if (out_bf16)
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(static_cast<uint16_t*>(out) + index), bf16_round16(v));
    else
        _mm512_storeu_ps(static_cast<float*>(out) + index, v);
}

}  // namespace

void gemm_micro_wide_avx512(
    int64_t kc, const float* a, const float* b, int64_t b_stride, float* c, int64_t ldc, bool accumulate) {
    micro_tile_wide(kc,
                    a,
                    b,
                    b_stride,
                    c,
                    ldc,
                    accumulate,
                    [c, ldc](int64_t i, __m512 lo, __m512 hi) __attribute__((always_inline)) {
                        _mm512_storeu_ps(c + i * ldc, lo);
                        _mm512_storeu_ps(c + i * ldc + 16, hi);
                    });
}

void gemm_micro_finish_wide_avx512(int64_t kc,
                                   const float* a,
                                   const float* b,
                                   int64_t b_stride,
                                   const float* c,
                                   int64_t ldc,
                                   bool accumulate,
                                   const TileOut& out) {
    if (out.act != Activation::NONE) {
        // Activations take the AVX2 epilogue (its erf/exp) from a register-sized staging tile: one store and
        // reload per element against kc fused multiply-adds.
        alignas(64) float tile[kGemmMr * 2 * kGemmNr];
        micro_tile_wide(kc,
                        a,
                        b,
                        b_stride,
                        c,
                        ldc,
                        accumulate,
                        [&tile](int64_t i, __m512 lo, __m512 hi) __attribute__((always_inline)) {
                            _mm512_store_ps(tile + i * 2 * kGemmNr, lo);
                            _mm512_store_ps(tile + i * 2 * kGemmNr + 16, hi);
                        });
        const int64_t elem = out.bf16 ? 2 : 4;
        for (int64_t i = 0; i < kGemmMr; ++i) {
            void* row = static_cast<char*>(out.out) + i * out.ldo * elem;
            gemm_finish_row_avx2(tile + i * 2 * kGemmNr, 2 * kGemmNr, out.bias, out.act, row, out.bf16);
        }
        return;
    }
    const float* bias_hi = out.bias != nullptr ? out.bias + 16 : nullptr;
    micro_tile_wide(kc,
                    a,
                    b,
                    b_stride,
                    c,
                    ldc,
                    accumulate,
                    [&out, bias_hi](int64_t i, __m512 lo, __m512 hi) __attribute__((always_inline)) {
                        finish16(lo, out.bias, out.out, i * out.ldo, out.bf16);
                        finish16(hi, bias_hi, out.out, i * out.ldo + 16, out.bf16);
                    });
}

}  // namespace ttnn::kernels
