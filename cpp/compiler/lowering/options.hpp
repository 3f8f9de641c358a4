#pragma once
// What a compilation is asked for: the C++ side of TorchTtnnOption (python/torch_ttnn/options.py).
#include <memory>

#include "ttnn/compute_config.hpp"
#include "ttnn/device.hpp"
#include "ttnn/dtype.hpp"

namespace torch_ttnn {

#ifdef NDEBUG
inline constexpr bool kVerifyByDefault = false;
#else
inline constexpr bool kVerifyByDefault = true;  // debug builds check the IR after every pass
#endif

struct CompileOptions {
    std::shared_ptr<ttnn::Device> device;
    ttnn::DataType compute_dtype = ttnn::DataType::BFLOAT16;  // floating values on the device
    ttnn::DataType weight_dtype = ttnn::DataType::BFLOAT16;   // parameters read by matmul/linear (bfloat8_b ok)
    ttnn::MathFidelity math_fidelity = ttnn::MathFidelity::HiFi4;
    bool allow_fallback = true;      // false: the first node no rule accepts raises, naming it
    bool verify = kVerifyByDefault;  // run the verifier after every pass
    // The op computing a float32 graph output writes float32 under a narrower compute dtype (data_movement.cpp);
    // `torch-ttnn bisect` turns it off to run a node alone as it runs inside the graph.
    bool float32_outputs = true;
};

}  // namespace torch_ttnn
