// grid_sample: each output pixel reads the input at a point the grid gives in normalized coordinates, as torch's
// grid_sampler_2d does on the CPU: x in [-1, 1] spans the width (align_corners: the centres of the corner
// pixels, else their outer edges), bilinear weights of the four neighbours, or the nearest one (ties to even),
// and zero for neighbours outside the input.
#include <cmath>
#include <cstring>

#include "ops/conv_plan.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/pool.hpp"

namespace ttnn::ops {
namespace {

float unnormalize(float coordinate, size_t size, bool align_corners) {
    const float n = static_cast<float>(size);
    return align_corners ? (coordinate + 1.0f) / 2.0f * (n - 1.0f) : ((coordinate + 1.0f) * n - 1.0f) / 2.0f;
}

// Adds weight * input[y, x, :] to out when (y, x) lies inside the image.
void accumulate(
    const float* image, size_t height, size_t width, size_t channels, int64_t y, int64_t x, float weight, float* out) {
    if (y < 0 || x < 0 || y >= static_cast<int64_t>(height) || x >= static_cast<int64_t>(width) || weight == 0.0f)
        return;
    const float* pixel = image + (static_cast<size_t>(y) * width + static_cast<size_t>(x)) * channels;
    for (size_t c = 0; c < channels; ++c)
        out[c] += weight * pixel[c];
}

void sample(const float* image,
            size_t height,
            size_t width,
            size_t channels,
            float gx,
            float gy,
            const GridSampleOptions& o,
            float* out) {
    std::memset(out, 0, channels * sizeof(float));
    const float x = unnormalize(gx, width, o.align_corners), y = unnormalize(gy, height, o.align_corners);
    if (!std::isfinite(x) || !std::isfinite(y))
        return;
    if (o.mode == "nearest") {
        accumulate(image,
                   height,
                   width,
                   channels,
                   static_cast<int64_t>(std::nearbyint(y)),
                   static_cast<int64_t>(std::nearbyint(x)),
                   1.0f,
                   out);
        return;
    }
    const float x0 = std::floor(x), y0 = std::floor(y);
    const float fx = x - x0, fy = y - y0;
    const auto ix = static_cast<int64_t>(x0), iy = static_cast<int64_t>(y0);
    accumulate(image, height, width, channels, iy, ix, (1.0f - fx) * (1.0f - fy), out);
    accumulate(image, height, width, channels, iy, ix + 1, fx * (1.0f - fy), out);
    accumulate(image, height, width, channels, iy + 1, ix, (1.0f - fx) * fy, out);
    accumulate(image, height, width, channels, iy + 1, ix + 1, fx * fy, out);
}

}  // namespace
}  // namespace ttnn::ops

namespace ttnn {

Tensor grid_sample(const Tensor& input_tensor, const Tensor& grid, const GridSampleOptions& options) {
    using namespace ops;
    const char* op = "ttnn.grid_sample";
    const Shape& s = input_tensor.logical_shape();
    const Shape& g = grid.logical_shape();
    TTNN_CHECK(s.rank() == 4, VALUE, op, ": input must be [N, H_in, W_in, C]; got ", s.to_string());
    TTNN_CHECK(g.rank() == 4 && g[0] == s[0] && g[3] % 2 == 0 && g[3] > 0,
               VALUE,
               op,
               ": grid must be [N, H_grid, W_grid, 2K] with the input's N = ",
               s[0],
               "; got ",
               g.to_string());
    TTNN_CHECK(options.mode == "bilinear" || options.mode == "nearest",
               VALUE,
               op,
               ": unsupported mode; expected 'bilinear' or 'nearest', got '",
               options.mode,
               "'");
    TTNN_CHECK(options.padding_mode == "zeros",
               NOT_IMPLEMENTED,
               op,
               ": only padding_mode 'zeros' is supported; got '",
               options.padding_mode,
               "'");
    const size_t batch = s[0], height = s[1], width = s[2], channels = s[3];
    const size_t grid_h = g[1], grid_w = g[2], k = g[3] / 2;
    TTNN_CHECK(!options.batch_output_channels || k > 1,
               VALUE,
               op,
               ": batch_output_channels needs a grid batching factor K > 1; got K = ",
               k);
    const Shape out_shape = options.batch_output_channels ? Shape({static_cast<uint32_t>(batch),
                                                                   static_cast<uint32_t>(grid_h),
                                                                   static_cast<uint32_t>(grid_w),
                                                                   static_cast<uint32_t>(channels * k)})
                                                          : Shape({static_cast<uint32_t>(batch),
                                                                   static_cast<uint32_t>(grid_h),
                                                                   static_cast<uint32_t>(grid_w * k),
                                                                   static_cast<uint32_t>(channels)});
    const Tensor input = rows_f32(input_tensor);
    const Tensor points = rows_f32(grid);
    Tensor out32 =
        allocate_output(op, input_tensor, out_shape, DataType::FLOAT32, Layout::ROW_MAJOR, options.memory_config);
    const float* src = input.data<float>();
    const float* xy = points.data<float>();
    float* dst = out32.data<float>();
    const size_t samples_per_image = grid_h * grid_w * k;
    // The K samples of a grid position are adjacent in both output layouts: [.., Wg*K, C] and [.., Wg, C*K].
    pool_for(input_tensor).parallel_for(batch * samples_per_image, 64, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
            const float* image = src + (i / samples_per_image) * height * width * channels;
            sample(image, height, width, channels, xy[2 * i], xy[2 * i + 1], options, dst + i * channels);
        }
    });
    return finish_output(out32, input_tensor.dtype(), input_tensor.layout());
}

}  // namespace ttnn
