// The op registry seen from Python: its entries as plain data, and one generic call that
// python/ttnn/operations.py wraps into a `ttnn.<op>` function per entry.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <optional>

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
    out.reserve(nb::len(seq));
    for (nb::handle item : seq)
        out.push_back(nb::cast<T>(item));
    return out;
}

bool is_int(nb::handle item) {
    return nb::isinstance<nb::int_>(item) && !nb::isinstance<bool>(item);
}

// A non-empty list of (int, int) pairs, TT-NN's padding format ([(0, 0), (1, 2)]), flattened in order.
std::optional<std::vector<int64_t>> flat_int_pairs(nb::handle seq) {
    std::vector<int64_t> flat;
    for (nb::handle item : seq) {
        if (!(nb::isinstance<nb::list>(item) || nb::isinstance<nb::tuple>(item)) || nb::len(item) != 2)
            return std::nullopt;
        for (nb::handle x : item) {
            if (!is_int(x))
                return std::nullopt;
            flat.push_back(nb::cast<int64_t>(x));
        }
    }
    return flat.empty() ? std::nullopt : std::optional(std::move(flat));
}

// A non-empty list of strings (TT-NN's activation lists) as one comma-separated string.
std::optional<std::string> joined_strings(nb::handle seq) {
    std::string joined;
    for (nb::handle item : seq) {
        if (!nb::isinstance<nb::str>(item))
            return std::nullopt;
        joined.append(joined.empty() ? "" : ",").append(nb::cast<std::string>(item));
    }
    return joined.empty() ? std::nullopt : std::optional(std::move(joined));
}

