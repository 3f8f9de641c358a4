// Tensors as batches of strided matrices for the GEMM, TT's math-fidelity emulation, and B packing.
#include <cstring>

#include "ops/matmul_internal.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn::ops {

std::vector<int64_t> storage_strides(const Tensor& tensor) {
    const Shape& logical = tensor.logical_shape();
    const int rank = logical.rank();
    std::vector<int64_t> strides(static_cast<size_t>(rank), 1);
    const bool tile = tensor.layout() == Layout::TILE;
    int64_t stride = 1;
    for (int d = rank - 1; d >= 0; --d) {
        strides[static_cast<size_t>(d)] = stride;
        // TILE stores the last two dims padded; a rank-1 TILE tensor is one padded row.
        const bool padded = tile && d >= rank - 2;
        stride *= padded ? tensor.padded_shape()[d - rank] : logical[d];
    }
    return strides;
}

int64_t MatrixOperand::batch_volume() const {
    int64_t volume = 1;
    for (uint32_t d : batch)
        volume *= d;
    return volume;
}

int64_t MatrixOperand::batch_offset(int64_t linear) const {
    int64_t offset = 0;
    for (size_t d = batch.size(); d-- > 0;) {
        offset += (linear % batch[d]) * batch_stride[d];
        linear /= batch[d];
    }
    return offset;
}

MatrixOperand matrix_operand(const Tensor& tensor, bool transpose, bool as_column, bool shape_only) {
    MatrixOperand op;
    op.storage = is_block_float(tensor.dtype()) && !shape_only ? as_float32(tensor) : tensor;
    const std::vector<int64_t> strides = storage_strides(*op.storage);  // from the spec; block floats unread
    const Shape& shape = tensor.logical_shape();
    const int rank = shape.rank();
    op.ref.data = op.storage->buffer()->data();
    op.ref.bf16 = op.storage->dtype() == DataType::BFLOAT16;
    op.bf16_values = tensor.dtype() != DataType::FLOAT32;
    if (rank == 1) {
        op.rows = as_column ? shape[0] : 1;
        op.cols = as_column ? 1 : shape[0];
        op.ref.row_stride = as_column ? 1 : 0;
        op.ref.col_stride = as_column ? 0 : 1;
        return op;
    }
    op.rows = shape[-2];
    op.cols = shape[-1];
    op.ref.row_stride = strides[static_cast<size_t>(rank - 2)];
    op.ref.col_stride = 1;
    if (transpose) {
        std::swap(op.rows, op.cols);
        std::swap(op.ref.row_stride, op.ref.col_stride);
    }
    op.batch.assign(shape.dims().begin(), shape.dims().end() - 2);
    op.batch_stride.assign(strides.begin(), strides.end() - 2);
    return op;
}

namespace {

// Keeps the top `bits` explicit mantissa bits (the hidden bit is always kept).
inline float keep_mantissa(float x, int bits) {
    const uint32_t mask = ~((1u << (23 - bits)) - 1u);
    return __builtin_bit_cast(float, __builtin_bit_cast(uint32_t, x) & mask);
}

// Copies every matrix of `op` into a contiguous fp32 block of rows x (cols * halves) (or (rows * halves) x
// cols when `stack_rows`), filling half h with transform(x, h).
template <typename Transform>
void materialize(MatrixOperand& op, int halves, bool stack_rows, Transform transform) {
    const int64_t batch = op.batch_volume();
    const int64_t rows = stack_rows ? op.rows * halves : op.rows;
    const int64_t cols = stack_rows ? op.cols : op.cols * halves;
    auto owned = std::make_shared<kernels::FloatBuffer>();
    owned->resize(static_cast<size_t>(std::max<int64_t>(1, batch * rows * cols)));
    float* dst = owned->data();
    for (int64_t m = 0; m < batch; ++m) {
        const int64_t base = op.batch_offset(m);
        for (int h = 0; h < halves; ++h) {
            for (int64_t i = 0; i < op.rows; ++i) {
                for (int64_t j = 0; j < op.cols; ++j) {
                    const int64_t src = base + i * op.ref.row_stride + j * op.ref.col_stride;
                    const float x = op.ref.bf16 ? f32_from_bf16(static_cast<const uint16_t*>(op.ref.data)[src])
                                                : static_cast<const float*>(op.ref.data)[src];
                    const int64_t r = stack_rows ? h * op.rows + i : i;
                    const int64_t c = stack_rows ? j : h * op.cols + j;
                    dst[(m * rows + r) * cols + c] = transform(x, h);
                }
            }
        }
    }
    op.owned = owned;
    op.ref = {dst, false, cols, 1};
    op.rows = rows;
    op.cols = cols;
    std::vector<int64_t> strides(op.batch.size());
    int64_t stride = rows * cols;
    for (size_t d = op.batch.size(); d-- > 0;) {
        strides[d] = stride;
        stride *= op.batch[d];
    }
    op.batch_stride = strides;
}

}  // namespace

