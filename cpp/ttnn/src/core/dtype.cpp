#include "ttnn/dtype.hpp"

#include <array>

namespace ttnn {
namespace {

constexpr std::array<DataTypeInfo, kDataTypeCount> kInfos = {{
#define TTNN_DTYPE(ENUM, NAME, ELEMENT_BYTES, TILE_BYTES, MANTISSA_BITS) \
    {NAME, ELEMENT_BYTES, TILE_BYTES, MANTISSA_BITS},
#include "ttnn/dtype.def"
#undef TTNN_DTYPE
}};

}  // namespace

const DataTypeInfo& info(DataType dtype) {
    return kInfos[static_cast<size_t>(dtype)];
}

std::string_view name(DataType dtype) {
    return info(dtype).name;
}

std::optional<DataType> data_type_from_name(std::string_view text) {
    for (size_t i = 0; i < kInfos.size(); ++i) {
        if (kInfos[i].name == text) {
            return static_cast<DataType>(i);
        }
    }
    return std::nullopt;
}

}  // namespace ttnn
