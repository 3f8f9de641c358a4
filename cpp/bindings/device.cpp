#include <nanobind/stl/optional.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>

#include "bindings.hpp"
#include "ttnn/device.hpp"

namespace nb = nanobind;

namespace ttnn::bindings {
namespace {

nb::dict memory_stats(const Device& device) {
    nb::dict stats;
    for (BufferType type : {BufferType::DRAM, BufferType::L1}) {
        nb::dict entry;
        entry["capacity"] = device.allocator().capacity(type);
        entry["in_use"] = device.allocator().bytes_in_use(type);
        entry["peak"] = device.allocator().peak_bytes(type);
        size_t buffers = 0;
        for (const Allocation& a : device.allocator().live()) {
            buffers += a.buffer_type == type ? 1 : 0;
        }
        entry["buffers"] = buffers;
        nb::list banks;  // per bank (L1: per core, row by row): sharded buffers fill some banks more than others
        for (uint32_t b = 0; b < device.allocator().banks(type); ++b)
            banks.append(device.allocator().bank_bytes_in_use(type, b));
        entry["banks_in_use"] = banks;
        stats[type == BufferType::DRAM ? "DRAM" : "L1"] = entry;
    }
    return stats;
}

}  // namespace

void bind_device(nb::module_& m) {
    nb::class_<Device>(m, "Device", "A Wormhole n150 modelled on the CPU; a context manager that closes on exit.")
        .def("id", &Device::id)
        .def("arch", [](const Device& d) { return d.spec().arch; })
        .def("compute_with_storage_grid_size", &Device::compute_with_storage_grid_size)
        .def("is_open", &Device::is_open)
        .def("num_threads", [](Device& d) { return d.pool().size(); })
        .def("memory_stats",
             &memory_stats,
             "Bytes per buffer type: capacity, in_use, peak (since open or reset_peak_memory) and live buffers.")
        .def("reset_peak_memory", [](Device& d) { d.allocator().reset_peak(); })
        .def_prop_ro("core_grid", &Device::core_grid)
        .def("enable_program_cache", &Device::enable_program_cache)
        .def("disable_and_clear_program_cache", &Device::disable_and_clear_program_cache)
        .def("num_program_cache_entries", &Device::num_program_cache_entries)
        .def("__enter__", [](nb::handle self) { return self; })
        .def(
            "__exit__",
            [](Device& d, nb::handle, nb::handle, nb::handle) {
                d.close();
                return false;
            },
            nb::arg("exc_type").none(),
            nb::arg("exc_value").none(),
            nb::arg("traceback").none())
        .def("__repr__", [](const Device& d) {
            return "ttnn.Device(id=" + std::to_string(d.id()) + ", " + d.spec().arch + " " + d.spec().board +
                   (d.is_open() ? "" : ", closed") + ")";
        });

    m.def(
        "open_device",
        [](int device_id, uint64_t l1_small_size, uint64_t trace_region_size, std::optional<int> num_threads) {
            return Device::open({device_id, num_threads, l1_small_size, trace_region_size});
        },
        nb::arg("device_id") = 0,
        nb::arg("l1_small_size") = 0,
        nb::arg("trace_region_size") = 0,
        nb::arg("num_threads") = nb::none(),
        "Opens the device. num_threads (default TTNN_NUM_THREADS or the CPU's cores) sizes its thread pool.");
    m.def("close_device", [](Device& device) { device.close(); }, nb::arg("device"));
    m.def("GetNumAvailableDevices", &Device::num_available);
    m.def(
        "synchronize_device",
        [](Device& device, nb::handle, nb::handle) { device.check_open("synchronize_device"); },
        nb::arg("device"),
        nb::arg("cq_id") = nb::none(),
        nb::arg("sub_device_ids") = nb::none(),
        "Waits for the device's work: ops here finish before they return, so this only checks the device is open.");
}

}  // namespace ttnn::bindings