// TT's FPU multiplies a 5-bit slice of the srcA mantissa by a 7-bit slice of the srcB mantissa per pass
// (hidden bit included); matmul unpacks in1 (b) to srcA and in0 (a) to srcB. The passes, as the tt-llk
// matmul golden masks them (FP_FIDELITY_ITER_MASK over the 11-bit TF32 mantissa):
//   LoFi:  A_hi*B_hi        HiFi2: + A_lo*B_hi        HiFi3: + A_hi*B_lo        HiFi4: + A_lo*B_lo
// with srcA (b) hi = hidden + 4 explicit bits, lo = the next 5 of which TT uses 5 (mask 0b00000111110) and
// srcB (a) hi = hidden + 6 bits, lo = the next 4. For bf16 inputs HiFi4 is the exact product; we keep HiFi4
// exact for fp32 inputs too, so float32 graphs run exactly as on any CPU. Every transform of a bf16 value is
// again a bf16 value (it keeps at most 7 explicit mantissa bits), so bf16_values holds after it.
void apply_fidelity(MatrixOperand& op, MathFidelity fidelity, bool is_b) {
    switch (fidelity) {
        case MathFidelity::HiFi4:
            return;
        case MathFidelity::LoFi:
            materialize(op, 1, is_b, [is_b](float x, int) { return keep_mantissa(x, is_b ? 4 : 6); });
            return;
        case MathFidelity::HiFi2:
            materialize(op, 1, is_b, [is_b](float x, int) { return keep_mantissa(x, is_b ? 9 : 6); });
            return;
        case MathFidelity::HiFi3:
            // K doubles: [a_hi | a_lo] x [b_hi + b_lo ; b_hi] = a_hi * (b_hi + b_lo) + a_lo * b_hi.
            if (is_b) {
                materialize(op, 2, true, [](float x, int h) { return keep_mantissa(x, h == 0 ? 9 : 4); });
            } else {
                materialize(op, 2, false, [](float x, int h) {
                    return h == 0 ? keep_mantissa(x, 6) : keep_mantissa(x, 10) - keep_mantissa(x, 6);
                });
            }
            return;
    }
}

std::shared_ptr<const PackedWeight> pack_weight(const MatrixOperand& b, ThreadPool& pool) {
    auto packed = std::make_shared<PackedWeight>();
    const int64_t batch = b.batch_volume();
    packed->batches.resize(static_cast<size_t>(batch));
    for (int64_t m = 0; m < batch; ++m) {
        kernels::MatrixRef ref = b.ref;
        const size_t elem = ref.bf16 ? 2 : 4;
        ref.data = static_cast<const std::byte*>(ref.data) + b.batch_offset(m) * static_cast<int64_t>(elem);
        kernels::pack_b(ref, b.rows, b.cols, packed->batches[static_cast<size_t>(m)], pool, b.bf16_values);
    }
    return packed;
}

}  // namespace ttnn::ops
