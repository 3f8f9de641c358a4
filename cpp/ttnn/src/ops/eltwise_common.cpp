#include "ops/eltwise_common.hpp"

#include <cmath>
#include <type_traits>

#include "ops/op_common.hpp"
#include "ttnn/error.hpp"

namespace ttnn {

Shape broadcast_shape(const char* op, const Shape& a, const Shape& b) {
    const int rank = std::max(a.rank(), b.rank());
    std::vector<uint32_t> dims(static_cast<size_t>(rank));
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
    return Shape(std::move(dims));
}

namespace ops {

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

// TILE operands of the output's own shape can run over their padded storage as one flat range: a
// [.., 24, 24] tensor would otherwise be 24-element rows, each paying the loop's per-row cost. Where padding
// is most of the storage ([.., 7, 7] holds 49 of 1024), computing it would cost more than the rows do.
bool runs_padded_flat(const Shape& shape, const Tensor& output, std::span<const Tensor> tensors) {
    const TensorSpec& spec = output.spec();
    const uint64_t padded = spec.padded_shape.volume();
    if (spec.layout != Layout::TILE || spec.logical_shape == spec.padded_shape || padded > UINT32_MAX ||
        padded > 2 * spec.logical_shape.volume())
        return false;
    for (const Tensor& t : tensors) {
        if (t.layout() != Layout::TILE || !(t.logical_shape() == shape))
            return false;
    }
    return true;
}

// Whether the op maps the padding (zero in every tensor operand, numbers as given) to +0 again.
template <typename T>
bool keeps_padding_zero(std::span<const kernels::LoopInput> inputs, const kernels::BlockFn<T>& fn) {
    T values[3] = {};
    const T* ptrs[3] = {};
    for (size_t i = 0; i < inputs.size() && i < 3; ++i) {
        values[i] = inputs[i].data == nullptr ? static_cast<T>(inputs[i].scalar) : T{0};
        ptrs[i] = &values[i];
    }
    T out{1};
    fn(ptrs, &out, 1);
    if constexpr (std::is_same_v<T, float>)
        return out == 0.0f && !std::signbit(out);
    return out == 0;
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
                   const kernels::BlockFn<uint16_t>& fused_bf16) {
    const Tensor& like = first_tensor(op, operands);
    Shape shape = like.logical_shape();
    for (const TensorOrScalar& v : operands) {
        if (const Tensor* t = std::get_if<Tensor>(&v))
            shape = broadcast_shape(op.c_str(), shape, t->logical_shape());
    }
    // Block floats are read and written as float32 (TT's packer rounds once, on the packed output).
    std::vector<Tensor> keep;
    std::vector<kernels::LoopInput> inputs;
    for (size_t i = 0; i < operands.size(); ++i) {
        kernels::LoopInput in;
        in.truthy = static_cast<int>(i) == truthy_operand;
        if (const Tensor* t = std::get_if<Tensor>(&operands[i])) {
            t->check_usable(op.c_str());
            keep.push_back(is_block_float(t->dtype()) ? as_float32(*t) : *t);
            in.data = keep.back().buffer()->data();
            in.dtype = keep.back().dtype();
            in.strides = kernels::broadcast_strides(keep.back().spec(), shape);
        } else {
            in.scalar = std::get<double>(operands[i]);
        }
        inputs.push_back(std::move(in));
    }
    const bool packed = is_block_float(out_dtype);
    Tensor output = allocate_output(
        op.c_str(), like, shape, packed ? DataType::FLOAT32 : out_dtype, like.layout(), options.memory_config);
    kernels::LoopOutput out{output.buffer()->data(), output.dtype(), kernels::broadcast_strides(output.spec(), shape)};
    Shape loop_shape = shape;
    const bool flat = runs_padded_flat(shape, output, keep);
    if (flat) {
        loop_shape = Shape({static_cast<uint32_t>(output.spec().padded_shape.volume())});
        for (kernels::LoopInput& in : inputs)
            in.strides = in.data == nullptr ? std::vector<int64_t>{} : std::vector<int64_t>{1};
        out.strides = {1};
    }
    ThreadPool& pool = pool_for(like);
    if (integer) {
        kernels::eltwise_loop(loop_shape, inputs, out, pool, int_fn);
    } else {
        kernels::eltwise_loop(loop_shape, inputs, out, pool, fn, fused_bf16);
    }
    if (flat && !(integer ? keeps_padding_zero<int64_t>(inputs, int_fn) : keeps_padding_zero<float>(inputs, fn)))
        zero_tile_padding(output);
    return packed ? typecast(output, out_dtype) : output;
}

}  // namespace ops
}  // namespace ttnn
