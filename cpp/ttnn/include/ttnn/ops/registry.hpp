#pragma once
// The op registry: every ttnn op is declared once, as an OpInfo, and everything else is derived from that
// entry: the Python functions (python/ttnn/operations.py builds `ttnn.<name>` from it), the golden
// reference the tests look up (python/ttnn/golden), the table-driven op tests, the docs, and the compiler's
// runtime, which calls ops by name through `invoke` with no Python in between.
//
// How to add an op: write its typed C++ function in ops/<family>.hpp/.cpp, then add an OpInfo to the
// family's `register_<family>_ops` (see ops/families.def). The registry checks every entry when it is built.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ttnn/compute_config.hpp"
#include "ttnn/device.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/layout.hpp"
#include "ttnn/memory_config.hpp"
#include "ttnn/tensor.hpp"

namespace ttnn {

// One argument of an op call, positional or keyword. None is std::monostate.
using Arg = std::variant<std::monostate,
                         bool,
                         int64_t,
                         double,
                         std::string,
                         std::vector<int64_t>,
                         std::vector<double>,
                         DataType,
                         Layout,
                         MemoryConfig,
                         Tensor,
                         std::vector<Tensor>,
                         std::shared_ptr<Device>,
                         ComputeConfig>;

// What kind of value a parameter takes; checked before the kernel runs so every op reports a wrong
// argument the same way. SCALAR accepts bool, int or float; TENSOR_OR_SCALAR also accepts a Tensor.
enum class ArgKind : uint8_t {
    TENSOR,
    TENSOR_OR_SCALAR,
    TENSOR_LIST,
    BOOL,
    INT,
    FLOAT,
    SCALAR,
    INT_LIST,
    FLOAT_LIST,
    STRING,
    DTYPE,
    LAYOUT,
    MEMORY_CONFIG,
    DEVICE,
    COMPUTE_CONFIG,
};
std::string_view name(ArgKind kind);

// A set of dtypes or layouts as a bit mask, so an entry can say what it supports in one line.
struct DTypeSet {
    uint32_t bits = 0;
    constexpr DTypeSet() = default;
    constexpr DTypeSet(std::initializer_list<DataType> dtypes) {
        for (DataType d : dtypes)
            bits |= 1u << static_cast<unsigned>(d);
    }
    constexpr bool contains(DataType d) const { return (bits >> static_cast<unsigned>(d)) & 1u; }
    constexpr bool empty() const { return bits == 0; }
    std::string to_string() const;
};
struct LayoutSet {
    uint32_t bits = 0;
    constexpr LayoutSet() = default;
    constexpr LayoutSet(std::initializer_list<Layout> layouts) {
        for (Layout l : layouts)
            bits |= 1u << static_cast<unsigned>(l);
    }
    constexpr bool contains(Layout l) const { return (bits >> static_cast<unsigned>(l)) & 1u; }
    std::string to_string() const;
};

inline constexpr DTypeSet FLOAT_DTYPES{DataType::BFLOAT16, DataType::FLOAT32, DataType::BFLOAT8_B, DataType::BFLOAT4_B};
inline constexpr DTypeSet INT_DTYPES{DataType::INT32, DataType::UINT32, DataType::UINT16, DataType::UINT8};
inline constexpr DTypeSet ALL_DTYPES{DataType::BFLOAT16,
                                     DataType::FLOAT32,
                                     DataType::BFLOAT8_B,
                                     DataType::BFLOAT4_B,
                                     DataType::INT32,
                                     DataType::UINT32,
                                     DataType::UINT16,
                                     DataType::UINT8};
inline constexpr LayoutSet BOTH_LAYOUTS{Layout::ROW_MAJOR, Layout::TILE};

struct Param {
    std::string_view name;
    ArgKind kind;
    bool required = false;
    DTypeSet dtypes = {};  // tensor params only; empty means the op's own `dtypes`
    // TT-NN's default of a number or bool parameter (bools as 0/1): what the kernel reads when the argument is
    // not given (OpArgs::scalar), what the Python signature shows and the golden is called with, and what a
    // lowering rule leaves out when aten's argument is absent. None: no default beyond "not given".
    std::optional<double> default_value = std::nullopt;
};

struct OpInfo;

// The arguments of one call, one slot per parameter of the op in declaration order (None, or a parameter not
// given, is std::monostate), with typed accessors by parameter name that raise the registry's errors:
// "ttnn.softmax: argument 'dim' must be int; got str". Slots, not a map by name: every Python op call builds
// one, and the accessors find a name among a handful of parameters faster than a map is built.
class OpArgs {
public:
    OpArgs(const OpInfo& op, std::vector<Arg> values);  // values[i] is op.params[i]; fewer values: the rest None
    // By parameter name; a name the op does not declare raises "ttnn.<op>: unexpected argument '<name>'".
    OpArgs(const OpInfo& op, std::map<std::string, Arg, std::less<>> values);
    OpArgs(std::string_view op, std::map<std::string, Arg, std::less<>> values);  // the entry by name

