// The matmul op family: ttnn.matmul, ttnn.linear and ttnn.prepare_linear_weight. Shapes and batching are
// resolved here; the arithmetic is the packed GEMM in kernels/gemm_*.cpp.
#include "ttnn/ops/matmul.hpp"

#include <algorithm>

#include "ops/families.hpp"
#include "ops/matmul_internal.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"

namespace ttnn {
namespace {

using ops::MatrixOperand;

kernels::Activation parse_activation(const char* op, const std::string& name) {
    if (name.empty() || name == "none")
        return kernels::Activation::NONE;
    if (name == "relu")
        return kernels::Activation::RELU;
    if (name == "gelu")
        return kernels::Activation::GELU;
    if (name == "silu")
        return kernels::Activation::SILU;
    if (name == "sigmoid")
        return kernels::Activation::SIGMOID;
    TTNN_FAIL(VALUE, op, ": unknown activation; expected one of relu, gelu, silu, sigmoid or None, got '", name, "'");
}

std::string shapes_of(const Tensor& a, const Tensor& b) {
    return "a " + a.logical_shape().to_string() + " " + std::string(name(a.dtype())) + ", b " +
           b.logical_shape().to_string() + " " + std::string(name(b.dtype()));
}

// Broadcast of the leading (batch) dims, aligned from the right as torch.matmul does.
std::vector<uint32_t> broadcast_batch(const char* op,
                                      const MatrixOperand& a,
                                      const MatrixOperand& b,
                                      const std::string& shapes) {
    const size_t rank = std::max(a.batch.size(), b.batch.size());
    std::vector<uint32_t> out(rank, 1);
    for (size_t i = 0; i < rank; ++i) {
        const uint32_t da = i < a.batch.size() ? a.batch[a.batch.size() - 1 - i] : 1;
        const uint32_t db = i < b.batch.size() ? b.batch[b.batch.size() - 1 - i] : 1;
        TTNN_CHECK(da == db || da == 1 || db == 1,
                   VALUE,
                   op,
                   ": batch dims do not broadcast; expected equal sizes or 1, got ",
                   shapes);
        out[rank - 1 - i] = std::max(da, db);
    }
    return out;
}

// Offset of the operand's matrix for output batch index `linear` (broadcast dims read matrix 0).
int64_t broadcast_offset(const MatrixOperand& op,
                         const std::vector<uint32_t>& out_batch,
                         int64_t linear,
                         int64_t* batch_index) {
    int64_t offset = 0;
    int64_t index = 0;
    int64_t scale = 1;
    for (size_t d = out_batch.size(); d-- > 0;) {
        const int64_t i = linear % out_batch[d];
        linear /= out_batch[d];
        const size_t back = out_batch.size() - 1 - d;
        if (back < op.batch.size()) {
            const size_t od = op.batch.size() - 1 - back;
            const int64_t oi = op.batch[od] == 1 ? 0 : i;
            offset += oi * op.batch_stride[od];
            index += oi * scale;
            scale *= op.batch[od];
        }
    }
    if (batch_index != nullptr)
        *batch_index = index;
    return offset;
}

// Whole matrices stored back to back (no TILE row padding, no transpose): the batch folds into M.
bool rows_fold(const MatrixOperand& op, const Tensor& t) {
    if (op.ref.col_stride != 1 || op.batch.empty())
        return false;
    return t.layout() == Layout::ROW_MAJOR || t.logical_shape()[-2] % TILE_HEIGHT == 0;
}

struct Epilogue {
    const Tensor* bias = nullptr;
    kernels::Activation activation = kernels::Activation::NONE;
};

std::vector<float> bias_values(const char* op, const Tensor& bias, int64_t n) {
    const Shape& s = bias.logical_shape();
    TTNN_CHECK(s.rank() >= 1 && s[-1] == n && static_cast<int64_t>(s.volume()) == n,
               VALUE,
               op,
               ": bias must hold one value per output column; expected shape [",
               n,
               "] or [1, ..., ",
               n,
               "], got ",
               s.to_string());
    const Tensor values = ops::as_float32(bias);
    const float* data = values.data<float>();
    return std::vector<float>(data, data + n);
}

Tensor run_matmul(const char* op, const Tensor& a, const Tensor& b, const MatmulOptions& o, const Epilogue& ep) {
    a.check_usable(op);
    b.check_usable(op);
    const std::string shapes = shapes_of(a, b);
    TTNN_CHECK(is_floating(a.dtype()) && is_floating(b.dtype()),
               TYPE,
               op,
               ": operands must be floating point; expected bfloat16, float32 or bfloat8_b, got ",
               shapes);
    TTNN_CHECK(a.logical_shape().rank() >= 1 && b.logical_shape().rank() >= 1,
               VALUE,
               op,
               ": operands must have rank >= 1; got ",
               shapes);
    const bool a_vec = a.logical_shape().rank() == 1;
    const bool b_vec = b.logical_shape().rank() == 1;
    const ComputeConfig config = o.compute_kernel_config.value_or(ComputeConfig{});
    const MathFidelity fidelity = config.math_fidelity;
    std::shared_ptr<const ops::PackedWeight> packed = ops::find_prepared_weight(b, o.transpose_b, fidelity);
    MatrixOperand ma = ops::matrix_operand(a, o.transpose_a, false);
    MatrixOperand mb = ops::matrix_operand(b, o.transpose_b, true, packed != nullptr);
    TTNN_CHECK(ma.cols == mb.rows,
               VALUE,
               op,
               ": inner dimensions must match; expected a's K (",
               ma.cols,
               ") to equal b's K (",
               mb.rows,
               "), got ",
               shapes,
               o.transpose_a || o.transpose_b ? " (transposed)" : "");
    const std::vector<uint32_t> batch = broadcast_batch(op, ma, mb, shapes);
    std::vector<uint32_t> dims = batch;
    if (!a_vec)
        dims.push_back(static_cast<uint32_t>(ma.rows));
    if (!b_vec)
        dims.push_back(static_cast<uint32_t>(mb.cols));

    const DataType out_dtype = o.dtype.value_or(a.dtype());
    TTNN_CHECK(is_floating(out_dtype), TYPE, op, ": output dtype must be floating point; got ", name(out_dtype));
    const DataType store_dtype = is_block_float(out_dtype) ? DataType::FLOAT32 : out_dtype;
    Layout layout = is_block_float(out_dtype) ? Layout::TILE : a.layout();
    Tensor out = ops::allocate_output(op, a, Shape(dims), store_dtype, layout, o.memory_config);

    ops::apply_fidelity(ma, fidelity, false);
    if (packed == nullptr) {
        ops::apply_fidelity(mb, fidelity, true);
    } else if (fidelity == MathFidelity::HiFi3) {
        mb.rows *= 2;  // the packed weight holds both K halves
    }
    ThreadPool& pool = ops::pool_for(a);
    // A constant weight is packed once and cached; an activation is packed inside the GEMM (items.b null).
    if (packed == nullptr && ma.cols > 0 && ops::is_constant_weight(b)) {
        packed = ops::pack_weight(mb, pool);
        ops::store_prepared_weight(b, o.transpose_b, fidelity, packed);
    }
    std::vector<float> bias;
    if (ep.bias != nullptr)
        bias = bias_values(op, *ep.bias, mb.cols);

    const std::vector<int64_t> out_strides = ops::storage_strides(out);
    MatrixOperand mc;  // the output as a batch of matrices, to reuse broadcast_offset
    mc.batch = batch;
    mc.batch_stride.assign(out_strides.begin(), out_strides.begin() + static_cast<std::ptrdiff_t>(batch.size()));
    kernels::GemmProblem pb;
    pb.m = ma.rows;
    pb.n = mb.cols;
    pb.k = ma.cols;
    pb.a = ma.ref;
    pb.b = mb.ref;
    pb.c = out.buffer()->data();
    pb.c_bf16 = store_dtype == DataType::BFLOAT16;
    pb.ldc = a_vec ? 0 : out_strides[batch.size()];
    pb.bias = bias.empty() ? nullptr : bias.data();
    pb.activation = ep.activation;
    pb.bf16_partials = !config.fp32_dest_acc_en;
    pb.bf16_operands = ma.bf16_values && mb.bf16_values;

    int64_t items = 1;
    for (uint32_t d : batch)
        items *= d;
    const bool fold = !a_vec && !b_vec && mb.batch_volume() == 1 && ma.batch == batch && rows_fold(ma, a) &&
                      (layout == Layout::ROW_MAJOR || ma.rows % TILE_HEIGHT == 0);
    if (fold) {
        pb.m *= items;
        items = 1;
    }
    std::vector<kernels::GemmItem> list(static_cast<size_t>(items));
    for (int64_t i = 0; i < items; ++i) {
        int64_t b_index = 0;
        kernels::GemmItem& item = list[static_cast<size_t>(i)];
        item.a_offset = fold ? 0 : broadcast_offset(ma, batch, i, nullptr);
        item.b_offset = broadcast_offset(mb, batch, i, &b_index);
        item.c_offset = fold ? 0 : broadcast_offset(mc, batch, i, nullptr);
        item.b = packed ? &packed->batches[static_cast<size_t>(b_index)] : nullptr;
    }
    pb.items = list.data();
    pb.item_count = items;
    kernels::gemm_run(pb, pool);
    return is_block_float(out_dtype) ? typecast(out, out_dtype, o.memory_config) : out;
}

}  // namespace

Tensor matmul(const Tensor& input_tensor_a, const Tensor& input_tensor_b, const MatmulOptions& options) {
    return run_matmul("ttnn.matmul", input_tensor_a, input_tensor_b, options, {});
}

Tensor linear(const Tensor& input_tensor_a, const Tensor& input_tensor_b, const LinearOptions& options) {
    const char* op = "ttnn.linear";
    Epilogue ep{options.bias ? &*options.bias : nullptr, parse_activation(op, options.activation)};
    return run_matmul(op, input_tensor_a, input_tensor_b, options, ep);
}

Tensor prepare_linear_weight(const Tensor& weight, bool transpose_b, const std::optional<ComputeConfig>& config) {
    const char* op = "ttnn.prepare_linear_weight";
    weight.check_usable(op);
    TTNN_CHECK(is_floating(weight.dtype()), TYPE, op, ": weight must be floating point; got ", name(weight.dtype()));
    const MathFidelity fidelity = config.value_or(ComputeConfig{}).math_fidelity;
    if (ops::find_prepared_weight(weight, transpose_b, fidelity) != nullptr)
        return weight;
    ops::mark_constant_weight(weight);
    MatrixOperand mb = ops::matrix_operand(weight, transpose_b, true);
    ops::apply_fidelity(mb, fidelity, true);
    ops::store_prepared_weight(weight, transpose_b, fidelity, ops::pack_weight(mb, ops::pool_for(weight)));
    return weight;
}

}  // namespace ttnn

