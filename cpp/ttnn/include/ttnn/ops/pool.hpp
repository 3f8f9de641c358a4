#pragma once
// Pooling and resizing on NHWC activations, as TT-NN has them. Inputs are [N, H, W, C] or TT-NN's flattened
// [1, 1, N*H*W, C] (then batch_size, input_h and input_w say how to read it); outputs keep the input's form
// ([N, OH, OW, C] or [1, 1, N*OH*OW, C]), dtype and layout. Windows follow torch's CPU kernels exactly
// (ceil_mode, count_include_pad, dilation, padding only on the ends of each axis, symmetric).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "ttnn/tensor.hpp"

namespace ttnn {

struct Pool2dParams {
    // Zero means "take it from the input's shape"; a non-zero value must agree with it.
    uint32_t batch_size = 0;
    uint32_t input_h = 0;
    uint32_t input_w = 0;
    uint32_t channels = 0;
    std::array<uint32_t, 2> kernel_size{1, 1};
    std::array<uint32_t, 2> stride{0, 0};  // 0: the kernel size, as torch's default
    std::array<uint32_t, 2> padding{0, 0};
    std::array<uint32_t, 2> dilation{1, 1};
    bool ceil_mode = false;
    bool count_include_pad = true;            // avg_pool2d
    std::optional<int64_t> divisor_override;  // avg_pool2d
    std::optional<MemoryConfig> memory_config;
};

Tensor max_pool2d(const Tensor& input_tensor, const Pool2dParams& params);
// Values and, as INT32, torch's flat index ih * input_w + iw of each maximum within its (n, c) plane.
std::pair<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input_tensor, const Pool2dParams& params);
// grad_input of max_pool2d from the indices above: every grad_output value is added to the input position
// its window's maximum came from (overlapping windows accumulate).
Tensor max_pool2d_backward(const Tensor& grad_output, const Tensor& indices, const Pool2dParams& params);

Tensor avg_pool2d(const Tensor& input_tensor, const Pool2dParams& params);
// Mean over H and W of an [N, H, W, C] input: [N, 1, 1, C].
Tensor global_avg_pool2d(const Tensor& input_tensor, const std::optional<MemoryConfig>& memory_config = std::nullopt);
// torch's adaptive windows: rows [floor(i * H / OH), ceil((i + 1) * H / OH)), the same for columns.
Tensor adaptive_avg_pool2d(const Tensor& input_tensor, std::array<uint32_t, 2> output_size, const Pool2dParams& params);
// The same windows' max (uneven ones too); NaN propagates as in torch.
Tensor adaptive_max_pool2d(const Tensor& input_tensor, std::array<uint32_t, 2> output_size, const Pool2dParams& params);

// Resize of an [N, H, W, C] input by integer factors: "nearest", or "bilinear" with align_corners=False.
Tensor upsample(const Tensor& input_tensor,
                std::array<uint32_t, 2> scale_factor,
                const std::string& mode = "nearest",
                const std::optional<MemoryConfig>& memory_config = std::nullopt);

// torch.nn.functional.grid_sample on NHWC: out[n, h, w*K + k, :] samples input [N, H, W, C] at the k-th (x, y)
// pair of grid [N, Hg, Wg, 2K] (normalized to [-1, 1]); "bilinear" or "nearest", zeros outside the input.
// batch_output_channels puts the K samples side by side in channels: [N, Hg, Wg, C*K].
struct GridSampleOptions {
    std::string mode = "bilinear";
    std::string padding_mode = "zeros";
    bool align_corners = false;
    bool batch_output_channels = false;
    std::optional<MemoryConfig> memory_config = std::nullopt;
};
Tensor grid_sample(const Tensor& input_tensor, const Tensor& grid, const GridSampleOptions& options = {});

}  // namespace ttnn
