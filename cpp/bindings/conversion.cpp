#include <nanobind/stl/optional.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/vector.h>

#include "bindings.hpp"
#include "ttnn/conversion.hpp"

namespace nb = nanobind;

namespace ttnn::bindings {

void bind_conversion(nb::module_& m) {
    m.def("_from_host",
          &from_host,
          nb::arg("tensor"),
          nb::arg("dtype"),
          nb::arg("layout"),
          nb::arg("device").none(),
          nb::arg("memory_config"));
    m.def("to_device",
          &to_device,
          nb::arg("tensor"),
          nb::arg("device"),
          nb::arg("memory_config") = DRAM_MEMORY_CONFIG,
          "Copies a host tensor into device memory.");
    m.def("from_device", &from_device, nb::arg("tensor"), "Copies a device tensor to the host.");
    m.def("deallocate", &deallocate, nb::arg("tensor"), "Frees the tensor's storage; later use raises an error.");
}

}  // namespace ttnn::bindings
