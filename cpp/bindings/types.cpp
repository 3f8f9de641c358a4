#include <nanobind/operators.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "bindings.hpp"
#include "ttnn/compute_config.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/error.hpp"
#include "ttnn/isa.hpp"
#include "ttnn/layout.hpp"
#include "ttnn/memory_config.hpp"
#include "ttnn/shape.hpp"

namespace nb = nanobind;

namespace ttnn::bindings {
namespace {

void bind_shape(nb::module_& m) {
    nb::class_<Shape>(m, "Shape", "A tensor shape; indexable, iterable and comparable with lists and tuples.")
        .def(nb::init<std::vector<uint32_t>>(), nb::arg("dims"))
        .def("__len__", &Shape::rank)
        .def("__getitem__", [](const Shape& s, int i) { return s[i]; })
        .def("__iter__", [](const Shape& s) { return nb::iter(nb::cast(s.to_vector())); })
        .def_prop_ro("rank", &Shape::rank)
        .def("volume", &Shape::volume)
        .def("__eq__", [](const Shape& s, const Shape& other) { return s == other; })
        .def("__eq__", [](const Shape& s, const std::vector<uint32_t>& dims) { return s.to_vector() == dims; })
        .def("__eq__", [](const Shape&, nb::handle) { return false; })
        .def("__hash__", [](const Shape& s) { return nb::hash(nb::tuple(nb::cast(s.to_vector()))); })
        .def("__repr__", [](const Shape& s) { return "Shape(" + s.to_string() + ")"; });
}

void bind_isa(nb::module_& m) {
    m.def(
        "get_isa",
        [] { return std::string(name(active_isa())); },
        "The kernel tier in use: 'scalar', 'avx2', 'avx512' or 'avx512_bf16'.");
    m.def(
        "set_isa",
        [](const std::string& requested) {
            const std::optional<Isa> isa = isa_from_name(requested);
            TTNN_CHECK(isa.has_value(),
                       VALUE,
                       "set_isa: unknown kernel set; expected 'scalar', 'avx2', 'avx512' or 'avx512_bf16', got '",
                       requested,
                       "'");
            set_isa(*isa);
        },
        nb::arg("isa"),
        "Selects the kernel set ('scalar' is the portable reference, always available).");
    m.def(
        "isa_available",
        [](const std::string& requested) {
            const std::optional<Isa> isa = isa_from_name(requested);
            return isa.has_value() && isa_available(*isa);
        },
        nb::arg("isa"));
    m.def(
        "available_isas",
        [] {
            std::vector<std::string> names;
            for (Isa isa : available_isas())
                names.emplace_back(name(isa));
            return names;
        },
        "Every kernel tier this CPU and build can run, lowest first (the last is the default).");
}

}  // namespace

void bind_types(nb::module_& m) {
    nb::enum_<DataType> dtype(m, "DataType");
#define TTNN_DTYPE(ENUM, NAME, ELEMENT_BYTES, TILE_BYTES, MANTISSA_BITS) \
    dtype.value(#ENUM, DataType::ENUM);                                  \
    m.attr(NAME) = DataType::ENUM;
#include "ttnn/dtype.def"
#undef TTNN_DTYPE

    nb::enum_<Layout>(m, "Layout").value("ROW_MAJOR", Layout::ROW_MAJOR).value("TILE", Layout::TILE);
    m.attr("ROW_MAJOR_LAYOUT") = Layout::ROW_MAJOR;
    m.attr("TILE_LAYOUT") = Layout::TILE;
    m.attr("TILE_SIZE") = TILE_HEIGHT;

    nb::enum_<BufferType>(m, "BufferType").value("DRAM", BufferType::DRAM).value("L1", BufferType::L1);
    nb::enum_<TensorMemoryLayout>(m, "TensorMemoryLayout").value("INTERLEAVED", TensorMemoryLayout::INTERLEAVED);
    nb::class_<MemoryConfig>(m, "MemoryConfig")
        .def(nb::init<TensorMemoryLayout, BufferType>(),
             nb::arg("memory_layout") = TensorMemoryLayout::INTERLEAVED,
             nb::arg("buffer_type") = BufferType::DRAM)
        .def_ro("memory_layout", &MemoryConfig::memory_layout)
        .def_ro("buffer_type", &MemoryConfig::buffer_type)
        .def(nb::self == nb::self)
        .def("__hash__", [](const MemoryConfig& c) { return static_cast<int>(c.buffer_type); })
        .def("__repr__", &MemoryConfig::to_string);
    m.attr("DRAM_MEMORY_CONFIG") = DRAM_MEMORY_CONFIG;
    m.attr("L1_MEMORY_CONFIG") = L1_MEMORY_CONFIG;

    nb::enum_<MathFidelity>(m, "MathFidelity")
        .value("LoFi", MathFidelity::LoFi)
        .value("HiFi2", MathFidelity::HiFi2)
        .value("HiFi3", MathFidelity::HiFi3)
        .value("HiFi4", MathFidelity::HiFi4);
    nb::class_<ComputeConfig>(m, "WormholeComputeKernelConfig", "How precisely matmul-like ops compute (TT-NN's).")
        .def(nb::init<MathFidelity, bool, bool, bool>(),
             nb::arg("math_fidelity") = MathFidelity::HiFi4,
             nb::arg("math_approx_mode") = false,
             nb::arg("fp32_dest_acc_en") = true,
             nb::arg("packer_l1_acc") = false)
        .def_rw("math_fidelity", &ComputeConfig::math_fidelity)
        .def_rw("math_approx_mode", &ComputeConfig::math_approx_mode)
        .def_rw("fp32_dest_acc_en", &ComputeConfig::fp32_dest_acc_en)
        .def_rw("packer_l1_acc", &ComputeConfig::packer_l1_acc)
        .def(nb::self == nb::self);

    bind_shape(m);
    bind_isa(m);
}

}  // namespace ttnn::bindings
