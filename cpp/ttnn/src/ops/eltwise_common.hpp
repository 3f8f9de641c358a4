#pragma once
// Internal: the validate / output spec / run phases shared by the unary, binary and ternary element-wise ops.
#include <span>
#include <string>
#include <vector>

#include "kernels/eltwise_loop.hpp"
#include "ttnn/ops/eltwise.hpp"
#include "ttnn/ops/registry.hpp"

namespace ttnn::ops {

// `input` through TT-NN's fused activations: eltwise_unary op names, each optionally ":<param>" (the op's
// first parameter after the tensor: leaky_relu's slope, gelu's approximate flag), comma-separated and applied
// in order ("relu", "leaky_relu:0.1,exp").
Tensor apply_activations(std::string_view op, const std::string& activations, Tensor input);

// Registers a pointwise op of `family` (OpTraits::pointwise) with TT-NN's trailing parameters every unary and
// binary op takes after its own: output_tensor, queue_id (one command queue here: every id runs in order) and
// sub_core_grids (which cores run it: the values are the same).
void register_pointwise(std::vector<OpInfo>& ops,
                        std::string_view family,
                        std::string_view name,
                        std::string_view doc,
                        std::vector<Param> params,
                        DTypeSet dtypes,
                        OpInvoke invoke);

// A TENSOR_OR_SCALAR argument as a binary operand.
TensorOrScalar tensor_or_scalar(const OpArgs& args, std::string_view name);

// Integer operands compute in int64 when every tensor is an integer dtype and every number is integral.
bool all_integer(std::span<const TensorOrScalar> operands);

// The dtype of the first tensor operand (the output's default).
DataType first_tensor_dtype(std::span<const TensorOrScalar> operands);

// Broadcasts the operands, allocates the output where the first tensor lives (its layout and device; block
// float outputs are computed in float32 and packed once), and runs `fn` (float) or `int_fn` (integer loop);
// `fused_bf16` replaces `fn` where the loop can read and write bf16 directly, `int32_fn` replaces `int_fn`
// where every tensor and the output are int32 and every number fits int32.
Tensor run_eltwise(const std::string& op,
                   std::span<const TensorOrScalar> operands,
                   DataType out_dtype,
                   const EltwiseOptions& options,
                   const kernels::BlockFn<float>& fn,
                   const kernels::BlockFn<int64_t>& int_fn,
                   bool integer,
                   int truthy_operand = -1,
                   const kernels::BlockFn<uint16_t>& fused_bf16 = {},
                   const kernels::BlockFn<int32_t>& int32_fn = {});

}  // namespace ttnn::ops
