#pragma once
// A vector of at most N values stored inline: per-dim data of one op call (strides, merged loop dims) that a
// heap vector would malloc and free on every call.
#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>

#include "ttnn/error.hpp"

namespace ttnn::detail {

template <typename T, size_t N>
class InlineVector {
public:
    InlineVector() = default;
    InlineVector(size_t count, T value) : size_(count) {
        TTNN_ASSERT(count <= N);
        std::fill_n(items_.begin(), count, value);
    }
    InlineVector(std::initializer_list<T> values) : size_(values.size()) {
        TTNN_ASSERT(values.size() <= N);
        std::copy(values.begin(), values.end(), items_.begin());
    }

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T& operator[](size_t i) { return items_[i]; }
    const T& operator[](size_t i) const { return items_[i]; }
    T& back() { return items_[size_ - 1]; }
    const T& back() const { return items_[size_ - 1]; }
    T* begin() { return items_.data(); }
    T* end() { return items_.data() + size_; }
    const T* begin() const { return items_.data(); }
    const T* end() const { return items_.data() + size_; }
    T* data() { return items_.data(); }
    const T* data() const { return items_.data(); }

    void push_back(T value) {
        TTNN_ASSERT(size_ < N);
        items_[size_++] = value;
    }

private:
    std::array<T, N> items_{};
    size_t size_ = 0;
};

}  // namespace ttnn::detail