// Tensors, None and plain numbers are by far the most common arguments, so they are recognised by their exact
// type first (a pointer compare each, where nanobind's generic cast looks the C++ type up); anything else takes
// the general checks. bool is tested before int because Python's bool is an int.
Arg to_arg(std::string_view op, std::string_view key, nb::handle v) {
    static const PyTypeObject* tensor_type = reinterpret_cast<PyTypeObject*>(nb::type<Tensor>().ptr());
    PyObject* o = v.ptr();
    if (o == Py_None)
        return std::monostate{};
    if (Py_TYPE(o) == tensor_type && nb::inst_ready(v))
        return *nb::inst_ptr<Tensor>(v);
    if (PyBool_Check(o))
        return o == Py_True;
    if (PyLong_CheckExact(o))
        return nb::cast<int64_t>(v);
    if (PyFloat_CheckExact(o))
        return PyFloat_AS_DOUBLE(o);
    if (Tensor* t = nullptr; nb::try_cast<Tensor*>(v, t, false) && t != nullptr)
        return *t;
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
    if (nb::isinstance<TensorMemoryLayout>(v))  // a pool's applied_shard_scheme=: by its name
        return std::string(nb::str(v.attr("name")).c_str());
    if (nb::isinstance<CoreGrid>(v)) {  // core_grid=: [x, y]
        const CoreGrid& g = nb::cast<const CoreGrid&>(v);
        return std::vector<int64_t>{g.x, g.y};
    }
    if (nb::isinstance<CoreRangeSet>(v)) {  // sub_core_grids=: [start x, start y, end x, end y] per range
        const CoreRangeSet& set = nb::cast<const CoreRangeSet&>(v);
        std::vector<int64_t> flat;
        for (size_t i = 0; i < set.count; ++i) {
            const CoreRange& r = set.ranges[i];
            flat.insert(flat.end(), {r.start.x, r.start.y, r.end.x, r.end.y});
        }
        return flat;
    }
    // Python option objects (ttnn's program configs) say what they mean to the op through _ttnn_arg().
    if (nb::hasattr(v, "_ttnn_arg"))
        return to_arg(op, key, v.attr("_ttnn_arg")());
    if (nb::isinstance<Shape>(v)) {
        const Shape& s = nb::cast<const Shape&>(v);
        return std::vector<int64_t>(s.dims().begin(), s.dims().end());
    }
    if (nb::isinstance<nb::list>(v) || nb::isinstance<nb::tuple>(v)) {
        if (std::optional<std::vector<int64_t>> flat = flat_int_pairs(v))
            return *std::move(flat);
        if (std::optional<std::string> joined = joined_strings(v))  // a list of activations
            return *std::move(joined);
        bool all_int = true, all_number = true, all_tensor = true;
        for (nb::handle item : v) {
            const bool integer = is_int(item);
            all_int = all_int && integer;
            all_number = all_number && (integer || nb::isinstance<nb::float_>(item));
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
    nb::object fallback = nb::none();
    if (p.default_value && p.kind == ArgKind::BOOL)
        fallback = nb::bool_(*p.default_value != 0.0);
    else if (p.default_value && p.kind == ArgKind::INT)
        fallback = nb::int_(static_cast<int64_t>(*p.default_value));
    else if (p.default_value)
        fallback = nb::float_(*p.default_value);
    d["default"] = fallback;
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
    d["refusal"] = std::string(refusal_reason(op.name));  // TT-NN's reason for what the entry refuses
    return d;
}

nb::object outputs_to_python(const OpInfo& op, OpOutputs outputs) {
    if (op.num_outputs == 1)
        return nb::cast(std::move(outputs[0]));
    nb::list list;
    for (Tensor& t : outputs)
        list.append(nb::cast(std::move(t)));
    return op.num_outputs < 0 ? nb::object(list) : nb::object(nb::tuple(list));
}

// One `ttnn.<op>(...)` call: the arguments go straight into parameter slots (positional ones by position,
// keywords by a scan of the parameter names), so a call builds no dict or map and looks nothing up by op name.
nb::object call(size_t index, nb::tuple args, nb::handle kwargs) {
    const std::vector<OpInfo>& registry = op_registry();
    TTNN_CHECK(index < registry.size(), INDEX, "ttnn: op index ", index, " is past the registry's ", registry.size());
    const OpInfo& op = registry[index];
    const size_t given = args.size();
    TTNN_CHECK(given <= op.params.size(),
               TYPE,
               "ttnn.",
               op.name,
               ": takes at most ",
               op.params.size(),
               " positional arguments; got ",
               given);
    std::vector<Arg> values(op.params.size());
    for (size_t i = 0; i < given; ++i)
        values[i] = to_arg(op.name, op.params[i].name, args[i]);
    if (!kwargs.is_none()) {
        for (auto [key, value] : nb::borrow<nb::dict>(kwargs)) {
            Py_ssize_t size = 0;
            const char* text = PyUnicode_AsUTF8AndSize(key.ptr(), &size);
            if (text == nullptr)
                throw nb::python_error();
            const std::string_view name(text, static_cast<size_t>(size));
            const size_t i = op.param_index(name);
            TTNN_CHECK(i < op.params.size(), TYPE, "ttnn.", op.name, ": unexpected argument '", name, "'");
            // Positional slots are the first `given`; a keyword slot filled before holds a non-None value or
            // was None given by keyword, so duplicates among keywords cannot happen (a dict's keys are unique).
            TTNN_CHECK(i >= given, TYPE, "ttnn.", op.name, ": got argument '", name, "' twice");
            values[i] = to_arg(op.name, op.params[i].name, value);
        }
    }
    OpArgs op_args(op, std::move(values));
    OpOutputs outputs;
    {
        nb::gil_scoped_release release;
        outputs = invoke_op(op, op_args);
    }
    return outputs_to_python(op, std::move(outputs));
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
    m.def("_call",
          &call,
          nb::arg("index"),
          nb::arg("args"),
          nb::arg("kwargs").none(),
          "Runs op_registry()[index] with positional args (a tuple) and keyword args (a dict or None).");
}

}  // namespace ttnn::bindings
