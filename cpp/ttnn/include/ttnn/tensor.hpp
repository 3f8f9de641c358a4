#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "ttnn/device.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/layout.hpp"
#include "ttnn/memory_config.hpp"
#include "ttnn/shape.hpp"

namespace ttnn {

// Everything about a tensor but its bytes. Physical storage (the CPU device's own choice,
// docs/architecture.md, Device semantics):
// - ROW_MAJOR: C-contiguous over the logical shape.
// - TILE, non-block dtypes: C-contiguous over the padded shape, padding zero-filled; kernels read
//   rows directly and the byte count equals TT's tile pages exactly.
// - TILE, block floats: TT's own packed tiles (exponents then mantissas, faces in order), tiles in
//   row-major order over the tile grid of each 2D slice.
struct TensorSpec {
    Shape logical_shape;
    Shape padded_shape;
    DataType dtype = DataType::BFLOAT16;
    Layout layout = Layout::ROW_MAJOR;
    MemoryConfig memory_config = DRAM_MEMORY_CONFIG;

    uint64_t storage_bytes() const;
    uint64_t page_bytes() const;
    uint64_t page_count() const;
    std::string to_string() const;
};

// Validates the combination (block floats only in TILE) and derives the padded shape.
TensorSpec make_spec(const char* op,
                     const Shape& logical,
                     DataType dtype,
                     Layout layout,
                     const MemoryConfig& memory_config = DRAM_MEMORY_CONFIG);

// Bytes of a tensor: host memory (owned, or borrowed from another framework) or a device allocation.
class Buffer {
public:
    static std::shared_ptr<Buffer> allocate_host(uint64_t bytes);
    // Borrows memory that `owner` keeps alive (a DLPack import); nothing is copied.
    static std::shared_ptr<Buffer> wrap_host(void* data, uint64_t bytes, std::shared_ptr<void> owner);
    static std::shared_ptr<Buffer> allocate_device(const std::shared_ptr<Device>& device, const TensorSpec& spec);

    ~Buffer();
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    std::byte* data() const { return data_; }
    uint64_t size() const { return size_; }
    bool is_allocated() const { return allocated_; }
    bool on_device() const { return device_ != nullptr; }
    const std::shared_ptr<Device>& device() const { return device_; }
    void deallocate();

private:
    Buffer() = default;
    std::byte* data_ = nullptr;
    uint64_t size_ = 0;
    bool allocated_ = false;
    std::shared_ptr<void> owner_;     // host memory: whatever frees it
    std::shared_ptr<Device> device_;  // device memory: where it is accounted
    uint64_t allocation_id_ = 0;
};

enum class StorageType : uint8_t { HOST, DEVICE };

class Tensor {
public:
    Tensor(TensorSpec spec, std::shared_ptr<Buffer> buffer);

    const TensorSpec& spec() const { return spec_; }
    const Shape& logical_shape() const { return spec_.logical_shape; }
    const Shape& padded_shape() const { return spec_.padded_shape; }
    DataType dtype() const { return spec_.dtype; }
    Layout layout() const { return spec_.layout; }
    const MemoryConfig& memory_config() const { return spec_.memory_config; }
    StorageType storage_type() const { return buffer_->on_device() ? StorageType::DEVICE : StorageType::HOST; }
    std::shared_ptr<Device> device() const { return buffer_->device(); }
    const std::shared_ptr<Buffer>& buffer() const { return buffer_; }
    bool is_allocated() const { return buffer_->is_allocated(); }

    // Raises a clear error when the tensor cannot be read: deallocated, or on a closed device.
    void check_usable(const char* op) const;

    template <typename T>
    T* data() const {
        return reinterpret_cast<T*>(buffer_->data());
    }

    void deallocate() { buffer_->deallocate(); }
    std::string to_string() const;

private:
    TensorSpec spec_;
    std::shared_ptr<Buffer> buffer_;
};

// A zero-filled host tensor, for C++ callers that fill data<T>() themselves.
Tensor allocate_host_tensor(const Shape& shape, DataType dtype, Layout layout = Layout::ROW_MAJOR);

}  // namespace ttnn
