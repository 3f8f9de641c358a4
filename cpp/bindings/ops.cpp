// The op registry seen from Python: its entries as plain data, and one generic call that
// python/ttnn/operations.py wraps into a `ttnn.<op>` function per entry.
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "bindings.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/conv.hpp"
#include "ttnn/ops/matmul.hpp"
#include "ttnn/ops/registry.hpp"

namespace nb = nanobind;

namespace ttnn::bindings {
namespace {

template <typename T>
std::vector<T> list_of(nb::handle seq) {
    std::vector<T> out;
    for (nb::handle item : seq)
        out.push_back(nb::cast<T>(item));
    return out;
}

// bool is tested before int because Python's bool is an int.
Arg to_arg(std::string_view op, const std::string& key, nb::handle v) {
    // Tensors and None are by far the most common arguments, so they are tried first and the tensor is cast
    // once (nb::isinstance followed by nb::cast would look its type up twice).
    if (v.is_none())
        return std::monostate{};
    if (Tensor* t = nullptr; nb::try_cast<Tensor*>(v, t, false) && t != nullptr)
        return *t;
    if (nb::isinstance<bool>(v))
        return nb::cast<bool>(v);
    if (nb::isinstance<nb::int_>(v))
        return nb::cast<int64_t>(v);
    if (nb::isinstance<nb::float_>(v))
        return nb::cast<double>(v);
    if (nb::isinstance<nb::str>(v))
        return nb::cast<std::string>(v);
    if (nb::isinstance<DataType>(v))
        return nb::cast<DataType>(v);
    if (nb::isinstance<Layout>(v))
        return nb::cast<Layout>(v);
    if (nb::isinstance<MemoryConfig>(v))
        return nb::cast<MemoryConfig>(v);
    if (nb::isinstance<Device>(v))
        return nb::cast<std::shared_ptr<Device>>(v);
    if (nb::isinstance<ComputeConfig>(v))
        return nb::cast<ComputeConfig>(v);
    if (nb::isinstance<Shape>(v)) {
        const Shape& s = nb::cast<const Shape&>(v);
        return std::vector<int64_t>(s.dims().begin(), s.dims().end());
    }
    if (nb::isinstance<nb::list>(v) || nb::isinstance<nb::tuple>(v)) {
        bool all_int = true, all_number = true, all_tensor = true;
        for (nb::handle item : v) {
            const bool is_int = nb::isinstance<nb::int_>(item) && !nb::isinstance<bool>(item);
            all_int = all_int && is_int;
            all_number = all_number && (is_int || nb::isinstance<nb::float_>(item));
            all_tensor = all_tensor && nb::isinstance<Tensor>(item);
        }
        if (nb::len(v) == 0)
            return std::vector<int64_t>{};
        if (all_int)
            return list_of<int64_t>(v);
        if (all_number)
            return list_of<double>(v);
        if (all_tensor)
            return list_of<Tensor>(v);
    }
    TTNN_FAIL(TYPE,
              "ttnn.",
              op,
              ": argument '",
              key,
              "' has an unsupported type; got ",
              nb::cast<std::string>(nb::str(v.type().attr("__name__"))));
}

nb::dict param_to_dict(const Param& p) {
    nb::dict d;
    d["name"] = std::string(p.name);
    d["kind"] = std::string(name(p.kind));
    d["required"] = p.required;
    d["dtypes"] = p.dtypes.to_string();
    return d;
}

nb::dict op_to_dict(const OpInfo& op) {
    nb::dict d;
    d["name"] = std::string(op.name);
    d["family"] = std::string(op.family);
    d["golden"] = std::string(op.golden);
    d["doc"] = std::string(op.doc);
    nb::list params;
    for (const Param& p : op.params)
        params.append(param_to_dict(p));
    d["params"] = params;
    nb::list dtypes, layouts;
    for (int i = 0; i < kDataTypeCount; ++i) {
        if (op.dtypes.contains(static_cast<DataType>(i)))
            dtypes.append(static_cast<DataType>(i));
    }
    for (Layout l : {Layout::ROW_MAJOR, Layout::TILE}) {
        if (op.layouts.contains(l))
            layouts.append(l);
    }
    d["dtypes"] = dtypes;
    d["layouts"] = layouts;
    d["num_outputs"] = op.num_outputs;
    return d;
}

}  // namespace

void bind_ops(nb::module_& m) {
    m.def("_prepared_weight_count",
          &prepared_weight_count,
          "Live packed weights in the prepared-weight cache (ttnn.prepare_linear_weight), for tests.");
    m.def("_prepared_conv_weight_count",
          &prepared_conv_weight_count,
          "Live conv weights marked by ttnn.prepare_conv_weights, for tests.");
    m.def(
        "op_registry",
        [] {
            nb::list out;
            for (const OpInfo& op : op_registry())
                out.append(op_to_dict(op));
            return out;
        },
        "Every registered op as a dict: name, family, golden, doc, params, dtypes, layouts, num_outputs.");
    m.def(
        "_invoke",
        [](const std::string& name, nb::dict kwargs) {
            const OpInfo& op = get_op(name);
            std::map<std::string, Arg, std::less<>> values;
            for (auto [key, value] : kwargs) {
                std::string k = nb::cast<std::string>(key);
                values.emplace(k, to_arg(op.name, k, value));
            }
            OpOutputs outputs;
            {
                nb::gil_scoped_release release;
                outputs = invoke_op(op, OpArgs(op.name, std::move(values)));
            }
            return outputs;
        },
        nb::arg("name"),
        nb::arg("kwargs"),
        "Runs a registered op with arguments by parameter name.");
}

}  // namespace ttnn::bindings
