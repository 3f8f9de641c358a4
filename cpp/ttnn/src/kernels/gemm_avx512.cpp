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

namespace ttnn::kernels {
namespace {

#define TTNN_GEMM_ROW(I)                            \
    {                                               \
        const __m512 ai = _mm512_set1_ps(a[(I)]);   \
        c##I##0 = _mm512_fmadd_ps(ai, b0, c##I##0); \
        c##I##1 = _mm512_fmadd_ps(ai, b1, c##I##1); \
    }

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
    __m512 c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    if (accumulate) {
        c00 = _mm512_loadu_ps(c), c01 = _mm512_loadu_ps(c + 16);
        c10 = _mm512_loadu_ps(c + ldc), c11 = _mm512_loadu_ps(c + ldc + 16);
        c20 = _mm512_loadu_ps(c + 2 * ldc), c21 = _mm512_loadu_ps(c + 2 * ldc + 16);
        c30 = _mm512_loadu_ps(c + 3 * ldc), c31 = _mm512_loadu_ps(c + 3 * ldc + 16);
        c40 = _mm512_loadu_ps(c + 4 * ldc), c41 = _mm512_loadu_ps(c + 4 * ldc + 16);
        c50 = _mm512_loadu_ps(c + 5 * ldc), c51 = _mm512_loadu_ps(c + 5 * ldc + 16);
    } else {
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = _mm512_setzero_ps();
    }
    const float* b_hi = b + b_stride;
    for (int64_t p = 0; p < kc; ++p) {
        _mm_prefetch(reinterpret_cast<const char*>(b + 8 * kGemmNr), _MM_HINT_T0);
        _mm_prefetch(reinterpret_cast<const char*>(b_hi + 8 * kGemmNr), _MM_HINT_T0);
        const __m512 b0 = _mm512_loadu_ps(b);
        const __m512 b1 = _mm512_loadu_ps(b_hi);
        TTNN_GEMM_ROW(0)
        TTNN_GEMM_ROW(1)
        TTNN_GEMM_ROW(2)
        TTNN_GEMM_ROW(3)
        TTNN_GEMM_ROW(4)
        TTNN_GEMM_ROW(5)
        a += kGemmMr;
        b += kGemmNr;
        b_hi += kGemmNr;
    }
    store(0, c00, c01), store(1, c10, c11), store(2, c20, c21);
    store(3, c30, c31), store(4, c40, c41), store(5, c50, c51);
}
#undef TTNN_GEMM_ROW

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
