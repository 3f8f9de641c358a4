// A fixed-budget random driver over the codecs and layout changes (it runs under ASan/UBSan in the asan-ubsan
// preset, where an out-of-bounds read or write in a packer is an error, not a wrong number). Each test draws
// shapes with tile edges (0, 1, 31, 32, 33, 63, 65), dtypes and values, runs the library and checks against
// references kept apart from it: bf16 rounding (ttnn::bf16_from_f32, itself checked in test_bf16_codec.cpp),
// the block-float tile packer of block_float_reference.hpp, and index arithmetic for strided slices and permutes.
// TTNN_FUZZ_ITERATIONS=N runs N cases per test (default 40); TTNN_FUZZ_SEED changes the draws.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "block_float_reference.hpp"
#include "tensor_checks.hpp"
#include "ttnn/ops/data_movement.hpp"
#include "ttnn/ttnn.hpp"

namespace {

using block_float_reference::code_at;
using block_float_reference::face_row_of;
using block_float_reference::from_bits;
using block_float_reference::mantissa_bits;
using block_float_reference::reference_decode;
using block_float_reference::reference_pack;
using block_float_reference::to_bits;
using ttnn::DataType;
using ttnn::Layout;
using ttnn::Shape;

uint32_t next(std::mt19937& rng) {
    return static_cast<uint32_t>(rng());
}

int env_int(const char* name, int fallback) {
    const char* value = std::getenv(name);
    return value != nullptr ? std::atoi(value) : fallback;
}

const int kIterations = env_int("TTNN_FUZZ_ITERATIONS", 40);
const uint32_t kSeed = static_cast<uint32_t>(env_int("TTNN_FUZZ_SEED", 0));

Shape random_shape(std::mt19937& rng, int max_rank, uint64_t max_volume) {
    static const uint32_t kSizes[] = {1, 2, 3, 7, 31, 32, 33, 63, 64, 65, 0};
    std::vector<uint32_t> dims(next(rng) % (max_rank + 1));
    for (uint32_t& d : dims) {
        d = kSizes[next(rng) % (next(rng) % 8 == 0 ? std::size(kSizes) : std::size(kSizes) - 1)];
    }
    while (Shape(dims).volume() > max_volume) {
        *std::max_element(dims.begin(), dims.end()) /= 2;
    }
    return Shape(dims);
}

// Any float32 bit pattern, weighted toward the interesting ones: zeros of both signs, subnormals, infinities,
// NaNs, values on a bf16 rounding tie, and ordinary values of mixed magnitude.
float random_float(std::mt19937& rng, bool finite) {
    const uint32_t sign = next(rng) & 0x80000000u;
    switch (next(rng) % 8) {
        case 0:
            return from_bits(sign);
        case 1:
            return from_bits(sign | (next(rng) & 0x7fffffu));  // subnormal
        case 2:
            return finite ? from_bits(sign | 0x3f800000u)
                          : from_bits(sign | 0x7f800000u | (next(rng) % 3 == 0 ? 0 : next(rng) & 0x7fffffu));
        case 3:
            return from_bits(sign | ((next(rng) % 254 + 1) << 23) | ((next(rng) & 0x7f) << 16) | 0x8000u);  // bf16 tie
        default:
            return from_bits(sign | ((next(rng) % 60 + 97) << 23) | (next(rng) & 0x7fffffu));
    }
}

ttnn::Tensor random_f32(const Shape& shape, std::mt19937& rng, bool finite) {
    ttnn::Tensor t = ttnn::allocate_host_tensor(shape, DataType::FLOAT32);
    for (uint64_t i = 0; i < shape.volume(); ++i) {
        t.data<float>()[i] = random_float(rng, finite);
    }
    return t;
}

// The float32 image of a TILE tensor: logical values at their place, zeros in the padding.
std::vector<float> padded_image(const ttnn::Tensor& source, const Shape& padded) {
    const Shape& logical = source.logical_shape();
    const uint32_t h = logical.rank() < 2 ? 1 : logical[-2];
    const uint32_t w = logical.rank() == 0 ? 1 : logical[-1];
    const uint64_t slices = h * w == 0 ? 0 : logical.volume() / (h * w);
    std::vector<float> image(padded.volume(), 0.0f);
    for (uint64_t s = 0; s < slices; ++s) {
        for (uint32_t r = 0; r < h; ++r) {
            std::memcpy(&image[(s * padded[-2] + r) * padded[-1]], &source.data<float>()[(s * h + r) * w], w * 4);
        }
    }
    return image;
}

TEST(CodecFuzz, Bf16ConversionsMatchTheScalarRoundingInEveryLayout) {
    std::mt19937 rng(kSeed + 1);
    for (int it = 0; it < kIterations; ++it) {
        const Shape shape = random_shape(rng, 4, 1 << 14);
        const Layout layout = next(rng) % 2 ? Layout::TILE : Layout::ROW_MAJOR;
        SCOPED_TRACE(shape.to_string() + (layout == Layout::TILE ? " TILE" : " ROW_MAJOR"));
        const ttnn::Tensor source = random_f32(shape, rng, false);
        const ttnn::Tensor half = ttnn::to_layout(source, layout, DataType::BFLOAT16);
        const ttnn::Tensor back = ttnn::to_layout(half, Layout::ROW_MAJOR, DataType::FLOAT32);
        const ttnn::Tensor cast = ttnn::typecast(source, DataType::BFLOAT16);
        for (uint64_t i = 0; i < shape.volume(); ++i) {
            const uint16_t expected = ttnn::bf16_from_f32(source.data<float>()[i]);
            ASSERT_EQ(to_bits(back.data<float>()[i]), uint32_t{expected} << 16) << "element " << i;
            ASSERT_EQ(cast.data<uint16_t>()[i], expected) << "typecast, element " << i;
        }
    }
}

TEST(CodecFuzz, BlockFloatTilesMatchTheReferencePacker) {
    std::mt19937 rng(kSeed + 2);
    for (int it = 0; it < kIterations; ++it) {
        const DataType dtype = next(rng) % 2 ? DataType::BFLOAT8_B : DataType::BFLOAT4_B;
        const int bits = mantissa_bits(dtype);
        const Shape shape = random_shape(rng, 4, 1 << 13);
        SCOPED_TRACE(std::string(ttnn::name(dtype)) + " " + shape.to_string());
        const ttnn::Tensor source = random_f32(shape, rng, true);
        ttnn_test::dirty_heap(ttnn::padded_shape(shape, Layout::TILE).volume());
        const ttnn::Tensor packed = ttnn::to_layout(source, Layout::TILE, dtype);
        const Shape padded = packed.padded_shape();
        const std::vector<float> image = padded_image(source, padded);
        const size_t tile_bytes = ttnn::info(dtype).tile_bytes;
        const uint64_t width = padded[-1], tiles_per_row = width / 32;
        const uint64_t tiles = width == 0 ? 0 : padded.volume() / (32 * 32);
        ASSERT_EQ(packed.spec().storage_bytes(), tiles * tile_bytes);
        std::vector<float> decoded(image.size());
        for (uint64_t t = 0; t < tiles; ++t) {
            const uint64_t origin = (t / tiles_per_row) * 32 * width + (t % tiles_per_row) * 32;
            const std::vector<uint8_t> ref = reference_pack(dtype, image.data() + origin, width);
            ASSERT_EQ(std::memcmp(packed.data<uint8_t>() + t * tile_bytes, ref.data(), tile_bytes), 0) << "tile " << t;
            for (uint32_t i = 0; i < 32; ++i) {
                for (uint32_t j = 0; j < 32; ++j) {
                    const uint32_t face_row = face_row_of(i, j);
                    decoded[origin + i * width + j] =
                        reference_decode(code_at(ref, face_row * 16 + j % 16, bits), ref[face_row], bits);
                }
            }
        }
        const ttnn::Tensor back = ttnn::to_layout(packed, Layout::ROW_MAJOR, DataType::FLOAT32);
        const ttnn::Tensor expected = ttnn::allocate_host_tensor(shape, DataType::FLOAT32);
        const uint32_t h = shape.rank() < 2 ? 1 : shape[-2], w = shape.rank() == 0 ? 1 : shape[-1];
        for (uint64_t i = 0; i < shape.volume(); ++i) {
            const uint64_t s = i / (uint64_t{h} * w), r = i / w % h, c = i % w;
            expected.data<float>()[i] = decoded[(s * padded[-2] + r) * width + c];
        }
        ttnn_test::expect_same_bytes(back, expected);
    }
}

TEST(CodecFuzz, TilizeUntilizeRoundTripsEveryDtypeOnHostAndDevice) {
    std::mt19937 rng(kSeed + 3);
    const DataType dtypes[] = {
        DataType::FLOAT32, DataType::BFLOAT16, DataType::INT32, DataType::UINT8, DataType::UINT16, DataType::UINT32};
    std::shared_ptr<ttnn::Device> device = ttnn::Device::open();
    for (int it = 0; it < kIterations; ++it) {
        const DataType dtype = dtypes[next(rng) % std::size(dtypes)];
        const Shape shape = random_shape(rng, 5, 1 << 14);
        const bool on_device = next(rng) % 2 == 0;
        SCOPED_TRACE(std::string(ttnn::name(dtype)) + " " + shape.to_string() + (on_device ? " device" : " host"));
        const ttnn::Tensor source = ttnn_test::patterned(shape, dtype, next(rng));
        ttnn_test::dirty_heap(ttnn::padded_shape(shape, Layout::TILE).volume() * ttnn::info(dtype).element_bytes);
        const ttnn::Tensor start = on_device ? ttnn::to_device(source, device) : source;
        const ttnn::Tensor tile = ttnn::to_layout(start, Layout::TILE);
        ttnn_test::expect_tile_storage(tile, source);
        ttnn_test::expect_same_bytes(ttnn::from_device(ttnn::to_layout(tile, Layout::ROW_MAJOR)), source);
    }
    EXPECT_EQ(device->allocator().bytes_in_use(ttnn::BufferType::DRAM), 0u);
    device->close();
}

// Row-major offset of a multi-index.
uint64_t offset_of(const std::vector<uint64_t>& index, const Shape& shape) {
    uint64_t at = 0;
    for (int d = 0; d < shape.rank(); ++d) {
        at = at * shape[d] + index[d];
    }
    return at;
}

// Walks every multi-index of `shape` in row-major order.
bool next_index(std::vector<uint64_t>& index, const Shape& shape) {
    for (int d = shape.rank() - 1; d >= 0; --d) {
        if (++index[d] < shape[d]) {
            return true;
        }
        index[d] = 0;
    }
    return false;
}

TEST(CodecFuzz, StridedSlicesAndPermutesReadTheRightElements) {
    std::mt19937 rng(kSeed + 4);
    for (int it = 0; it < kIterations; ++it) {
        const Shape shape = random_shape(rng, 4, 1 << 13);
        if (shape.rank() == 0 || shape.volume() == 0) {
            continue;
        }
        const Layout layout = next(rng) % 2 ? Layout::TILE : Layout::ROW_MAJOR;
        const DataType dtype = next(rng) % 2 ? DataType::BFLOAT16 : DataType::FLOAT32;
        const ttnn::Tensor source =
            ttnn::to_layout(ttnn_test::patterned(shape, DataType::FLOAT32, next(rng)), layout, dtype);
        const ttnn::Tensor values = ttnn::to_layout(source, Layout::ROW_MAJOR, DataType::FLOAT32);
        std::vector<int64_t> starts, ends, steps, order(shape.rank());
        std::vector<uint32_t> sliced;
        for (int d = 0; d < shape.rank(); ++d) {
            starts.push_back(next(rng) % shape[d]);
            ends.push_back(starts.back() + 1 + next(rng) % (shape[d] - starts.back()));
            steps.push_back(1 + next(rng) % 3);
            sliced.push_back(static_cast<uint32_t>((ends[d] - starts[d] + steps[d] - 1) / steps[d]));
        }
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        SCOPED_TRACE(shape.to_string() + (layout == Layout::TILE ? " TILE " : " ROW_MAJOR ") +
                     std::string(ttnn::name(dtype)));
        const ttnn::Tensor slice =
            ttnn::to_layout(ttnn::slice(source, starts, ends, steps), Layout::ROW_MAJOR, DataType::FLOAT32);
        const ttnn::Tensor permuted =
            ttnn::to_layout(ttnn::permute(source, order), Layout::ROW_MAJOR, DataType::FLOAT32);
        ASSERT_EQ(slice.logical_shape(), Shape(sliced));
        std::vector<uint64_t> index(shape.rank(), 0), from(shape.rank());
        uint64_t i = 0;
        do {
            for (int d = 0; d < shape.rank(); ++d) {
                from[d] = starts[d] + index[d] * steps[d];
            }
            ASSERT_EQ(to_bits(slice.data<float>()[i++]), to_bits(values.data<float>()[offset_of(from, shape)]));
        } while (next_index(index, Shape(sliced)));
        std::vector<uint32_t> permuted_dims;
        for (int64_t d : order) {
            permuted_dims.push_back(shape[static_cast<int>(d)]);
        }
        ASSERT_EQ(permuted.logical_shape(), Shape(permuted_dims));
        std::fill(index.begin(), index.end(), 0);
        i = 0;
        do {
            for (int d = 0; d < shape.rank(); ++d) {
                from[order[d]] = index[d];
            }
            ASSERT_EQ(to_bits(permuted.data<float>()[i++]), to_bits(values.data<float>()[offset_of(from, shape)]));
        } while (next_index(index, Shape(permuted_dims)));
    }
}

}  // namespace
