// The conv kernels against naive references: the GEMM microkernels (scalar and AVX2) over every row and
// column count, im2col, and conv2d through the C++ API, including its error messages.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/conv_kernels.hpp"
#include "tensor_checks.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/isa.hpp"
#include "ttnn/ops/conv.hpp"

namespace {

using ttnn::kernels::ARows;
using ttnn::kernels::ConvGeometry;
using ttnn::kernels::GemmMicroKernel;
using ttnn::kernels::kGemmNR;

std::vector<float> random_floats(size_t count, uint32_t seed) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> out(count);
    for (float& v : out)
        v = dist(gen);
    return out;
}

// c = (accumulate ? c : bias) + a x b for row counts across two 6-row blocks and every nr, with A's rows
// strided, through a table (rows reversed, at a column offset) and segmented (runs of 10 columns 11 apart);
// nothing past m x nr written.
void check_micro(GemmMicroKernel micro, const char* name) {
    const size_t k = 37, lda = 41, ldc = 19, offset = 3;
    const std::vector<float> a = random_floats(13 * lda, 1);
    const std::vector<float> b_values = random_floats(k * kGemmNR, 2);
    ttnn::kernels::AlignedFloats b = ttnn::kernels::aligned_floats(b_values.size());  // panels are 32-byte aligned
    std::copy(b_values.begin(), b_values.end(), b.get());
    const std::vector<float> bias = random_floats(kGemmNR, 3);
    std::vector<const float*> table(13);
    for (size_t r = 0; r < 13; ++r)
        table[r] = a.data() + (12 - r) * lda;
    const ARows forms[] = {
        ARows{a.data(), lda}, ARows{nullptr, 0, table.data(), offset}, ARows{a.data(), lda, nullptr, 0, 10, 11}};
    for (const ARows& rows : forms) {
        for (size_t mr = 1; mr <= 13; ++mr) {
            for (size_t nr = 1; nr <= kGemmNR; ++nr) {
                for (bool accumulate : {false, true}) {
                    std::vector<float> c = random_floats(13 * ldc, 4);
                    const std::vector<float> before = c;
                    micro(k, rows, b.get(), c.data(), ldc, mr, nr, accumulate, bias.data());
                    for (size_t r = 0; r < 13; ++r) {
                        for (size_t j = 0; j < ldc; ++j) {
                            if (r >= mr || j >= nr) {
                                ASSERT_EQ(c[r * ldc + j], before[r * ldc + j]) << name << " wrote outside mr x nr";
                                continue;
                            }
                            double want = accumulate ? before[r * ldc + j] : bias[j];
                            for (size_t p = 0; p < k; ++p)
                                want += double(rows.at(r, p)) * b[p * kGemmNR + j];
                            ASSERT_NEAR(c[r * ldc + j], want, 1e-5)
                                << name << " mr=" << mr << " nr=" << nr << " form=" << (&rows - forms);
                        }
                    }
                }
            }
        }
    }
}

TEST(ConvKernels, ScalarMicrokernelMatchesReference) {
    check_micro(ttnn::kernels::gemm_micro_scalar, "scalar");
}

TEST(ConvKernels, Avx2MicrokernelMatchesReference) {
#if TTNN_HAVE_AVX2
    if (!ttnn::isa_available(ttnn::Isa::AVX2))
        GTEST_SKIP() << "this CPU lacks AVX2+FMA";
    check_micro(ttnn::kernels::gemm_micro_avx2, "avx2");
#else
    GTEST_SKIP() << "built without AVX2 kernels";
#endif
}

