#include <nanobind/operators.h>
#include <nanobind/stl/array.h>
#include <nanobind/stl/optional.h>
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

void bind_sharding(nb::module_& m) {
    nb::enum_<TensorMemoryLayout>(
        m,
        "TensorMemoryLayout",
        "Where pages go: INTERLEAVED over the banks, or one shard per core (HEIGHT, WIDTH, BLOCK).")
        .value("INTERLEAVED", TensorMemoryLayout::INTERLEAVED)
        .value("HEIGHT_SHARDED", TensorMemoryLayout::HEIGHT_SHARDED)
        .value("WIDTH_SHARDED", TensorMemoryLayout::WIDTH_SHARDED)
        .value("BLOCK_SHARDED", TensorMemoryLayout::BLOCK_SHARDED);
    nb::enum_<ShardOrientation>(
        m, "ShardOrientation", "The order shards take the grid's cores: ROW_MAJOR or COL_MAJOR.")
        .value("ROW_MAJOR", ShardOrientation::ROW_MAJOR)
        .value("COL_MAJOR", ShardOrientation::COL_MAJOR);
    nb::enum_<ShardStrategy>(
        m, "ShardStrategy", "How create_sharded_memory_config splits a tensor: HEIGHT, WIDTH or BLOCK.")
        .value("HEIGHT", ShardStrategy::HEIGHT)
        .value("WIDTH", ShardStrategy::WIDTH)
        .value("BLOCK", ShardStrategy::BLOCK);
    nb::class_<CoreCoord>(m, "CoreCoord", "The core at column x, row y of the compute grid.")
        .def(nb::init<uint32_t, uint32_t>(), nb::arg("x"), nb::arg("y"))
        .def_ro("x", &CoreCoord::x)
        .def_ro("y", &CoreCoord::y)
        .def(nb::self == nb::self)
        .def("__hash__", [](const CoreCoord& c) { return nb::hash(nb::make_tuple(c.x, c.y)); })
        .def("__repr__", [](const CoreCoord& c) {
            return "CoreCoord(x=" + std::to_string(c.x) + ", y=" + std::to_string(c.y) + ")";
        });
    nb::class_<CoreRange>(m, "CoreRange", "The cores of the rectangle from start to end, both included.")
        .def(nb::init<CoreCoord, CoreCoord>(), nb::arg("start"), nb::arg("end"))
        .def_ro("start", &CoreRange::start)
        .def_ro("end", &CoreRange::end)
        .def("num_cores", &CoreRange::size)
        .def(nb::self == nb::self)
        .def("__hash__",
             [](const CoreRange& r) { return nb::hash(nb::make_tuple(r.start.x, r.start.y, r.end.x, r.end.y)); });
    nb::class_<CoreRangeSet>(m, "CoreRangeSet", "A set of CoreRanges: the cores a sharded tensor lives on.")
        .def(
            "__init__",
            [](CoreRangeSet* self, nb::iterable ranges) {
                CoreRangeSet set;
                for (nb::handle r : ranges) {
                    TTNN_CHECK(set.count < CoreRangeSet::kMaxRanges,
                               VALUE,
                               "CoreRangeSet: at most ",
                               CoreRangeSet::kMaxRanges,
                               " ranges; got more");
                    set.ranges[set.count++] = nb::cast<CoreRange>(r);
                }
                new (self) CoreRangeSet(set);
            },
            nb::arg("ranges"))
        .def("num_cores", &CoreRangeSet::num_cores)
        .def(nb::self == nb::self);
    nb::class_<CoreGrid>(m, "CoreGrid", "x columns by y rows of cores from (0, 0).")
        .def(nb::init<uint32_t, uint32_t>(), nb::kw_only(), nb::arg("x"), nb::arg("y"))
        .def_ro("x", &CoreGrid::x)
        .def_ro("y", &CoreGrid::y)
        .def_prop_ro("num_cores", &CoreGrid::num_cores)
        .def(nb::self == nb::self)
        .def("__repr__", [](const CoreGrid& g) {
            return "CoreGrid(x=" + std::to_string(g.x) + ", y=" + std::to_string(g.y) + ")";
        });
    nb::class_<ShardSpec>(
        m, "ShardSpec", "A shard's cores, [height, width] and orientation; each shard is accounted in its core's L1.")
        .def(
            "__init__",
            [](ShardSpec* self,
               const CoreRangeSet& grid,
               std::array<uint32_t, 2> shape,
               ShardOrientation orientation,
               bool halo) {
                TTNN_CHECK(!halo, NOT_IMPLEMENTED, "ShardSpec: halo shards are not modelled; expected halo=False");
                new (self) ShardSpec{grid, shape, orientation};
            },
            nb::arg("grid"),
            nb::arg("shard_shape"),
            nb::arg("shard_orientation") = ShardOrientation::ROW_MAJOR,
            nb::arg("halo") = false)
        .def_ro("grid", &ShardSpec::grid)
        .def_prop_ro("shape", [](const ShardSpec& s) { return std::vector<uint32_t>{s.shape[0], s.shape[1]}; })
        .def_ro("orientation", &ShardSpec::orientation)
        .def(nb::self == nb::self);
}

