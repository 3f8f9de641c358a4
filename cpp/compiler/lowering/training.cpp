// Overloads of training graphs that map onto one ttnn op each: losses, the backward of max pooling, layer
// norm, embedding and gelu. (Overloads with a formula beside the op keep both rules in one file: backward.cpp,
// reduction.cpp, conv.cpp.)
#include "compiler/lowering/nhwc.hpp"

namespace torch_ttnn {
namespace {

bool rank4(const LowerCtx& ctx) {
    return ctx.rank("self") == 4;
}

bool max_pool_backward(LowerCtx& ctx) {
    const std::vector<int64_t> in = ctx.shape("self"), go = ctx.shape("grad_output");
    std::vector<OpArg> args = nhwc::pool_params(ctx, in);
    args.push_back({"grad_output", nhwc::in(ctx, ctx.tensor("grad_output"))});
    args.push_back({"indices", nhwc::in(ctx, ctx.tensor("indices"))});
    const Ref g = ctx.op("max_pool2d_backward", std::move(args), nhwc::shape(in), ctx.out().dtype);
    ctx.set(0, nhwc::out(ctx, g, in));
    return true;
}

// aten's nll_loss reduction is an enum: 0 none, 1 mean, 2 sum.
ttnn::Arg reduction(const LowerCtx& ctx) {
    const int64_t r = ctx.integer("reduction", 1);
    return std::string(r == 0 ? "none" : r == 2 ? "sum" : "mean");
}

bool nll_loss(LowerCtx& ctx) {
    std::vector<OpArg> args = {{0, ctx.tensor("self")},
                               {"target", ctx.tensor("target")},
                               {"reduction", reduction(ctx)},
                               {"ignore_index", ctx.integer("ignore_index", -100)}};
    if (ctx.has("weight"))
        args.push_back({"weight", ctx.tensor("weight")});
    const std::vector<Ref> r = ctx.op_multi(
        "nll_loss", std::move(args), {ctx.out(0).shape, ctx.out(1).shape}, {ctx.out(0).dtype, ctx.out(1).dtype});
    ctx.set(0, r[0]);
    ctx.set(1, r[1]);
    return true;
}

bool nll_loss_backward(LowerCtx& ctx) {
    std::vector<OpArg> args = {{"grad_output", ctx.tensor("grad_output")},
                               {"input_tensor", ctx.tensor("self")},
                               {"target", ctx.tensor("target")},
                               {"total_weight", ctx.tensor("total_weight")},
                               {"reduction", reduction(ctx)},
                               {"ignore_index", ctx.integer("ignore_index", -100)}};
    if (ctx.has("weight"))
        args.push_back({"weight", ctx.tensor("weight")});
    ctx.set(0, ctx.op("nll_loss_backward", std::move(args)));
    return true;
}

bool layer_norm_backward(LowerCtx& ctx) {
    std::vector<OpArg> args = {{"grad_output", ctx.tensor("grad_out")},
                               {"input_tensor", ctx.tensor("input")},
                               {"normalized_shape", ctx.ints("normalized_shape")},
                               {"mean", ctx.tensor("mean")},
                               {"rstd", ctx.tensor("rstd")}};
    if (ctx.has("weight"))
        args.push_back({"weight", ctx.tensor("weight")});
    if (ctx.has("bias"))
        args.push_back({"bias", ctx.tensor("bias")});
    std::vector<std::vector<int64_t>> shapes;
    std::vector<ScalarType> dtypes;
    // ttnn returns the weight and bias gradients in the normalized shape even without a weight, where aten's
    // outputs are empty placeholders; the op's values take the shape it returns (found by the fuzzer: a layer
    // norm without affine failed in training, "returned shape [45]; expected [0]").
    const std::vector<int64_t> normalized = ctx.ints("normalized_shape");
    for (size_t k = 0; k < 3; ++k) {
        const bool placeholder = k > 0 && ctx.out(k).shape.size() == 1 && ctx.out(k).shape[0] == 0;
        shapes.push_back(placeholder ? normalized : ctx.out(k).shape);
        dtypes.push_back(placeholder ? ctx.out(0).dtype : ctx.out(k).dtype);
    }
    const std::vector<Ref> r = ctx.op_multi("layer_norm_backward", std::move(args), shapes, dtypes);
    for (size_t k = 0; k < 3; ++k) {
        // Without a weight (or bias) its gradient is an empty tensor torch returns and nobody reads.
        if (ctx.output_used(k))
            ctx.set(k, r[k]);
    }
    return true;
}

bool embedding_backward(LowerCtx& ctx) {
    ctx.set(0,
            ctx.op("embedding_backward",
                   {{"grad_output", ctx.tensor("grad_output")},
                    {"indices", ctx.tensor("indices")},
                    {"num_weights", ctx.integer("num_weights")},
                    {"padding_idx", ctx.integer("padding_idx", -1)},
                    {"scale_grad_by_freq", ctx.flag("scale_grad_by_freq")}}));
    return true;
}

bool gelu_backward(LowerCtx& ctx) {
    ctx.set(
        0,
        ctx.op("gelu_bw",
               {{0, ctx.tensor("grad_output")}, {1, ctx.tensor("self")}, {"approximate", ctx.string("approximate")}}));
    return true;
}

}  // namespace

void add_training_rules(RuleTable& rules) {
    rules.push_back({"aten.max_pool2d_with_indices_backward.default", "max_pool2d_backward", rank4, max_pool_backward});
    rules.push_back({"aten.nll_loss_forward.default", "nll_loss", nullptr, nll_loss});
    rules.push_back({"aten.nll_loss_backward.default", "nll_loss_backward", nullptr, nll_loss_backward});
    rules.push_back({"aten.native_layer_norm_backward.default", "layer_norm_backward", nullptr, layer_norm_backward});
    rules.push_back({"aten.embedding_dense_backward.default", "embedding_backward", nullptr, embedding_backward});
    rules.push_back({"aten.gelu_backward.default", "gelu_bw", nullptr, gelu_backward});
}

}  // namespace torch_ttnn
