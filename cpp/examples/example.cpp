// The CPU TT-NN device from C++ alone: open the device, move a tensor onto it in TILE layout as bfloat16 and
// as bfloat8_b, bring it back and report what the round trip cost in accuracy and device memory.
#include <cmath>
#include <cstdio>

#include "ttnn/ttnn.hpp"

int main() {
    std::shared_ptr<ttnn::Device> device = ttnn::Device::open();
    const ttnn::Shape shape{3, 45, 65};  // deliberately not a multiple of the 32x32 tile
    ttnn::Tensor host = ttnn::allocate_host_tensor(shape, ttnn::DataType::FLOAT32);
    float* values = host.data<float>();
    for (uint64_t i = 0; i < shape.volume(); ++i) {
        values[i] = std::sin(0.01f * static_cast<float>(i)) * 3.0f;
    }

    int failures = 0;
    for (ttnn::DataType dtype : {ttnn::DataType::BFLOAT16, ttnn::DataType::BFLOAT8_B}) {
        ttnn::Tensor on_device = ttnn::from_host(host, dtype, ttnn::Layout::TILE, device);
        std::printf("%s\n  device DRAM in use: %llu bytes\n",
                    on_device.to_string().c_str(),
                    static_cast<unsigned long long>(device->allocator().bytes_in_use(ttnn::BufferType::DRAM)));
        ttnn::Tensor back = ttnn::to_host_row_major(on_device, ttnn::DataType::FLOAT32);
        double max_error = 0.0;
        for (uint64_t i = 0; i < shape.volume(); ++i) {
            max_error = std::fmax(max_error, std::fabs(back.data<float>()[i] - values[i]));
        }
        const double bound = dtype == ttnn::DataType::BFLOAT16 ? 3.0 / 128 : 3.0 / 32;
        std::printf("  round trip max |error| = %.5f (bound %.5f)\n", max_error, bound);
        failures += max_error <= bound ? 0 : 1;
    }
    const unsigned long long left = device->allocator().bytes_in_use(ttnn::BufferType::DRAM);
    std::printf("device DRAM in use after the tensors are gone: %llu bytes\n", left);
    device->close();
    return failures == 0 && left == 0 ? 0 : 1;
}
