// upsample: integer-factor resize of NHWC activations, nearest or bilinear (align_corners=False), computed as
// torch's CPU kernels compute it (source index scale * (dst + 0.5) - 0.5 in float, clamped at 0).
#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/pool_kernels.hpp"
#include "ops/conv_plan.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/pool.hpp"

namespace ttnn::ops {
namespace {

// Source positions of one axis: lower index, upper index and the weight of the upper one.
struct Taps {
    std::vector<size_t> lo, hi;
    std::vector<float> weight;
};

Taps linear_taps(size_t in, size_t out, uint32_t factor) {
    Taps taps;
    const float scale = 1.0f / static_cast<float>(factor);
    for (size_t o = 0; o < out; ++o) {
        const float src = std::max(scale * (static_cast<float>(o) + 0.5f) - 0.5f, 0.0f);
        const size_t lo = static_cast<size_t>(src);
        taps.lo.push_back(lo);
        taps.hi.push_back(lo + (lo + 1 < in ? 1 : 0));
        taps.weight.push_back(src - static_cast<float>(lo));
    }
    return taps;
}

}  // namespace
}  // namespace ttnn::ops

namespace ttnn {

Tensor upsample(const Tensor& input_tensor,
                std::array<uint32_t, 2> scale_factor,
                const std::string& mode,
                const std::optional<MemoryConfig>& memory_config) {
    using namespace ops;
    const char* op = "ttnn.upsample";
    const Shape& s = input_tensor.logical_shape();
    TTNN_CHECK(s.rank() == 4, VALUE, op, ": input must be [N, H, W, C]; got ", s.to_string());
    TTNN_CHECK(scale_factor[0] > 0 && scale_factor[1] > 0,
               VALUE,
               op,
               ": scale_factor must be positive integers; got [",
               scale_factor[0],
               ", ",
               scale_factor[1],
               "]");
    TTNN_CHECK(mode == "nearest" || mode == "bilinear",
               VALUE,
               op,
               ": unsupported mode; expected 'nearest' or 'bilinear', got '",
               mode,
               "'");
    const size_t batch = s[0], in_h = s[1], in_w = s[2], channels = s[3];
    const size_t out_h = in_h * scale_factor[0], out_w = in_w * scale_factor[1];
    const Tensor input = rows_f32(input_tensor);
    Tensor out32 = allocate_output(op,
                                   input_tensor,
                                   activation_shape(false, batch, out_h, out_w, channels),
                                   DataType::FLOAT32,
                                   Layout::ROW_MAJOR,
                                   memory_config);
    const float* src = input.data<float>();
    float* dst = out32.data<float>();
    const size_t in_plane = in_h * in_w * channels, row = out_w * channels;
    const bool nearest = mode == "nearest";
    const Taps rows = linear_taps(in_h, out_h, scale_factor[0]);
    const Taps cols = linear_taps(in_w, out_w, scale_factor[1]);
    const kernels::BilinearRowKernel bilinear = kernels::pool_kernels().bilinear_row;
    pool_for(input_tensor).parallel_for(batch * out_h, 1, [&](size_t begin, size_t end) {
        for (size_t r = begin; r < end; ++r) {
            const size_t n = r / out_h, oh = r % out_h;
            const float* image = src + n * in_plane;
            float* out = dst + r * row;
            if (nearest) {
                const float* in_row = image + oh / scale_factor[0] * in_w * channels;
                for (size_t ow = 0; ow < out_w; ++ow) {
                    std::memcpy(
                        out + ow * channels, in_row + ow / scale_factor[1] * channels, channels * sizeof(float));
                }
                continue;
            }
            bilinear(image + rows.lo[oh] * in_w * channels,
                     image + rows.hi[oh] * in_w * channels,
                     rows.weight[oh],
                     channels,
                     cols.lo.data(),
                     cols.hi.data(),
                     cols.weight.data(),
                     out_w,
                     out);
        }
    });
    return finish_output(out32, input_tensor.dtype(), input_tensor.layout());
}

}  // namespace ttnn
