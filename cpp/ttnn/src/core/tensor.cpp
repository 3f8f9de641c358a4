#include "ttnn/tensor.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "core/host_memory.hpp"
#include "core/sharding.hpp"
#include "ttnn/error.hpp"

namespace ttnn {

uint64_t TensorSpec::storage_bytes() const {
    if (layout == Layout::TILE && is_block_float(dtype)) {
        return tile_geometry(padded_shape).tile_count() * info(dtype).tile_bytes;
    }
    return padded_shape.volume() * info(dtype).element_bytes;
}

uint64_t TensorSpec::page_bytes() const {
    if (layout == Layout::TILE) {
        return info(dtype).tile_bytes;
    }
    const uint64_t width = logical_shape.rank() == 0 ? 1 : logical_shape[-1];
    return width * info(dtype).element_bytes;
}

uint64_t TensorSpec::page_count() const {
    if (layout == Layout::TILE) {
        return tile_geometry(padded_shape).tile_count();
    }
    const uint64_t width = logical_shape.rank() == 0 ? 1 : logical_shape[-1];
    return width == 0 ? 0 : logical_shape.volume() / width;
}

std::string TensorSpec::to_string() const {
    std::string text = std::string(name(dtype)) + " " + std::string(name(layout)) + " " + logical_shape.to_string();
    if (padded_shape != logical_shape) {
        text += " (padded " + padded_shape.to_string() + ")";
    }
    return text;
}

TensorSpec make_spec(
    const char* op, const Shape& logical, DataType dtype, Layout layout, const MemoryConfig& memory_config) {
    TTNN_CHECK(layout == Layout::TILE || !is_block_float(dtype),
               VALUE,
               op,
               ": ",
               name(dtype),
               " exists only in TILE layout (its exponents are shared across tile rows); expected "
               "layout=TILE_LAYOUT, got ROW_MAJOR_LAYOUT");
    return TensorSpec{logical, padded_shape(logical, layout), dtype, layout, memory_config};
}

std::shared_ptr<Buffer> Buffer::allocate_host(uint64_t bytes) {
    std::shared_ptr<Buffer> buffer(new Buffer());
    if (bytes > 0) {
        // 64-byte alignment: a cache line, and enough for any vector load the kernels issue.
        std::shared_ptr<void> memory = detail::allocate_host_memory(bytes);
        TTNN_CHECK(memory != nullptr, RUNTIME, "allocate_host: out of host memory; requested ", bytes, " bytes");
        buffer->data_ = static_cast<std::byte*>(memory.get());
        buffer->owner_ = std::move(memory);
    }
    buffer->size_ = bytes;
    buffer->allocated_ = true;
    return buffer;
}

std::shared_ptr<Buffer> Buffer::wrap_host(void* data, uint64_t bytes, std::shared_ptr<void> owner) {
    std::shared_ptr<Buffer> buffer(new Buffer());
    buffer->data_ = static_cast<std::byte*>(data);
    buffer->size_ = bytes;
    buffer->owner_ = std::move(owner);
    buffer->allocated_ = true;
    return buffer;
}

std::shared_ptr<Buffer> Buffer::allocate_device(const std::shared_ptr<Device>& device, const TensorSpec& spec) {
    TTNN_ASSERT(device != nullptr);
    device->check_open("allocate");
    const BufferType type = spec.memory_config.buffer_type;
    BufferLabel label{spec.dtype, spec.layout, static_cast<uint8_t>(spec.logical_shape.rank())};
    std::copy(spec.logical_shape.dims().begin(), spec.logical_shape.dims().end(), label.dims.begin());
    uint64_t id = 0;
    if (spec.memory_config.is_sharded()) {
        const detail::ShardPlacement shards = detail::place_shards(spec, *device);
        id = device->allocator().reserve_shards(type, shards.shard_bytes, shards.bank_mask, label);
    } else {
        const uint64_t footprint = device->allocator().footprint(type, spec.page_count(), spec.page_bytes());
        id = device->allocator().reserve(type, footprint, label);
    }
    std::shared_ptr<Buffer> buffer;
    try {
        buffer = allocate_host(spec.storage_bytes());
    } catch (...) {
        device->allocator().release(id);
        throw;
    }
    buffer->device_ = device;
    buffer->allocation_id_ = id;
    device->register_buffer(buffer.get());
    return buffer;
}

Buffer::~Buffer() {
    deallocate();
}

void Buffer::deallocate() {
    if (!allocated_) {
        return;
    }
    allocated_ = false;
    if (device_ != nullptr) {
        device_->allocator().release(allocation_id_);
        device_->unregister_buffer(this);
    }
    owner_.reset();
    data_ = nullptr;
}

Tensor::Tensor(TensorSpec spec, std::shared_ptr<Buffer> buffer) : spec_(std::move(spec)), buffer_(std::move(buffer)) {
    TTNN_ASSERT(buffer_ != nullptr);
    TTNN_ASSERT(!buffer_->is_allocated() || buffer_->size() >= spec_.storage_bytes(),
                "buffer of ",
                buffer_->size(),
                " bytes for ",
                spec_.to_string());
}

void Tensor::check_usable(const char* op) const {
    if (buffer_->on_device()) {
        buffer_->device()->check_open(op);
    }
    TTNN_CHECK(buffer_->is_allocated(),
               RUNTIME,
               op,
               ": tensor ",
               spec_.to_string(),
               " is deallocated; expected a live tensor, got one freed by ttnn.deallocate");
}

Tensor allocate_host_tensor(const Shape& shape, DataType dtype, Layout layout) {
    const TensorSpec spec = make_spec("allocate_host_tensor", shape, dtype, layout);
    std::shared_ptr<Buffer> buffer = Buffer::allocate_host(spec.storage_bytes());
    if (spec.storage_bytes() > 0) {
        std::memset(buffer->data(), 0, spec.storage_bytes());
    }
    return Tensor(spec, std::move(buffer));
}

std::string Tensor::to_string() const {
    std::string storage = "HOST";
    if (buffer_->on_device()) {
        storage = "DEVICE " + std::to_string(buffer_->device()->id()) + " " +
                  std::string(name(spec_.memory_config.buffer_type));
    }
    return "ttnn.Tensor(shape=" + spec_.logical_shape.to_string() + ", padded_shape=" + spec_.padded_shape.to_string() +
           ", dtype=" + std::string(name(spec_.dtype)) + ", layout=" + std::string(name(spec_.layout)) +
           ", storage=" + storage + (is_allocated() ? "" : ", deallocated") + ")";
}

}  // namespace ttnn
