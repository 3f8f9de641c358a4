#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace ttnn {

// A tensor shape: up to 8 dims of uint32 extents. Negative indices count from the back, as in Python.
class Shape {
public:
    static constexpr int kMaxRank = 8;

    Shape() = default;
    Shape(std::initializer_list<uint32_t> dims);
    explicit Shape(std::vector<uint32_t> dims);

    int rank() const { return static_cast<int>(dims_.size()); }
    uint32_t operator[](int index) const;
    uint32_t& operator[](int index);
    uint64_t volume() const;
    const std::vector<uint32_t>& dims() const { return dims_; }
    std::string to_string() const;

    bool operator==(const Shape& other) const = default;

private:
    int normalize(int index) const;
    std::vector<uint32_t> dims_;
};

}  // namespace ttnn