// im2col of bf16 input (scalar and AVX2) equals the fp32 im2col of the same values widened: the widening is
// exact, so bit for bit, including short channel runs (3 channels), padding and groups.
TEST(ConvKernels, Im2colOfBf16InputMatchesWidenedFp32) {
    ConvGeometry g;
    g.batch = 2, g.in_h = 9, g.in_w = 11, g.in_c = 6, g.out_c = 4, g.k_h = 3, g.k_w = 5, g.groups = 2;
    g.stride_h = 2, g.stride_w = 1, g.pad_top = 1, g.pad_left = 2;
    g.out_h = (g.in_h + 2 - g.k_h) / 2 + 1, g.out_w = g.in_w + 4 - g.k_w + 1;
    const std::vector<float> values = random_floats(g.pixels_in() * g.in_c, 11);
    std::vector<uint16_t> bits(values.size());
    std::vector<float> widened(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
        bits[i] = ttnn::bf16_from_f32(values[i]);
        widened[i] = ttnn::f32_from_bf16(bits[i]);
    }
    const size_t m0 = 3, rows = g.pixels_out() - 5;
    std::vector<float> want(rows * g.patch()), got(rows * g.patch());
    std::vector<ttnn::kernels::Im2colBf16Kernel> kernels{ttnn::kernels::im2col_rows_bf16_scalar};
#if TTNN_HAVE_AVX2
    if (ttnn::isa_available(ttnn::Isa::AVX2))
        kernels.push_back(ttnn::kernels::im2col_rows_bf16_avx2);
#endif
    for (size_t group = 0; group < g.groups; ++group) {
        ttnn::kernels::im2col_rows_scalar(g, widened.data(), group, m0, rows, want.data());
        for (const auto kernel : kernels) {
            std::fill(got.begin(), got.end(), -1.0f);
            kernel(g, bits.data(), group, m0, rows, got.data());
            ASSERT_EQ(got, want) << "group " << group;
        }
    }
}

// Naive NHWC convolution with OIHW weights.
std::vector<float> naive_conv(const ConvGeometry& g, const std::vector<float>& x, const std::vector<float>& w) {
    std::vector<float> out(g.pixels_out() * g.out_c, 0.0f);
    const size_t cg = g.group_in_c(), ocg = g.group_out_c();
    for (size_t n = 0; n < g.batch; ++n)
        for (size_t oh = 0; oh < g.out_h; ++oh)
            for (size_t ow = 0; ow < g.out_w; ++ow)
                for (size_t o = 0; o < g.out_c; ++o) {
                    double acc = 0;
                    const size_t group = o / ocg;
                    for (size_t c = 0; c < cg; ++c)
                        for (size_t kh = 0; kh < g.k_h; ++kh)
                            for (size_t kw = 0; kw < g.k_w; ++kw) {
                                const long ih = long(oh * g.stride_h + kh * g.dil_h) - long(g.pad_top);
                                const long iw = long(ow * g.stride_w + kw * g.dil_w) - long(g.pad_left);
                                if (ih < 0 || iw < 0 || ih >= long(g.in_h) || iw >= long(g.in_w))
                                    continue;
                                acc += double(x[((n * g.in_h + size_t(ih)) * g.in_w + size_t(iw)) * g.in_c +
                                                group * cg + c]) *
                                       w[((o * cg + c) * g.k_h + kh) * g.k_w + kw];
                            }
                    out[((n * g.out_h + oh) * g.out_w + ow) * g.out_c + o] = float(acc);
                }
    return out;
}

ttnn::Tensor host_tensor(const ttnn::Shape& shape, const std::vector<float>& values) {
    ttnn::Tensor t = ttnn::allocate_host_tensor(shape, ttnn::DataType::FLOAT32);
    std::copy(values.begin(), values.end(), t.data<float>());
    return t;
}

