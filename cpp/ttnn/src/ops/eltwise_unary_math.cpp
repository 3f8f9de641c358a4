// TT-NN's unary element-wise ops beyond the vector-kernel set of eltwise_unary.cpp: inverse and hyperbolic
// trig, logs and exponentials of other bases, special functions, shrinks and thresholds. One table row per
// TT-NN name (its parameters by TT-NN's names and defaults); eltwise_math.cpp runs every row.
#include <cmath>
#include <limits>
#include <numbers>

#include "ttnn/error.hpp"

#include "ops/eltwise_math.hpp"
#include "ops/families.hpp"

namespace ttnn::ops {
namespace {

using X = const double*;
using P = const MathParams&;
using I = const int64_t*;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

double sigmoid(double v) {
    return 1.0 / (1.0 + std::exp(-v));
}

double softplus(double v) {
    return v > 20.0 ? v : std::log1p(std::exp(v));
}

// ψ(x): reflection below zero, the recurrence ψ(x) = ψ(x + 1) - 1/x up to 6, then the asymptotic series.
double digamma(double v) {
    if (v == 0.0)
        return std::signbit(v) ? kInf : -kInf;  // torch's value at ±0
    if (v < 0.0) {
        if (v == std::floor(v))
            return kNaN;
        return digamma(1.0 - v) - std::numbers::pi / std::tan(std::numbers::pi * v);
    }
    double result = 0.0;
    while (v < 6.0) {
        result -= 1.0 / v;
        v += 1.0;
    }
    const double r = 1.0 / (v * v);
    const double series = r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (1.0 / 240 - r * (1.0 / 132)))));
    return result + std::log(v) - 0.5 / v - series;
}

// ψ⁽ᵏ⁾(x) = (-1)^(k+1) k! ζ(k + 1, x) for k >= 1. The recurrence ψ⁽ᵏ⁾(x) = ψ⁽ᵏ⁾(x + 1) - (-1)^k k! / x^(k+1) moves x
// to 10 or more (a pole at 0 and the negative integers becomes an infinite term), where seven Euler-Maclaurin
// terms of the Hurwitz zeta reach double precision for every k up to 10.
double polygamma(int k, double v) {
    if (std::isnan(v) || v == -kInf)
        return kNaN;
    if (v == kInf)
        return 0.0;
    const double s = k + 1.0;
    double zeta = 0.0;
    for (; v < 10.0; v += 1.0)
        zeta += std::pow(v, -s);
    // B₂ⱼ / (2j)! for j = 1..7
    constexpr double kBernoulli[] = {
        1.0 / 12, -1.0 / 720, 1.0 / 30240, -1.0 / 1209600, 1.0 / 47900160, -691.0 / 1307674368000, 1.0 / 74724249600};
    double tail = std::pow(v, 1.0 - s) / (s - 1.0) + 0.5 * std::pow(v, -s);
    double rising = s;  // s (s + 1) ... (s + 2j - 2)
    double power = std::pow(v, -s - 1.0);
    for (int j = 1; j <= 7; ++j) {
        tail += kBernoulli[j - 1] * rising * power;
        rising *= (s + 2.0 * j - 1.0) * (s + 2.0 * j);
        power /= v * v;
    }
    const double sign = k % 2 == 1 ? 1.0 : -1.0;
    return sign * std::tgamma(s) * (zeta + tail);
}

// TT-NN supports orders 1 to 10 (k = 0 is digamma).
void check_polygamma_order(std::string_view op, const MathParams& p) {
    TTNN_CHECK(p[0] >= 1.0 && p[0] <= 10.0 && p[0] == std::trunc(p[0]),
               VALUE,
               "ttnn.",
               op,
               ": k must be an integer from 1 to 10; got ",
               p[0]);
}

// value / x, then rounded as round_mode says: 0 none, 1 'trunc', 2 'floor' (torch.div's rounding_mode).
double rdiv(double x, double value, double round_mode) {
    const double q = value / x;
    return round_mode == 1.0 ? std::trunc(q) : round_mode == 2.0 ? std::floor(q) : q;
}

// erf⁻¹: Giles' single-precision approximation ("Approximating the erfinv function", 2010) as the first
// guess, then two Newton steps on erf, which bring it to double precision.
double erfinv_guess(double v) {
    double w = -std::log((1.0 - v) * (1.0 + v));
    double p = 0.0;
    if (w < 5.0) {
        w -= 2.5;
        for (double c : {2.81022636e-08,
                         3.43273939e-07,
                         -3.5233877e-06,
                         -4.39150654e-06,
                         0.00021858087,
                         -0.00125372503,
                         -0.00417768164,
                         0.246640727,
                         1.50140941})
            p = p * w + c;
    } else {
        w = std::sqrt(w) - 3.0;
        for (double c : {-0.000200214257,
                         0.000100950558,
                         0.00134934322,
                         -0.00367342844,
                         0.00573950773,
                         -0.0076224613,
                         0.00943887047,
                         1.00167406,
                         2.83297682})
            p = p * w + c;
    }
    return p * v;
}

