#pragma once
// 2D convolution as TT-NN has it: input in NHWC, either [N, H, W, C] or TT-NN's flattened [1, 1, N*H*W, C];
// weights in PyTorch's OIHW ([out_channels, in_channels / groups, kh, kw]); bias of out_channels values in
// any shape ([out_channels] or TT-NN's [1, 1, 1, out_channels]).
//
// The output keeps the input's form: [N, OH, OW, out_channels] for an [N, H, W, C] input, [1, 1, N*OH*OW,
// out_channels] for a flattened one. An input counts as [N, H, W, C] when its shape is exactly
// [batch_size, input_height, input_width, in_channels] (or those params are not given); any other rank-4
// shape with N*H*W rows must be the flattened form. Output layout is the input's (TILE inputs are converted
// to ROW_MAJOR inside and the result back), output dtype `dtype` or the input's.
#include <array>
#include <cstdint>
#include <optional>

#include "ttnn/tensor.hpp"

namespace ttnn {

// The parameters conv2d and conv_transpose2d share (TT-NN names them alike in both); each adds its padding.
struct ConvParamsBase {
    // Zero means "take it from the tensors' shapes"; a non-zero value must agree with them.
    uint32_t in_channels = 0;
    uint32_t out_channels = 0;
    uint32_t batch_size = 0;
    uint32_t input_height = 0;
    uint32_t input_width = 0;
    std::array<uint32_t, 2> kernel_size{0, 0};
    std::array<uint32_t, 2> stride{1, 1};
    std::array<uint32_t, 2> dilation{1, 1};
    uint32_t groups = 1;
    std::optional<DataType> dtype;  // output dtype; default the input's
    std::optional<MemoryConfig> memory_config;
};

struct Conv2dParams : ConvParamsBase {
    std::array<uint32_t, 4> padding{0, 0, 0, 0};  // top, bottom, left, right
};

Tensor conv2d(const Tensor& input_tensor,
              const Tensor& weight_tensor,
              const std::optional<Tensor>& bias_tensor,
              const Conv2dParams& params);

// TT-NN's prepare_conv_weights: marks `weight_tensor` (OIHW) as a constant whose GEMM panels every later
// conv2d with the same buffer and groups reuses instead of packing per call (packed on first use; the packed
// copy lives in host memory outside the device's accounting and is dropped with the weight's buffer). The
// caller promises not to write the weight afterwards. Returns the same tensor (TT-NN returns a new one in
// the device's own weight format; here the format is the cache's business).
Tensor prepare_conv_weights(const Tensor& weight_tensor, const Conv2dParams& params);
size_t prepared_conv_weight_count();  // live packed conv weights, for tests

// The pieces of aten.convolution_backward, one op each so a caller computes only what it needs.
// grad_output has conv2d's output form; grad_input comes back in the matching input form, grad_weight as
// OIHW [out_channels, in_channels / groups, kh, kw], grad_bias as [out_channels]. `params` describe the
// forward convolution (in_channels, batch_size, input_height and input_width are required for grad_input
// of a flattened grad_output; kernel_size for grad_weight).
Tensor conv2d_backward_input(const Tensor& grad_output, const Tensor& weight_tensor, const Conv2dParams& params);
Tensor conv2d_backward_weight(const Tensor& grad_output, const Tensor& input_tensor, const Conv2dParams& params);
Tensor conv2d_backward_bias(const Tensor& grad_output, const Conv2dParams& params);

}  // namespace ttnn
