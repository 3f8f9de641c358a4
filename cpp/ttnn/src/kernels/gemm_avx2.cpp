// AVX2+FMA GEMM kernels: a 6 x 16 microkernel (12 ymm accumulators, two B loads and six A broadcasts per
// k step, FMA bound) and the vectorised epilogue. Checked against gemm_scalar.cpp by test_gemm.cpp.
#include <immintrin.h>

#include <algorithm>
#include <cstddef>

#include "kernels/codec_avx2.hpp"
#include "kernels/gemm.hpp"
#include "kernels/gemm_tile.hpp"
#include "kernels/softmax_avx2_math.hpp"

namespace ttnn::kernels {

// The 6 x 16 tile product, accumulators in registers; store(row, columns 0-7, columns 8-15) takes them out.
template <typename Store>
__attribute__((always_inline)) inline void micro_tile(
    int64_t kc, const float* a, const float* b, const float* c, int64_t ldc, bool accumulate, Store store) {
    TTNN_GEMM_ACCUMULATORS(__m256, _mm256_loadu_ps, _mm256_setzero_ps, 8)
    for (int64_t p = 0; p < kc; ++p) {
        _mm_prefetch(reinterpret_cast<const char*>(b + 8 * kGemmNr), _MM_HINT_T0);
        const __m256 b0 = _mm256_load_ps(b);
        const __m256 b1 = _mm256_load_ps(b + 8);
        TTNN_GEMM_ROWS(__m256, _mm256_set1_ps, _mm256_fmadd_ps)
        a += kGemmMr;
        b += kGemmNr;
    }
    TTNN_GEMM_STORE_ROWS(store)
}

void gemm_micro_avx2(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate) {
    micro_tile(kc, a, b, c, ldc, accumulate, [c, ldc](int64_t i, __m256 lo, __m256 hi) __attribute__((always_inline)) {
        _mm256_storeu_ps(c + i * ldc, lo);
        _mm256_storeu_ps(c + i * ldc + 8, hi);
    });
}

static inline __m256 activate8(__m256 x, Activation act) {
    const __m256 one = _mm256_set1_ps(1.0f);
    switch (act) {
        case Activation::NONE:
            return x;
        case Activation::RELU:
            return _mm256_max_ps(x, _mm256_setzero_ps());
        case Activation::GELU: {
            const __m256 e = erf256(_mm256_mul_ps(x, _mm256_set1_ps(0.70710678118654752f)));
            return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), x), _mm256_add_ps(one, e));
        }
        case Activation::SILU:
            return _mm256_div_ps(x, _mm256_add_ps(one, exp256(_mm256_sub_ps(_mm256_setzero_ps(), x))));
        case Activation::SIGMOID:
            return _mm256_div_ps(one, _mm256_add_ps(one, exp256(_mm256_sub_ps(_mm256_setzero_ps(), x))));
    }
    return x;
}

void gemm_finish_row_avx2(const float* acc, int64_t n, const float* bias, Activation act, void* out, bool out_bf16) {
    // bf16 output is rounded in the same pass (bf16_round8, as f32_to_bf16 does), not staged in fp32.
    uint16_t* out16 = static_cast<uint16_t*>(out);
    float* out32 = static_cast<float*>(out);
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
        __m256 v = _mm256_loadu_ps(acc + j);
        if (bias != nullptr)
            v = _mm256_add_ps(v, _mm256_loadu_ps(bias + j));
        v = activate8(v, act);
        if (out_bf16)
            _mm_storeu_si128(reinterpret_cast<__m128i*>(out16 + j), bf16_round8(v));
        else
            _mm256_storeu_ps(out32 + j, v);
    }
    if (j < n) {
        const int len = static_cast<int>(n - j);
        const __m256i mask = tail_mask(len);
        __m256 v = _mm256_maskload_ps(acc + j, mask);
        if (bias != nullptr)
            v = _mm256_add_ps(v, _mm256_maskload_ps(bias + j, mask));
        v = activate8(v, act);
        if (out_bf16) {
            alignas(32) uint16_t tmp[8];
            _mm_store_si128(reinterpret_cast<__m128i*>(tmp), bf16_round8(v));
            std::copy(tmp, tmp + len, out16 + j);
        } else {
            _mm256_maskstore_ps(out32 + j, mask, v);
        }
    }
}

static inline void finish8(__m256 v, const float* bias, Activation act, void* out, int64_t index, bool out_bf16) {
    if (bias != nullptr)
        v = _mm256_add_ps(v, _mm256_loadu_ps(bias));
    v = activate8(v, act);
    if (out_bf16)
        _mm_storeu_si128(reinterpret_cast<__m128i*>(static_cast<uint16_t*>(out) + index), bf16_round8(v));
    else
        _mm256_storeu_ps(static_cast<float*>(out) + index, v);
}

