// Gradients of the activations (threshold/relu, gelu, tanh, sigmoid) and of softmax / log_softmax.
#include <algorithm>

#include "kernels/backward_kernels.hpp"
#include "kernels/codec.hpp"
#include "ops/backward_tensors.hpp"
#include "ops/indexing_view.hpp"
#include "ttnn/isa.hpp"
#include "ttnn/ops/backward.hpp"

namespace ttnn {
namespace {

using kernels::PointwiseGrad;

// Pointwise gradients run in one pass over the stored buffers, TILE padding included: the input is in the
// gradient's layout and dtype (converted first only when it is not), padding is zero and every formula maps a
// zero gradient to zero, so the output's padding stays zero without a separate pass. bf16 operands are
// widened and rounded inside the kernel, so no fp32 copy of either operand is made.
Tensor pointwise(const char* op,
                 PointwiseGrad kind,
                 const Tensor& grad,
                 const Tensor& x,
                 float threshold,
                 const std::optional<MemoryConfig>& memory_config) {
    ops::check_same_shape(
        op, grad, "grad", x, kind == PointwiseGrad::TANH || kind == PointwiseGrad::SIGMOID ? "output" : "input_tensor");
    const DataType dtype = grad.dtype();
    TTNN_CHECK(dtype == DataType::BFLOAT16 || dtype == DataType::FLOAT32,
               TYPE,
               "ttnn.",
               op,
               ": grad must be bfloat16 or float32; got ",
               name(dtype));
    const bool same_form = x.layout() == grad.layout() && x.dtype() == dtype;
    const Tensor xs = same_form ? x : to_layout(x, grad.layout(), dtype);
    // The kernel writes every stored element, padding included, so the output skips allocate_output's memset.
    Tensor out = ops::allocate_uninitialised(
        grad, make_spec(op, grad.logical_shape(), dtype, grad.layout(), memory_config.value_or(grad.memory_config())));
    const bool bf16 = dtype == DataType::BFLOAT16;
    const size_t count = grad.spec().storage_bytes() / (bf16 ? sizeof(uint16_t) : sizeof(float));
    auto* f32_kernel = &kernels::pointwise_grad_f32_scalar;
    auto* bf16_kernel = &kernels::pointwise_grad_bf16_scalar;
#if TTNN_HAVE_AVX2
    if (isa_at_least(Isa::AVX2)) {
        f32_kernel = &kernels::pointwise_grad_f32_avx2;
        bf16_kernel = &kernels::pointwise_grad_bf16_avx2;
    }
#endif
    // gelu's erf/exp cost ~10x threshold's compare per element, so its work items are smaller.
    const size_t grain = kind == PointwiseGrad::THRESHOLD || kind == PointwiseGrad::TANH ? 32768 : 8192;
    ops::pool_for(grad).parallel_for(count, grain, [&](size_t begin, size_t end) {
        if (bf16) {
            bf16_kernel(kind,
                        grad.data<uint16_t>() + begin,
                        xs.data<uint16_t>() + begin,
                        out.data<uint16_t>() + begin,
                        end - begin,
                        threshold);
        } else {
            f32_kernel(kind,
                       grad.data<float>() + begin,
                       xs.data<float>() + begin,
                       out.data<float>() + begin,
                       end - begin,
                       threshold);
        }
    });
    return out;
}

Tensor softmax_like(const char* op,
                    bool log,
                    const Tensor& grad,
                    const Tensor& output,
                    int64_t dim,
                    const std::optional<MemoryConfig>& memory_config) {
    ops::check_same_shape(op, grad, "grad_output", output, "output");
    const int rank = grad.logical_shape().rank();
    const auto d = static_cast<int>(ops::normalize_dim(dim, rank, op));
    int64_t outer = 1, size = 1, inner = 1;
    for (int i = 0; i < rank; ++i) {
        const int64_t s = grad.logical_shape()[i];
        (i < d ? outer : i == d ? size : inner) *= s;
    }
    const Tensor dy = ops::dense_f32(grad);
    const Tensor y = ops::dense_f32(output);
    Tensor dx = ops::dense_zeros(op, grad, grad.logical_shape());
    const int64_t lanes = outer * inner;
    ops::pool_for(grad).parallel_for(
        static_cast<size_t>(lanes), static_cast<size_t>(4096 / size + 1), [&](size_t begin, size_t end) {
            for (auto lane = static_cast<int64_t>(begin); lane < static_cast<int64_t>(end); ++lane) {
                const int64_t base = (lane / inner) * size * inner + lane % inner;
                kernels::softmax_grad_lane_f32_scalar(
                    dy.data<float>() + base, y.data<float>() + base, dx.data<float>() + base, size, inner, log);
            }
        });
    return ops::finish(dx, grad.dtype(), grad.layout(), memory_config);
}

}  // namespace

std::vector<Tensor> threshold_bw(const Tensor& grad_tensor,
                                 const Tensor& input_tensor,
                                 float threshold,
                                 float value,
                                 const std::optional<MemoryConfig>& memory_config) {
    (void)value;
    return {pointwise("threshold_bw", PointwiseGrad::THRESHOLD, grad_tensor, input_tensor, threshold, memory_config)};
}

std::vector<Tensor> gelu_bw(const Tensor& grad_tensor,
                            const Tensor& input_tensor,
                            std::string_view approximate,
                            const std::optional<MemoryConfig>& memory_config) {
    TTNN_CHECK(approximate == "none" || approximate == "tanh",
               VALUE,
               "ttnn.gelu_bw: unknown approximate; expected 'none' or 'tanh', got '",
               approximate,
               "'");
    const PointwiseGrad kind = approximate == "tanh" ? PointwiseGrad::GELU_TANH : PointwiseGrad::GELU;
    return {pointwise("gelu_bw", kind, grad_tensor, input_tensor, 0.0f, memory_config)};
}

Tensor tanh_backward(const Tensor& grad_output,
                     const Tensor& output,
                     const std::optional<MemoryConfig>& memory_config) {
    return pointwise("tanh_backward", PointwiseGrad::TANH, grad_output, output, 0.0f, memory_config);
}

Tensor sigmoid_backward(const Tensor& grad_output,
                        const Tensor& output,
                        const std::optional<MemoryConfig>& memory_config) {
    return pointwise("sigmoid_backward", PointwiseGrad::SIGMOID, grad_output, output, 0.0f, memory_config);
}

Tensor softmax_backward(const Tensor& grad_output,
                        const Tensor& output,
                        int64_t dim,
                        const std::optional<MemoryConfig>& memory_config) {
    return softmax_like("softmax_backward", false, grad_output, output, dim, memory_config);
}

Tensor log_softmax_backward(const Tensor& grad_output,
                            const Tensor& output,
                            int64_t dim,
                            const std::optional<MemoryConfig>& memory_config) {
    return softmax_like("log_softmax_backward", true, grad_output, output, dim, memory_config);
}

}  // namespace ttnn
