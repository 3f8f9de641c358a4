#include <Python.h>

#include <string>

#include "bindings.hpp"
#include "ttnn/error.hpp"

namespace nb = nanobind;

namespace {

// TT-NN raises RuntimeError for every bad argument; Python users here also get the finer ValueError, TypeError
// or IndexError. These types derive from both, so code written for either catches them.
struct ErrorTypes {
    PyObject* value = nullptr;
    PyObject* type = nullptr;
    PyObject* index = nullptr;
};
ErrorTypes error_types;

PyObject* make_error_type(nb::module_& m, const char* name, PyObject* finer, const char* doc) {
    PyObject* bases = PyTuple_Pack(2, finer, PyExc_RuntimeError);
    const std::string qualified = std::string("ttnn.") + name;
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases, nullptr);
    Py_DECREF(bases);
    if (type == nullptr)
        throw nb::python_error();
    m.attr(name) = nb::handle(type);
    return type;
}

PyObject* python_exception(ttnn::ErrorKind kind) {
    switch (kind) {
        case ttnn::ErrorKind::VALUE:
            return error_types.value;
        case ttnn::ErrorKind::TYPE:
            return error_types.type;
        case ttnn::ErrorKind::INDEX:
            return error_types.index;
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
    error_types.value =
        make_error_type(m, "TTNNValueError", PyExc_ValueError, "A bad argument value (also a RuntimeError).");
    error_types.type =
        make_error_type(m, "TTNNTypeError", PyExc_TypeError, "A bad argument type (also a RuntimeError).");
    error_types.index =
        make_error_type(m, "TTNNIndexError", PyExc_IndexError, "An index out of range (also a RuntimeError).");
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
