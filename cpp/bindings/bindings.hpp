#pragma once
// The nanobind module: thin wrappers only, every decision lives in the C++ library.
#include <nanobind/nanobind.h>

namespace ttnn::bindings {

void bind_types(nanobind::module_& m);
void bind_device(nanobind::module_& m);
void bind_tensor(nanobind::module_& m);
void bind_conversion(nanobind::module_& m);
void bind_ops(nanobind::module_& m);
void bind_compiler(nanobind::module_& m);
void bind_saved(nanobind::module_& m);  // in the compiler submodule

}  // namespace ttnn::bindings
