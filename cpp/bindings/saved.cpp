// Tensors a training forward saves for its backward stay on the device between the two programs. torch still
// holds a tensor in each one's place (aot_autograd keeps it with ctx.save_for_backward), so the forward returns
// a placeholder: a torch tensor of the saved tensor's shape and dtype whose strides are all zero, over one
// element of memory owned here, which holds the device tensor. The element's address finds it again (parked);
// when torch frees the placeholder's storage (the autograd graph released after the backward, or never run),
// the device tensor is freed with it, so nothing piles up across steps.
#include <array>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/vector.h>

#include "bindings.hpp"
#include "ttnn/error.hpp"
#include "ttnn/tensor.hpp"

namespace nb = nanobind;

namespace ttnn::bindings {
namespace {

struct Parked {
    alignas(16) std::array<std::byte, 16> cell{};
    Tensor tensor;
};

std::mutex registry_mutex;
std::unordered_map<uintptr_t, Parked*> registry;

// A placeholder read as data (by code that should have asked for the device tensor) reads NaN, not a
// plausible number.
void fill_nan(Parked& p, nb::dlpack::dtype dtype) {
    using Code = nb::dlpack::dtype_code;
    const auto code = static_cast<Code>(dtype.code);
    if (code == Code::Float && dtype.bits == 32) {
        const uint32_t nan = 0x7FC00000u;
        std::memcpy(p.cell.data(), &nan, sizeof nan);
    } else if (code == Code::Float && dtype.bits == 64) {
        const uint64_t nan = 0x7FF8000000000000ull;
        std::memcpy(p.cell.data(), &nan, sizeof nan);
    } else if ((code == Code::Float || code == Code::Bfloat) && dtype.bits == 16) {
        const uint16_t nan = code == Code::Bfloat ? 0x7FC0u : 0x7E00u;
        std::memcpy(p.cell.data(), &nan, sizeof nan);
    }
}

nb::ndarray<> park(const Tensor& tensor, const std::vector<size_t>& shape, uint8_t code, uint8_t bits) {
    TTNN_CHECK(tensor.storage_type() == StorageType::DEVICE,
               VALUE,
               "park: the tensor is on the host; expected a device tensor");
    TTNN_CHECK(bits % 8 == 0 && bits >= 8 && bits <= 128, VALUE, "park: element of ", int(bits), " bits");
    const nb::dlpack::dtype dtype{code, bits, 1};
    auto* parked = new Parked{{}, tensor};
    fill_nan(*parked, dtype);
    const auto address = reinterpret_cast<uintptr_t>(parked->cell.data());
    {
        std::lock_guard lock(registry_mutex);
        registry[address] = parked;
    }
    // torch calls this when the placeholder's storage dies (through DLPack, with the GIL held).
    nb::capsule owner(parked, [](void* p) noexcept {
        auto* gone = static_cast<Parked*>(p);
        {
            std::lock_guard lock(registry_mutex);
            registry.erase(reinterpret_cast<uintptr_t>(gone->cell.data()));
        }
        delete gone;
    });
    const std::vector<int64_t> strides(shape.size(), 0);
    return nb::ndarray<>(
        parked->cell.data(), shape.size(), shape.data(), owner, strides.data(), dtype, nb::device::cpu::value);
}

std::optional<Tensor> parked(uintptr_t address) {
    std::lock_guard lock(registry_mutex);
    const auto it = registry.find(address);
    if (it == registry.end())
        return std::nullopt;
    return it->second->tensor;
}

}  // namespace

void bind_saved(nb::module_& m) {
    m.def("park",
          &park,
          nb::arg("tensor"),
          nb::arg("shape"),
          nb::arg("code"),
          nb::arg("bits"),
          "A placeholder for a device tensor: a DLPack array of `shape` with all strides zero over one element "
          "(DLPack dtype code and bits) that holds the device tensor until torch frees it.");
    m.def("parked",
          &parked,
          nb::arg("address"),
          "The device tensor a placeholder holds, by the placeholder's data_ptr(); None for any other address.");
    m.def(
        "parked_count",
        [] {
            std::lock_guard lock(registry_mutex);
            return registry.size();
        },
        "How many placeholders are alive (tests: none outlive their training step).");
}

}  // namespace ttnn::bindings
