#include "core/element_convert.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "kernels/codec.hpp"
#include "ttnn/error.hpp"

namespace ttnn::detail {
namespace {

// How one element dtype is read and written; BF16 stores raw bits in uint16_t.
template <DataType D>
struct Element;

template <>
struct Element<DataType::BFLOAT16> {
    using type = uint16_t;
    static constexpr bool is_float = true;
    static double load(type v) { return f32_from_bf16(v); }
    static type store_float(double v) { return bf16_from_f32(static_cast<float>(v)); }
    static type store_int(int64_t v) { return bf16_from_f32(static_cast<float>(v)); }
};

template <>
struct Element<DataType::FLOAT32> {
    using type = float;
    static constexpr bool is_float = true;
    static double load(type v) { return v; }
    static type store_float(double v) { return static_cast<float>(v); }
    static type store_int(int64_t v) { return static_cast<float>(v); }
};

int32_t truncate_int32(double v) {
    return v > -2147483649.0 && v < 2147483648.0 ? static_cast<int32_t>(v) : std::numeric_limits<int32_t>::min();
}

template <typename Int>
struct IntElement {
    using type = Int;
    static constexpr bool is_float = false;
    static int64_t load(type v) { return v; }
    // torch's float -> integer casts as they run on x86: truncate toward zero through int32, where NaN and
    // out-of-range values become INT32_MIN (cvttps2dq's "indefinite"); the narrower types then wrap modulo
    // 2^bits, and uint32 converts values >= 2^31 as 2^31 + int32(v - 2^31), as torch's vector path does.
    static type store_float(double v) {
        if constexpr (std::is_same_v<Int, uint32_t>) {
            if (v >= 2147483648.0) {
                return static_cast<uint32_t>(truncate_int32(v - 2147483648.0)) + 2147483648u;
            }
        }
        return static_cast<Int>(truncate_int32(v));
    }
    static type store_int(int64_t v) { return static_cast<Int>(v); }  // modular, like a C++/torch cast
};

template <>
struct Element<DataType::UINT32> : IntElement<uint32_t> {};
template <>
struct Element<DataType::UINT16> : IntElement<uint16_t> {};
template <>
struct Element<DataType::UINT8> : IntElement<uint8_t> {};
template <>
struct Element<DataType::INT32> : IntElement<int32_t> {};

template <DataType S, DataType D>
void convert_typed(const void* src, void* dst, size_t count) {
    using SrcT = typename Element<S>::type;
    using DstT = typename Element<D>::type;
    const SrcT* in = static_cast<const SrcT*>(src);
    DstT* out = static_cast<DstT*>(dst);
    if constexpr (S == D) {
        std::memcpy(out, in, count * sizeof(SrcT));
    } else if constexpr (S == DataType::FLOAT32 && D == DataType::BFLOAT16) {
        kernels::codec().f32_to_bf16(in, out, count);
    } else if constexpr (S == DataType::BFLOAT16 && D == DataType::FLOAT32) {
        kernels::codec().bf16_to_f32(in, out, count);
    } else {
        for (size_t i = 0; i < count; ++i) {
            if constexpr (Element<S>::is_float) {
                out[i] = Element<D>::store_float(Element<S>::load(in[i]));
            } else {
                out[i] = Element<D>::store_int(Element<S>::load(in[i]));
            }
        }
    }
}

template <DataType S>
void convert_from(const void* src, void* dst, DataType dst_dtype, size_t count) {
    switch (dst_dtype) {
        case DataType::BFLOAT16:
            return convert_typed<S, DataType::BFLOAT16>(src, dst, count);
        case DataType::FLOAT32:
            return convert_typed<S, DataType::FLOAT32>(src, dst, count);
        case DataType::UINT32:
            return convert_typed<S, DataType::UINT32>(src, dst, count);
        case DataType::UINT16:
            return convert_typed<S, DataType::UINT16>(src, dst, count);
        case DataType::UINT8:
            return convert_typed<S, DataType::UINT8>(src, dst, count);
        case DataType::INT32:
            return convert_typed<S, DataType::INT32>(src, dst, count);
        case DataType::BFLOAT8_B:
        case DataType::BFLOAT4_B:
            break;
    }
    TTNN_ASSERT(false, "convert_elements to block float ", name(dst_dtype));
}

}  // namespace

void convert_elements(const void* src, DataType src_dtype, void* dst, DataType dst_dtype, size_t count) {
    switch (src_dtype) {
        case DataType::BFLOAT16:
            return convert_from<DataType::BFLOAT16>(src, dst, dst_dtype, count);
        case DataType::FLOAT32:
            return convert_from<DataType::FLOAT32>(src, dst, dst_dtype, count);
        case DataType::UINT32:
            return convert_from<DataType::UINT32>(src, dst, dst_dtype, count);
        case DataType::UINT16:
            return convert_from<DataType::UINT16>(src, dst, dst_dtype, count);
        case DataType::UINT8:
            return convert_from<DataType::UINT8>(src, dst, dst_dtype, count);
        case DataType::INT32:
            return convert_from<DataType::INT32>(src, dst, dst_dtype, count);
        case DataType::BFLOAT8_B:
        case DataType::BFLOAT4_B:
            break;
    }
    TTNN_ASSERT(false, "convert_elements from block float ", name(src_dtype));
}

}  // namespace ttnn::detail
