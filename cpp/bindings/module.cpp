#include <Python.h>

#include "bindings.hpp"
#include "ttnn/error.hpp"

namespace nb = nanobind;

namespace {

PyObject* python_exception(ttnn::ErrorKind kind) {
    switch (kind) {
        case ttnn::ErrorKind::VALUE:
            return PyExc_ValueError;
        case ttnn::ErrorKind::TYPE:
            return PyExc_TypeError;
        case ttnn::ErrorKind::INDEX:
            return PyExc_IndexError;
        case ttnn::ErrorKind::NOT_IMPLEMENTED:
            return PyExc_NotImplementedError;
        case ttnn::ErrorKind::RUNTIME:
        case ttnn::ErrorKind::INTERNAL:
            return PyExc_RuntimeError;
    }
    return PyExc_RuntimeError;
}

}  // namespace

NB_MODULE(_ttnn, m) {
    m.doc() = "The TT-NN API implemented on the CPU (C++ core); import it as `ttnn`.";
    // Objects that Python modules still hold at interpreter exit (a compute config in a module global) are
    // reported by nanobind as leaks though they are not; device memory leaks are checked by the tests instead.
    nb::set_leak_warnings(false);
    nb::register_exception_translator([](const std::exception_ptr& error, void*) {
        try {
            std::rethrow_exception(error);
        } catch (const ttnn::Error& e) {
            PyErr_SetString(python_exception(e.kind()), e.what());
        }
    });
    ttnn::bindings::bind_types(m);
    ttnn::bindings::bind_device(m);
    ttnn::bindings::bind_tensor(m);
    ttnn::bindings::bind_conversion(m);
    ttnn::bindings::bind_ops(m);
    ttnn::bindings::bind_compiler(m);
}
