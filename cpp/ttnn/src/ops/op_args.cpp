#include "ttnn/error.hpp"
#include "ttnn/ops/registry.hpp"

namespace ttnn {
namespace {

template <typename T>
const T* get(const OpArgs& args, std::string_view name, std::string_view expected) {
    const Arg& a = args.raw(name);
    if (std::holds_alternative<std::monostate>(a))
        return nullptr;
    const T* value = std::get_if<T>(&a);
    TTNN_CHECK(value != nullptr, TYPE, "ttnn.", args.op(), ": argument '", name, "' must be ", expected);
    return value;
}

const Arg kNone{};

}  // namespace

bool OpArgs::has(std::string_view name) const {
    auto it = values_.find(name);
    return it != values_.end() && !std::holds_alternative<std::monostate>(it->second);
}

const Arg& OpArgs::raw(std::string_view name) const {
    auto it = values_.find(name);
    return it == values_.end() ? kNone : it->second;
}

const Tensor& OpArgs::tensor(std::string_view name) const {
    const Tensor* t = get<Tensor>(*this, name, "a Tensor");
    TTNN_CHECK(t != nullptr, TYPE, "ttnn.", op_, ": missing required tensor argument '", name, "'");
    return *t;
}

std::optional<Tensor> OpArgs::optional_tensor(std::string_view name) const {
    const Tensor* t = get<Tensor>(*this, name, "a Tensor or None");
    return t ? std::optional<Tensor>(*t) : std::nullopt;
}

std::vector<Tensor> OpArgs::tensors(std::string_view name) const {
    const auto* list = get<std::vector<Tensor>>(*this, name, "a list of Tensors");
    TTNN_CHECK(list != nullptr, TYPE, "ttnn.", op_, ": missing required argument '", name, "'");
    return *list;
}

bool OpArgs::is_tensor(std::string_view name) const {
    return std::holds_alternative<Tensor>(raw(name));
}

double OpArgs::scalar(std::string_view name) const {
    const Arg& a = raw(name);
    if (const auto* b = std::get_if<bool>(&a))
        return *b ? 1.0 : 0.0;
    if (const auto* i = std::get_if<int64_t>(&a))
        return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&a))
        return *d;
    TTNN_FAIL(TYPE, "ttnn.", op_, ": argument '", name, "' must be a number");
}

double OpArgs::scalar_or(std::string_view name, double fallback) const {
    return has(name) ? scalar(name) : fallback;
}

int64_t OpArgs::integer(std::string_view name) const {
    const int64_t* v = get<int64_t>(*this, name, "an int");
    TTNN_CHECK(v != nullptr, TYPE, "ttnn.", op_, ": missing required argument '", name, "'");
    return *v;
}

int64_t OpArgs::integer_or(std::string_view name, int64_t fallback) const {
    return has(name) ? integer(name) : fallback;
}

std::optional<int64_t> OpArgs::optional_integer(std::string_view name) const {
    return has(name) ? std::optional<int64_t>(integer(name)) : std::nullopt;
}

bool OpArgs::flag_or(std::string_view name, bool fallback) const {
    const bool* v = get<bool>(*this, name, "a bool");
    return v ? *v : fallback;
}

std::vector<int64_t> OpArgs::int_list(std::string_view name) const {
    const Arg& a = raw(name);
    if (const auto* i = std::get_if<int64_t>(&a))
        return {*i};
    const auto* list = get<std::vector<int64_t>>(*this, name, "a list of ints");
    TTNN_CHECK(list != nullptr, TYPE, "ttnn.", op_, ": missing required argument '", name, "'");
    return *list;
}

std::optional<std::vector<int64_t>> OpArgs::optional_int_list(std::string_view name) const {
    return has(name) ? std::optional<std::vector<int64_t>>(int_list(name)) : std::nullopt;
}

std::vector<double> OpArgs::float_list(std::string_view name) const {
    const Arg& a = raw(name);
    if (const auto* ints = std::get_if<std::vector<int64_t>>(&a))
        return {ints->begin(), ints->end()};
    const auto* list = get<std::vector<double>>(*this, name, "a list of floats");
    TTNN_CHECK(list != nullptr, TYPE, "ttnn.", op_, ": missing required argument '", name, "'");
    return *list;
}

std::string OpArgs::string_or(std::string_view name, std::string_view fallback) const {
    const std::string* s = get<std::string>(*this, name, "a str");
    return s ? *s : std::string(fallback);
}

std::optional<DataType> OpArgs::dtype(std::string_view name) const {
    const DataType* d = get<DataType>(*this, name, "a ttnn.DataType");
    return d ? std::optional<DataType>(*d) : std::nullopt;
}

std::optional<Layout> OpArgs::layout(std::string_view name) const {
    const Layout* l = get<Layout>(*this, name, "a ttnn.Layout");
    return l ? std::optional<Layout>(*l) : std::nullopt;
}

std::optional<MemoryConfig> OpArgs::memory_config(std::string_view name) const {
    const MemoryConfig* m = get<MemoryConfig>(*this, name, "a ttnn.MemoryConfig");
    return m ? std::optional<MemoryConfig>(*m) : std::nullopt;
}

std::shared_ptr<Device> OpArgs::device(std::string_view name) const {
    const auto* d = get<std::shared_ptr<Device>>(*this, name, "a ttnn.Device");
    return d ? *d : nullptr;
}

std::optional<ComputeConfig> OpArgs::compute_config(std::string_view name) const {
    const ComputeConfig* c = get<ComputeConfig>(*this, name, "a ttnn.WormholeComputeKernelConfig");
    return c ? std::optional<ComputeConfig>(*c) : std::nullopt;
}

}  // namespace ttnn
