#pragma once
// Row kernels of softmax and the normalizations, per ISA; ops/normalization*.cpp pick the active set. Every
// row is fp32 (loaded from bf16/fp32 storage by the op) and every statistic is accumulated in fp32.
#include <cstdint>
#include <type_traits>

namespace ttnn::kernels {

// Where a softmax row is read from: fp32 or bf16 storage, or (both null) the working row itself.
struct RowIn {
    const float* f32 = nullptr;
    const uint16_t* bf16 = nullptr;
};

struct NormKernels {
    // x[j] = softmax(x * scale + mask)[j] over n values (log_softmax when `log`); mask may be null. With
    // in.f32 or in.bf16 the n values are read from there, not from x; with bf16_out the results go there,
    // rounded to bf16, and x is left as scratch.
    void (*softmax_row)(float* x, int64_t n, float scale, const float* mask, bool log, RowIn in, uint16_t* bf16_out);
    // sum and sum of squared deviations from `center` of n values; each is skipped when its pointer is null.
    void (*sums)(const float* x, int64_t n, float center, float* sum, float* sum_sq);
    // x[j] = src[j] widened from bf16; returns their sum, or with `squares` the sum of their squares (as sums).
    float (*widen_sum)(const uint16_t* src, int64_t n, float* x, bool squares);
    // y[j] = (x[j] - mean) * rstd * (w ? w[j] : 1) + (b ? b[j] : 0), or rounded into bf16_out[j] when given.
    void (*normalize_row)(const float* x,
                          int64_t n,
                          float mean,
                          float rstd,
                          const float* w,
                          const float* b,
                          float* y,
                          uint16_t* bf16_out);
};
const NormKernels& norm_kernels();

// Each tier's kernels, named <kernel>_<tier>.
#define TTNN_NORM_KERNELS(TIER)                                                                       \
    void softmax_row_##TIER(                                                                          \
        float* x, int64_t n, float scale, const float* mask, bool log, RowIn in, uint16_t* bf16_out); \
    void sums_##TIER(const float* x, int64_t n, float center, float* sum, float* sum_sq);             \
    float widen_sum_##TIER(const uint16_t* src, int64_t n, float* x, bool squares);                   \
    void normalize_row_##TIER(const float* x,                                                         \
                              int64_t n,                                                              \
                              float mean,                                                             \
                              float rstd,                                                             \
                              const float* w,                                                         \
                              const float* b,                                                         \
                              float* y,                                                               \
                              uint16_t* bf16_out);
TTNN_NORM_KERNELS(scalar)
#if TTNN_HAVE_AVX2
TTNN_NORM_KERNELS(avx2)
#endif
#if TTNN_HAVE_AVX512
TTNN_NORM_KERNELS(avx512)
#endif

// f(std::bool_constant<a>, std::bool_constant<b>): the SIMD tiers instantiate their row loops once per
// combination of two flags (weight and bias present, sum and squares asked for), so the loops carry no tests.
template <typename F>
void with_flags(bool a, bool b, F f) {
    if (a && b)
        f(std::true_type{}, std::true_type{});
    else if (a)
        f(std::true_type{}, std::false_type{});
    else if (b)
        f(std::false_type{}, std::true_type{});
    else
        f(std::false_type{}, std::false_type{});
}

// The online-softmax step of flash attention for a block of score rows (attention_*.cpp): per row r, with
// x[j] = s[r][j] * scale: m_new = max(m[r], max_j x[j]); P[r][j] = exp(x[j] - m_new); l[r] = l[r] * c +
// sum_j P[r][j]; o[r][0..dv) *= c, with c = exp(m[r] - m_new); m[r] = m_new. Rows whose scores are all -inf
// stay 0. The scale is folded into the exponent so unmasked blocks need no separate pass over the scores.
// P goes back into s (fp32), or with p into p[r * ldp + j] rounded to bf16 for the bf16 product with V (the
// exp then only needs bf16 accuracy; l sums the fp32 values); s is scratch then.
using OnlineSoftmaxFn = void(float* s,
                             int64_t rows,
                             int64_t cols,
                             int64_t lds,
                             float scale,
                             float* m,
                             float* l,
                             float* o,
                             int64_t ldo,
                             int64_t dv,
                             uint16_t* p,
                             int64_t ldp);
struct AttentionKernels {
    OnlineSoftmaxFn* online_softmax;
};
const AttentionKernels& attention_kernels();
OnlineSoftmaxFn online_softmax_scalar;
#if TTNN_HAVE_AVX2
OnlineSoftmaxFn online_softmax_avx2;
#endif
#if TTNN_HAVE_AVX512
OnlineSoftmaxFn online_softmax_avx512;
#endif

}  // namespace ttnn::kernels