TEST(ConvKernels, Conv2dMatchesNaiveOnEveryPathAndIsa) {
    struct Case {
        uint32_t n, h, w, c, oc, k, s, p, d, groups;
    };
    const Case cases[] = {{2, 9, 7, 5, 17, 3, 2, 1, 2, 1},
                          {1, 12, 12, 3, 8, 7, 2, 3, 1, 1},
                          {1, 3, 3, 24, 64, 3, 1, 1, 1, 1},   // transposed GEMM
                          {1, 6, 5, 16, 20, 1, 1, 0, 1, 1},   // pointwise
                          {1, 8, 8, 12, 12, 3, 1, 1, 1, 12},  // depthwise
                          {1, 8, 8, 6, 9, 3, 1, 1, 1, 3},
                          {1, 5, 5, 8, 48, 3, 1, 1, 1, 1}};  // 25 pixels: column blocks share their columns
    for (const Case& t : cases) {
        ttnn::Conv2dParams p;
        p.stride = {t.s, t.s}, p.padding = {t.p, t.p, t.p, t.p}, p.dilation = {t.d, t.d}, p.groups = t.groups;
        const std::vector<float> x = random_floats(size_t{t.n} * t.h * t.w * t.c, 5);
        const std::vector<float> w = random_floats(size_t{t.oc} * (t.c / t.groups) * t.k * t.k, 6);
        ConvGeometry g;
        g.batch = t.n, g.in_h = t.h, g.in_w = t.w, g.in_c = t.c, g.out_c = t.oc, g.k_h = g.k_w = t.k;
        g.groups = t.groups, g.stride_h = g.stride_w = t.s, g.dil_h = g.dil_w = t.d, g.pad_top = g.pad_left = t.p;
        g.out_h = (t.h + 2 * t.p - t.d * (t.k - 1) - 1) / t.s + 1;
        g.out_w = (t.w + 2 * t.p - t.d * (t.k - 1) - 1) / t.s + 1;
        const std::vector<float> want = naive_conv(g, x, w);
        for (ttnn::Isa isa : {ttnn::Isa::SCALAR, ttnn::Isa::AVX2}) {
            if (!ttnn::isa_available(isa))
                continue;
            const ttnn::Isa previous = ttnn::active_isa();
            ttnn::set_isa(isa);
            const ttnn::Tensor out = ttnn::conv2d(host_tensor({t.n, t.h, t.w, t.c}, x),
                                                  host_tensor({t.oc, t.c / t.groups, t.k, t.k}, w),
                                                  std::nullopt,
                                                  p);
            ttnn::set_isa(previous);
            ASSERT_EQ(out.logical_shape(), (ttnn::Shape{t.n, uint32_t(g.out_h), uint32_t(g.out_w), t.oc}));
            for (size_t i = 0; i < want.size(); ++i) {
                ASSERT_NEAR(out.data<float>()[i], want[i], 1e-4) << "isa " << ttnn::name(isa) << " case k=" << t.k;
            }
        }
    }
}

TEST(ConvKernels, Conv2dRejectsBadParams) {
    const ttnn::Tensor x = host_tensor({1, 5, 5, 4}, random_floats(100, 7));
    const ttnn::Tensor w = host_tensor({4, 4, 3, 3}, random_floats(144, 8));
    ttnn::Conv2dParams zero_stride;
    zero_stride.stride = {0, 1};
    ttnn_test::expect_error([&] { ttnn::conv2d(x, w, std::nullopt, zero_stride); },
                            ttnn::ErrorKind::VALUE,
                            {"ttnn.conv2d: stride must be positive"});
    ttnn::Conv2dParams dilated;
    dilated.dilation = {3, 3};
    ttnn_test::expect_error([&] { ttnn::conv2d(x, w, std::nullopt, dilated); },
                            ttnn::ErrorKind::VALUE,
                            {"ttnn.conv2d: kernel is larger than the padded input along height", "got 7"});
}

TEST(ConvKernels, PreparedWeightsAreCachedUntilTheWeightGoes) {
    const size_t before = ttnn::prepared_conv_weight_count();
    const ttnn::Tensor x = host_tensor({1, 6, 6, 8}, random_floats(288, 9));
    ttnn::Tensor w = host_tensor({16, 8, 3, 3}, random_floats(1152, 10));
    const ttnn::Tensor plain = ttnn::conv2d(x, w, std::nullopt, {});
    ttnn::prepare_conv_weights(w, {});
    EXPECT_EQ(ttnn::prepared_conv_weight_count(), before + 1);
    for (int call = 0; call < 2; ++call) {  // the first call packs into the cache, the second reuses it
        const ttnn::Tensor out = ttnn::conv2d(x, w, std::nullopt, {});
        for (size_t i = 0; i < plain.logical_shape().volume(); ++i) {
            ASSERT_EQ(out.data<float>()[i], plain.data<float>()[i]);
        }
    }
    w.deallocate();
    EXPECT_EQ(ttnn::prepared_conv_weight_count(), before);
}

}  // namespace
