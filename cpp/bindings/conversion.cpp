#include <nanobind/stl/optional.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/vector.h>

#include "bindings.hpp"
#include "ttnn/conversion.hpp"

namespace nb = nanobind;

namespace ttnn::bindings {

void bind_conversion(nb::module_& m) {
    m.def("_from_host", &from_host, nb::arg("tensor"), nb::arg("dtype"), nb::arg("layout"),
          nb::arg("device").none(), nb::arg("memory_config"));
    m.def("to_layout", &to_layout, nb::arg("tensor"), nb::arg("layout"), nb::arg("dtype") = nb::none(),
          nb::arg("memory_config") = nb::none(),
          "Converts to ROW_MAJOR_LAYOUT or TILE_LAYOUT (padding the last two dims to 32 with zeros).");
    m.def("typecast", &typecast, nb::arg("tensor"), nb::arg("dtype"), nb::arg("memory_config") = nb::none(),
          "Converts the element type: round to nearest even for floats, truncate and saturate float to int.");
    m.def("to_device", &to_device, nb::arg("tensor"), nb::arg("device"),
          nb::arg("memory_config") = DRAM_MEMORY_CONFIG, "Copies a host tensor into device memory.");
    m.def("from_device", &from_device, nb::arg("tensor"), "Copies a device tensor to the host.");
    m.def(
        "reshape",
        [](const Tensor& t, const std::vector<int64_t>& shape) { return reshape(t, shape); },
        nb::arg("tensor"), nb::arg("shape"), "New shape, same volume; shares storage when the layout allows.");
    m.def(
        "reshape", [](const Tensor& t, const Shape& shape) {
            return reshape(t, std::vector<int64_t>(shape.dims().begin(), shape.dims().end()));
        },
        nb::arg("tensor"), nb::arg("shape"));
    m.def("clone", &clone, nb::arg("tensor"), nb::arg("memory_config") = nb::none(), nb::arg("dtype") = nb::none(),
          "A copy with its own storage, optionally in another memory config or dtype.");
    m.def("deallocate", &deallocate, nb::arg("tensor"), "Frees the tensor's storage; later use raises an error.");
}

}  // namespace ttnn::bindings
