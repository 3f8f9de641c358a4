#include "ttnn/shape.hpp"

#include "ttnn/error.hpp"

namespace ttnn {

Shape::Shape(std::initializer_list<uint32_t> dims) : Shape(std::vector<uint32_t>(dims)) {}

Shape::Shape(std::vector<uint32_t> dims) : dims_(std::move(dims)) {
    TTNN_CHECK(rank() <= kMaxRank, VALUE, "Shape: too many dimensions; expected at most ", kMaxRank, ", got ", rank());
}

int Shape::normalize(int index) const {
    const int normalized = index < 0 ? index + rank() : index;
    TTNN_CHECK(normalized >= 0 && normalized < rank(),
               INDEX,
               "Shape: dimension index out of range; expected -",
               rank(),
               " <= index < ",
               rank(),
               ", got ",
               index,
               " for shape ",
               to_string());
    return normalized;
}

uint32_t Shape::operator[](int index) const {
    return dims_[static_cast<size_t>(normalize(index))];
}
uint32_t& Shape::operator[](int index) {
    return dims_[static_cast<size_t>(normalize(index))];
}

uint64_t Shape::volume() const {
    uint64_t volume = 1;
    for (uint32_t dim : dims_) {
        volume *= dim;
    }
    return volume;
}

std::string Shape::to_string() const {
    std::string text = "[";
    for (size_t i = 0; i < dims_.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(dims_[i]);
    }
    return text + "]";
}

}  // namespace ttnn
