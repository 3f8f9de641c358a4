// Tensors made from nothing (arange, full, zeros, ones, scalar_tensor, *_like). They read no tensor, so
// constant folding runs them once at compile time and every call reuses the device tensor.
#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

ttnn::DataType device_dtype(const LowerCtx& ctx) {
    return is_integral(ctx.out().dtype) ? ttnn::DataType::INT32 : ctx.options().compute_dtype;
}

bool has_device(const LowerCtx& ctx) {
    const std::string device = ctx.string("device");
    return ctx.options().device != nullptr && (device.empty() || device == "cpu");
}

std::vector<OpArg> placement(const LowerCtx& ctx) {
    return {{"dtype", device_dtype(ctx)}, {"device", ttnn::Arg(ctx.options().device)}};
}

ttnn::Arg number(const LowerCtx& ctx, std::string_view arg, double fallback) {
    if (ctx.is_integer_number(arg))
        return ctx.integer(arg);
    return ctx.number(arg, fallback);
}

bool arange(LowerCtx& ctx) {
    std::vector<OpArg> args = placement(ctx);
    args.push_back({"start", ctx.has("start") ? number(ctx, "start", 0) : ttnn::Arg(int64_t{0})});
    args.push_back({"end", number(ctx, "end", 0)});
    if (ctx.has("step"))
        args.push_back({"step", number(ctx, "step", 1)});
    ctx.set(0, ctx.op("arange", std::move(args)));
    return true;
}

bool fill(LowerCtx& ctx, ttnn::Arg value) {
    std::vector<OpArg> args = placement(ctx);
    args.push_back({0, ctx.out().shape});
    args.push_back({"fill_value", std::move(value)});
    ctx.set(0, ctx.op("full", std::move(args)));
    return true;
}

bool full(LowerCtx& ctx) {
    return fill(ctx, number(ctx, "fill_value", 0));
}
bool zeros(LowerCtx& ctx) {
    return fill(ctx, 0.0);
}
bool ones(LowerCtx& ctx) {
    return fill(ctx, 1.0);
}
bool scalar_tensor(LowerCtx& ctx) {
    return fill(ctx, number(ctx, "s", 0));
}

}  // namespace

void add_creation_rules(RuleTable& rules) {
    for (std::string_view aten : {"aten.arange.start", "aten.arange.default", "aten.arange.start_step"}) {
        rules.push_back({aten, "arange", has_device, arange});
    }
    rules.push_back({"aten.full.default", "full", has_device, full});
    rules.push_back({"aten.full_like.default", "full", has_device, full});
    rules.push_back({"aten.zeros.default", "full", has_device, zeros});
    rules.push_back({"aten.zeros_like.default", "full", has_device, zeros});
    rules.push_back({"aten.new_zeros.default", "full", has_device, zeros});
    rules.push_back({"aten.ones.default", "full", has_device, ones});
    rules.push_back({"aten.new_ones.default", "full", has_device, ones});
    rules.push_back({"aten.new_full.default", "full", has_device, full});
    rules.push_back({"aten.ones_like.default", "full", has_device, ones});
    rules.push_back({"aten.scalar_tensor.default", "full", has_device, scalar_tensor});
}

}  // namespace torch_ttnn
