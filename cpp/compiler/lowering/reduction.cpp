// Reductions, softmax and scans. TT-NN reduces over `dim` (an int or a list) with `keepdim`; the runtime
// reshapes a result whose rank differs from the aten output, so rules only name the dims.
#include <limits>

#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

ttnn::Arg dims_arg(const LowerCtx& ctx, std::string_view arg) {
    std::vector<int64_t> dims = ctx.ints(arg);
    for (int64_t& d : dims)
        d = d < 0 ? d + ctx.rank("self") : d;
    if (dims.size() == 1)
        return dims[0];
    return dims;
}

// An empty dim list means every dim, as in torch.
bool reduce_dims(LowerCtx& ctx) {
    std::vector<OpArg> args = {{0, ctx.tensor("self")}, {"keepdim", ctx.flag("keepdim")}};
    if (!ctx.ints("dim").empty())
        args.push_back({"dim", dims_arg(ctx, "dim")});
    ctx.set(0, ctx.op(ctx.target_op(), std::move(args)));
    return true;
}

// linalg_vector_norm of ord 2 (F.normalize: Swin v2's cosine attention, ConvNeXt v2's GRN) or 1:
// sqrt(sum(x * x)) or sum(|x|) over `dim`, every dim when it is absent or empty.
bool vector_norm_guard(const LowerCtx& ctx) {
    const double ord = ctx.number("ord", 2.0);
    return !ctx.has("dtype") && (ord == 2.0 || ord == 1.0);
}

bool vector_norm(LowerCtx& ctx) {
    const Value& in = ctx.value("self");
    const Ref x = ctx.tensor("self");
    const bool euclidean = ctx.number("ord", 2.0) == 2.0;
    const Ref terms =
        euclidean ? ctx.op("mul", {{0, x}, {1, x}}, in.shape, in.dtype) : ctx.op("abs", {{0, x}}, in.shape, in.dtype);
    std::vector<OpArg> args = {{0, terms}, {"keepdim", ctx.flag("keepdim")}};
    if (ctx.has("dim") && !ctx.ints("dim").empty())
        args.push_back({"dim", dims_arg(ctx, "dim")});
    const Ref total = ctx.op("sum", std::move(args));
    ctx.set(0, euclidean ? ctx.op("sqrt", {{0, total}}) : total);
    return true;
}

bool reduce_all(LowerCtx& ctx) {
    ctx.set(0, ctx.op(ctx.target_op(), {{0, ctx.tensor("self")}}));
    return true;
}

// max.dim / min.dim return (values, indices); TT-NN's max and min give values only.
bool values_only(const LowerCtx& ctx) {
    return !ctx.output_used(1);
}

bool reduce_one_dim(LowerCtx& ctx) {
    ctx.set(
        0,
        ctx.op(ctx.target_op(),
               {{0, ctx.tensor("self")}, {"dim", ctx.dim("dim", ctx.rank("self"))}, {"keepdim", ctx.flag("keepdim")}}));
    return true;
}

bool argmax(LowerCtx& ctx) {
    std::vector<OpArg> args = {{0, ctx.tensor("self")}, {"keepdim", ctx.flag("keepdim")}};
    if (ctx.has("dim"))
        args.push_back({"dim", ctx.dim("dim", ctx.rank("self"))});
    ctx.set(0, ctx.op("argmax", std::move(args)));
    return true;
}

// all / any over 0/1 values: all is min(x != 0), any is max(x != 0).
bool all_any(LowerCtx& ctx) {
    const Value& in = ctx.value("self");
    Ref truth = ctx.tensor("self");
    if (in.dtype != ScalarType::BOOL)
        truth = ctx.op("ne", {{0, truth}, {1, ttnn::Arg(0.0)}}, in.shape, ScalarType::BOOL);
    std::vector<OpArg> args = {{0, truth}};
    if (ctx.has("dim")) {
        args.push_back({"dim", ctx.dim("dim", ctx.rank("self"))});
        args.push_back({"keepdim", ctx.flag("keepdim")});
    }
    ctx.set(0, ctx.op(ctx.target_op(), std::move(args)));
    return true;
}

bool softmax(LowerCtx& ctx) {
    ctx.set(0, ctx.op("softmax", {{0, ctx.tensor("self")}, {"dim", ctx.dim("dim", ctx.rank("self"))}}));
    return true;
}

// ttnn.log_softmax where it is registered; else log(softmax(x)) below.
bool log_softmax_op(LowerCtx& ctx) {
    ctx.set(0, ctx.op("log_softmax", {{0, ctx.tensor("self")}, {"dim", ctx.dim("dim", ctx.rank("self"))}}));
    return true;
}

