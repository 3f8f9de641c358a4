#pragma once
// The conv GEMM's A without im2col columns: a zero-bordered fp32 copy of the input, from which an output
// pixel's patch values for one kernel row are one contiguous run (dilation 1 in width, one group) or one run
// per tap. The microkernel reads those runs through a table of row pointers (kernels::ARows), so a 3x3 conv
// copies its input once instead of writing nine times its size as columns and reading them back.
#include <cstdint>
#include <vector>

#include "kernels/conv_kernels.hpp"
#include "kernels/gemm.hpp"
#include "ops/conv_plan.hpp"

namespace ttnn::ops {

// Rows [first_row, first_row + rows) of the padded batch (row r is row r % height of image r / height).
struct PaddedInput {
    const float* data = nullptr;
    size_t height = 0, width = 0;  // extents of one padded image: what the taps reach, no more
    size_t first_row = 0, rows = 0;
    uint64_t call = 0;  // which conv call padded it: a band is reused only within its call
};

// Whether g reads its patches from a padded copy: runs long enough for the microkernel (32 floats or more)
// and a copy no bigger than the columns would be (so not a strided 1x1 conv, which skips pixels).
bool use_padded_input(const kernels::ConvGeometry& g);

// The padded rows that output rows [m0, m0 + rows) read, copied from the input (fp32 or bf16, as io holds
// it) into buffer as fp32 with their zero border; `reuse` is returned as it is when it already holds them
// for the same call (several column blocks of one row chunk on one thread). Each thread pads the band it reads: a band
// written by one core and read by another is slow on this machine when its two cores sit on different CCXs.
PaddedInput pad_band(const kernels::ConvGeometry& g,
                     const ConvIo& io,
                     size_t m0,
                     size_t rows,
                     uint64_t call,
                     const PaddedInput& reuse,
                     kernels::FloatBuffer& buffer);

// The k-blocks of output rows [m0, m0 + rows) of group `group`, in k order: one table of row pointers per run
// (kept in `table`, which the blocks point into) split into blocks of at most 256.
void padded_blocks(const kernels::ConvGeometry& g,
                   const PaddedInput& in,
                   size_t group,
                   size_t m0,
                   size_t rows,
                   std::vector<const float*>& table,
                   std::vector<kernels::KBlock>& blocks);

}  // namespace ttnn::ops