double erfinv(double v) {
    if (std::isnan(v) || v < -1.0 || v > 1.0)
        return kNaN;
    if (std::fabs(v) == 1.0)
        return std::copysign(kInf, v);
    double y = erfinv_guess(v);
    for (int step = 0; step < 2; ++step)
        y -= (std::erf(y) - v) / (2.0 / std::sqrt(std::numbers::pi) * std::exp(-y * y));
    return y;
}

// I₀(x) = Σ ((x/2)^k / k!)²: terms shrink fast enough for every finite float input.
double bessel_i0(double v) {
    if (std::isinf(v) || std::isnan(v))
        return std::fabs(v);
    const double q = v * v / 4.0;
    double term = 1.0;
    double sum = 1.0;
    for (int k = 1; k < 500 && term > sum * 1e-17; ++k) {
        term *= q / (static_cast<double>(k) * k);
        sum += term;
    }
    return sum;
}

// torch.special.multigammaln with p = 4 (TT-NN's only order): Σⱼ lgamma(x - j/2) + 3 ln π.
double multigammaln(double v) {
    return std::lgamma(v) + std::lgamma(v - 0.5) + std::lgamma(v - 1.0) + std::lgamma(v - 1.5) +
           3.0 * std::log(std::numbers::pi);
}

double shrink(double v, double lambd, bool soft) {
    if (v > lambd)
        return soft ? v - lambd : v;
    if (v < -lambd)
        return soft ? v + lambd : v;
    return std::isnan(v) ? v : 0.0;
}

