#pragma once
// 2D transposed convolution as TT-NN has it (ttnn.conv_transpose2d): input in NHWC, [N, H, W, C] or TT-NN's
// flattened [1, 1, N*H*W, C]; weight in PyTorch's ConvTranspose layout [in_channels, out_channels / groups,
// kh, kw] (or its rows flattened, [in_channels, out_channels / groups * kh * kw], with kernel_size given);
// bias of out_channels values. The output has the input's form and layout, of height
// (H - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1 (likewise the width).
#include <array>
#include <cstdint>

#include "ttnn/ops/conv.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn {

struct ConvTranspose2dParams : ConvParamsBase {
    std::array<uint32_t, 2> padding{0, 0};
    std::array<uint32_t, 2> output_padding{0, 0};
};

// The adjoint of conv2d: each input pixel's channels, times the weight, added into the output window it
// spreads to. Computed as conv2d's input gradient (GEMM into columns, then col2im) on the conv whose input is
// this op's output; bias added per output channel after.
Tensor conv_transpose2d(const Tensor& input_tensor,
                        const Tensor& weight_tensor,
                        const std::optional<Tensor>& bias_tensor,
                        const ConvTranspose2dParams& params);

}  // namespace ttnn
