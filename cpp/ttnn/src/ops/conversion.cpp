// Conversions: each follows TT-NN's phases (validate, output spec, run), with repack() as the one kernel.
#include "ttnn/conversion.hpp"

#include <algorithm>
#include <cstring>

#include "core/repack.hpp"
#include "ttnn/error.hpp"

namespace ttnn {
namespace {

ThreadPool& pool_for(const std::shared_ptr<Device>& device) {
    return device != nullptr ? device->pool() : ThreadPool::host();
}

// Allocates `spec` on `device` (or the host when null) and fills it with the values of `src`.
Tensor convert_into(const Tensor& src, const TensorSpec& spec, const std::shared_ptr<Device>& device) {
    std::shared_ptr<Buffer> buffer =
        device != nullptr ? Buffer::allocate_device(device, spec) : Buffer::allocate_host(spec.storage_bytes());
    detail::repack(src.spec(), src.buffer()->data(), spec, buffer->data(), pool_for(device ? device : src.device()));
    return Tensor(spec, std::move(buffer));
}

bool same_storage(const TensorSpec& a, const TensorSpec& b) {
    return a.dtype == b.dtype && a.layout == b.layout && a.memory_config == b.memory_config;
}

// Logical height and width as the storage sees them (rank 0 and 1 tensors are one row).
std::pair<uint32_t, uint32_t> plane(const Shape& shape) {
    const uint32_t width = shape.rank() == 0 ? 1 : shape[-1];
    const uint32_t height = shape.rank() < 2 ? 1 : shape[-2];
    return {height, width};
}

Shape resolve_shape(const char* op, const Shape& from, const std::vector<int64_t>& requested) {
    int inferred = -1;
    uint64_t known = 1;
    std::vector<uint32_t> dims(requested.size());
    for (size_t i = 0; i < requested.size(); ++i) {
        if (requested[i] == -1) {
            TTNN_CHECK(inferred < 0, VALUE, op, ": only one dimension can be -1; got two in the requested shape");
            inferred = static_cast<int>(i);
            continue;
        }
        TTNN_CHECK(requested[i] >= 0 && requested[i] <= UINT32_MAX,
                   VALUE,
                   op,
                   ": dimensions must be non-negative or -1; got ",
                   requested[i],
                   " at index ",
                   i);
        dims[i] = static_cast<uint32_t>(requested[i]);
        known *= dims[i];
    }
    if (inferred >= 0) {
        TTNN_CHECK(known != 0 && from.volume() % known == 0,
                   VALUE,
                   op,
                   ": cannot infer the -1 dimension of a ",
                   from.to_string(),
                   " tensor from the other dims (product ",
                   known,
                   ")");
        dims[static_cast<size_t>(inferred)] = static_cast<uint32_t>(from.volume() / known);
        known *= dims[static_cast<size_t>(inferred)];
    }
    Shape shape(std::move(dims));
    TTNN_CHECK(known == from.volume(),
               VALUE,
               op,
               ": volume must not change; expected a shape of ",
               from.volume(),
               " elements for a ",
               from.to_string(),
               " tensor, got ",
               shape.to_string(),
               " (",
               known,
               " elements)");
    return shape;
}

// A TILE reshape that moves rows between planes, in one pass: TILE storage is each plane's rows padded to whole
// tiles, so every output row gathers its values from the source's rows in row-major order (runs of up to a
// source row), and the output's tile padding is zero as to_layout leaves it. Rather than untilize and tilize
// again (two passes and a temporary): the head split [B, S, H * D] -> [B, S, H, D] of every attention layer.
Tensor reshape_tiles(const Tensor& src, const TensorSpec& spec) {
    const auto [h1, w1] = plane(src.logical_shape());
    const auto [h2, w2] = plane(spec.logical_shape);
    const TileGeometry g1 = tile_geometry(src.padded_shape());
    const TileGeometry g2 = tile_geometry(spec.padded_shape);
    const size_t bytes = info(src.dtype()).element_bytes;
    std::shared_ptr<Buffer> buffer = src.device() != nullptr ? Buffer::allocate_device(src.device(), spec)
                                                             : Buffer::allocate_host(spec.storage_bytes());
    const std::byte* in = src.buffer()->data();
    std::byte* out = buffer->data();
    pool_for(src.device()).parallel_for(g2.outer * g2.height, 64, [&](size_t begin, size_t end) {
        // The source position of the first value at or after row `begin`, then advanced run by run (valid rows
        // read the source in order): divisions once per chunk, not per run.
        uint64_t r = begin % g2.height;
        const uint64_t first = (begin / g2.height * h2 + std::min<uint64_t>(r, h2)) * w2;
        const uint64_t plane1 = static_cast<uint64_t>(h1) * w1;  // 0: no values, nothing is read
        uint64_t s1 = plane1 != 0 ? first / plane1 : 0, r1 = plane1 != 0 ? first % plane1 / w1 : 0;
        uint64_t c1 = plane1 != 0 ? first % w1 : 0;
        for (size_t row = begin; row < end; ++row) {
            std::byte* line = out + row * g2.width * bytes;
            const uint32_t filled = r < h2 ? w2 : 0;
            for (uint32_t done = 0; done < filled;) {
                const uint64_t n = std::min<uint64_t>(w1 - c1, filled - done);
                std::memcpy(line + done * bytes, in + ((s1 * g1.height + r1) * g1.width + c1) * bytes, n * bytes);
                done += static_cast<uint32_t>(n);
                if ((c1 += n) == w1) {
                    c1 = 0;
                    if (++r1 == h1) {
                        r1 = 0;
                        ++s1;
                    }
                }
            }
            std::memset(line + filled * bytes, 0, (g2.width - filled) * bytes);
            if (++r == g2.height)
                r = 0;
        }
    });
    return Tensor(spec, std::move(buffer));
}

}  // namespace

Tensor to_layout(const Tensor& tensor,
                 Layout layout,
                 std::optional<DataType> dtype,
                 std::optional<MemoryConfig> memory_config) {
    tensor.check_usable("to_layout");
    const TensorSpec spec = make_spec("to_layout",
                                      tensor.logical_shape(),
                                      dtype.value_or(tensor.dtype()),
                                      layout,
                                      memory_config.value_or(tensor.memory_config()));
    if (same_storage(spec, tensor.spec())) {
        return tensor;
    }
    return convert_into(tensor, spec, tensor.device());
}

Tensor typecast(const Tensor& tensor, DataType dtype, std::optional<MemoryConfig> memory_config) {
    tensor.check_usable("typecast");
    const TensorSpec spec = make_spec(
        "typecast", tensor.logical_shape(), dtype, tensor.layout(), memory_config.value_or(tensor.memory_config()));
    if (same_storage(spec, tensor.spec())) {
        return tensor;
    }
    return convert_into(tensor, spec, tensor.device());
}

Tensor to_device(const Tensor& tensor, const std::shared_ptr<Device>& device, const MemoryConfig& memory_config) {
    TTNN_CHECK(device != nullptr, VALUE, "to_device: device is None; expected an open device");
    device->check_open("to_device");
    tensor.check_usable("to_device");
    if (tensor.device() != nullptr) {
        TTNN_CHECK(tensor.device() == device,
                   VALUE,
                   "to_device: tensor is on device ",
                   tensor.device()->id(),
                   "; expected a host tensor or one already on device ",
                   device->id());
        if (tensor.memory_config() == memory_config) {
            return tensor;
        }
    }
    TensorSpec spec = tensor.spec();
    spec.memory_config = memory_config;
    return convert_into(tensor, spec, device);
}

Tensor from_device(const Tensor& tensor) {
    tensor.check_usable("from_device");
    if (tensor.storage_type() == StorageType::HOST) {
        return tensor;
    }
    TensorSpec spec = tensor.spec();
    spec.memory_config = DRAM_MEMORY_CONFIG;
    return convert_into(tensor, spec, nullptr);
}

Tensor from_host(const Tensor& host_row_major,
                 DataType dtype,
                 Layout layout,
                 const std::shared_ptr<Device>& device,
                 const MemoryConfig& memory_config) {
    TTNN_ASSERT(host_row_major.storage_type() == StorageType::HOST && host_row_major.layout() == Layout::ROW_MAJOR);
    const TensorSpec spec = make_spec("from_torch", host_row_major.logical_shape(), dtype, layout, memory_config);
    if (device == nullptr && spec.dtype == host_row_major.dtype() && layout == Layout::ROW_MAJOR) {
        return host_row_major;  // zero-copy: the host tensor borrows the caller's memory
    }
    if (device != nullptr) {
        device->check_open("from_torch");
    }
    return convert_into(host_row_major, spec, device);
}

Tensor to_host_row_major(const Tensor& tensor, DataType dtype) {
    tensor.check_usable("to_torch");
    if (tensor.storage_type() == StorageType::HOST && tensor.layout() == Layout::ROW_MAJOR && tensor.dtype() == dtype) {
        return tensor;
    }
    const TensorSpec spec = make_spec("to_torch", tensor.logical_shape(), dtype, Layout::ROW_MAJOR);
    return convert_into(tensor, spec, nullptr);
}

Tensor reshape(const Tensor& tensor, const std::vector<int64_t>& shape) {
    tensor.check_usable("reshape");
    const Shape logical = resolve_shape("reshape", tensor.logical_shape(), shape);
    const TensorSpec spec = make_spec("reshape", logical, tensor.dtype(), tensor.layout(), tensor.memory_config());
    // The stored bytes are already in the new order when rows stay rows: any ROW_MAJOR reshape, or a TILE one
    // that keeps the logical and padded last two dims.
    const bool view = tensor.layout() == Layout::ROW_MAJOR || (plane(logical) == plane(tensor.logical_shape()) &&
                                                               spec.padded_shape[-1] == tensor.padded_shape()[-1] &&
                                                               spec.padded_shape[-2] == tensor.padded_shape()[-2]);
    if (view) {
        return Tensor(spec, tensor.buffer());
    }
    if (!is_block_float(tensor.dtype())) {
        return reshape_tiles(tensor, spec);
    }
    const DataType row_dtype = DataType::FLOAT32;
    const Tensor rows = to_layout(tensor, Layout::ROW_MAJOR, row_dtype);
    const Tensor reshaped(make_spec("reshape", logical, row_dtype, Layout::ROW_MAJOR, rows.memory_config()),
                          rows.buffer());
    return to_layout(reshaped, Layout::TILE, tensor.dtype());
}

Tensor clone(const Tensor& tensor, std::optional<MemoryConfig> memory_config, std::optional<DataType> dtype) {
    tensor.check_usable("clone");
    const TensorSpec spec = make_spec("clone",
                                      tensor.logical_shape(),
                                      dtype.value_or(tensor.dtype()),
                                      tensor.layout(),
                                      memory_config.value_or(tensor.memory_config()));
    return convert_into(tensor, spec, tensor.device());
}

void deallocate(Tensor& tensor) {
    tensor.deallocate();
}

}  // namespace ttnn
