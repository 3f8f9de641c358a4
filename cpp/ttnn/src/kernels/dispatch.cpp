#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>
#include <vector>

#include "kernels/codec.hpp"
#include "kernels/gemm.hpp"
#include "ttnn/error.hpp"
#include "ttnn/isa.hpp"

namespace ttnn {
namespace {

constexpr Isa kTiers[] = {Isa::SCALAR, Isa::AVX2, Isa::AVX512, Isa::AVX512_BF16, Isa::AMX};
constexpr std::string_view kTierNames[] = {"scalar", "avx2", "avx512", "avx512_bf16", "amx"};

// Whether this CPU (with OS support for the registers, which __builtin_cpu_supports checks through XGETBV)
// and this build can run the tier's kernels.
bool cpu_runs(Isa isa) {
#if TTNN_HAVE_AVX2
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
#if TTNN_HAVE_AVX512
    const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
    const bool avx512_bf16 = avx512 && __builtin_cpu_supports("avx512bf16");
#else
    const bool avx512 = false, avx512_bf16 = false;
#endif
#if TTNN_HAVE_AMX
    const bool amx = avx512_bf16 && kernels::amx_usable();
#else
    const bool amx = false;
#endif
    switch (isa) {
        case Isa::SCALAR:
            return true;
        case Isa::AVX2:
            return avx2;
        case Isa::AVX512:
            return avx512;
        case Isa::AVX512_BF16:
            return avx512_bf16;
        case Isa::AMX:
            return amx;
    }
    return false;
#else
    return isa == Isa::SCALAR;
#endif
}

std::string available_list() {
    std::string list;
    for (Isa isa : available_isas())
        list += (list.empty() ? "" : ", ") + std::string(name(isa));
    return list;
}

Isa initial_isa() {
    const Isa best = available_isas().back();
    const char* requested = std::getenv("TTNN_ISA");
    if (requested == nullptr || std::string(requested) == "auto" || std::string(requested).empty()) {
        return best;
    }
    const std::optional<Isa> isa = isa_from_name(requested);
    TTNN_CHECK(isa.has_value(),
               VALUE,
               "TTNN_ISA: unknown kernel set; expected scalar, avx2, avx512, avx512_bf16, amx or auto, got '",
               requested,
               "'");
    TTNN_CHECK(isa_available(*isa),
               VALUE,
               "TTNN_ISA: ",
               requested,
               " kernels are not available on this CPU or build; expected one of ",
               available_list(),
               " or auto");
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

bool isa_at_least(Isa tier) {
    return static_cast<int>(active_isa()) >= static_cast<int>(tier);
}

bool isa_available(Isa isa) {
    static const std::vector<Isa> available = [] {
        std::vector<Isa> tiers;
        for (Isa tier : kTiers) {
            if (cpu_runs(tier))
                tiers.push_back(tier);
        }
        return tiers;
    }();
    return std::find(available.begin(), available.end(), isa) != available.end();
}

std::vector<Isa> available_isas() {
    std::vector<Isa> tiers;
    for (Isa tier : kTiers) {
        if (isa_available(tier))
            tiers.push_back(tier);
    }
    return tiers;
}

void set_isa(Isa isa) {
    TTNN_CHECK(isa_available(isa),
               VALUE,
               "set_isa: ",
               name(isa),
               " kernels are not available on this CPU or build; expected one of ",
               available_list());
    isa_state().store(isa, std::memory_order_relaxed);
}

std::string_view name(Isa isa) {
    return kTierNames[static_cast<int>(isa)];
}

std::optional<Isa> isa_from_name(std::string_view text) {
    for (Isa tier : kTiers) {
        if (name(tier) == text)
            return tier;
    }
    return std::nullopt;
}

namespace kernels {

const CodecKernels& codec() {
    static const CodecKernels scalar{f32_to_bf16_scalar, bf16_to_f32_scalar};
#if TTNN_HAVE_AVX2
    static const CodecKernels avx2{f32_to_bf16_avx2, bf16_to_f32_avx2};
    if (isa_at_least(Isa::AVX2)) {
        return avx2;
    }
#endif
    return scalar;
}

}  // namespace kernels
}  // namespace ttnn
