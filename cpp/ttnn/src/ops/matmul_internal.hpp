#pragma once
// Internal to the matmul family (and attention, which reuses the operand views): tensors seen as batches of
// strided matrices for the GEMM, the math-fidelity operand transform, and the packed-weight cache.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "kernels/gemm.hpp"
#include "ttnn/compute_config.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn::ops {

// Element strides of every logical dim in the tensor's storage (TILE: rows of the padded width, 2D slices of
// the padded height). Block floats must be decoded first (as_float32).
std::vector<int64_t> storage_strides(const Tensor& tensor);

// A tensor as a batch of matrices, after its optional transpose. A rank-1 tensor is one row (as_column:
// one column), as torch.matmul treats a rank-1 first (second) operand.
struct MatrixOperand {
    std::optional<Tensor> storage;                // keeps the bytes alive (the fp32 decode of block floats)
    std::shared_ptr<kernels::FloatBuffer> owned;  // a fidelity-transformed copy, when there is one
    kernels::MatrixRef ref;
    bool bf16_values = false;  // every value is a bf16 value (bf16 or block-float input), also after apply_fidelity
    int64_t rows = 0;
    int64_t cols = 0;
    std::vector<uint32_t> batch;        // leading dims
    std::vector<int64_t> batch_stride;  // element strides of the leading dims
    int64_t batch_volume() const;
    int64_t batch_offset(int64_t linear) const;  // element offset of matrix `linear` (row-major over batch)
};
// shape_only: the shape and strides without decoding block floats (the data will not be read).
MatrixOperand matrix_operand(const Tensor& tensor, bool transpose, bool as_column, bool shape_only = false);

// TT's math fidelity emulation (matmul_operand.cpp): leaves the operand unchanged for HiFi4; otherwise
// replaces it by a contiguous fp32 copy such that the plain product of the transformed a (in0) and b (in1)
// equals the fidelity's sum of partial products (for HiFi3 both gain a second K half, so K doubles).
void apply_fidelity(MatrixOperand& op, MathFidelity fidelity, bool is_b);

// B packed per batch matrix.
struct PackedWeight {
    std::vector<kernels::PackedB> batches;
};
std::shared_ptr<const PackedWeight> pack_weight(const MatrixOperand& b, ThreadPool& pool);

// The prepared-weight cache (matmul_prepack.cpp), keyed by the weight's buffer, transpose and fidelity.
std::shared_ptr<const PackedWeight> find_prepared_weight(const Tensor& b, bool transpose_b, MathFidelity fidelity);
bool is_constant_weight(const Tensor& b);
void store_prepared_weight(const Tensor& b,
                           bool transpose_b,
                           MathFidelity fidelity,
                           std::shared_ptr<const PackedWeight> packed);
void mark_constant_weight(const Tensor& b);

}  // namespace ttnn::ops
