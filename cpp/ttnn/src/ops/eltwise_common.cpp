#include "ops/eltwise_common.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "ops/families.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"

namespace ttnn {

Shape broadcast_shape(const char* op, const Shape& a, const Shape& b) {
    const int rank = std::max(a.rank(), b.rank());
    std::array<uint32_t, Shape::kMaxRank> dims{};
    for (int i = 1; i <= rank; ++i) {
        const uint32_t da = i <= a.rank() ? a[-i] : 1;
        const uint32_t db = i <= b.rank() ? b[-i] : 1;
        TTNN_CHECK(da == db || da == 1 || db == 1,
                   VALUE,
                   op,
                   ": shapes ",
                   a.to_string(),
                   " and ",
                   b.to_string(),
                   " do not broadcast; expected equal dims or 1 at dim ",
                   rank - i,
                   ", got ",
                   da,
                   " and ",
                   db);
        dims[static_cast<size_t>(rank - i)] = da == 1 ? db : da;
    }
    return Shape(std::span<const uint32_t>(dims.data(), static_cast<size_t>(rank)));
}

namespace ops {

void register_pointwise(std::vector<OpInfo>& ops,
                        std::string_view family,
                        std::string_view name,
                        std::string_view doc,
                        std::vector<Param> params,
                        DTypeSet dtypes,
                        OpInvoke invoke) {
    params.push_back({"output_tensor", ArgKind::TENSOR});
    params.push_back({"queue_id", ArgKind::INT});
    params.push_back({"sub_core_grids", ArgKind::INT_LIST});
    OpInfo op = family_op(family, name, doc, std::move(params), dtypes, invoke);
    op.traits.pointwise = true;
    ops.push_back(std::move(op));
}

TensorOrScalar tensor_or_scalar(const OpArgs& args, std::string_view name) {
    if (args.is_tensor(name))
        return args.tensor(name);
    return args.scalar(name);
}

bool all_integer(std::span<const TensorOrScalar> operands) {
    for (const TensorOrScalar& v : operands) {
        if (const Tensor* t = std::get_if<Tensor>(&v)) {
            if (is_floating(t->dtype()))
                return false;
        } else if (const double s = std::get<double>(v); std::trunc(s) != s || std::fabs(s) > 9.0e15) {
            return false;
        }
    }
    return true;
}

DataType first_tensor_dtype(std::span<const TensorOrScalar> operands) {
    for (const TensorOrScalar& v : operands) {
        if (const Tensor* t = std::get_if<Tensor>(&v))
            return t->dtype();
    }
    return DataType::FLOAT32;  // only numbers: run_eltwise rejects the call
}

namespace {

const Tensor& first_tensor(const std::string& op, std::span<const TensorOrScalar> operands) {
    const Tensor* first = nullptr;
    for (const TensorOrScalar& v : operands) {
        const Tensor* t = std::get_if<Tensor>(&v);
        if (t == nullptr)
            continue;
        if (first == nullptr) {
            first = t;
            continue;
        }
        TTNN_CHECK(t->device() == first->device(),
                   VALUE,
                   op,
                   ": operands live in different places; expected all on ",
                   first->device() ? "the same device" : "the host",
                   ", got ",
                   t->device() ? "a device tensor" : "a host tensor",
                   " too");
    }
    TTNN_CHECK(first != nullptr, TYPE, op, ": expected at least one Tensor operand, got only numbers");
    return *first;
}

// The int32 loop computes wrapped int32 results, equal to the int64 loop's stored ones only while every number
// is itself an int32 (a comparison with 2^40 must not see it wrapped).
bool all_int32(std::span<const TensorOrScalar> operands, DataType out_dtype) {
    if (out_dtype != DataType::INT32)
        return false;
    for (const TensorOrScalar& v : operands) {
        if (const Tensor* t = std::get_if<Tensor>(&v)) {
            if (t->dtype() != DataType::INT32)
                return false;
        } else if (const double s = std::get<double>(v); s < -2147483648.0 || s > 2147483647.0) {
            return false;
        }
    }
    return true;
}

// TILE storage with padded last dims holds short rows (a [196, 196, 2] tensor: 38416 rows of 2 values, then
// 30 of padding each; MNIST's [64, 64, 24, 24] activations 98K rows of 24), and the loop pays per row. When
// every tensor operand is stored exactly as the output (same shape, no broadcast), the loop can run once over
// the whole padded storage as one flat row.
bool runs_padded_flat(const TensorSpec& spec, std::span<const Tensor* const> tensors) {
    if (spec.layout != Layout::TILE || spec.logical_shape == spec.padded_shape ||
        spec.padded_shape.volume() > UINT32_MAX)
        return false;
    for (const Tensor* t : tensors) {
        if (t->layout() != Layout::TILE || t->logical_shape() != spec.logical_shape)
            return false;
    }
    return true;
}

// Logical rows this short run flat over TILE padding even when the op does not keep it zero (see run_eltwise).
constexpr uint32_t kShortRow = 8;

// Whether the op maps zero inputs (numbers as given) to +0, so that a flat run leaves the padding zero as TILE
// requires (add, mul, relu, gelu; not exp, eq or x + 2). Asked of the op itself: the same loop, kernels and
// vector code as the real run, on a few zero values.
template <typename RunLoop>
bool keeps_padding_zero(DataType dtype, std::span<const kernels::LoopInput> inputs, const RunLoop& run_loop) {
    constexpr uint32_t kProbe = 16;
    alignas(64) static constexpr std::byte zeros[kProbe * 4] = {};
    alignas(64) std::byte result[kProbe * 4];
    std::fill(std::begin(result), std::end(result), std::byte{0xff});
    kernels::LoopInputs probe;
    for (const kernels::LoopInput& in : inputs)
        probe.push_back(in);
    for (kernels::LoopInput& in : probe) {
        in.data = in.data == nullptr ? nullptr : zeros;
        in.strides = {in.data == nullptr ? 0 : 1};
    }
    run_loop(Shape({kProbe}), probe, {result, dtype, {1}});
    const size_t bytes = kProbe * info(dtype).element_bytes;
    return std::all_of(result, result + bytes, [](std::byte b) { return b == std::byte{0}; });
}

}  // namespace

Tensor run_eltwise(const std::string& op,
                   std::span<const TensorOrScalar> operands,
                   DataType out_dtype,
                   const EltwiseOptions& options,
                   const kernels::BlockFn<float>& fn,
                   const kernels::BlockFn<int64_t>& int_fn,
                   bool integer,
                   int truthy_operand,
                   const kernels::BlockFn<uint16_t>& fused_bf16,
                   const kernels::BlockFn<int32_t>& int32_fn) {
    const Tensor& like = first_tensor(op, operands);
    Shape shape = like.logical_shape();
    for (const TensorOrScalar& v : operands) {
        if (const Tensor* t = std::get_if<Tensor>(&v))
            shape = broadcast_shape(op.c_str(), shape, t->logical_shape());
    }
    // Block floats are read and written as float32 (TT's packer rounds once, on the packed output).
    TTNN_ASSERT(operands.size() <= kernels::kMaxLoopInputs);
    std::optional<Tensor> widened[kernels::kMaxLoopInputs];
    detail::InlineVector<const Tensor*, kernels::kMaxLoopInputs> tensors;
    kernels::LoopInputs inputs;
    for (size_t i = 0; i < operands.size(); ++i) {
        kernels::LoopInput in;
        in.truthy = static_cast<int>(i) == truthy_operand;
        if (const Tensor* t = std::get_if<Tensor>(&operands[i])) {
            t->check_usable(op.c_str());
            if (is_block_float(t->dtype()))
                t = &widened[i].emplace(as_float32(*t));
            tensors.push_back(t);
            in.data = t->buffer()->data();
            in.dtype = t->dtype();
            in.strides = kernels::broadcast_strides(t->spec(), shape);
        } else {
            in.scalar = std::get<double>(operands[i]);
        }
        inputs.push_back(in);
    }
    const bool packed = is_block_float(out_dtype);
    const DataType loop_dtype = packed ? DataType::FLOAT32 : out_dtype;
    const bool int32_loop = integer && int32_fn && truthy_operand < 0 && all_int32(operands, loop_dtype);
    auto run_loop = [&](const Shape& over, std::span<const kernels::LoopInput> ins, const kernels::LoopOutput& out) {
        ThreadPool& pool = pool_for(like);
        if (int32_loop) {
            kernels::eltwise_loop(over, ins, out, pool, int32_fn);
        } else if (integer) {
            kernels::eltwise_loop(over, ins, out, pool, int_fn);
        } else {
            kernels::eltwise_loop(over, ins, out, pool, fn, fused_bf16);
        }
    };
    const TensorSpec spec =
        make_spec(op.c_str(), shape, loop_dtype, like.layout(), options.memory_config.value_or(like.memory_config()));
    // Flat over the padding whenever the op keeps it zero (no memset either: the run writes every byte);
    // otherwise where padding is under half the storage or the rows are so short that the loop's cost per
    // row beats computing the padding, zeroing it afterwards. [.., 7, 7] holds 49 values of 1024, computing
    // the rest would cost more than the rows do; [196, 196, 2] holds 2 of every 32, but bf16 neg (which writes
    // -0 into the padding) runs faster flat over its 38,416 rows, re-zeroing included (measured in
    // docs/performance.md, "Measurements behind choices in the code").
    const bool flat = runs_padded_flat(spec, tensors);
    const bool keeps_zero = flat && keeps_padding_zero(loop_dtype, inputs, run_loop);
    const bool short_rows = spec.logical_shape.rank() > 0 && spec.logical_shape[-1] <= kShortRow;
    if (keeps_zero || (flat && (short_rows || spec.padded_shape.volume() <= 2 * spec.logical_shape.volume()))) {
        Tensor output = allocate_uninitialised(like, spec);
        const Shape flat_shape({static_cast<uint32_t>(spec.padded_shape.volume())});
        for (kernels::LoopInput& in : inputs)
            in.strides = {in.data == nullptr ? 0 : 1};
        run_loop(flat_shape, inputs, {output.buffer()->data(), loop_dtype, {1}});
        if (!keeps_zero)
            zero_tile_padding(output);
        return packed ? typecast(output, out_dtype) : output;
    }
    Tensor output = allocate_output(op.c_str(), like, shape, loop_dtype, like.layout(), options.memory_config);
    run_loop(shape, inputs, {output.buffer()->data(), loop_dtype, kernels::broadcast_strides(output.spec(), shape)});
    return packed ? typecast(output, out_dtype) : output;
}

}  // namespace ops
}  // namespace ttnn
