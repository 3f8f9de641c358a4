// The declarative parts of a lowering rule (RuleFlag, LoweringRule::to_float), applied by the wrapper in
// lower.cpp so no rule writes them again, and named for docs/lowering_rules.md.
#include <cmath>

#include "compiler/lowering/rule.hpp"
#include "ttnn/error.hpp"

namespace torch_ttnn {
namespace {

constexpr std::pair<RuleFlag, std::string_view> kFlagNames[] = {
    {ALPHA_IS_ONE, "alpha_is_one"},
    {NO_DTYPE, "no_dtype"},
    {NO_HALF_TO_FLOAT, "no_half_to_float"},
    {BOOL_AS_LOGICAL, "bool_as_logical"},
};

// Whether the node meets a condition flag; the other flags are not conditions, so they hold.
bool flag_holds(RuleFlag flag, const LowerCtx& ctx) {
    switch (flag) {
        case ALPHA_IS_ONE:
            return ctx.number("alpha", 1.0) == 1.0;
        case NO_DTYPE:
            return !ctx.has("dtype");
        case NO_HALF_TO_FLOAT:
            return !ctx.flag("half_to_float");
        case BOOL_AS_LOGICAL:
            return true;
    }
    return false;
}

// The names of the flags set in `flags` (that `ctx` does not meet, when given), comma-separated.
std::string join_flags(uint8_t flags, const LowerCtx* ctx) {
    std::string out;
    for (const auto& [flag, name] : kFlagNames) {
        if ((flags & flag) != 0 && (ctx == nullptr || !flag_holds(flag, *ctx)))
            out += (out.empty() ? "" : ", ") + std::string(name);
    }
    return out;
}

std::string logical_form(std::string_view bitwise_op) {
    constexpr std::string_view prefix = "bitwise_";
    TTNN_ASSERT(bitwise_op.starts_with(prefix), "bool_as_logical on ttnn.", bitwise_op, ", not a bitwise_ op");
    return "logical_" + std::string(bitwise_op.substr(prefix.size()));
}

// A floating tensor, or a number with a fraction: int > 1.5 compares in float in torch (ttnn refuses the mix);
// int > 2.0 holds in integers, exactly.
bool floating_operand(const LowerCtx& ctx, std::string_view arg) {
    if (ctx.is_tensor(arg))
        return is_floating(ctx.value(arg).dtype);
    const double v = ctx.number(arg);
    return ctx.has(arg) && !ctx.is_integer_number(arg) && (!std::isfinite(v) || v != std::trunc(v));
}

}  // namespace

std::string rule_target(const LoweringRule& rule, const LowerCtx& ctx) {
    const bool on_bool = (rule.flags & BOOL_AS_LOGICAL) != 0 && ctx.value("self").dtype == ScalarType::BOOL;
    return on_bool ? logical_form(rule.ttnn) : std::string(rule.ttnn);
}

std::string unmet_flags(const LoweringRule& rule, const LowerCtx& ctx) {
    return rule.flags == 0 ? std::string() : join_flags(rule.flags, &ctx);
}

// Each tensor operand of `rule.to_float` whose dtype `from` accepts, typecast to `dtype` (`type` in the IR).
template <typename From>
void cast_operands(const LoweringRule& rule, LowerCtx& ctx, From from, ttnn::DataType dtype, ScalarType type) {
    for (std::string_view a : rule.to_float) {
        if (a.empty() || !ctx.is_tensor(a) || !from(ctx.value(a).dtype))
            continue;
        const std::vector<int64_t> shape = ctx.shape(a);
        ctx.replace(a, ctx.op("typecast", {{0, ctx.tensor(a)}, {"dtype", dtype}}, shape, type));
    }
}

void promote_to_float(const LoweringRule& rule, LowerCtx& ctx) {
    bool to_float = is_floating(ctx.out().dtype);
    for (std::string_view a : rule.to_float)
        to_float = to_float || (!a.empty() && floating_operand(ctx, a));
    if (to_float) {
        cast_operands(
            rule, ctx, [](ScalarType t) { return is_integral(t); }, ctx.options().compute_dtype, ScalarType::FLOAT32);
    } else if (is_integral(ctx.out().dtype)) {
        // An integer result from a bool operand (int * bool, Switch Transformers' expert mask): bools are 0/1 in
        // the compute dtype on the device, so the bool is cast to int32 to meet the integer operand.
        cast_operands(
            rule, ctx, [](ScalarType t) { return t == ScalarType::BOOL; }, ttnn::DataType::INT32, ScalarType::INT32);
    }
}

std::string flag_names(const LoweringRule& rule) {
    std::string out = join_flags(rule.flags, nullptr), operands;
    for (std::string_view a : rule.to_float)
        operands += a.empty() ? "" : (operands.empty() ? "" : ", ") + std::string(a);
    if (!operands.empty())
        out += (out.empty() ? "" : ", ") + ttnn::detail::concat("int_to_float(", operands, ")");
    return out;
}

std::vector<std::string> rule_ops(const LoweringRule& rule) {
    std::vector<std::string> ops;
    if (!rule.ttnn.empty())
        ops.emplace_back(rule.ttnn);
    if ((rule.flags & BOOL_AS_LOGICAL) != 0)
        ops.push_back(logical_form(rule.ttnn));
    if (!rule.to_float[0].empty())
        ops.emplace_back("typecast");
    return ops;
}

}  // namespace torch_ttnn