    std::string_view op() const;
    const OpInfo& info() const { return *info_; }
    const std::vector<Arg>& values() const { return values_; }  // by parameter position
    bool has(std::string_view name) const;                      // given and not None
    const Arg& raw(std::string_view name) const;

    const Tensor& tensor(std::string_view name) const;
    std::optional<Tensor> optional_tensor(std::string_view name) const;
    std::vector<Tensor> tensors(std::string_view name) const;
    bool is_tensor(std::string_view name) const;
    double scalar(std::string_view name) const;  // bool, int or float; not given: the declared default
    double scalar_or(std::string_view name, double fallback) const;
    int64_t integer(std::string_view name) const;
    int64_t integer_or(std::string_view name, int64_t fallback) const;
    std::optional<int64_t> optional_integer(std::string_view name) const;
    bool flag_or(std::string_view name, bool fallback) const;
    std::vector<int64_t> int_list(std::string_view name) const;  // an int is a list of one
    std::optional<std::vector<int64_t>> optional_int_list(std::string_view name) const;
    std::vector<double> float_list(std::string_view name) const;
    std::string string_or(std::string_view name, std::string_view fallback) const;
    std::optional<DataType> dtype(std::string_view name) const;
    std::optional<Layout> layout(std::string_view name) const;
    std::optional<MemoryConfig> memory_config(std::string_view name) const;
    std::shared_ptr<Device> device(std::string_view name) const;  // null when None
    std::optional<ComputeConfig> compute_config(std::string_view name) const;

private:
    const OpInfo* info_;
    std::vector<Arg> values_;
};

// How an op reads an operand that is a weight, so a parameter bound to it is packed once when it is uploaded
// (the compiler's runtime) and takes the weight dtype (CompileOptions::weight_dtype, GEMM only).
enum class WeightPacking : uint8_t {
    NONE,
    GEMM,    // matmul/linear's B: packed into GEMM panels (prepare_linear_weight)
    CONV2D,  // conv2d's weight in its prepared form (prepare_conv_weights)
};
struct WeightOperand {
    std::string_view param;  // the parameter that is the weight; "" when the op has none
    WeightPacking packing = WeightPacking::NONE;
};

// Facts about what an op computes that passes act on, declared with the op instead of listed in each pass.
struct OpTraits {
    // Each output element is a function of the input elements at its own index (after broadcasting) and of
    // the op's numbers alone: such an op of one tensor commutes with any permute (fusion's permute_sink).
    bool pointwise = false;
};

using OpOutputs = std::vector<Tensor>;
using OpInvoke = OpOutputs (*)(const OpArgs& args);

struct OpInfo {
    std::string_view name;    // TT-NN's Python name, dotted for submodules: "transformer.scaled_dot_product_attention"
    std::string_view family;  // the ops/<family>.cpp that implements it
    std::string_view golden;  // key of the golden function in python/ttnn/golden ("" only for ops with none)
    std::string_view doc;     // one line, shown as the Python docstring and in docs
    std::vector<Param> params;
    DTypeSet dtypes;      // dtypes every tensor input may have (unless its Param narrows them)
    LayoutSet layouts;    // layouts every tensor input may have
    int num_outputs = 1;  // -1: a variable number (split, chunk)
    OpInvoke invoke = nullptr;
    WeightOperand weight = {};  // none unless declared
    OpTraits traits = {};       // all false unless declared

    // The parameter's declaration; nullptr when the op has none of that name.
    const Param* find_param(std::string_view param) const {
        const size_t i = param_index(param);
        return i < params.size() ? &params[i] : nullptr;
    }

    // Where parameter `param` sits in `params`; params.size() when the op has none of that name. A scan:
    // ops have a handful of parameters, and every call's argument handling asks.
    size_t param_index(std::string_view param) const {
        size_t i = 0;
        while (i < params.size() && params[i].name != param)
            ++i;
        return i;
    }
};

// All ops, built on first use; the constructor runs the self-check (unique names, every facet present,
// required params first) and throws an INTERNAL error naming the entry at fault.
const std::vector<OpInfo>& op_registry();
const OpInfo* find_op(std::string_view name);
const OpInfo& get_op(std::string_view name);  // raises a ValueError-kind error for an unknown name

// TT-NN's reason for the layouts or dtypes the registry refuses `op` beyond its own declaration ("" for none);
// the audit table is cpp/ttnn/src/ops/refusals.cpp.
std::string_view refusal_reason(std::string_view op);

// Checks the arguments against the entry (missing ones, kinds, dtypes, layouts), then runs it.
OpOutputs invoke_op(const OpInfo& op, const OpArgs& args);
OpOutputs invoke_op(std::string_view name, std::map<std::string, Arg, std::less<>> values);

}  // namespace ttnn
