#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ttnn {

enum class DataType : uint8_t {
#define TTNN_DTYPE(ENUM, NAME, ELEMENT_BYTES, TILE_BYTES, MANTISSA_BITS) ENUM,
#include "ttnn/dtype.def"
#undef TTNN_DTYPE
};

inline constexpr int kDataTypeCount = 0
#define TTNN_DTYPE(ENUM, NAME, ELEMENT_BYTES, TILE_BYTES, MANTISSA_BITS) +1
#include "ttnn/dtype.def"
#undef TTNN_DTYPE
    ;
static_assert(kDataTypeCount == 8, "dtype.def and the Python bindings list eight data types");

struct DataTypeInfo {
    std::string_view name;
    size_t element_bytes;  // 0 for block floats: they only exist as whole tiles
    size_t tile_bytes;     // bytes of one 32x32 tile in this dtype, as TT-NN sizes device pages
    int block_mantissa_bits;
};

const DataTypeInfo& info(DataType dtype);
std::string_view name(DataType dtype);
std::optional<DataType> data_type_from_name(std::string_view name);
inline bool is_block_float(DataType dtype) {
    return info(dtype).element_bytes == 0;
}
inline bool is_floating(DataType dtype) {
    return dtype == DataType::BFLOAT16 || dtype == DataType::FLOAT32 || is_block_float(dtype);
}

// bfloat16 <-> float32, bit-identical to PyTorch's conversion: round to nearest even, and every NaN becomes
// 0xFFFF (what torch's vectorised CPU path writes, so a NaN round trip matches torch bit for bit).
inline uint16_t bf16_from_f32(float value) {
    uint32_t bits = __builtin_bit_cast(uint32_t, value);
    if ((bits & 0x7fffffffu) > 0x7f800000u) {
        return 0xffff;
    }
    uint32_t rounding_bias = 0x7fffu + ((bits >> 16) & 1u);
    return static_cast<uint16_t>((bits + rounding_bias) >> 16);
}

inline float f32_from_bf16(uint16_t value) {
    return __builtin_bit_cast(float, static_cast<uint32_t>(value) << 16);
}

}  // namespace ttnn
