#pragma once
// Helpers shared by the tensor-level test files: deterministic tensor contents, byte-level storage checks and
// exact error checks.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "ttnn/ttnn.hpp"

namespace ttnn_test {

// Runs `call` and checks it throws a ttnn::Error of `kind` whose message holds every one of `parts`.
// Returns the message so a caller can check more (the order of parts, say).
inline std::string expect_error(const std::function<void()>& call,
                                ttnn::ErrorKind kind,
                                const std::vector<std::string>& parts) {
    try {
        call();
    } catch (const ttnn::Error& error) {
        EXPECT_EQ(error.kind(), kind) << error.what();
        for (const std::string& part : parts) {
            EXPECT_NE(std::string(error.what()).find(part), std::string::npos)
                << "'" << part << "' not in: " << error.what();
        }
        return error.what();
    }
    ADD_FAILURE() << "expected a ttnn::Error";
    return "";
}

// A host ROW_MAJOR tensor whose bytes are pseudo-random (never NaN for float dtypes, so values compare exactly).
inline ttnn::Tensor patterned(const ttnn::Shape& shape, ttnn::DataType dtype, uint32_t seed) {
    ttnn::Tensor tensor = ttnn::allocate_host_tensor(shape, dtype);
    const size_t element_bytes = ttnn::info(dtype).element_bytes;
    auto* bytes = tensor.data<uint8_t>();
    uint32_t state = seed * 2654435761u + 1;
    for (uint64_t i = 0; i < shape.volume() * element_bytes; ++i) {
        state = state * 1664525u + 1013904223u;
        bytes[i] = static_cast<uint8_t>(state >> 24);
        // Clear the top exponent bit of each float so no element is NaN or infinity.
        const bool top_byte = (i % element_bytes) == element_bytes - 1;
        if (top_byte && (dtype == ttnn::DataType::FLOAT32 || dtype == ttnn::DataType::BFLOAT16)) {
            bytes[i] &= 0xbf;
        }
    }
    return tensor;
}

// Frees and reallocates a dirty block of `bytes` so a converter that forgets to zero padding reads garbage (under
// ASan new memory is filled with 0xbe anyway).
inline void dirty_heap(uint64_t bytes) {
    std::vector<uint8_t> dirt(bytes + 64, 0xee);
    volatile uint8_t sink = dirt[bytes / 2];
    (void)sink;
}

// Checks a TILE tensor's padded row-major storage against the ROW_MAJOR source: logical elements equal, padding 0.
inline void expect_tile_storage(const ttnn::Tensor& tile, const ttnn::Tensor& source) {
    const ttnn::Shape& logical = source.logical_shape();
    const ttnn::Shape& padded = tile.padded_shape();
    const size_t eb = ttnn::info(source.dtype()).element_bytes;
    const int rank = logical.rank();
    const uint32_t width = rank == 0 ? 1 : logical[-1];
    const uint32_t height = rank < 2 ? 1 : logical[-2];
    const uint64_t padded_w = padded[-1];
    const uint64_t padded_h = padded[-2];
    const uint64_t slices = padded_w * padded_h == 0 ? 0 : padded.volume() / (padded_w * padded_h);
    ASSERT_EQ(tile.spec().storage_bytes(), padded.volume() * eb);
    const auto* stored = tile.data<uint8_t>();
    const auto* expected = source.data<uint8_t>();
    for (uint64_t s = 0; s < slices; ++s) {
        for (uint64_t r = 0; r < padded_h; ++r) {
            for (uint64_t c = 0; c < padded_w; ++c) {
                const uint64_t at = ((s * padded_h + r) * padded_w + c) * eb;
                const bool logical_element = r < height && c < width;
                for (size_t b = 0; b < eb; ++b) {
                    const uint8_t want = logical_element ? expected[((s * height + r) * width + c) * eb + b] : 0;
                    ASSERT_EQ(stored[at + b], want) << (logical_element ? "value" : "padding") << " at slice " << s
                                                    << " row " << r << " col " << c << " of " << tile.to_string();
                }
            }
        }
    }
}

inline void expect_same_bytes(const ttnn::Tensor& a, const ttnn::Tensor& b) {
    ASSERT_EQ(a.logical_shape(), b.logical_shape());
    ASSERT_EQ(a.spec().storage_bytes(), b.spec().storage_bytes());
    if (a.spec().storage_bytes() > 0) {
        EXPECT_EQ(std::memcmp(a.data<uint8_t>(), b.data<uint8_t>(), a.spec().storage_bytes()), 0) << a.to_string();
    }
}

}  // namespace ttnn_test
