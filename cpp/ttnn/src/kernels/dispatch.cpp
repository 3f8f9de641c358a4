#include <atomic>
#include <cstdlib>
#include <string>

#include "kernels/codec.hpp"
#include "ttnn/error.hpp"
#include "ttnn/isa.hpp"

namespace ttnn {
namespace {

bool cpu_has_avx2_fma() {
#if TTNN_HAVE_AVX2
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
#else
    return false;
#endif
}

Isa initial_isa() {
    const Isa best = cpu_has_avx2_fma() ? Isa::AVX2 : Isa::SCALAR;
    const char* requested = std::getenv("TTNN_ISA");
    if (requested == nullptr || std::string(requested) == "auto" || std::string(requested).empty()) {
        return best;
    }
    const std::optional<Isa> isa = isa_from_name(requested);
    TTNN_CHECK(
        isa.has_value(), VALUE, "TTNN_ISA: unknown kernel set; expected scalar, avx2 or auto, got '", requested, "'");
    TTNN_CHECK(isa_available(*isa),
               VALUE,
               "TTNN_ISA: ",
               requested,
               " kernels are not available on this CPU or build; expected scalar or auto");
    return *isa;
}

std::atomic<Isa>& isa_state() {
    static std::atomic<Isa> state{initial_isa()};
    return state;
}

}  // namespace

Isa active_isa() {
    return isa_state().load(std::memory_order_relaxed);
}

bool isa_available(Isa isa) {
    return isa == Isa::SCALAR || cpu_has_avx2_fma();
}

void set_isa(Isa isa) {
    TTNN_CHECK(isa_available(isa),
               VALUE,
               "set_isa: ",
               name(isa),
               " kernels are not available on this CPU or build; expected scalar");
    isa_state().store(isa, std::memory_order_relaxed);
}

std::string_view name(Isa isa) {
    return isa == Isa::AVX2 ? "avx2" : "scalar";
}

std::optional<Isa> isa_from_name(std::string_view text) {
    if (text == "scalar") {
        return Isa::SCALAR;
    }
    if (text == "avx2") {
        return Isa::AVX2;
    }
    return std::nullopt;
}

namespace kernels {

const CodecKernels& codec() {
    static const CodecKernels scalar{f32_to_bf16_scalar, bf16_to_f32_scalar};
#if TTNN_HAVE_AVX2
    static const CodecKernels avx2{f32_to_bf16_avx2, bf16_to_f32_avx2};
    if (active_isa() == Isa::AVX2) {
        return avx2;
    }
#endif
    return scalar;
}

}  // namespace kernels
}  // namespace ttnn