void bind_create_sharded(nb::module_& m) {
    const auto make = [](const std::vector<int64_t>& shape,
                         const CoreRangeSet& grid,
                         ShardStrategy strategy,
                         std::optional<ShardOrientation> orientation,
                         bool use_hw,
                         bool tile_layout) {
        return create_sharded_memory_config(
            shape, grid, strategy, orientation.value_or(ShardOrientation::ROW_MAJOR), use_hw, tile_layout);
    };
    const auto shape_of = [](nb::handle shape) {
        std::vector<int64_t> dims;
        for (nb::handle d : shape)
            dims.push_back(nb::cast<int64_t>(d));
        return dims;
    };
    const char* doc = "A sharded L1 memory config for a tensor of `shape` over `core_grid` (TT-NN's).";
    m.def(
        "create_sharded_memory_config",
        [=](nb::handle shape,
            const CoreGrid& grid,
            ShardStrategy strategy,
            std::optional<ShardOrientation> o,
            bool use_hw,
            bool tile) { return make(shape_of(shape), core_range_set(grid), strategy, o, use_hw, tile); },
        nb::arg("shape"),
        nb::arg("core_grid"),
        nb::arg("strategy"),
        nb::arg("orientation") = nb::none(),
        nb::arg("use_height_and_width_as_shard_shape") = false,
        nb::arg("tile_layout") = true,
        doc);
    m.def(
        "create_sharded_memory_config",
        [=](nb::handle shape,
            const CoreRangeSet& grid,
            ShardStrategy strategy,
            std::optional<ShardOrientation> o,
            bool use_hw,
            bool tile) { return make(shape_of(shape), grid, strategy, o, use_hw, tile); },
        nb::arg("shape"),
        nb::arg("core_grid"),
        nb::arg("strategy"),
        nb::arg("orientation") = nb::none(),
        nb::arg("use_height_and_width_as_shard_shape") = false,
        nb::arg("tile_layout") = true,
        doc);
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

    nb::enum_<BufferType>(m, "BufferType", "Where a buffer lives: DRAM banks or a core's L1.")
        .value("DRAM", BufferType::DRAM)
        .value("L1", BufferType::L1);
    bind_sharding(m);
    nb::class_<MemoryConfig>(
        m, "MemoryConfig", "A tensor's memory layout, buffer type and, when sharded, its ShardSpec (TT-NN's).")
        .def(
            "__init__",
            [](MemoryConfig* self, TensorMemoryLayout layout, BufferType type, std::optional<ShardSpec> shard_spec) {
                new (self) MemoryConfig(
                    checked_memory_config("ttnn.MemoryConfig", make_memory_config(layout, type, shard_spec)));
            },
            nb::arg("memory_layout") = TensorMemoryLayout::INTERLEAVED,
            nb::arg("buffer_type") = BufferType::DRAM,
            nb::arg("shard_spec") = nb::none())
        .def_ro("memory_layout", &MemoryConfig::memory_layout)
        .def_ro("buffer_type", &MemoryConfig::buffer_type)
        .def_prop_ro("shard_spec",
                     [](const MemoryConfig& c) {
                         const ShardSpec* spec = c.shard_spec();
                         return spec ? std::optional<ShardSpec>(*spec) : std::nullopt;
                     })
        .def("is_sharded", &MemoryConfig::is_sharded)
        .def(nb::self == nb::self)
        .def("__hash__", [](const MemoryConfig& c) { return static_cast<int>(c.buffer_type); })
        .def("__repr__", &MemoryConfig::to_string);
    bind_create_sharded(m);
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
