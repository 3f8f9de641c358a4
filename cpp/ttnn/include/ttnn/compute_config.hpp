#pragma once
// TT-NN's compute kernel config (WormholeComputeKernelConfig): how precisely the matrix engine multiplies.
#include <cstdint>
#include <string_view>

namespace ttnn {

// Math fidelity, as TT documents it: the FPU multiplies 7-bit x 5-bit mantissa slices per pass;
// LoFi takes one pass (the high bits of each operand), HiFi2 two, HiFi3 three, HiFi4 four (the full
// bf16 mantissa product). Kernels emulate the passes by truncating operand mantissas accordingly.
enum class MathFidelity : uint8_t { LoFi, HiFi2, HiFi3, HiFi4 };
std::string_view name(MathFidelity fidelity);

struct ComputeConfig {
    MathFidelity math_fidelity = MathFidelity::HiFi4;
    bool math_approx_mode = false;  // approximate SFPU functions (exp, gelu, ...)
    bool fp32_dest_acc_en = true;   // accumulate in fp32; off: partial sums are rounded to bf16
    bool packer_l1_acc = false;     // accepted for API compatibility; no numeric effect on the CPU device
    bool operator==(const ComputeConfig&) const = default;
};

}  // namespace ttnn
