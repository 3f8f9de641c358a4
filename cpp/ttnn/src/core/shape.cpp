#include "ttnn/shape.hpp"

#include <algorithm>

#include "ttnn/error.hpp"

namespace ttnn {

Shape::Shape(std::initializer_list<uint32_t> dims) : Shape(std::span<const uint32_t>(dims.begin(), dims.size())) {}

Shape::Shape(std::span<const uint32_t> dims) : rank_(static_cast<int>(dims.size())) {
    TTNN_CHECK(dims.size() <= kMaxRank,
               VALUE,
               "Shape: too many dimensions; expected at most ",
               kMaxRank,
               ", got ",
               dims.size());
    std::copy(dims.begin(), dims.end(), dims_.begin());
}

void Shape::throw_index_error(int index) const {
    TTNN_FAIL(INDEX,
              "Shape: dimension index out of range; expected -",
              rank_,
              " <= index < ",
              rank_,
              ", got ",
              index,
              " for shape ",
              to_string());
}

uint64_t Shape::volume() const {
    uint64_t volume = 1;
    for (uint32_t dim : dims()) {
        volume *= dim;
    }
    return volume;
}

std::string Shape::to_string() const {
    std::string text = "[";
    for (int i = 0; i < rank_; ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(dims_[static_cast<size_t>(i)]);
    }
    return text + "]";
}

}  // namespace ttnn
