#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace ttnn {

// The kernel tiers, ordered: each tier's CPU has everything the tiers before it need. Chosen once from CPUID
// (the best the CPU and the build have); TTNN_ISA=<tier>|auto in the environment or set_isa() overrides it, so
// tests can run the portable path and every fast path side by side. A kernel family provides some of the tiers
// and runs the best one at or below the active tier (isa_at_least), so no family names the tiers above its own.
//   SCALAR       portable C++, the reference every other tier is tested against
//   AVX2         AVX2 + FMA + F16C
//   AVX512       AVX-512 F/BW/DQ/VL (zmm registers, mask registers)
//   AVX512_BF16  AVX512 plus the BF16 conversions and dot products (vcvtneps2bf16, vdpbf16ps)
//   AMX          AVX512_BF16 plus the AMX tile unit with bf16 (TDPBF16PS), granted to the process by the OS
enum class Isa { SCALAR, AVX2, AVX512, AVX512_BF16, AMX };

Isa active_isa();
// True when the active tier is `tier` or above it: the test a kernel family makes to pick its kernels.
bool isa_at_least(Isa tier);
bool isa_available(Isa isa);
std::vector<Isa> available_isas();  // every tier this CPU and build can run, lowest first
void set_isa(Isa isa);              // throws a ValueError-kind error when the CPU or the build lacks it
std::string_view name(Isa isa);
std::optional<Isa> isa_from_name(std::string_view name);

}  // namespace ttnn
