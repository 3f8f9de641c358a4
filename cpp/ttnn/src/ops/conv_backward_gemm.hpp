#pragma once
// The GEMM halves of aten.convolution_backward (conv_backward_gemm.cpp), on fp32 weights and inputs and a
// grad_output read as stored; the ops in conv_backward.cpp validate, convert and call them.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>

#include "kernels/codec.hpp"
#include "kernels/conv_kernels.hpp"
#include "ops/conv_plan.hpp"
#include "ttnn/tensor.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn::ops {

// grad_output's rows (one per output pixel) as stored, bf16 or fp32, ROW_MAJOR or TILE (on this device TILE
// storage is the padded shape in row-major order), so both GEMMs widen each band's or chunk's rows where they
// read them instead of making an fp32 ROW_MAJOR copy of the whole gradient first.
struct StoredRows {
    const std::byte* data = nullptr;
    bool bf16 = false;
    size_t stride = 0, height = 1, slice_rows = 1;  // elements per stored row; logical and stored rows per slice

    static StoredRows of(const Tensor& t) {
        const Shape& logical = t.logical_shape();
        const Shape& padded = t.padded_shape();
        return {reinterpret_cast<const std::byte*>(t.buffer()->data()),
                t.dtype() == DataType::BFLOAT16,
                padded[-1],
                std::max<size_t>(logical[-2], 1),
                std::max<size_t>(padded[-2], 1)};
    }
    bool dense_f32(size_t width) const { return !bf16 && stride == width && slice_rows == height; }
    const float* f32() const { return reinterpret_cast<const float*>(data); }
    // Row r's bf16 elements as stored (bf16 only).
    const uint16_t* bf16_row(size_t r) const {
        return reinterpret_cast<const uint16_t*>(data) + (r / height * slice_rows + r % height) * stride;
    }
    // Rows [r0, r0 + count) as fp32 into dst, `width` (the logical row length) apart.
    void read(size_t r0, size_t count, size_t width, float* dst) const {
        const auto widen = kernels::codec().bf16_to_f32;
        if (bf16 && stride == width && slice_rows == height) {  // ROW_MAJOR: one run, not a call per row
            widen(reinterpret_cast<const uint16_t*>(data) + r0 * width, dst, count * width);
            return;
        }
        for (size_t r = r0; r < r0 + count; ++r, dst += width) {
            const size_t at = (r / height * slice_rows + r % height) * stride;
            if (bf16)
                widen(reinterpret_cast<const uint16_t*>(data) + at, dst, width);
            else
                std::memcpy(dst, f32() + at, width * sizeof(float));
        }
    }
};

// 1x1, stride 1, no padding: the columns are the input pixels themselves (no im2col, no col2im).
bool conv_is_pointwise(const kernels::ConvGeometry& g);

// grad_in (fp32 [pixels_in][in_c], written whole) from grad and OIHW weight.
void conv_backward_input_gemm(
    const kernels::ConvGeometry& g, const StoredRows& grad, const float* weight, float* grad_in, ThreadPool& pool);

// A band's columns: output pixels [p0, p0 + rows) of `group`, (kh, kw, c) per row, into cols (the ld of
// conv_input_bands apart; room for rows rounded up to 32).
using BandColumns = std::function<void(size_t p0, size_t rows, size_t group, float* cols)>;

// grad_in (fp32 [pixels_in][in_c], written whole) as the adjoint of im2col of the columns band_columns gives per
// band of output rows and group (groups in order on one thread). Not for pointwise convs, which need no col2im.
void conv_input_bands(
    const kernels::ConvGeometry& g, size_t ld, float* grad_in, ThreadPool& pool, const BandColumns& band_columns);

// grad_in on the AMX tier's bf16 tiles from a bf16 grad and an OIHW weight of bf16 values; false (nothing
// written) where the tier has no tiles, grad is not bf16 or the conv is pointwise (conv_backward_amx.cpp).
bool conv_backward_input_tiles(
    const kernels::ConvGeometry& g, const StoredRows& grad, const float* weight, float* grad_in, ThreadPool& pool);

// The input gradient of the conv `plan` describes, as a ROW_MAJOR fp32 tensor in the plan's activation form
// (zero where grad is empty): conv2d_backward_input's result, and conv_transpose2d's before its bias. grad is
// read as stored except by the pointwise path; the weight is OIHW in any dtype and layout.
Tensor conv_input_gradient(const char* op,
                           const ConvPlan& plan,
                           const Tensor& grad,
                           const Tensor& weight,
                           const std::optional<MemoryConfig>& memory_config);

// grad_w (fp32 OIHW, added to: the caller zeroes it) from grad and the fp32 NHWC input.
void conv_backward_weight_gemm(
    const kernels::ConvGeometry& g, const StoredRows& grad, const float* input, float* grad_w, ThreadPool& pool);

// grad_w (fp32 OIHW, written whole) on the AMX tier's bf16 tiles from a bf16 grad and the bf16 NHWC input;
// false (nothing written) where the active tier has no tiles or grad is not bf16 (conv_backward_amx.cpp).
bool conv_backward_weight_tiles(
    const kernels::ConvGeometry& g, const StoredRows& grad, const uint16_t* input, float* grad_w, ThreadPool& pool);

}  // namespace ttnn::ops
