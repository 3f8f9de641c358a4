// bfloat16 unary ops by table. A bf16 input takes only 65536 values, so for the ops whose arithmetic costs
// more than a lookup (gelu: a rational of degree 11 and a divide per value) the result of every input is
// computed once, by the same AVX2 float kernel and bf16 rounding the unfused path runs, and each call then
// looks it up in that 128 KB table: the same bits as computing, at a fraction of the work (model activations use
// a few thousand entries, which stay in L1). Ops with parameters (clamp, leaky_relu, elu, softplus) compute.
// The table is built with the AVX2 kernels, so it belongs to that kernel set; the lookup itself is plain C++.
#include <array>
#include <cstring>
#include <memory>
#include <numeric>
#include <vector>

#include "kernels/codec.hpp"
#include "kernels/eltwise.hpp"

namespace ttnn::kernels {
namespace {

constexpr size_t kValues = 65536;

// The ops that go by table: transcendental and without parameters, whose computing costs more than a lookup;
// rsqrt, reciprocal and the cheap ops compute in less, so they stay computed (the measurements:
// docs/performance.md, "Measurements behind choices in the code").
// clang-format off: one X entry per op, laid out by hand
#define TTNN_LUT_UNARY_OPS(X) \
    X(GELU) X(GELU_TANH) X(SILU) X(SIGMOID) X(TANH) X(EXP) X(LOG) X(SIN) X(COS) X(ERF) X(LOG1P) X(EXPM1)
// clang-format on

struct Table {
    alignas(64) std::array<uint16_t, kValues> values{};
};

// f(x) rounded to bf16 for every bf16 x, computed as the unfused path does: widen, the float kernel, round.
std::unique_ptr<Table> build_table(UnaryOpType op) {
    std::vector<uint16_t> inputs(kValues);
    std::iota(inputs.begin(), inputs.end(), uint16_t{0});
    std::vector<float> wide(kValues);
    bf16_to_f32_avx2(inputs.data(), wide.data(), kValues);
    unary_f32_avx2(op, wide.data(), wide.data(), kValues, UnaryArgs{});
    auto table = std::make_unique<Table>();
    f32_to_bf16_avx2(wide.data(), table->values.data(), kValues);
    return table;
}

template <UnaryOpType OP>
const uint16_t* table() {
    static const std::unique_ptr<Table> built = build_table(OP);  // once per op, thread-safe
    return built->values.data();
}

// Four values per 64-bit word: the loads and stores are what this costs, and AVX2's gathers (8 loads each,
// issued one by one on this CPU) were slower than the plain loads in the gelu benchmark.
inline uint64_t look_up4(const uint16_t* values, uint64_t x) {
    return uint64_t{values[x & 0xffff]} | uint64_t{values[(x >> 16) & 0xffff]} << 16 |
           uint64_t{values[(x >> 32) & 0xffff]} << 32 | uint64_t{values[x >> 48]} << 48;
}

template <UnaryOpType OP>
void lookup(const uint16_t* in, uint16_t* out, size_t n, const UnaryArgs&) {
    const uint16_t* values = table<OP>();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t a = 0, b = 0;
        std::memcpy(&a, in + i, 8);
        std::memcpy(&b, in + i + 4, 8);
        a = look_up4(values, a);
        b = look_up4(values, b);
        std::memcpy(out + i, &a, 8);
        std::memcpy(out + i + 4, &b, 8);
    }
    for (; i < n; ++i)
        out[i] = values[in[i]];
}

}  // namespace

UnaryBf16Fn unary_bf16_table_avx2(UnaryOpType op) {
    switch (op) {
        // clang-format off: one X entry per op, laid out by hand
#define TTNN_CASE(E)     \
    case UnaryOpType::E: \
        return lookup<UnaryOpType::E>;
        // clang-format on
        TTNN_LUT_UNARY_OPS(TTNN_CASE)
#undef TTNN_CASE
        default:
            return unary_bf16_avx2(op);
    }
}

}  // namespace ttnn::kernels
