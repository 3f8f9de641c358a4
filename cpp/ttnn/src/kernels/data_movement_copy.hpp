#pragma once
// The one kernel behind every data-movement op: copy (or fill) an N-d box of elements between two strided
// views. Permute, transpose, slice, concat, stack, split, repeat, expand, pad and roll are all this copy with
// different strides and base offsets; the kernel picks the fastest walk for the strides it is given
// (memcpy of contiguous runs, a cache-blocked transpose, or an element loop).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ttnn/tensor.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn::kernels {

// Extents of the box and, per dim, the element strides of source and destination (0 on the source
// broadcasts, as expand and repeat need).
struct CopyBox {
    std::vector<uint64_t> extents;
    std::vector<int64_t> src_strides;
    std::vector<int64_t> dst_strides;
};

// Element strides of each logical dim in the tensor's storage: C-contiguous over the logical shape for
// ROW_MAJOR, over the padded shape for TILE (non-block dtypes), so padding is skipped, never read.
std::vector<int64_t> storage_strides(const TensorSpec& spec);

void copy_strided(const std::byte* src, std::byte* dst, size_t element_bytes, const CopyBox& box, ThreadPool& pool);

// Concatenation of C-contiguous sources along one dim: every source is `rows` rows of row_bytes[i] bytes
// and each destination row is the sources' rows side by side. Rows are written whole and in order (one
// pass over the output), in parallel over rows.
void concat_rows(const std::vector<const std::byte*>& sources,
                 const std::vector<size_t>& row_bytes,
                 std::byte* dst,
                 uint64_t rows,
                 ThreadPool& pool);

// Writes `value` (one element of `element_bytes`) at every position of the box (src strides are ignored).
void fill_strided(std::byte* dst, const std::byte* value, size_t element_bytes, const CopyBox& box, ThreadPool& pool);

// Walks the positions of an index space in row-major order, keeping the offsets of two strided views.
class Odometer {
public:
    Odometer(const std::vector<uint64_t>& extents,
             const std::vector<int64_t>& strides_a,
             const std::vector<int64_t>& strides_b,
             uint64_t start);
    int64_t a() const { return offset_a_; }
    int64_t b() const { return offset_b_; }
    void next();

private:
    const std::vector<uint64_t>& extents_;
    const std::vector<int64_t>& strides_a_;
    const std::vector<int64_t>& strides_b_;
    std::vector<uint64_t> index_;
    int64_t offset_a_ = 0;
    int64_t offset_b_ = 0;
};

uint64_t volume(const std::vector<uint64_t>& extents);

// Portable 8x8 block transpose: element (r, c) of the source block, rows `src_stride` apart, lands at (c, r)
// of the destination block. The blocked transpose uses the AVX2 twins when they are active.
void transpose8x8_u16_scalar(const uint16_t* src, int64_t src_stride, uint16_t* dst, int64_t dst_stride);
void transpose8x8_u32_scalar(const uint32_t* src, int64_t src_stride, uint32_t* dst, int64_t dst_stride);
// `count` runs of `bytes` bytes, `src_step` and `dst_step` bytes apart: the inner loop of the run copies.
using RunsFn =
    void (*)(const std::byte* src, int64_t src_step, std::byte* dst, int64_t dst_step, uint64_t count, size_t bytes);
void copy_runs_scalar(
    const std::byte* src, int64_t src_step, std::byte* dst, int64_t dst_step, uint64_t count, size_t bytes);
#if TTNN_HAVE_AVX2
// Runs of a multiple of 32 bytes up to 512 move as whole 32-byte vectors; others fall back to copy_runs_scalar.
void copy_runs_avx2(
    const std::byte* src, int64_t src_step, std::byte* dst, int64_t dst_step, uint64_t count, size_t bytes);
void transpose8x8_u16_avx2(const uint16_t* src, int64_t src_stride, uint16_t* dst, int64_t dst_stride);
void transpose8x8_u32_avx2(const uint32_t* src, int64_t src_stride, uint32_t* dst, int64_t dst_stride);
#endif

}  // namespace ttnn::kernels