std::vector<MathOp> unary_rows() {
    // TT-NN's fast_and_approximate_mode, on the ops that take it: no approximate form here, the exact value.
    const MathParam approx{"fast_and_approximate_mode", 0.0, false, true};
    return {
        {"acos", "Inverse cosine.", {}, [](X x, P) { return std::acos(x[0]); }},
        {"asin", "Inverse sine.", {}, [](X x, P) { return std::asin(x[0]); }},
        {"atan", "Inverse tangent.", {}, [](X x, P) { return std::atan(x[0]); }},
        {"acosh", "Inverse hyperbolic cosine.", {}, [](X x, P) { return std::acosh(x[0]); }},
        {"asinh", "Inverse hyperbolic sine.", {}, [](X x, P) { return std::asinh(x[0]); }},
        {"atanh", "Inverse hyperbolic tangent.", {}, [](X x, P) { return std::atanh(x[0]); }},
        {"tan", "Tangent.", {}, [](X x, P) { return std::tan(x[0]); }},
        {"sinh", "Hyperbolic sine.", {}, [](X x, P) { return std::sinh(x[0]); }},
        {"cosh", "Hyperbolic cosine.", {}, [](X x, P) { return std::cosh(x[0]); }},
        {"cbrt", "Cube root (negative inputs too).", {}, [](X x, P) { return std::cbrt(x[0]); }},
        {"deg2rad", "x * pi / 180.", {}, [](X x, P) { return x[0] * (std::numbers::pi / 180.0); }},
        {"rad2deg", "x * 180 / pi.", {}, [](X x, P) { return x[0] * (180.0 / std::numbers::pi); }},
        {"erfc",
         "1 - erf(x), without the cancellation; fast_and_approximate_mode gives the exact value.",
         {approx},
         [](X x, P) { return std::erfc(x[0]); }},
        {"erfinv", "The inverse error function on [-1, 1].", {}, [](X x, P) { return erfinv(x[0]); }},
        {"exp2", "2^x.", {}, [](X x, P) { return std::exp2(x[0]); }},
        {"log10",
         "Base-10 logarithm; fast_and_approximate_mode gives the exact value.",
         {approx},
         [](X x, P) { return std::log10(x[0]); }},
        {"log2",
         "Base-2 logarithm; fast_and_approximate_mode gives the exact value.",
         {approx},
         [](X x, P) { return std::log2(x[0]); }},
        {"frac", "x - trunc(x) (torch.frac).", {}, [](X x, P) { return x[0] - std::trunc(x[0]); }},
        {"lgamma", "log(abs(Gamma(x)).", {}, [](X x, P) { return std::lgamma(x[0]); }},
        {"digamma", "Gamma'(x) / Gamma(x).", {}, [](X x, P) { return digamma(x[0]); }},
        {"polygamma",
         "The k-th derivative of digamma, k from 1 to 10 (torch.polygamma(k, x)).",
         {{"k", 0.0, true}},
         [](X x, P p) { return polygamma(static_cast<int>(p[0]), x[0]); },
         nullptr,
         check_polygamma_order},
        {"i0", "Modified Bessel function of the first kind, order 0.", {}, [](X x, P) { return bessel_i0(x[0]); }},
        {"multigammaln", "Multivariate log-gamma of order 4.", {}, [](X x, P) { return multigammaln(x[0]); }},
        {"log_sigmoid", "log(sigmoid(x)) = -softplus(-x).", {}, [](X x, P) { return -softplus(-x[0]); }},
        {"sigmoid_accurate", "1 / (1 + exp(-x)), exact form.", {}, [](X x, P) { return sigmoid(x[0]); }},
        {"swish", "x * sigmoid(x) (alias of silu).", {}, [](X x, P) { return x[0] * sigmoid(x[0]); }},
        {"mish", "x * tanh(softplus(x)).", {}, [](X x, P) { return x[0] * std::tanh(softplus(x[0])); }},
        {"softsign", "x / (1 + abs(x)).", {}, [](X x, P) { return x[0] / (1.0 + std::fabs(x[0])); }},
        {"tanhshrink", "x - tanh(x).", {}, [](X x, P) { return x[0] - std::tanh(x[0]); }},
        {"selu",
         "scale * (max(0, x) + min(0, alpha * (exp(x) - 1))), torch's constants by default.",
         {{"scale", 1.0507009873554804934193349852946}, {"alpha", 1.6732632423543772848170429916717}},
         [](X x, P p) { return p[0] * (x[0] > 0.0 ? x[0] : p[1] * std::expm1(x[0])); }},
        {"celu",
         "max(0, x) + min(0, alpha * (exp(x / alpha) - 1)) (default alpha 1).",
         {{"alpha", 1.0}},
         [](X x, P p) { return x[0] > 0.0 ? x[0] : p[0] * std::expm1(x[0] / p[0]); }},
        {"softshrink",
         "x - lambd above lambd, x + lambd below -lambd, else 0 (default 0.5).",
         {{"lambd", 0.5}},
         [](X x, P p) { return shrink(x[0], p[0], true); }},
        {"hardshrink",
         "x where abs(x) > lambd, else 0 (default 0.5).",
         {{"lambd", 0.5}},
         [](X x, P p) { return shrink(x[0], p[0], false); }},
        {"signbit",
         "1 where the sign bit is set (-0 and NaN with sign included), else 0.",
         {},
         [](X x, P) { return std::signbit(x[0]) ? 1.0 : 0.0; }},
        {"isfinite", "1 where x is finite, else 0.", {}, [](X x, P) { return std::isfinite(x[0]) ? 1.0 : 0.0; }},
        {"isposinf", "1 where x is +inf, else 0.", {}, [](X x, P) { return x[0] == kInf ? 1.0 : 0.0; }},
        {"isneginf", "1 where x is -inf, else 0.", {}, [](X x, P) { return x[0] == -kInf ? 1.0 : 0.0; }},
        {"heaviside",
         "0 where x < 0, value where x == 0, 1 where x > 0 (torch.heaviside with a number).",
         {{"value", 0.0, true}},
         [](X x, P p) { return x[0] == 0.0  ? p[0]
                               : x[0] > 0.0 ? 1.0
                                            : 0.0; }},
        {"rdiv",
         "value / x, rounded by round_mode: None, 'trunc' or 'floor' (torch.div's rounding_mode).",
         {{"value", 0.0, true}, {"round_mode", 0.0, false, false, {"trunc", "floor"}}},
         [](X x, P p) { return rdiv(x[0], p[0], p[1]); }},
        {"rpow",
         "exponent ** x: a number raised to each element.",
         {{"exponent", 0.0, true}},
         [](X x, P p) { return std::pow(p[0], x[0]); }},
        {"identity", "x unchanged (a copy).", {}, [](X x, P) { return x[0]; }, [](I x, P) { return x[0]; }},
        {"fill",
         "fill_value in every element, shaped and typed as the input.",
         {{"fill_value", 0.0, true}},
         [](X, P p) { return p[0]; },
         [](I, P p) { return static_cast<int64_t>(p[0]); }},
        {"relu6",
         "min(max(x, 0), 6).",
         {},
         [](X x, P) { return std::isnan(x[0]) ? x[0] : std::min(std::max(x[0], 0.0), 6.0); },
         [](I x, P) { return std::min<int64_t>(std::max<int64_t>(x[0], 0), 6); }},
        {"relu_max",
         "min(max(x, 0), upper_limit).",
         {{"upper_limit", 0.0, true}},
         [](X x, P p) { return std::isnan(x[0]) ? x[0] : std::min(std::max(x[0], 0.0), p[0]); }},
        {"relu_min",
         "max(x, lower_limit): relu with its lower bound moved.",
         {{"lower_limit", 0.0, true}},
         [](X x, P p) { return std::isnan(x[0]) ? x[0] : std::max(x[0], p[0]); }},
        {"threshold",
         "x where x > threshold, else value (torch.nn.functional.threshold).",
         {{"threshold", 0.0, true}, {"value", 0.0, true}},
         [](X x, P p) { return x[0] > p[0] || std::isnan(x[0]) ? x[0] : p[1]; }},
    };
}

}  // namespace

void register_unary_math_ops(std::vector<OpInfo>& ops) {
    const Param operands[] = {{"input_tensor", ArgKind::TENSOR, true}};
    register_math_ops(ops, "eltwise_unary", operands, unary_rows());
}

}  // namespace ttnn::ops