// log_softmax = log(softmax(x)), for a registry without ttnn.log_softmax.
bool log_softmax(LowerCtx& ctx) {
    const Ref s = ctx.op("softmax", {{0, ctx.tensor("self")}, {"dim", ctx.dim("dim", ctx.rank("self"))}});
    ctx.set(0, ctx.op("log", {{0, s}}));
    return true;
}

// _safe_softmax is softmax except on a slice whose inputs are all -inf (a fully masked attention row), which
// torch makes 0 where softmax gives NaN: where(max(x) == -inf, 0, softmax(x)).
bool safe_softmax(LowerCtx& ctx) {
    const Value& in = ctx.value("self");
    const int64_t dim = ctx.dim("dim", ctx.rank("self"));
    std::vector<int64_t> kept = in.shape;
    kept[static_cast<size_t>(dim)] = 1;
    const Ref x = ctx.tensor("self");
    const Ref probs = ctx.op("softmax", {{0, x}, {"dim", dim}});
    const Ref row_max = ctx.op("max", {{0, x}, {"dim", dim}, {"keepdim", true}}, kept, in.dtype);
    const Ref dead =
        ctx.op("eq", {{0, row_max}, {1, ttnn::Arg(-std::numeric_limits<double>::infinity())}}, kept, ScalarType::BOOL);
    ctx.set(0, ctx.op("where", {{0, dead}, {1, ttnn::Arg(0.0)}, {2, probs}}));
    return true;
}

ScalarType dtype_arg(const LowerCtx& ctx) {
    const Operand* a = ctx.node().find("dtype");
    const auto* t = a != nullptr ? std::get_if<ScalarType>(&a->v) : nullptr;
    return t != nullptr ? *t : ScalarType::OTHER;
}

// cumsum(dtype=int): ttnn.cumsum's dtype; a float cumsum into another float dtype is the compute dtype anyway.
bool cumsum_dtype_guard(const LowerCtx& ctx) {
    return ctx.has("dtype") && dtype_arg(ctx) != ScalarType::OTHER;
}

bool cumsum_dtype(LowerCtx& ctx) {
    std::vector<OpArg> args = {{0, ctx.tensor("self")}, {"dim", ctx.dim("dim", ctx.rank("self"))}};
    if (is_integral(ctx.out().dtype))
        args.push_back({"dtype", ttnn::Arg(ttnn::DataType::INT32)});
    ctx.set(0, ctx.op("cumsum", std::move(args)));
    return true;
}

bool cumsum(LowerCtx& ctx) {
    ctx.set(0, ctx.op("cumsum", {{0, ctx.tensor("self")}, {"dim", ctx.dim("dim", ctx.rank("self"))}}));
    return true;
}

}  // namespace

void add_reduction_rules(RuleTable& rules) {
    rules.push_back({"aten.sum.dim_IntList", "sum", nullptr, reduce_dims, NO_DTYPE});
    rules.push_back({"aten.mean.dim", "mean", nullptr, reduce_dims, NO_DTYPE});
    rules.push_back({"aten.amax.default", "max", nullptr, reduce_dims});
    rules.push_back({"aten.amin.default", "min", nullptr, reduce_dims});
    rules.push_back({"aten.sum.default", "sum", nullptr, reduce_all, NO_DTYPE});
    rules.push_back({"aten.linalg_vector_norm.default", "sum", vector_norm_guard, vector_norm});
    rules.push_back({"aten.mean.default", "mean", nullptr, reduce_all, NO_DTYPE});
    rules.push_back({"aten.max.default", "max", nullptr, reduce_all});
    rules.push_back({"aten.min.default", "min", nullptr, reduce_all});
    rules.push_back({"aten.max.dim", "max", values_only, reduce_one_dim});
    rules.push_back({"aten.min.dim", "min", values_only, reduce_one_dim});
    rules.push_back({"aten.argmax.default", "argmax", nullptr, argmax});
    rules.push_back({"aten.all.dim", "min", nullptr, all_any});
    rules.push_back({"aten.all.default", "min", nullptr, all_any});
    rules.push_back({"aten.any.dim", "max", nullptr, all_any});
    rules.push_back({"aten.any.default", "max", nullptr, all_any});
    rules.push_back({"aten._softmax.default", "softmax", nullptr, softmax, NO_HALF_TO_FLOAT});
    rules.push_back({"aten._log_softmax.default", "log_softmax", nullptr, log_softmax_op, NO_HALF_TO_FLOAT});
    rules.push_back({"aten._log_softmax.default", "softmax", nullptr, log_softmax, NO_HALF_TO_FLOAT});
    rules.push_back({"aten._safe_softmax.default", "softmax", nullptr, safe_softmax, NO_DTYPE});
    rules.push_back({"aten.cumsum.default", "cumsum", nullptr, cumsum, NO_DTYPE});
    rules.push_back({"aten.cumsum.default", "cumsum", cumsum_dtype_guard, cumsum_dtype});
}

}  // namespace torch_ttnn
