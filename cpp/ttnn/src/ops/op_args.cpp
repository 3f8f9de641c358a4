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

OpArgs::OpArgs(const OpInfo& op, std::vector<Arg> values) : info_(&op), values_(std::move(values)) {
    TTNN_CHECK(values_.size() <= op.params.size(),
               TYPE,
               "ttnn.",
               op.name,
               ": takes at most ",
               op.params.size(),
               " arguments; got ",
               values_.size());
    values_.resize(op.params.size());
}

OpArgs::OpArgs(const OpInfo& op, std::map<std::string, Arg, std::less<>> values) : info_(&op) {
    values_.resize(op.params.size());
    size_t matched = 0;
    for (size_t i = 0; i < op.params.size(); ++i) {
        auto it = values.find(op.params[i].name);
        if (it != values.end()) {
            values_[i] = std::move(it->second);
            ++matched;
        }
    }
    if (matched == values.size())
        return;
    for (const auto& [key, value] : values)
        TTNN_CHECK(op.param_index(key) < op.params.size(), TYPE, "ttnn.", op.name, ": unexpected argument '", key, "'");
}

OpArgs::OpArgs(std::string_view op, std::map<std::string, Arg, std::less<>> values)
    : OpArgs(get_op(op), std::move(values)) {}

std::string_view OpArgs::op() const {
    return info_->name;
}

bool OpArgs::has(std::string_view name) const {
    return !std::holds_alternative<std::monostate>(raw(name));
}

// Ops read a handful of parameters each; a scan of the entry's names beats any index built per call.
const Arg& OpArgs::raw(std::string_view name) const {
    const size_t i = info_->param_index(name);
    return i < values_.size() ? values_[i] : kNone;
}

const Tensor& OpArgs::tensor(std::string_view name) const {
    const Tensor* t = get<Tensor>(*this, name, "a Tensor");
    TTNN_CHECK(t != nullptr, TYPE, "ttnn.", op(), ": missing required tensor argument '", name, "'");
    return *t;
}

std::optional<Tensor> OpArgs::optional_tensor(std::string_view name) const {
    const Tensor* t = get<Tensor>(*this, name, "a Tensor or None");
    return t ? std::optional<Tensor>(*t) : std::nullopt;
}

std::vector<Tensor> OpArgs::tensors(std::string_view name) const {
    const auto* list = get<std::vector<Tensor>>(*this, name, "a list of Tensors");
    TTNN_CHECK(list != nullptr, TYPE, "ttnn.", op(), ": missing required argument '", name, "'");
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
    if (const Param* p = info_->find_param(name); p != nullptr && p->default_value && !has(name))
        return *p->default_value;
    TTNN_FAIL(TYPE, "ttnn.", op(), ": argument '", name, "' must be a number");
}

double OpArgs::scalar_or(std::string_view name, double fallback) const {
    return has(name) ? scalar(name) : fallback;
}

int64_t OpArgs::integer(std::string_view name) const {
    const int64_t* v = get<int64_t>(*this, name, "an int");
    TTNN_CHECK(v != nullptr, TYPE, "ttnn.", op(), ": missing required argument '", name, "'");
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
    TTNN_CHECK(list != nullptr, TYPE, "ttnn.", op(), ": missing required argument '", name, "'");
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
    TTNN_CHECK(list != nullptr, TYPE, "ttnn.", op(), ": missing required argument '", name, "'");
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