// gemm_micro_avx2 with the epilogue applied in registers: no store and reload through the workspace.
void gemm_micro_finish_avx2(
    int64_t kc, const float* a, const float* b, const float* c, int64_t ldc, bool accumulate, const TileOut& out) {
    const float* bias_hi = out.bias != nullptr ? out.bias + 8 : nullptr;
    micro_tile(
        kc, a, b, c, ldc, accumulate, [&out, bias_hi](int64_t i, __m256 lo, __m256 hi) __attribute__((always_inline)) {
            finish8(lo, out.bias, out.act, out.out, i * out.ldo, out.bf16);
            finish8(hi, bias_hi, out.act, out.out, i * out.ldo + 8, out.bf16);
        });
}

namespace {

// Four k steps at a time: the 6 x 4 block is transposed in registers (rows 0-3 by a 4 x 4 transpose, rows 4-5
// by an unpack) and written as 24 consecutive floats, eight stores where the scalar loop makes 24.
template <bool BF16>
void pack_a_panel_t(const void* data, int64_t base, int64_t row_stride, int64_t kc, float* panel) {
    const auto load4 = [&](int64_t r, int64_t p) -> __m128 {
        const int64_t at = base + r * row_stride + p;
        if constexpr (BF16) {
            const __m128i bits =
                _mm_loadl_epi64(reinterpret_cast<const __m128i*>(static_cast<const uint16_t*>(data) + at));
            return _mm_castsi128_ps(_mm_unpacklo_epi16(_mm_setzero_si128(), bits));
        } else {
            return _mm_loadu_ps(static_cast<const float*>(data) + at);
        }
    };
    int64_t p = 0;
    for (; p + 4 <= kc; p += 4) {
        __m128 r0 = load4(0, p), r1 = load4(1, p), r2 = load4(2, p), r3 = load4(3, p);
        const __m128 r4 = load4(4, p), r5 = load4(5, p);
        _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
        const __m128 lo = _mm_unpacklo_ps(r4, r5);  // rows 4, 5 at k steps 0, 1
        const __m128 hi = _mm_unpackhi_ps(r4, r5);  // rows 4, 5 at k steps 2, 3
        float* out = panel + p * kGemmMr;
        _mm_storeu_ps(out, r0);
        _mm_storel_pi(reinterpret_cast<__m64*>(out + 4), lo);
        _mm_storeu_ps(out + 6, r1);
        _mm_storeh_pi(reinterpret_cast<__m64*>(out + 10), lo);
        _mm_storeu_ps(out + 12, r2);
        _mm_storel_pi(reinterpret_cast<__m64*>(out + 16), hi);
        _mm_storeu_ps(out + 18, r3);
        _mm_storeh_pi(reinterpret_cast<__m64*>(out + 22), hi);
    }
    if (p < kc) {
        const int64_t elem = BF16 ? 2 : 4;
        gemm_pack_a_panel_scalar(
            static_cast<const std::byte*>(data) + p * elem, BF16, base, row_stride, kc - p, panel + p * kGemmMr);
    }
}

}  // namespace

void gemm_pack_a_panel_avx2(const void* data, bool bf16, int64_t base, int64_t row_stride, int64_t kc, float* panel) {
    if (bf16)
        pack_a_panel_t<true>(data, base, row_stride, kc, panel);
    else
        pack_a_panel_t<false>(data, base, row_stride, kc, panel);
}

namespace {

// r[i] holds 8 consecutive elements of row i; afterwards r[k] holds element k of the 8 rows.
inline void transpose8(__m256 (&r)[8]) {
    const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    const __m256 s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20), r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
    r[1] = _mm256_permute2f128_ps(s1, s5, 0x20), r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20), r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
    r[3] = _mm256_permute2f128_ps(s3, s7, 0x20), r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

// Eight k steps of the 16 columns at a time: two 8 x 8 register transposes, sixteen full-width stores.
template <bool BF16>
void pack_bt_panel_t(const void* data, int64_t base, int64_t col_stride, int64_t kc, float* panel) {
    int64_t p = 0;
    for (; p + 8 <= kc; p += 8) {
        for (int64_t half = 0; half < 2; ++half) {
            __m256 r[8];
            for (int64_t j = 0; j < 8; ++j) {
                const int64_t at = base + (half * 8 + j) * col_stride + p;
                if constexpr (BF16)
                    r[j] = bf16_widen8(static_cast<const uint16_t*>(data) + at);
                else
                    r[j] = _mm256_loadu_ps(static_cast<const float*>(data) + at);
            }
            transpose8(r);
            for (int64_t k = 0; k < 8; ++k)
                _mm256_storeu_ps(panel + (p + k) * kGemmNr + half * 8, r[k]);
        }
    }
    if (p < kc)
        gemm_pack_bt_panel_scalar(data, BF16, base + p, col_stride, kc - p, panel + p * kGemmNr);
}

}  // namespace

void gemm_pack_bt_panel_avx2(const void* data, bool bf16, int64_t base, int64_t col_stride, int64_t kc, float* panel) {
    if (bf16)
        pack_bt_panel_t<true>(data, base, col_stride, kc, panel);
    else
        pack_bt_panel_t<false>(data, base, col_stride, kc, panel);
}

}  // namespace ttnn::kernels
