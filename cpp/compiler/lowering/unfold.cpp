// im2col (torch.nn.Unfold; ConvBERT's span-based dynamic convolution unfolds its keys this way): every
// kernel tap is a strided slice of the padded input, [N, C, OH, OW]; the taps stacked after the channel give
// torch's [N, C * KH * KW, OH * OW] (row c * KH * KW + tap).
#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

constexpr int64_t kMaxTaps = 64;  // each tap is a slice: beyond this a kernel is not an unfold worth slicing

struct Window {
    int64_t kernel, dilation, padding, stride, out;
};

Window window(const LowerCtx& ctx, size_t axis) {
    const int64_t in = ctx.shape("self")[2 + axis];
    Window w{ctx.ints("kernel_size")[axis], ctx.ints("dilation")[axis], ctx.ints("padding")[axis], 0, 0};
    w.stride = ctx.ints("stride")[axis];
    w.out = (in + 2 * w.padding - w.dilation * (w.kernel - 1) - 1) / w.stride + 1;
    return w;
}

bool im2col_guard(const LowerCtx& ctx) {
    for (std::string_view arg : {"kernel_size", "dilation", "padding", "stride"}) {
        if (ctx.ints(arg).size() != 2)
            return false;
    }
    if (ctx.rank("self") != 4)
        return false;
    const Window h = window(ctx, 0), w = window(ctx, 1);
    return h.out > 0 && w.out > 0 && h.kernel * w.kernel <= kMaxTaps;
}

bool im2col(LowerCtx& ctx) {
    const Value& in = ctx.value("self");
    const Window h = window(ctx, 0), w = window(ctx, 1);
    Ref x = ctx.tensor("self");
    std::vector<int64_t> padded = in.shape;
    if (h.padding != 0 || w.padding != 0) {
        padded[2] += 2 * h.padding, padded[3] += 2 * w.padding;
        const std::vector<int64_t> pairs = {0, 0, 0, 0, h.padding, h.padding, w.padding, w.padding};
        x = ctx.op("pad", {{0, x}, {"padding", pairs}, {"value", 0.0}}, padded, in.dtype);
    }
    const int64_t n = in.shape[0], c = in.shape[1], pixels = h.out * w.out;
    RefList taps;
    for (int64_t i = 0; i < h.kernel; ++i) {
        const Ref rows = ctx.slice(x, 2, i * h.dilation, i * h.dilation + (h.out - 1) * h.stride + 1, h.stride);
        for (int64_t j = 0; j < w.kernel; ++j) {
            const Ref tap = ctx.slice(rows, 3, j * w.dilation, j * w.dilation + (w.out - 1) * w.stride + 1, w.stride);
            taps.push_back(ctx.reshape(tap, {n, c, 1, pixels}));
        }
    }
    const std::vector<int64_t> stacked = {n, c, h.kernel * w.kernel, pixels};
    const Ref all = taps.size() == 1 ? taps[0] : ctx.op("concat", {{0, taps}, {"dim", int64_t{2}}}, stacked, in.dtype);
    ctx.set(0, ctx.reshape(all, ctx.out().shape));
    return true;
}

}  // namespace

void add_unfold_rules(RuleTable& rules) {
    rules.push_back({"aten.im2col.default", "concat", im2col_guard, im2col});
}

}  // namespace torch_ttnn
