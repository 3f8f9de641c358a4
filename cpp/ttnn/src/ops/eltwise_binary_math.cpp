// TT-NN's binary and ternary element-wise ops beyond the vector-kernel set of eltwise_binary.cpp: hypot,
// xlogy, ldexp, nextafter, fmod, isclose, the integer bit and divisor ops, and the ternary composites addcmul,
// addcdiv, mac and lerp. Each is one table row (TT-NN's name, parameters and defaults); eltwise_math.cpp runs
// them with broadcasting and a number allowed for any operand but the first.
#include <cmath>
#include <numeric>

#include "ops/eltwise_math.hpp"
#include "ops/families.hpp"

namespace ttnn::ops {
namespace {

using X = const double*;
using P = const MathParams&;
using I = const int64_t*;

// A shift count outside [0, 63] shifts every bit out (torch gives 0, or the sign for a right shift).
int64_t shift_count(int64_t bits) {
    return bits < 0 || bits > 63 ? 64 : bits;
}

double xlogy(double x, double y) {
    if (std::isnan(y))
        return y;
    return x == 0.0 ? 0.0 : x * std::log(y);
}

double isclose(double a, double b, P p) {
    if (std::isnan(a) || std::isnan(b))
        return p[2] != 0.0 && std::isnan(a) && std::isnan(b) ? 1.0 : 0.0;
    if (a == b)
        return 1.0;
    return std::isfinite(a) && std::isfinite(b) && std::fabs(a - b) <= p[1] + p[0] * std::fabs(b) ? 1.0 : 0.0;
}

std::vector<MathOp> binary_rows() {
    return {
        {"hypot", "sqrt(a^2 + b^2) without overflow.", {}, [](X x, P) { return std::hypot(x[0], x[1]); }},
        {"xlogy", "a * log(b), 0 where a == 0 (torch.xlogy).", {}, [](X x, P) { return xlogy(x[0], x[1]); }},
        {"ldexp", "a * 2^b.", {}, [](X x, P) { return x[0] * std::exp2(x[1]); }},
        {"nextafter",
         "The next float32 after a toward b.",
         {},
         [](X x, P) {
             return static_cast<double>(std::nextafter(static_cast<float>(x[0]), static_cast<float>(x[1])));
         }},
        {"fmod",
         "a - trunc(a / b) * b: the result takes a's sign (torch.fmod).",
         {},
         [](X x, P) { return std::fmod(x[0], x[1]); }},
        {"div_no_nan", "a / b, and 0 where b == 0.", {}, [](X x, P) { return x[1] == 0.0 ? 0.0 : x[0] / x[1]; }},
        {"isclose",
         "1 where abs(a - b) <= atol + rtol * abs(b) (NaNs equal only with equal_nan), else 0 (torch.isclose).",
         {{"rtol", 1e-05}, {"atol", 1e-08}, {"equal_nan", 0.0, false, true}},
         [](X x, P p) { return isclose(x[0], x[1], p); }},
        {"bitwise_xor", "a ^ b on integer tensors.", {}, nullptr, [](I x, P) { return x[0] ^ x[1]; }},
        {"bitwise_left_shift",
         "a << b on integer tensors (0 once every bit is shifted out).",
         {},
         nullptr,
         [](I x, P) {
             const int64_t n = shift_count(x[1]);
             return n == 64 ? int64_t{0} : static_cast<int64_t>(static_cast<uint64_t>(x[0]) << n);
         }},
        {"bitwise_right_shift",
         "a >> b on integer tensors, arithmetic (the sign fills in).",
         {},
         nullptr,
         [](I x, P) { return x[0] >> std::min<int64_t>(shift_count(x[1]), 63); }},
        {"gcd",
         "Greatest common divisor (non-negative) of integer tensors.",
         {},
         nullptr,
         [](I x, P) { return std::gcd(x[0], x[1]); }},
        {"lcm",
         "Least common multiple (non-negative) of integer tensors.",
         {},
         nullptr,
         [](I x, P) { return std::lcm(x[0], x[1]); }},
    };
}

}  // namespace

void register_binary_math_ops(std::vector<OpInfo>& ops) {
    const Param operands[] = {{"input_tensor_a", ArgKind::TENSOR, true},
                              {"input_tensor_b", ArgKind::TENSOR_OR_SCALAR, true}};
    register_math_ops(ops, "eltwise_binary", operands, binary_rows());
}

void register_ternary_math_ops(std::vector<OpInfo>& ops) {
    const Param abc[] = {{"input_tensor_a", ArgKind::TENSOR, true},
                         {"input_tensor_b", ArgKind::TENSOR_OR_SCALAR, true},
                         {"input_tensor_c", ArgKind::TENSOR_OR_SCALAR, true}};
    register_math_ops(ops,
                      "eltwise_ternary",
                      abc,
                      {
                          {"addcmul",
                           "a + value * b * c (default value 1).",
                           {{"value", 1.0}},
                           [](X x, P p) { return x[0] + p[0] * x[1] * x[2]; }},
                          {"addcdiv",
                           "a + value * b / c (default value 1).",
                           {{"value", 1.0}},
                           [](X x, P p) { return x[0] + p[0] * x[1] / x[2]; }},
                          {"mac", "a * b + c: multiply-accumulate.", {}, [](X x, P) { return x[0] * x[1] + x[2]; }},
                      });
    const Param lerp[] = {{"input", ArgKind::TENSOR, true},
                          {"end", ArgKind::TENSOR_OR_SCALAR, true},
                          {"weight", ArgKind::TENSOR_OR_SCALAR, true}};
    register_math_ops(
        ops, "eltwise_ternary", lerp, {{"lerp", "input + weight * (end - input) (torch.lerp).", {}, [](X x, P) {
                                            return x[0] + x[2] * (x[1] - x[0]);
                                        }}});
}

}  // namespace ttnn::ops
