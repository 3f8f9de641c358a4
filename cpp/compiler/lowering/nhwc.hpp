#pragma once
// Shared by the conv and pooling rules: TT-NN computes these in NHWC ([N, H, W, C]), so rules permute torch's
// NCHW tensors in and out (the fusion pass cancels the permutes between consecutive NHWC ops), and take
// torch's (h, w) arguments as 2-entry lists.
#include "compiler/lowering/rule.hpp"

namespace torch_ttnn::nhwc {

inline const std::vector<int64_t> kFromNchw = {0, 2, 3, 1};
inline const std::vector<int64_t> kToNchw = {0, 3, 1, 2};

inline std::vector<int64_t> shape(const std::vector<int64_t>& nchw) {
    return {nchw[0], nchw[2], nchw[3], nchw[1]};
}

inline Ref permute(LowerCtx& ctx, Ref r, const std::vector<int64_t>& dims, std::vector<int64_t> to_shape) {
    return ctx.op("permute", {{0, r}, {1, dims}}, std::move(to_shape), ctx.value(r).dtype);
}

// NCHW `r` as NHWC, and NHWC `r` back as NCHW of shape `nchw`.
inline Ref in(LowerCtx& ctx, Ref r) {
    return permute(ctx, r, kFromNchw, shape(ctx.value(r).shape));
}
inline Ref out(LowerCtx& ctx, Ref r, const std::vector<int64_t>& nchw) {
    return permute(ctx, r, kToNchw, nchw);
}

// A 2-entry list from torch's (h, w) argument; one value means both, none means `fallback`.
inline std::vector<int64_t> pair(const LowerCtx& ctx, std::string_view arg, std::vector<int64_t> fallback) {
    std::vector<int64_t> v = ctx.ints(arg);
    if (v.empty())
        return fallback;
    return v.size() == 1 ? std::vector<int64_t>{v[0], v[0]} : v;
}

// The parameters ttnn's max_pool2d family takes after its tensors, for an NCHW input of shape `in`.
inline std::vector<OpArg> pool_params(const LowerCtx& ctx, const std::vector<int64_t>& in) {
    const std::vector<int64_t> kernel = pair(ctx, "kernel_size", {1, 1});
    return {{"batch_size", in[0]},
            {"input_h", in[2]},
            {"input_w", in[3]},
            {"channels", in[1]},
            {"kernel_size", kernel},
            {"stride", pair(ctx, "stride", kernel)},
            {"padding", pair(ctx, "padding", {0, 0})},
            {"dilation", pair(ctx, "dilation", {1, 1})},
            {"ceil_mode", ctx.flag("ceil_mode")}};
}

}  // namespace torch_ttnn::nhwc
