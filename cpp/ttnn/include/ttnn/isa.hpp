#pragma once
#include <optional>
#include <string_view>

namespace ttnn {

// Which kernel family runs. Chosen once from CPUID (AVX2+FMA when present); TTNN_ISA=scalar|avx2|auto in the
// environment or set_isa() overrides it, so tests can run the portable path and the fast path side by side.
enum class Isa { SCALAR, AVX2 };

Isa active_isa();
bool isa_available(Isa isa);
void set_isa(Isa isa);  // throws a ValueError-kind error when the CPU or the build lacks it
std::string_view name(Isa isa);
std::optional<Isa> isa_from_name(std::string_view name);

}  // namespace ttnn