namespace ttnn::ops {
namespace {

// core_grid= must fit the device's grid (TT-NN's check); program_config= carries its fused activation (the
// rest of a program config schedules a card's cores and changes no value).
std::string fused_activation(const OpArgs& a) {
    const std::string op = "ttnn." + std::string(a.op());
    if (const std::optional<std::vector<int64_t>> grid = a.optional_int_list("core_grid")) {
        const std::shared_ptr<Device> device = a.tensor("input_tensor_a").device();
        const CoreCoord size = device ? device->compute_with_storage_grid_size() : CoreCoord{8, 8};
        TTNN_CHECK(
            grid->size() == 2 && (*grid)[0] >= 1 && (*grid)[1] >= 1 && (*grid)[0] <= size.x && (*grid)[1] <= size.y,
            VALUE,
            op,
            ": core_grid must fit the device's ",
            size.x,
            " x ",
            size.y,
            " grid; got ",
            grid->size() == 2 ? std::to_string((*grid)[0]) + " x " + std::to_string((*grid)[1]) : "a bad grid");
    }
    const std::string activation = a.string_or("activation", "");
    const std::string fused = a.string_or("program_config", "");
    TTNN_CHECK(activation.empty() || fused.empty() || activation == fused,
               VALUE,
               op,
               ": activation and the program config's fused_activation differ; expected one of them, got '",
               activation,
               "' and '",
               fused,
               "'");
    return activation.empty() ? fused : activation;
}

MatmulOptions matmul_options(const OpArgs& a) {
    MatmulOptions o;
    o.transpose_a = a.flag_or("transpose_a", false);
    o.transpose_b = a.flag_or("transpose_b", false);
    o.memory_config = a.memory_config("memory_config");
    o.dtype = a.dtype("dtype");
    o.compute_kernel_config = a.compute_config("compute_kernel_config");
    return o;
}

// TT-NN's matmul also takes a fused activation; it then runs as linear without a bias.
OpOutputs run_matmul_op(const OpArgs& a) {
    if (std::string activation = fused_activation(a); !activation.empty()) {
        LinearOptions o;
        static_cast<MatmulOptions&>(o) = matmul_options(a);
        o.activation = std::move(activation);
        return {linear(a.tensor("input_tensor_a"), a.tensor("input_tensor_b"), o)};
    }
    return {matmul(a.tensor("input_tensor_a"), a.tensor("input_tensor_b"), matmul_options(a))};
}

OpOutputs run_linear_op(const OpArgs& a) {
    LinearOptions o;
    static_cast<MatmulOptions&>(o) = matmul_options(a);
    o.bias = a.optional_tensor("bias");
    o.activation = fused_activation(a);
    return {linear(a.tensor("input_tensor_a"), a.tensor("input_tensor_b"), o)};
}

OpOutputs run_prepare_op(const OpArgs& a) {
    return {prepare_linear_weight(
        a.tensor("weight"), a.flag_or("transpose_b", false), a.compute_config("compute_kernel_config"))};
}

}  // namespace

void register_matmul_ops(std::vector<OpInfo>& ops) {
    const DTypeSet dtypes{DataType::BFLOAT16, DataType::FLOAT32, DataType::BFLOAT8_B};
    const Param a{"input_tensor_a", ArgKind::TENSOR, true};
    const Param b{"input_tensor_b", ArgKind::TENSOR, true};
    const Param transpose_a{"transpose_a", ArgKind::BOOL};
    const Param transpose_b{"transpose_b", ArgKind::BOOL};
    const Param memory_config{"memory_config", ArgKind::MEMORY_CONFIG};
    const Param dtype{"dtype", ArgKind::DTYPE};
    const Param compute{"compute_kernel_config", ArgKind::COMPUTE_CONFIG};
    const Param activation{"activation", ArgKind::STRING};
    const Param program{"program_config", ArgKind::STRING};
    const Param grid{"core_grid", ArgKind::INT_LIST};
    ops.push_back({.name = "matmul",
                   .family = "matmul",
                   .golden = "matmul",
                   .doc = "Matrix product with torch.matmul's batching and broadcasting; fp32 accumulation.",
                   .params = {a, b, transpose_a, transpose_b, memory_config, dtype, compute, activation, program, grid},
                   .dtypes = dtypes,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_matmul_op,
                   .weight = {b.name, WeightPacking::GEMM}});
    ops.push_back({.name = "linear",
                   .family = "matmul",
                   .golden = "linear",
                   .doc = "a @ b + bias, then an optional activation (relu, gelu, silu, sigmoid), rounded once.",
                   .params = {a,
                              b,
                              {"bias", ArgKind::TENSOR},
                              transpose_a,
                              transpose_b,
                              memory_config,
                              dtype,
                              activation,
                              compute,
                              program,
                              grid},
                   .dtypes = dtypes,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_linear_op,
                   .weight = {b.name, WeightPacking::GEMM}});
    ops.push_back({.name = "prepare_linear_weight",
                   .family = "matmul",
                   .golden = "prepare_linear_weight",
                   .doc = "Marks a weight constant and packs it once for every later matmul/linear; returns it.",
                   .params = {{"weight", ArgKind::TENSOR, true}, transpose_b, compute},
                   .dtypes = dtypes,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_prepare_op});
}

}  // namespace ttnn::ops
