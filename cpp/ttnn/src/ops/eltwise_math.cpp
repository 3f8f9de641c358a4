// The runner of the table-declared element-wise ops (eltwise_math.hpp): one invoke for every row, which finds
// its row by op name and runs the row's per-element function through the shared element-wise loop.
#include "ops/eltwise_math.hpp"

#include <map>
#include <string>

#include "ops/eltwise_common.hpp"
#include "ops/families.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

struct MathRow {
    MathOp op;
    std::vector<std::string_view> operands;
};

// Filled once, while the registry is built (op_registry() is a function-local static, so this is too).
std::map<std::string_view, MathRow, std::less<>>& math_rows() {
    static std::map<std::string_view, MathRow, std::less<>> rows;
    return rows;
}

double choice_of(const MathParam& param, const OpArgs& a) {
    if (!a.has(param.name))
        return 0.0;
    const std::string value = a.string_or(param.name, "");
    for (size_t i = 0; i < param.choices.size(); ++i) {
        if (param.choices[i] == value)
            return static_cast<double>(i + 1);
    }
    std::string expected = "None";
    for (std::string_view c : param.choices)
        expected += ", '" + std::string(c) + "'";
    TTNN_FAIL(VALUE, "ttnn.", a.op(), ": unknown ", param.name, "; expected ", expected, ", got '", value, "'");
}

MathParams params_of(const MathOp& op, const OpArgs& a) {
    MathParams p{};
    for (size_t i = 0; i < op.params.size(); ++i) {
        const MathParam& param = op.params[i];
        if (!param.choices.empty())
            p[i] = choice_of(param, a);
        else if (param.flag)
            p[i] = a.flag_or(param.name, param.fallback != 0.0) ? 1.0 : 0.0;
        else
            p[i] = a.scalar_or(param.name, param.fallback);
    }
    if (op.check != nullptr)
        op.check(op.name, p);
    return p;
}

OpOutputs run_math(const OpArgs& a) {
    const auto it = math_rows().find(a.op());
    TTNN_ASSERT(it != math_rows().end(), "ttnn.", a.op(), " has no row in the element-wise math tables");
    const MathOp& op = it->second.op;
    const std::string name = "ttnn." + std::string(op.name);
    std::vector<TensorOrScalar> operands;
    for (std::string_view operand : it->second.operands)
        operands.push_back(tensor_or_scalar(a, operand));
    const Tensor* first = nullptr;
    for (const TensorOrScalar& v : operands) {
        const Tensor* t = std::get_if<Tensor>(&v);
        if (t == nullptr)
            continue;
        if (first == nullptr)
            first = t;
        TTNN_CHECK(is_floating(t->dtype()) == is_floating(first->dtype()),
                   TYPE,
                   name,
                   ": operands must both be floating or both integer; got ",
                   ttnn::name(first->dtype()),
                   " and ",
                   ttnn::name(t->dtype()));
    }
    const bool integer = all_integer(operands);
    TTNN_CHECK(integer || op.fn != nullptr,
               TYPE,
               name,
               ": an integer tensor takes only integral numbers; expected an int, got a fractional number");
    const MathParams p = params_of(op, a);
    const size_t arity = operands.size();
    const IntMathFn int_fn = op.int_fn;
    auto int_block = [&](const int64_t* const* in, int64_t* out, size_t n) {
        int64_t x[3] = {};
        for (size_t i = 0; i < n; ++i) {
            for (size_t k = 0; k < arity; ++k)
                x[k] = in[k][i];
            out[i] = int_fn(x, p);
        }
    };
    return {run_eltwise(name,
                        operands,
                        first_tensor_dtype(operands),
                        {a.memory_config("memory_config"), std::nullopt},
                        per_element(op.fn, p, arity),
                        int_block,
                        integer)};
}

}  // namespace

kernels::BlockFn<float> per_element(MathFn fn, const MathParams& p, size_t arity) {
    return [fn, p, arity](const float* const* in, float* out, size_t n) {
        double x[3] = {};
        for (size_t i = 0; i < n; ++i) {
            for (size_t k = 0; k < arity; ++k)
                x[k] = in[k][i];
            out[i] = static_cast<float>(fn(x, p));
        }
    };
}

void register_math_ops(std::vector<OpInfo>& ops,
                       std::string_view family,
                       std::span<const Param> operands,
                       std::vector<MathOp> rows) {
    for (MathOp& row : rows) {
        std::vector<Param> params(operands.begin(), operands.end());
        for (const MathParam& p : row.params)
            params.push_back({p.name,
                              !p.choices.empty() ? ArgKind::STRING
                              : p.flag           ? ArgKind::BOOL
                                                 : ArgKind::SCALAR,
                              p.required});
        params.push_back({"memory_config", ArgKind::MEMORY_CONFIG});
        params.push_back({"output_tensor", ArgKind::TENSOR});
        params.push_back({"queue_id", ArgKind::INT});  // one command queue here: every id runs in order
        const DTypeSet dtypes = row.fn == nullptr ? INT_DTYPES : row.int_fn == nullptr ? FLOAT_DTYPES : ALL_DTYPES;
        ops.push_back(family_op(family, row.name, row.doc, std::move(params), dtypes, run_math));
        std::vector<std::string_view> names;
        for (const Param& p : operands)
            names.push_back(p.name);
        const std::string_view key = row.name;
        math_rows().emplace(key, MathRow{std::move(row), std::move(names)});
    }
}

}  // namespace ttnn::ops
