#include "kernels/eltwise_loop.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/element_convert.hpp"
#include "kernels/codec.hpp"
#include "ttnn/error.hpp"

namespace ttnn::kernels {
namespace {

constexpr size_t kBlock = 512;      // elements per kernel call: the buffers stay in L1
constexpr size_t kSegment = 16384;  // elements per unit of parallel work along the inner dim
constexpr size_t kMaxInputs = kMaxLoopInputs;

// The merged iteration space: dims[k] with one stride per operand (inputs, then the output last).
struct Plan {
    detail::InlineVector<uint64_t, Shape::kMaxRank> dims;
    std::array<Strides, kMaxInputs + 1> strides;  // [operand][dim]
};

Plan make_plan(const Shape& shape, std::span<const LoopInput> inputs, const LoopOutput& output) {
    const size_t ops = inputs.size() + 1;
    auto stride_of = [&](size_t op, int d) -> int64_t {
        const Strides& s = op < inputs.size() ? inputs[op].strides : output.strides;
        return s.empty() ? 0 : s[static_cast<size_t>(d)];
    };
    TTNN_ASSERT(inputs.size() <= kMaxInputs);
    Plan plan;
    const int rank = shape.rank();
    for (int d = 0; d < rank; ++d) {
        const uint64_t extent = shape[d];
        if (extent == 1 && d != rank - 1)
            continue;  // size-1 dims move nothing
        const bool merge = !plan.dims.empty() && [&] {
            for (size_t op = 0; op < ops; ++op) {
                if (plan.strides[op].back() != stride_of(op, d) * static_cast<int64_t>(extent))
                    return false;
            }
            return true;
        }();
        if (merge) {
            plan.dims.back() *= extent;
            for (size_t op = 0; op < ops; ++op)
                plan.strides[op].back() = stride_of(op, d);
        } else {
            plan.dims.push_back(extent);
            for (size_t op = 0; op < ops; ++op)
                plan.strides[op].push_back(stride_of(op, d));
        }
    }
    if (plan.dims.empty()) {  // rank 0: one element
        plan.dims.push_back(1);
        for (size_t op = 0; op < ops; ++op)
            plan.strides[op].push_back(0);
    }
    return plan;
}

template <typename T>
T read_one(const std::byte* data, DataType dtype, int64_t offset, bool truthy) {
    float f = 0.0f;
    switch (dtype) {
        case DataType::FLOAT32:
            f = reinterpret_cast<const float*>(data)[offset];
            break;
        case DataType::BFLOAT16:
            f = f32_from_bf16(reinterpret_cast<const uint16_t*>(data)[offset]);
            break;
        case DataType::INT32:
            return static_cast<T>(reinterpret_cast<const int32_t*>(data)[offset]);
        case DataType::UINT32:
            return static_cast<T>(reinterpret_cast<const uint32_t*>(data)[offset]);
        case DataType::UINT16:
            return static_cast<T>(reinterpret_cast<const uint16_t*>(data)[offset]);
        case DataType::UINT8:
            return static_cast<T>(reinterpret_cast<const uint8_t*>(data)[offset]);
        default:
            TTNN_ASSERT(false, "eltwise loop reads no block floats");
    }
    if constexpr (std::is_same_v<T, int64_t>)
        return truthy ? (f != 0.0f) : static_cast<int64_t>(f);
    return static_cast<T>(f);
}

// Whether a loop over T reads and writes `dtype` in place.
template <typename T>
constexpr bool is_native(DataType dtype) {
    if constexpr (std::is_same_v<T, float>)
        return dtype == DataType::FLOAT32;
    return std::is_same_v<T, int32_t> && dtype == DataType::INT32;
}

// n contiguous values at `offset` as T; returns where they are (in place when stored as T).
template <typename T>
const T* load(const LoopInput& in, int64_t offset, size_t n, T* buf) {
    const std::byte* base = in.data;
    if constexpr (std::is_same_v<T, int32_t>) {
        TTNN_ASSERT(in.dtype == DataType::INT32, "the int32 loop reads only int32 tensors");
        return reinterpret_cast<const int32_t*>(base) + offset;
    } else if constexpr (std::is_same_v<T, float>) {
        switch (in.dtype) {
            case DataType::FLOAT32:
                return reinterpret_cast<const float*>(base) + offset;
            case DataType::BFLOAT16:
                codec().bf16_to_f32(reinterpret_cast<const uint16_t*>(base) + offset, buf, n);
                return buf;
            default:
                detail::convert_elements(base + offset * static_cast<int64_t>(info(in.dtype).element_bytes),
                                         in.dtype,
                                         buf,
                                         DataType::FLOAT32,
                                         n);
                return buf;
        }
    } else {
        if (in.dtype == DataType::INT32) {  // the common integer input: a widening loop the compiler vectorises
            std::copy_n(reinterpret_cast<const int32_t*>(base) + offset, n, buf);
            return buf;
        }
        for (size_t i = 0; i < n; ++i)
            buf[i] = read_one<T>(base, in.dtype, offset + static_cast<int64_t>(i), in.truthy);
        return buf;
    }
}

template <typename IntT>
void store_ints(const int64_t* src, std::byte* dst, size_t n) {
    IntT* out = reinterpret_cast<IntT*>(dst);
    for (size_t i = 0; i < n; ++i)
        out[i] = static_cast<IntT>(src[i]);  // modular, as torch's integer casts
}

void store(const float* src, DataType dtype, std::byte* dst, size_t n) {
    if (dtype == DataType::BFLOAT16) {
        codec().f32_to_bf16(src, reinterpret_cast<uint16_t*>(dst), n);
    } else if (dtype != DataType::FLOAT32) {
        detail::convert_elements(src, DataType::FLOAT32, dst, dtype, n);
    }
}

void store(const int32_t*, DataType, std::byte*, size_t) {
    TTNN_ASSERT(false, "the int32 loop writes its int32 output in place");
}

void store(const int64_t* src, DataType dtype, std::byte* dst, size_t n) {
    switch (dtype) {
        case DataType::INT32:
            return store_ints<int32_t>(src, dst, n);
        case DataType::UINT32:
            return store_ints<uint32_t>(src, dst, n);
        case DataType::UINT16:
            return store_ints<uint16_t>(src, dst, n);
        case DataType::UINT8:
            return store_ints<uint8_t>(src, dst, n);
        case DataType::FLOAT32:
            for (size_t i = 0; i < n; ++i)
                reinterpret_cast<float*>(dst)[i] = static_cast<float>(src[i]);
            return;
        case DataType::BFLOAT16:
            for (size_t i = 0; i < n; ++i) {
                reinterpret_cast<uint16_t*>(dst)[i] = bf16_from_f32(static_cast<float>(src[i]));
            }
            return;
        default:
            TTNN_ASSERT(false, "eltwise loop writes no block floats");
    }
}

bool can_fuse(const Plan& plan, std::span<const LoopInput> inputs, const LoopOutput& output) {
    if (output.dtype != DataType::BFLOAT16) {
        return false;
    }
    for (size_t i = 0; i < inputs.size(); ++i) {
        if (inputs[i].data == nullptr || inputs[i].dtype != DataType::BFLOAT16 || plan.strides[i].back() != 1) {
            return false;
        }
    }
    return true;
}

template <typename T>
void run(const Shape& shape,
         std::span<const LoopInput> inputs,
         const LoopOutput& output,
         ThreadPool& pool,
         const BlockFn<T>& fn,
         const BlockFn<uint16_t>& fused_bf16) {
    TTNN_ASSERT(inputs.size() <= kMaxInputs);
    if (shape.volume() == 0)
        return;
    const Plan plan = make_plan(shape, inputs, output);
    const size_t outer_rank = plan.dims.size() - 1;
    const size_t inner = plan.dims.back();
    uint64_t rows = 1;
    for (size_t k = 0; k < outer_rank; ++k)
        rows *= plan.dims[k];
    const size_t segment = std::min(inner, kSegment);
    const size_t segments = (inner + segment - 1) / segment;
    const size_t out_bytes = info(output.dtype).element_bytes;
    const bool out_in_place = is_native<T>(output.dtype);
    const bool fused = fused_bf16 && can_fuse(plan, inputs, output);
    // Operands all read and written in place need no staging buffers, so the kernel takes a whole segment
    // per call: in 512-value blocks, the per-call dispatch was a visible share of an fp32 add's time.
    bool all_in_place = out_in_place;
    for (size_t i = 0; i < inputs.size(); ++i) {
        all_in_place =
            all_in_place && inputs[i].data != nullptr && is_native<T>(inputs[i].dtype) && plan.strides[i].back() == 1;
    }
    const size_t step = all_in_place ? segment : kBlock;

    auto body = [&](size_t begin, size_t end) {
        alignas(32) T bufs[kMaxInputs + 1][kBlock];
        const T* in_ptrs[kMaxInputs] = {};
        for (size_t item = begin; item < end; ++item) {
            uint64_t row = item / segments;
            const size_t col0 = (item % segments) * segment;
            const size_t col1 = std::min(inner, col0 + segment);
            int64_t offsets[kMaxInputs + 1] = {};
            for (size_t k = outer_rank; k-- > 0;) {
                const int64_t index = static_cast<int64_t>(row % plan.dims[k]);
                row /= plan.dims[k];
                for (size_t op = 0; op <= inputs.size(); ++op)
                    offsets[op] += index * plan.strides[op][k];
            }
            if (fused) {
                const uint16_t* in16[kMaxInputs] = {};
                for (size_t i = 0; i < inputs.size(); ++i) {
                    in16[i] = reinterpret_cast<const uint16_t*>(inputs[i].data) + offsets[i] + col0;
                }
                fused_bf16(in16, reinterpret_cast<uint16_t*>(output.data) + offsets[inputs.size()] + col0, col1 - col0);
                continue;
            }
            // Numbers and inputs broadcast along the inner dim are one value for the whole segment.
            bool constant[kMaxInputs] = {};
            for (size_t i = 0; i < inputs.size(); ++i) {
                constant[i] = inputs[i].data == nullptr || plan.strides[i].back() == 0;
                if (!constant[i])
                    continue;
                const T value = inputs[i].data == nullptr
                                    ? static_cast<T>(inputs[i].scalar)
                                    : read_one<T>(inputs[i].data, inputs[i].dtype, offsets[i], inputs[i].truthy);
                std::fill_n(bufs[i], std::min(kBlock, col1 - col0), value);
                in_ptrs[i] = bufs[i];
            }
            for (size_t col = col0; col < col1; col += step) {
                const size_t n = std::min(step, col1 - col);
                const int64_t at = static_cast<int64_t>(col);
                for (size_t i = 0; i < inputs.size(); ++i) {
                    if (!constant[i])
                        in_ptrs[i] = load<T>(inputs[i], offsets[i] + at, n, bufs[i]);
                }
                std::byte* dst = output.data + (offsets[inputs.size()] + at) * static_cast<int64_t>(out_bytes);
                T* out = out_in_place ? reinterpret_cast<T*>(dst) : bufs[kMaxInputs];
                fn(in_ptrs, out, n);
                if (!out_in_place)
                    store(out, output.dtype, dst, n);
            }
        }
    };
    pool.parallel_for(rows * segments, std::max<size_t>(1, 32768 / segment), body);
}

}  // namespace

Strides broadcast_strides(const TensorSpec& spec, const Shape& shape) {
    const Shape& logical = spec.logical_shape;
    const int rank = shape.rank();
    const int own = logical.rank();
    // Storage strides of the logical dims: TILE rank >= 2 steps over the padded dims; rank 1 is one row.
    Strides storage(static_cast<size_t>(own), 1);
    const Shape& steps = spec.layout == Layout::TILE && own >= 2 ? spec.padded_shape : logical;
    for (int d = own - 2; d >= 0; --d) {
        storage[static_cast<size_t>(d)] = storage[static_cast<size_t>(d) + 1] * static_cast<int64_t>(steps[d + 1]);
    }
    Strides strides(static_cast<size_t>(rank), 0);
    for (int d = 0; d < own; ++d) {
        const int target = rank - own + d;
        if (logical[d] != 1 || shape[target] == 1)
            strides[static_cast<size_t>(target)] = storage[static_cast<size_t>(d)];
    }
    return strides;
}

void eltwise_loop(const Shape& shape,
                  std::span<const LoopInput> inputs,
                  const LoopOutput& output,
                  ThreadPool& pool,
                  const BlockFn<float>& fn,
                  const BlockFn<uint16_t>& fused_bf16) {
    run<float>(shape, inputs, output, pool, fn, fused_bf16);
}

void eltwise_loop(const Shape& shape,
                  std::span<const LoopInput> inputs,
                  const LoopOutput& output,
                  ThreadPool& pool,
                  const BlockFn<int64_t>& fn) {
    run<int64_t>(shape, inputs, output, pool, fn, {});
}

void eltwise_loop(const Shape& shape,
                  std::span<const LoopInput> inputs,
                  const LoopOutput& output,
                  ThreadPool& pool,
                  const BlockFn<int32_t>& fn) {
    TTNN_ASSERT(output.dtype == DataType::INT32, "the int32 loop writes int32");
    run<int32_t>(shape, inputs, output, pool, fn, {});
}

}  // namespace ttnn::kernels
