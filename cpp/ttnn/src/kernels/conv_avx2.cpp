// AVX2+FMA kernels of the conv family; each must agree with its scalar twin in conv_scalar.cpp.
#include <immintrin.h>

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "kernels/codec_avx2.hpp"
#include "kernels/conv_kernels.hpp"
#include "ttnn/dtype.hpp"

namespace ttnn::kernels {
namespace {

// loadu(kLaneMask + 8 - n) has its first n lanes set: the mask for a partial vector of n floats.
alignas(64) constexpr int32_t kLaneMask[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

inline __m256i lane_mask(size_t n) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kLaneMask + 8 - (n > 8 ? 8 : n)));
}

// 12 accumulators, 2 B vectors and 1 broadcast: 15 of the 16 ymm registers. The accumulators are named
// variables, not an array, so the compiler keeps them in registers. MR (the rows of this block) is a template
// argument, so a short last block (49 pixels: 8 x 6 + 1) computes only its own rows: rows past MR are
// compiled out.
#define TTNN_CONV_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5)

// kBf16: the finished rows are rounded to bf16 into out (ldo apart) instead of stored to c.
template <size_t MR, bool kBf16 = false>
inline __attribute__((always_inline)) void gemm_micro(size_t k,
                                                      const ARows& a,
                                                      const float* b,
                                                      float* c,
                                                      size_t ldc,
                                                      size_t nr,
                                                      bool accumulate,
                                                      const float* bias,
                                                      uint16_t* out = nullptr,
                                                      size_t ldo = 0) {
    const __m256i m0 = lane_mask(nr);
    const __m256i m1 = lane_mask(nr > 8 ? nr - 8 : 0);
#define TTNN_ROW_PTR(R) const float* a##R = a.row(R < MR ? R : 0);  // advanced per segment below
    TTNN_CONV_ROWS(TTNN_ROW_PTR)
#undef TTNN_ROW_PTR
    const __m256 b0 = bias != nullptr ? _mm256_loadu_ps(bias) : _mm256_setzero_ps();
    const __m256 b1 = bias != nullptr ? _mm256_loadu_ps(bias + 8) : _mm256_setzero_ps();
#define TTNN_INIT(R)                                       \
    __m256 c##R##0 = b0, c##R##1 = b1;                     \
    if (accumulate && R < MR) {                            \
        c##R##0 = _mm256_maskload_ps(c + R * ldc, m0);     \
        c##R##1 = _mm256_maskload_ps(c + R * ldc + 8, m1); \
    }
    TTNN_CONV_ROWS(TTNN_INIT)
#undef TTNN_INIT
    // One pass per segment (one when A is not segmented); the row pointers move a segment stride each time.
    const size_t seg = a.seg_len == 0 ? k : a.seg_len;
    for (size_t s0 = 0; s0 < k; s0 += seg) {
        const size_t end = s0 + seg < k ? s0 + seg : k;
        for (size_t p = s0; p < end; ++p) {
            // One B row is one cache line; ask for the one 16 rows ahead (late layers stream their weights).
            _mm_prefetch(reinterpret_cast<const char*>(b + (p + 16) * kGemmNR), _MM_HINT_T0);
            const __m256 v0 = _mm256_load_ps(b + p * kGemmNR);
            const __m256 v1 = _mm256_load_ps(b + p * kGemmNR + 8);
            const size_t q = p - s0;
#define TTNN_FMA(R)                                      \
    if (R < MR) {                                        \
        const __m256 av = _mm256_broadcast_ss(a##R + q); \
        c##R##0 = _mm256_fmadd_ps(av, v0, c##R##0);      \
        c##R##1 = _mm256_fmadd_ps(av, v1, c##R##1);      \
    }
            TTNN_CONV_ROWS(TTNN_FMA)
#undef TTNN_FMA
        }
#define TTNN_NEXT_SEGMENT(R) a##R += a.seg_stride;
        TTNN_CONV_ROWS(TTNN_NEXT_SEGMENT)
#undef TTNN_NEXT_SEGMENT
    }
#define TTNN_STORE_BF16(R)                                                                         \
    if (R < MR) {                                                                                  \
        if (nr == kGemmNR) {                                                                       \
            _mm_storeu_si128(reinterpret_cast<__m128i*>(out + R * ldo), bf16_round8(c##R##0));     \
            _mm_storeu_si128(reinterpret_cast<__m128i*>(out + R * ldo + 8), bf16_round8(c##R##1)); \
        } else {                                                                                   \
            alignas(16) uint16_t row[kGemmNR];                                                     \
            _mm_store_si128(reinterpret_cast<__m128i*>(row), bf16_round8(c##R##0));                \
            _mm_store_si128(reinterpret_cast<__m128i*>(row + 8), bf16_round8(c##R##1));            \
            std::memcpy(out + R * ldo, row, nr * sizeof(uint16_t));                                \
        }                                                                                          \
    }
    if constexpr (kBf16) {
        TTNN_CONV_ROWS(TTNN_STORE_BF16)
        return;
    }
#undef TTNN_STORE_BF16
#define TTNN_STORE(R)                                          \
    if (R < MR) {                                              \
        if (nr == kGemmNR) {                                   \
            _mm256_storeu_ps(c + R * ldc, c##R##0);            \
            _mm256_storeu_ps(c + R * ldc + 8, c##R##1);        \
        } else {                                               \
            _mm256_maskstore_ps(c + R * ldc, m0, c##R##0);     \
            _mm256_maskstore_ps(c + R * ldc + 8, m1, c##R##1); \
        }                                                      \
    }
    TTNN_CONV_ROWS(TTNN_STORE)
#undef TTNN_STORE
}
#undef TTNN_CONV_ROWS

// Sum over the valid taps of one output pixel for channels [c, c + 8 * V).
template <size_t V>
inline void depthwise_block(const ConvGeometry& g,
                            const float* image,
                            const float* weight,
                            const float* bias,
                            ptrdiff_t ih0,
                            ptrdiff_t iw0,
                            size_t c,
                            size_t lanes,
                            float* o) {
    const __m256i tail = lane_mask(lanes - 8 * (V - 1));
    __m256 acc[V];
    for (size_t v = 0; v < V; ++v) {
        const bool last = v + 1 == V;
        acc[v] = bias == nullptr ? _mm256_setzero_ps()
                 : last          ? _mm256_maskload_ps(bias + c + 8 * v, tail)
                                 : _mm256_loadu_ps(bias + c + 8 * v);
    }
    for (size_t kh = 0; kh < g.k_h; ++kh) {
        const ptrdiff_t ih = ih0 + static_cast<ptrdiff_t>(kh * g.dil_h);
        if (ih < 0 || ih >= static_cast<ptrdiff_t>(g.in_h))
            continue;
        for (size_t kw = 0; kw < g.k_w; ++kw) {
            const ptrdiff_t iw = iw0 + static_cast<ptrdiff_t>(kw * g.dil_w);
            if (iw < 0 || iw >= static_cast<ptrdiff_t>(g.in_w))
                continue;
            const float* x = image + (static_cast<size_t>(ih) * g.in_w + static_cast<size_t>(iw)) * g.in_c + c;
            const float* w = weight + (kh * g.k_w + kw) * g.in_c + c;
            for (size_t v = 0; v < V; ++v) {
                const bool last = v + 1 == V;
                const __m256 xv = last ? _mm256_maskload_ps(x + 8 * v, tail) : _mm256_loadu_ps(x + 8 * v);
                const __m256 wv = last ? _mm256_maskload_ps(w + 8 * v, tail) : _mm256_loadu_ps(w + 8 * v);
                acc[v] = _mm256_fmadd_ps(xv, wv, acc[v]);
            }
        }
    }
    for (size_t v = 0; v + 1 < V; ++v)
        _mm256_storeu_ps(o + c + 8 * v, acc[v]);
    _mm256_maskstore_ps(o + c + 8 * (V - 1), tail, acc[V - 1]);
}

// P pixels of one output row whose taps all lie inside the input row, channels [c, c + 8), over the valid
// kernel rows [kh_lo, kh_hi), to o, or rounded to bf16 into o16 when given: a weight vector is loaded once per tap for
// P pixels (the per-pixel kernel loads one per multiply-add, so loads, not FMAs, bounded it). Taps summed in the same
// order as depthwise_block.
template <size_t P>
inline void depthwise_pixels(const ConvGeometry& g,
                             const float* image,
                             const float* weight,
                             const float* bias,
                             size_t kh_lo,
                             size_t kh_hi,
                             ptrdiff_t ih0,
                             size_t iw0,
                             size_t c,
                             float* o,
                             uint16_t* o16) {
    __m256 acc[P];
    for (size_t p = 0; p < P; ++p)
        acc[p] = bias == nullptr ? _mm256_setzero_ps() : _mm256_loadu_ps(bias + c);
    const size_t xs = g.stride_w * g.in_c, dw = g.dil_w * g.in_c;
    for (size_t kh = kh_lo; kh < kh_hi; ++kh) {
        const size_t ih = static_cast<size_t>(ih0 + static_cast<ptrdiff_t>(kh * g.dil_h));
        const float* x = image + (ih * g.in_w + iw0) * g.in_c + c;
        const float* w = weight + kh * g.k_w * g.in_c + c;
        for (size_t kw = 0; kw < g.k_w; ++kw, x += dw, w += g.in_c) {
            const __m256 wv = _mm256_loadu_ps(w);
            for (size_t p = 0; p < P; ++p)
                acc[p] = _mm256_fmadd_ps(_mm256_loadu_ps(x + p * xs), wv, acc[p]);
        }
    }
    for (size_t p = 0; p < P; ++p) {
        if (o16 != nullptr) {
            _mm_storeu_si128(reinterpret_cast<__m128i*>(o16 + p * g.in_c + c), bf16_round8(acc[p]));
        } else {
            _mm256_storeu_ps(o + p * g.in_c + c, acc[p]);
        }
    }
}

// Output pixels [ow_begin, ow_end) of row oh through depthwise_block (any channel count, any border), to out
// and, when out16 is given, rounded from there into it.
void depthwise_pixels_any(const ConvGeometry& g,
                          const float* image,
                          const float* weight,
                          const float* bias,
                          ptrdiff_t ih0,
                          size_t ow_begin,
                          size_t ow_end,
                          float* out,
                          uint16_t* out16) {
    for (size_t ow = ow_begin; ow < ow_end; ++ow) {
        const ptrdiff_t iw0 = static_cast<ptrdiff_t>(ow * g.stride_w) - static_cast<ptrdiff_t>(g.pad_left);
        float* o = out + ow * g.in_c;
        size_t c = 0;
        for (; c + 32 <= g.in_c; c += 32)
            depthwise_block<4>(g, image, weight, bias, ih0, iw0, c, 32, o);
        for (; c < g.in_c; c += 8) {
            depthwise_block<1>(g, image, weight, bias, ih0, iw0, c, g.in_c - c < 8 ? g.in_c - c : 8, o);
        }
    }
    if (out16 == nullptr)
        return;
    const size_t begin = ow_begin * g.in_c, end = ow_end * g.in_c;
    size_t i = begin;
    for (; i + 8 <= end; i += 8)
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out16 + i), bf16_round8(_mm256_loadu_ps(out + i)));
    for (; i < end; ++i)
        out16[i] = bf16_from_f32(out[i]);
}

}  // namespace

void gemm_micro_avx2(size_t k,
                     const ARows& a,
                     const float* b,
                     float* c,
                     size_t ldc,
                     size_t m,
                     size_t nr,
                     bool accumulate,
                     const float* bias) {
    size_t i = 0;
    for (; i + kGemmMR <= m; i += kGemmMR)
        gemm_micro<kGemmMR>(k, a.from(i, 0), b, c + i * ldc, ldc, nr, accumulate, bias);
    const ARows rest = a.from(i, 0);
    c += i * ldc;
    switch (m - i) {
        case 1:
            return gemm_micro<1>(k, rest, b, c, ldc, nr, accumulate, bias);
        case 2:
            return gemm_micro<2>(k, rest, b, c, ldc, nr, accumulate, bias);
        case 3:
            return gemm_micro<3>(k, rest, b, c, ldc, nr, accumulate, bias);
        case 4:
            return gemm_micro<4>(k, rest, b, c, ldc, nr, accumulate, bias);
        case 5:
            return gemm_micro<5>(k, rest, b, c, ldc, nr, accumulate, bias);
        default:
            return;
    }
}

void gemm_micro_bf16_avx2(size_t k,
                          const ARows& a,
                          const float* b,
                          const float* c_in,
                          size_t ldc,
                          size_t m,
                          size_t nr,
                          bool accumulate,
                          const float* bias,
                          uint16_t* out,
                          size_t ldo) {
    float* c = const_cast<float*>(c_in);  // read only: the kBf16 kernel stores to out
    size_t i = 0;
    for (; i + kGemmMR <= m; i += kGemmMR)
        gemm_micro<kGemmMR, true>(k, a.from(i, 0), b, c + i * ldc, ldc, nr, accumulate, bias, out + i * ldo, ldo);
    const ARows rest = a.from(i, 0);
    c += i * ldc, out += i * ldo;
    switch (m - i) {
        case 1:
            return gemm_micro<1, true>(k, rest, b, c, ldc, nr, accumulate, bias, out, ldo);
        case 2:
            return gemm_micro<2, true>(k, rest, b, c, ldc, nr, accumulate, bias, out, ldo);
        case 3:
            return gemm_micro<3, true>(k, rest, b, c, ldc, nr, accumulate, bias, out, ldo);
        case 4:
            return gemm_micro<4, true>(k, rest, b, c, ldc, nr, accumulate, bias, out, ldo);
        case 5:
            return gemm_micro<5, true>(k, rest, b, c, ldc, nr, accumulate, bias, out, ldo);
        default:
            return;
    }
}

void depthwise_row_avx2(const ConvGeometry& g,
                        const float* image,
                        const float* weight,
                        const float* bias,
                        size_t oh,
                        float* out,
                        uint16_t* out_bf16) {
    const ptrdiff_t ih0 = static_cast<ptrdiff_t>(oh * g.stride_h) - static_cast<ptrdiff_t>(g.pad_top);
    const ptrdiff_t stride = static_cast<ptrdiff_t>(g.stride_w), pad = static_cast<ptrdiff_t>(g.pad_left);
    const ptrdiff_t last_tap = static_cast<ptrdiff_t>((g.k_w - 1) * g.dil_w), width = static_cast<ptrdiff_t>(g.in_w);
    // Interior pixels [a, b): ow * stride - pad >= 0 and ow * stride - pad + last_tap < in_w.
    const ptrdiff_t a = std::min<ptrdiff_t>((pad + stride - 1) / stride, static_cast<ptrdiff_t>(g.out_w));
    const ptrdiff_t room = width - 1 - last_tap + pad;
    const ptrdiff_t b = std::clamp<ptrdiff_t>(room < 0 ? 0 : room / stride + 1, a, static_cast<ptrdiff_t>(g.out_w));
    if (g.in_c % 8 != 0 || a == b) {
        depthwise_pixels_any(g, image, weight, bias, ih0, 0, g.out_w, out, out_bf16);
        return;
    }
    // The kernel rows inside the image: the same for every pixel of the row.
    size_t kh_lo = 0, kh_hi = g.k_h;
    while (kh_lo < g.k_h && ih0 + static_cast<ptrdiff_t>(kh_lo * g.dil_h) < 0)
        ++kh_lo;
    while (kh_hi > kh_lo && ih0 + static_cast<ptrdiff_t>((kh_hi - 1) * g.dil_h) >= static_cast<ptrdiff_t>(g.in_h))
        --kh_hi;
    depthwise_pixels_any(g, image, weight, bias, ih0, 0, static_cast<size_t>(a), out, out_bf16);
    size_t ow = static_cast<size_t>(a);
    const auto run = [&](auto pixels) {
        constexpr size_t P = decltype(pixels)::value;
        const size_t iw0 = ow * g.stride_w - g.pad_left;
        uint16_t* o16 = out_bf16 != nullptr ? out_bf16 + ow * g.in_c : nullptr;
        for (size_t c = 0; c < g.in_c; c += 8)
            depthwise_pixels<P>(g, image, weight, bias, kh_lo, kh_hi, ih0, iw0, c, out + ow * g.in_c, o16);
        ow += P;
    };
    while (ow + 8 <= static_cast<size_t>(b))
        run(std::integral_constant<size_t, 8>{});
    while (ow < static_cast<size_t>(b))
        run(std::integral_constant<size_t, 1>{});
    depthwise_pixels_any(g, image, weight, bias, ih0, static_cast<size_t>(b), g.out_w, out, out_bf16);
}

}  // namespace ttnn::kernels
