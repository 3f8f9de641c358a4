// Tensor and the zero-copy DLPack crossing: a torch tensor's memory is borrowed by a host tensor (kept alive
// by its ndarray handle), and a host ROW_MAJOR tensor is exported without a copy.
#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>

#include "bindings.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/tensor.hpp"

namespace nb = nanobind;

namespace ttnn::bindings {
namespace {

using HostArray = nb::ndarray<nb::device::cpu, nb::c_contig>;

DataType dtype_from_dlpack(nb::dlpack::dtype dtype) {
    using Code = nb::dlpack::dtype_code;
    const auto code = static_cast<Code>(dtype.code);
    if (dtype.lanes == 1) {
        if (code == Code::Float && dtype.bits == 32) {
            return DataType::FLOAT32;
        }
        if (code == Code::Bfloat && dtype.bits == 16) {
            return DataType::BFLOAT16;
        }
        if (code == Code::Int && dtype.bits == 32) {
            return DataType::INT32;
        }
        if (code == Code::UInt && (dtype.bits == 8 || dtype.bits == 16 || dtype.bits == 32)) {
            return dtype.bits == 8 ? DataType::UINT8 : dtype.bits == 16 ? DataType::UINT16 : DataType::UINT32;
        }
    }
    TTNN_FAIL(TYPE,
              "from_torch: unsupported element type (DLPack code ",
              int(dtype.code),
              ", ",
              int(dtype.bits),
              " bits); expected float32, bfloat16, int32, uint8, uint16 or uint32");
}

// TT-NN hands uint16/uint32 back to torch as int16/int32 with the same bits; block floats come back as float32.
nb::dlpack::dtype dlpack_dtype(DataType dtype) {
    using Code = nb::dlpack::dtype_code;
    auto make = [](Code code, uint8_t bits) { return nb::dlpack::dtype{static_cast<uint8_t>(code), bits, 1}; };
    switch (dtype) {
        case DataType::BFLOAT16:
            return make(Code::Bfloat, 16);
        case DataType::FLOAT32:
        case DataType::BFLOAT8_B:
        case DataType::BFLOAT4_B:
            return make(Code::Float, 32);
        case DataType::UINT8:
            return make(Code::UInt, 8);
        case DataType::UINT16:
            return make(Code::Int, 16);
        case DataType::UINT32:
        case DataType::INT32:
            return make(Code::Int, 32);
    }
    TTNN_ASSERT(false);
}

Tensor tensor_from_array(const HostArray& array) {
    std::vector<uint32_t> dims(array.ndim());
    for (size_t i = 0; i < array.ndim(); ++i) {
        TTNN_CHECK(
            array.shape(i) <= UINT32_MAX, VALUE, "from_torch: dimension ", i, " is too large; got ", array.shape(i));
        dims[i] = static_cast<uint32_t>(array.shape(i));
    }
    const DataType dtype = dtype_from_dlpack(array.dtype());
    const TensorSpec spec = make_spec("from_torch", Shape(std::move(dims)), dtype, Layout::ROW_MAJOR);
    // The borrowed memory is released with the GIL held, since dropping the handle may touch Python objects.
    std::shared_ptr<void> owner(new HostArray(array), [](void* handle) {
        nb::gil_scoped_acquire gil;
        delete static_cast<HostArray*>(handle);
    });
    return Tensor(spec, Buffer::wrap_host(array.data(), array.nbytes(), std::move(owner)));
}

nb::ndarray<> array_from_tensor(const Tensor& tensor) {
    const DataType export_dtype = is_block_float(tensor.dtype()) ? DataType::FLOAT32 : tensor.dtype();
    const Tensor host = to_host_row_major(tensor, export_dtype);
    std::vector<size_t> shape(host.logical_shape().dims().begin(), host.logical_shape().dims().end());
    nb::capsule owner(new std::shared_ptr<Buffer>(host.buffer()),
                      [](void* p) noexcept { delete static_cast<std::shared_ptr<Buffer>*>(p); });
    return nb::ndarray<>(host.buffer()->data(),
                         shape.size(),
                         shape.data(),
                         owner,
                         nullptr,
                         dlpack_dtype(export_dtype),
                         nb::device::cpu::value);
}

}  // namespace

void bind_tensor(nb::module_& m) {
    nb::enum_<StorageType>(m, "StorageType").value("HOST", StorageType::HOST).value("DEVICE", StorageType::DEVICE);

    nb::class_<Tensor>(m, "Tensor")
        // TT-NN's constructors (a torch tensor and a dtype; a flat list of numbers and a shape) take their
        // arguments in Python (ttnn/tensor.py), which makes the tensor as from_torch does; this adopts it.
        .def(
            "__init__",
            [](Tensor* self, nb::args args, nb::kwargs kwargs) {
                nb::object made = nb::module_::import_("ttnn.tensor").attr("_construct")(*args, **kwargs);
                new (self) Tensor(nb::cast<Tensor>(made));
            },
            "ttnn.Tensor(torch_tensor, dtype=None, device=None, layout=ROW_MAJOR_LAYOUT, mem_config=None) or "
            "ttnn.Tensor(data: list, shape: list, dtype, layout, device=None).")
        .def_prop_ro("shape", &Tensor::logical_shape)
        .def_prop_ro("padded_shape", &Tensor::padded_shape)
        .def_prop_ro("dtype", &Tensor::dtype)
        .def_prop_ro("layout", &Tensor::layout)
        .def("device", &Tensor::device)
        .def("storage_type", &Tensor::storage_type)
        .def("memory_config", &Tensor::memory_config)
        .def("is_allocated", &Tensor::is_allocated)
        .def(
            "buffer_address",
            [](const Tensor& t) { return reinterpret_cast<uintptr_t>(t.buffer()->data()); },
            "Address of the tensor's storage (for tests of zero-copy sharing).")
        .def("storage_bytes", [](const Tensor& t) { return t.spec().storage_bytes(); })
        .def(
            "_storage",
            [](const Tensor& t) {
                t.check_usable("_storage");
                return nb::bytes(t.buffer()->data(), t.spec().storage_bytes());
            },
            "A copy of the raw stored bytes (padding, packed block-float tiles), for tests of the format.")
        .def("cpu", &from_device, "Copies a device tensor to the host (ttnn.from_device).")
        .def("__repr__", &Tensor::to_string);

    m.def("_tensor_from_array",
          &tensor_from_array,
          nb::arg("array"),
          "Borrows a C-contiguous CPU array (DLPack) as a host ROW_MAJOR tensor, without copying.");
    m.def("_array_from_tensor",
          &array_from_tensor,
          nb::arg("tensor"),
          "The tensor's values as a host ROW_MAJOR DLPack array; no copy for a host ROW_MAJOR tensor.");
}

}  // namespace ttnn::bindings
