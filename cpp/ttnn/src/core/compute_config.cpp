#include "ttnn/compute_config.hpp"

namespace ttnn {

std::string_view name(MathFidelity fidelity) {
    switch (fidelity) {
        case MathFidelity::LoFi:
            return "LoFi";
        case MathFidelity::HiFi2:
            return "HiFi2";
        case MathFidelity::HiFi3:
            return "HiFi3";
        case MathFidelity::HiFi4:
            return "HiFi4";
    }
    return "?";
}

}  // namespace ttnn
