#include "ttnn/device.hpp"

#include <algorithm>

#include "ttnn/error.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn {
namespace {
// Only one handle per physical device may be open at a time, as on real hardware.
std::mutex g_open_mutex;
bool g_device_open[1] = {false};
}  // namespace

Device::Device(const DeviceSpec& spec, const DeviceOptions& options)
    : spec_(spec),
      options_(options),
      allocator_(spec, options),
      pool_(std::make_unique<ThreadPool>(options.num_threads.value_or(ThreadPool::default_thread_count()))) {}

std::shared_ptr<Device> Device::open(const DeviceOptions& options) {
    TTNN_CHECK(options.device_id >= 0 && options.device_id < num_available(),
               VALUE,
               "open_device: no such device; expected device_id in [0, ",
               num_available(),
               "), got ",
               options.device_id);
    TTNN_CHECK(!options.num_threads.has_value() || *options.num_threads >= 1,
               VALUE,
               "open_device: num_threads must be positive; expected >= 1, got ",
               options.num_threads.value_or(0));
    std::lock_guard lock(g_open_mutex);
    TTNN_CHECK(!g_device_open[options.device_id],
               RUNTIME,
               "open_device: device ",
               options.device_id,
               " is already open; expected it closed (ttnn.close_device) before opening it again");
    std::shared_ptr<Device> device(new Device(DeviceSpec{}, options));
    g_device_open[options.device_id] = true;
    return device;
}

Device::~Device() {
    close();
}

void Device::close() {
    if (!open_) {
        return;
    }
    std::vector<Buffer*> buffers;
    {
        std::lock_guard lock(buffers_mutex_);
        buffers = buffers_;
    }
    for (Buffer* buffer : buffers) {
        buffer->deallocate();
    }
    open_ = false;
    std::lock_guard lock(g_open_mutex);
    g_device_open[options_.device_id] = false;
}

void Device::check_open(const char* op) const {
    TTNN_CHECK(
        open_, RUNTIME, op, ": device ", options_.device_id, " is closed; expected an open device (ttnn.open_device)");
}

void Device::register_buffer(Buffer* buffer) {
    std::lock_guard lock(buffers_mutex_);
    buffers_.push_back(buffer);
}

void Device::unregister_buffer(Buffer* buffer) {
    std::lock_guard lock(buffers_mutex_);
    std::erase(buffers_, buffer);
}

namespace {
std::atomic<bool> any_program_cache = false;
}  // namespace

bool Device::program_cache_in_use() {
    return any_program_cache.load(std::memory_order_relaxed);
}

void Device::enable_program_cache() {
    program_cache_enabled_ = true;
    any_program_cache = true;
}

void Device::disable_and_clear_program_cache() {
    std::lock_guard lock(program_cache_mutex_);
    program_cache_enabled_ = false;
    program_cache_.clear();
}

size_t Device::num_program_cache_entries() const {
    std::lock_guard lock(program_cache_mutex_);
    return program_cache_.size();
}

void Device::record_program(uint64_t key) {
    std::lock_guard lock(program_cache_mutex_);
    program_cache_.insert(key);
}

}  // namespace ttnn
