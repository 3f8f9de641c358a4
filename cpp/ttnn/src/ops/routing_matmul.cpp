// ttnn.grouped_matmul: the grouped matmul of a mixture-of-experts layer (transformers' grouped_mm over
// tokens sorted by expert). One packed GEMM per group over that group's rows, each reading a, b and writing c
// as stored (bf16 or fp32, ROW_MAJOR or TILE: on this device TILE storage is the padded shape in row-major
// order, so a row of a 2-D slice is a padded row apart), so no group's rows or weight are copied out first.
#include <cstring>

#include "kernels/gemm.hpp"
#include "ops/op_common.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/routing.hpp"

namespace ttnn {
namespace {

constexpr const char* kOp = "ttnn.grouped_matmul";

// bf16 and fp32 are read as stored; block floats are unpacked to fp32 first.
Tensor readable(const Tensor& t) {
    return t.dtype() == DataType::BFLOAT16 || t.dtype() == DataType::FLOAT32 ? t : ops::as_float32(t);
}

// The running row totals, checked: non-decreasing and within the rows of a.
std::vector<int64_t> read_offsets(const Tensor& offsets, size_t groups, size_t rows) {
    const Shape& s = offsets.logical_shape();
    TTNN_CHECK(s.rank() == 1 && s[0] == groups,
               VALUE,
               kOp,
               ": offsets must hold one running total per group; expected [",
               groups,
               "], got ",
               s.to_string());
    const Tensor image = to_layout(offsets, Layout::ROW_MAJOR, DataType::INT32);
    std::vector<int64_t> ends(image.data<int32_t>(), image.data<int32_t>() + groups);
    int64_t previous = 0;
    for (size_t e = 0; e < groups; ++e) {
        TTNN_CHECK(ends[e] >= previous && ends[e] <= static_cast<int64_t>(rows),
                   VALUE,
                   kOp,
                   ": offsets must be non-decreasing running totals within the ",
                   rows,
                   " rows of input_tensor_a; got ",
                   ends[e],
                   " at group ",
                   e,
                   " after ",
                   previous);
        previous = ends[e];
    }
    return ends;
}

}  // namespace

Tensor grouped_matmul(const Tensor& input_tensor_a,
                      const Tensor& input_tensor_b,
                      const Tensor& offsets,
                      bool transpose_b,
                      const std::optional<MemoryConfig>& memory_config) {
    input_tensor_a.check_usable(kOp);
    input_tensor_b.check_usable(kOp);
    const Shape &sa = input_tensor_a.logical_shape(), &sb = input_tensor_b.logical_shape();
    const size_t k_of_b = sb.rank() == 3 ? sb[transpose_b ? 2 : 1] : 0;
    TTNN_CHECK(sa.rank() == 2 && sb.rank() == 3 && k_of_b == sa[1],
               VALUE,
               kOp,
               ": expected a as [S, K] and b as [E, K, N] (or [E, N, K] with transpose_b) with one K; got a ",
               sa.to_string(),
               ", b ",
               sb.to_string(),
               transpose_b ? " with transpose_b" : "");
    const size_t rows = sa[0], k = sa[1], n = sb[transpose_b ? 1 : 2], groups = sb[0];
    const std::vector<int64_t> ends = read_offsets(offsets, groups, rows);
    const Tensor a = readable(input_tensor_a), b = readable(input_tensor_b);
    const DataType dtype = a.dtype();
    Tensor out = ops::allocate_output(kOp,
                                      input_tensor_a,
                                      Shape{static_cast<uint32_t>(rows), static_cast<uint32_t>(n)},
                                      dtype,
                                      input_tensor_a.layout(),
                                      memory_config);
    std::memset(out.buffer()->data(), 0, out.buffer()->size());  // rows past the last group stay zero
    const int64_t lda = a.padded_shape()[-1], ldb = b.padded_shape()[-1], ldc = out.padded_shape()[-1];
    const int64_t slice = int64_t{b.padded_shape()[-2]} * ldb;
    int64_t start = 0;
    for (size_t e = 0; e < groups; ++e) {
        const int64_t end = ends[e], count = end - start;
        if (count > 0 && k > 0 && n > 0) {
            const bool bf16 = b.dtype() == DataType::BFLOAT16;
            kernels::GemmProblem p;
            p.m = count, p.n = static_cast<int64_t>(n), p.k = static_cast<int64_t>(k);
            p.a = {a.buffer()->data(), a.dtype() == DataType::BFLOAT16, lda, 1};
            p.b = transpose_b ? kernels::MatrixRef{b.buffer()->data(), bf16, 1, ldb}
                              : kernels::MatrixRef{b.buffer()->data(), bf16, ldb, 1};
            p.c = out.buffer()->data(), p.c_bf16 = dtype == DataType::BFLOAT16, p.ldc = ldc;
            const kernels::GemmItem item{start * lda, start * ldc, nullptr, static_cast<int64_t>(e) * slice};
            p.items = &item, p.item_count = 1;
            kernels::gemm_run(p, ops::pool_for(input_tensor_a));
        }
        start = end;
    }
    return out;
}

}  // namespace ttnn
