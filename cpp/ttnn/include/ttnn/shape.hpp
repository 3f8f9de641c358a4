#pragma once
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

namespace ttnn {

// A tensor shape: up to 8 dims of uint32 extents. Negative indices count from the back, as in Python.
// The dims live inline: every op builds and copies several shapes, and a heap vector made them a third of a
// small op's host time (malloc and free around each copy).
class Shape {
public:
    static constexpr int kMaxRank = 8;

    Shape() = default;
    Shape(std::initializer_list<uint32_t> dims);
    explicit Shape(std::span<const uint32_t> dims);
    explicit Shape(const std::vector<uint32_t>& dims) : Shape(std::span<const uint32_t>(dims)) {}

    int rank() const { return rank_; }
    uint32_t operator[](int index) const { return dims_[normalize(index)]; }
    uint32_t& operator[](int index) { return dims_[normalize(index)]; }
    uint64_t volume() const;
    std::span<const uint32_t> dims() const { return {dims_.data(), static_cast<size_t>(rank_)}; }
    std::vector<uint32_t> to_vector() const { return {dims_.begin(), dims_.begin() + rank_}; }
    std::string to_string() const;

    // Dims past the rank stay zero, so comparing all of them compares the shapes.
    bool operator==(const Shape& other) const = default;

private:
    size_t normalize(int index) const {
        const int normalized = index < 0 ? index + rank_ : index;
        if (normalized < 0 || normalized >= rank_) [[unlikely]]
            throw_index_error(index);
        return static_cast<size_t>(normalized);
    }
    [[noreturn]] void throw_index_error(int index) const;

    std::array<uint32_t, kMaxRank> dims_{};
    int rank_ = 0;
};

}  // namespace ttnn
