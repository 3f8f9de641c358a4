// Backward overloads of activations and softmax: the ttnn op where one exists, else the formula of PyTorch's
// own decomposition (torch/_decomp/decompositions.py) in element-wise ttnn ops, tried in that order.
#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

Ref binary(LowerCtx& ctx, std::string_view op, Operand a, Operand b, const Value& like) {
    return ctx.op(op, {{0, std::move(a)}, {1, std::move(b)}}, like.shape, like.dtype);
}

// threshold_bw where the op exists; else the product below.
bool threshold_bw(LowerCtx& ctx) {
    ctx.set(0,
            ctx.op("threshold_bw",
                   {{0, ctx.tensor("grad_output")},
                    {1, ctx.tensor("self")},
                    {"threshold", ctx.number("threshold")},
                    {"value", 0.0}}));
    return true;
}

// softmax_backward / log_softmax_backward where the op exists (the rule's target op); else the formulas below.
bool softmax_backward_op(LowerCtx& ctx) {
    const int64_t dim = ctx.dim("dim", static_cast<int64_t>(ctx.out().shape.size()));
    ctx.set(0, ctx.op(ctx.target_op(), {{0, ctx.tensor("grad_output")}, {1, ctx.tensor("output")}, {"dim", dim}}));
    return true;
}

// grad where self > threshold, else 0: the comparison is 0/1 on the device, so it is a product.
bool threshold_backward(LowerCtx& ctx) {
    const Value& out = ctx.out();
    const Ref keep = ctx.op(
        "gt", {{0, ctx.tensor("self")}, {1, ttnn::Arg(ctx.number("threshold"))}}, ctx.shape("self"), ScalarType::BOOL);
    ctx.set(0, binary(ctx, "mul", ctx.tensor("grad_output"), keep, out));
    return true;
}

// sum(x, dim, keepdim=True) along the node's `dim`, for x of the output's shape.
Ref sum_along_dim(LowerCtx& ctx, Ref x) {
    const Value& out = ctx.out();
    const int64_t dim = ctx.dim("dim", static_cast<int64_t>(out.shape.size()));
    std::vector<int64_t> reduced = out.shape;
    reduced[static_cast<size_t>(dim)] = 1;
    return ctx.op("sum", {{0, x}, {"dim", dim}, {"keepdim", true}}, reduced, out.dtype);
}

// softmax': y * (g - sum(g * y, dim, keepdim))
bool softmax_backward(LowerCtx& ctx) {
    const Value& out = ctx.out();
    const Ref gy = binary(ctx, "mul", ctx.tensor("grad_output"), ctx.tensor("output"), out);
    const Ref s = sum_along_dim(ctx, gy);
    const Ref centred = binary(ctx, "sub", ctx.tensor("grad_output"), s, out);
    ctx.set(0, binary(ctx, "mul", ctx.tensor("output"), centred, out));
    return true;
}

// log_softmax': g - exp(y) * sum(g, dim, keepdim)
bool log_softmax_backward(LowerCtx& ctx) {
    const Value& out = ctx.out();
    const Ref s = sum_along_dim(ctx, ctx.tensor("grad_output"));
    const Ref e = ctx.op("exp", {{0, ctx.tensor("output")}}, out.shape, out.dtype);
    const Ref es = binary(ctx, "mul", e, s, out);
    ctx.set(0, binary(ctx, "sub", ctx.tensor("grad_output"), es, out));
    return true;
}

// sigmoid': g * y * (1 - y)
bool sigmoid_backward(LowerCtx& ctx) {
    const Value& out = ctx.out();
    const Ref one_minus = ctx.op("rsub", {{0, ctx.tensor("output")}, {1, ttnn::Arg(1.0)}}, out.shape, out.dtype);
    const Ref gy = binary(ctx, "mul", ctx.tensor("grad_output"), ctx.tensor("output"), out);
    ctx.set(0, binary(ctx, "mul", gy, one_minus, out));
    return true;
}

// tanh': g * (1 - y * y)
bool tanh_backward(LowerCtx& ctx) {
    const Value& out = ctx.out();
    const Ref yy = binary(ctx, "mul", ctx.tensor("output"), ctx.tensor("output"), out);
    const Ref one_minus = ctx.op("rsub", {{0, yy}, {1, ttnn::Arg(1.0)}}, out.shape, out.dtype);
    ctx.set(0, binary(ctx, "mul", ctx.tensor("grad_output"), one_minus, out));
    return true;
}

// dropout': grad * mask * scale (the mask is 0/1 on the device).
bool dropout_backward(LowerCtx& ctx) {
    const Value& out = ctx.out();
    const Ref kept = binary(ctx, "mul", ctx.tensor("grad_output"), ctx.tensor("mask"), out);
    ctx.set(0, binary(ctx, "mul", kept, ttnn::Arg(ctx.number("scale", 1.0)), out));
    return true;
}

// The gradient of x.select(dim, index) (a classifier reading the first token): zeros of the input's shape
// but for the slice at `index`, which is the gradient, as a pad of it with zeros on both sides.
bool select_backward(LowerCtx& ctx) {
    const Value& out = ctx.out();
    const int64_t rank = static_cast<int64_t>(out.shape.size());
    const int64_t dim = ctx.dim("dim", rank);
    const int64_t size = out.shape[static_cast<size_t>(dim)];
    const int64_t index = ctx.integer("index") < 0 ? ctx.integer("index") + size : ctx.integer("index");
    if (index < 0 || index >= size)
        return ctx.fail("index outside the input");
    std::vector<int64_t> one = out.shape;
    one[static_cast<size_t>(dim)] = 1;
    std::vector<int64_t> pairs(static_cast<size_t>(2 * rank), 0);
    pairs[static_cast<size_t>(2 * dim)] = index;
    pairs[static_cast<size_t>(2 * dim + 1)] = size - index - 1;
    const Ref grad = ctx.reshape(ctx.tensor("grad_output"), one);
    ctx.set(0, ctx.op("pad", {{0, grad}, {"padding", pairs}, {"value", 0.0}}));
    return true;
}

}  // namespace

void add_backward_rules(RuleTable& rules) {
    rules.push_back({"aten.select_backward.default", "pad", nullptr, select_backward});
    rules.push_back({"aten.native_dropout_backward.default", "mul", nullptr, dropout_backward});
    rules.push_back({"aten.threshold_backward.default", "threshold_bw", nullptr, threshold_bw});
    rules.push_back({"aten.threshold_backward.default", "mul", nullptr, threshold_backward});
    rules.push_back({"aten._softmax_backward_data.default", "softmax_backward", nullptr, softmax_backward_op});
    rules.push_back({"aten._softmax_backward_data.default", "sum", nullptr, softmax_backward});
    rules.push_back({"aten._log_softmax_backward_data.default", "log_softmax_backward", nullptr, softmax_backward_op});
    rules.push_back({"aten._log_softmax_backward_data.default", "sum", nullptr, log_softmax_backward});
    rules.push_back({"aten.sigmoid_backward.default", "rsub", nullptr, sigmoid_backward});
    rules.push_back({"aten.tanh_backward.default", "rsub", nullptr, tanh_backward});
}

}  // namespace torch_ttnn
