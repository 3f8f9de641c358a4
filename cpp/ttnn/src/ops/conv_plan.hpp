#pragma once
// Internal to the conv family: validation of a conv2d call into the kernels' geometry, and the shared steps
// of the forward and backward drivers (inputs as ROW_MAJOR float32, outputs back to the caller's dtype/layout).
#include <functional>
#include <memory>

#include "kernels/conv_kernels.hpp"
#include "kernels/gemm.hpp"
#include "ttnn/ops/conv.hpp"
#include "ttnn/ops/registry.hpp"

namespace ttnn::ops {

// An NHWC activation read from its shape: [N, H, W, C], or [1, 1, N*H*W, C] (flat) when the given batch,
// height and width say so. Shared by the conv and pool families.
struct NhwcInput {
    size_t batch = 0, height = 0, width = 0, channels = 0;
    bool flat = false;
};
struct NhwcNames {
    const char* batch;
    const char* height;
    const char* width;
    const char* channels;
};
// given: batch, height, width, channels as the op's params say (0: not given). Raises a ValueError naming the
// op, the param and the shape when they disagree.
NhwcInput read_nhwc(const char* op, const Shape& s, std::array<uint32_t, 4> given, const NhwcNames& names);

// Registry argument helpers of the conv and pool families: a non-negative int (ValueError naming the op and
// the param otherwise), and an int or a pair of ints as a pair (fallback for both when absent).
uint32_t non_negative_arg(const OpArgs& a, std::string_view name, int64_t v);
std::array<uint32_t, 2> pair_arg(const OpArgs& a, std::string_view name, uint32_t fallback);
// The parameters conv2d and conv_transpose2d share, read from the registry arguments (a NotImplementedError for
// return_output_dim or return_weights_and_bias, which the ops do not return).
void read_conv_params(const OpArgs& a, ConvParamsBase& p);
// Their registry parameters from device to stride, in TT-NN's order (the paddings, dilation and groups follow).
std::vector<Param> conv_size_params();

struct ConvPlan {
    kernels::ConvGeometry geometry;
    bool flat = false;  // activations in TT-NN's flattened [1, 1, N*H*W, C] form
};

// What a backward op knows about the forward activations when it has no input tensor: only the params.
// Validates everything (ValueError naming `op`, the params and the shapes). `input_shape` is the input's
// shape when the op has it, else null (batch_size, input_height, input_width and in_channels then required).
ConvPlan plan_conv(const char* op, const Shape* input_shape, const Shape& weight_shape, const Conv2dParams& p);
ConvPlan plan_conv_from_params(const char* op, const Shape* input_shape, const Conv2dParams& p);

// The GEMM panels of `weight` for `groups`: from the prepared-weight cache when the weight was marked by
// prepare_conv_weights (packed by `pack` on first use), else packed now by `pack` for this call only.
std::shared_ptr<const kernels::AlignedFloats> conv_weight_panels(const Tensor& weight,
                                                                 size_t groups,
                                                                 const std::function<kernels::AlignedFloats()>& pack);

bool conv_weight_is_prepared(const Tensor& weight, size_t groups);

// The same for the bf16 GEMM (conv_bf16_gemm.cpp): the weight as B's bf16 pairs, cached beside the panels.
std::shared_ptr<const kernels::PackedB> conv_weight_pairs(const Tensor& weight,
                                                          size_t groups,
                                                          const std::function<kernels::PackedB()>& pack);

// Checks that grad_output has the forward output's shape in the plan's form.
void check_grad_output(const char* op, const ConvPlan& plan, const Shape& grad_output_shape);

// The activations as the GEMM and depthwise paths read them, and their output as the caller gets it: bf16
// input is widened while it is copied into the column blocks (or the depthwise bands), and bf16 output
// rounded from the finished fp32 values, so neither side makes a whole-tensor fp32 copy.
struct ConvIo {
    const void* input = nullptr;
    bool input_bf16 = false;
    void* out = nullptr;
    bool out_bf16 = false;
};

// conv2d (groups 1) on the shared GEMM when its active tier multiplies bf16 operands as they are (bf16 input
// as stored, weight values bf16): patches copied as bf16 columns, the weight packed once as pairs. False when
// the call does not qualify (the caller then runs conv's own GEMM).
bool conv_bf16_gemm(
    const kernels::ConvGeometry& g, const ConvIo& io, const Tensor& weight, const float* bias, ThreadPool& pool);

// The depthwise convolution (groups == in_c == out_c) of conv2d, weight OIHW fp32, bias fp32 or null.
void conv_depthwise(
    const kernels::ConvGeometry& g, const ConvIo& io, const float* weight, const float* bias, ThreadPool& pool);

Shape activation_shape(bool flat, size_t batch, size_t height, size_t width, size_t channels);

// The values as a ROW_MAJOR float32 tensor where `t` lives (no copy when it already is one).
Tensor rows_f32(const Tensor& t);

// `out32` (ROW_MAJOR float32) converted to the requested dtype and layout.
Tensor finish_output(const Tensor& out32, DataType dtype, Layout layout);

}  // namespace ttnn::ops
