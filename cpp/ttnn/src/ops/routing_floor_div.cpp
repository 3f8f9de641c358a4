// ttnn.floor_div on a ROW_MAJOR image of its inputs: int32 as integers (exact, as torch divides them), floats
// in fp32 then rounded to the input's dtype. A scalar divisor is one more image of one value per element.
#include <cmath>
#include <cstdint>

#include "ops/op_common.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/routing.hpp"

namespace ttnn {
namespace {

constexpr const char* kOp = "ttnn.floor_div";

bool integral(DataType d) {
    return d == DataType::INT32 || d == DataType::UINT32 || d == DataType::UINT16 || d == DataType::UINT8;
}

int32_t floor_div_int(int32_t a, int32_t b) {
    TTNN_CHECK(b != 0, VALUE, kOp, ": integer division by zero; expected a non-zero divisor");
    const int32_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// b(i) gives the divisor of element i.
template <typename Divisor>
Tensor run(const Tensor& a, Divisor b, const std::optional<MemoryConfig>& memory_config) {
    a.check_usable(kOp);
    const bool ints = integral(a.dtype());
    const Tensor image = to_layout(a, Layout::ROW_MAJOR, ints ? DataType::INT32 : DataType::FLOAT32);
    const size_t n = image.logical_shape().volume();
    Tensor out = ops::allocate_output(kOp, image, image.logical_shape(), image.dtype(), Layout::ROW_MAJOR);
    if (ints) {
        const int32_t* x = image.data<int32_t>();
        int32_t* y = out.data<int32_t>();
        for (size_t i = 0; i < n; ++i)
            y[i] = floor_div_int(x[i], static_cast<int32_t>(b(i)));
    } else {
        const float* x = image.data<float>();
        float* y = out.data<float>();
        for (size_t i = 0; i < n; ++i)
            y[i] = std::floor(x[i] / static_cast<float>(b(i)));
    }
    return to_layout(out, a.layout(), a.dtype(), memory_config);
}

}  // namespace

Tensor floor_div(const Tensor& input_tensor_a,
                 const Tensor& input_tensor_b,
                 const std::optional<MemoryConfig>& memory_config) {
    input_tensor_b.check_usable(kOp);
    TTNN_CHECK(input_tensor_a.logical_shape() == input_tensor_b.logical_shape(),
               VALUE,
               kOp,
               ": input_tensor_b must be a number or a tensor of input_tensor_a's shape; expected ",
               input_tensor_a.logical_shape().to_string(),
               ", got ",
               input_tensor_b.logical_shape().to_string());
    const bool ints = integral(input_tensor_a.dtype());
    const Tensor b = to_layout(input_tensor_b, Layout::ROW_MAJOR, ints ? DataType::INT32 : DataType::FLOAT32);
    if (ints)
        return run(input_tensor_a, [p = b.data<int32_t>()](size_t i) { return double(p[i]); }, memory_config);
    return run(input_tensor_a, [p = b.data<float>()](size_t i) { return double(p[i]); }, memory_config);
}

Tensor floor_div(const Tensor& input_tensor_a,
                 double input_tensor_b,
                 const std::optional<MemoryConfig>& memory_config) {
    TTNN_CHECK(!integral(input_tensor_a.dtype()) || input_tensor_b == std::trunc(input_tensor_b),
               VALUE,
               kOp,
               ": an integer input takes an integer divisor; got ",
               input_tensor_b);
    return run(input_tensor_a, [input_tensor_b](size_t) { return input_tensor_b; }, memory_config);
}

}  // namespace ttnn
