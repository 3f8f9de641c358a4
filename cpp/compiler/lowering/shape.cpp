// Shape and data-movement overloads: views become ttnn.reshape (the aten output shape says the result, so
// -1 and squeezes need no arithmetic here), transposes and permutes, concat, slices, repeats.
#include <algorithm>

#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

bool to_output_shape(LowerCtx& ctx) {
    ctx.set(0, ctx.reshape(ctx.tensor("self"), ctx.out().shape));
    return true;
}

bool transpose_dims(LowerCtx& ctx, int64_t d0, int64_t d1) {
    if (d0 == d1) {
        ctx.set(0, ctx.tensor("self"));
        return true;
    }
    ctx.set(0, ctx.op("transpose", {{0, ctx.tensor("self")}, {1, d0}, {2, d1}}));
    return true;
}

bool transpose(LowerCtx& ctx) {
    const int64_t r = ctx.rank("self");
    return transpose_dims(ctx, ctx.dim("dim0", r), ctx.dim("dim1", r));
}

// aten.t of a rank 0 or 1 tensor is the identity.
bool t(LowerCtx& ctx) {
    return ctx.rank("self") < 2 ? transpose_dims(ctx, 0, 0) : transpose_dims(ctx, 0, 1);
}

bool permute(LowerCtx& ctx) {
    std::vector<int64_t> dims = ctx.ints("dims");
    for (int64_t& d : dims)
        d = d < 0 ? d + ctx.rank("self") : d;
    ctx.set(0, ctx.op("permute", {{0, ctx.tensor("self")}, {1, dims}}));
    return true;
}

bool expand(LowerCtx& ctx) {
    const Ref in = ctx.reshape(ctx.tensor("self"), [&] {
        std::vector<int64_t> s(ctx.out().shape.size() - ctx.shape("self").size(), 1);
        s.insert(s.end(), ctx.shape("self").begin(), ctx.shape("self").end());
        return s;
    }());
    ctx.set(0, ctx.op("expand", {{0, in}, {1, ctx.out().shape}}));
    return true;
}

// Without ttnn.expand, an expand of size-1 dims is a repeat.
bool expand_as_repeat(LowerCtx& ctx) {
    const std::vector<int64_t>& out = ctx.out().shape;
    std::vector<int64_t> in(out.size() - ctx.shape("self").size(), 1);
    in.insert(in.end(), ctx.shape("self").begin(), ctx.shape("self").end());
    std::vector<int64_t> reps(out.size());
    for (size_t i = 0; i < out.size(); ++i)
        reps[i] = in[i] == out[i] ? 1 : out[i];
    const Ref r = ctx.reshape(ctx.tensor("self"), in);
    ctx.set(0, ctx.op("repeat", {{0, r}, {1, reps}}));
    return true;
}

// torch's repeat may add leading dims; ttnn.repeat wants one entry per dim.
bool repeat(LowerCtx& ctx) {
    const std::vector<int64_t> reps = ctx.ints("repeats");
    std::vector<int64_t> in(reps.size() - ctx.shape("self").size(), 1);
    in.insert(in.end(), ctx.shape("self").begin(), ctx.shape("self").end());
    const Ref r = ctx.reshape(ctx.tensor("self"), in);
    ctx.set(0, ctx.op("repeat", {{0, r}, {1, reps}}));
    return true;
}

// ttnn.concat joins tensors of one dtype; torch.cat promotes mixed ones, which stays on the host.
bool one_dtype(const LowerCtx& ctx) {
    const RefList parts = ctx.tensors("tensors");
    return std::all_of(
        parts.begin(), parts.end(), [&](Ref r) { return r.id < 0 || ctx.value(r).dtype == ctx.out().dtype; });
}

// A cat's empty parts are dropped before lowering (passes/empty_operands.cpp); a concat of one part is that part.
bool cat(LowerCtx& ctx) {
    const RefList parts = ctx.tensors("tensors");
    if (parts.size() == 1) {
        ctx.set(0, parts[0]);
        return true;
    }
    ctx.set(0, ctx.op("concat", {{0, parts}, {"dim", ctx.dim("dim", static_cast<int64_t>(ctx.out().shape.size()))}}));
    return true;
}

int64_t clamp_index(int64_t i, int64_t size) {
    if (i < 0)
        i += size;
    return std::min(std::max<int64_t>(i, 0), size);
}

bool slice(LowerCtx& ctx) {
    const int64_t dim = ctx.dim("dim", ctx.rank("self"));
    const int64_t size = ctx.shape("self")[static_cast<size_t>(dim)];
    const int64_t start = clamp_index(ctx.integer("start", 0), size);
    const int64_t end = clamp_index(ctx.has("end") ? ctx.integer("end") : size, size);
    if (start == 0 && end == size && ctx.integer("step", 1) == 1) {
        ctx.set(0, ctx.tensor("self"));
        return true;
    }
    ctx.set(0, ctx.slice(ctx.tensor("self"), dim, start, end, ctx.integer("step", 1)));
    return true;
}

bool select(LowerCtx& ctx) {
    const int64_t dim = ctx.dim("dim", ctx.rank("self"));
    const int64_t index = clamp_index(ctx.integer("index"), ctx.shape("self")[static_cast<size_t>(dim)]);
    ctx.set(0, ctx.reshape(ctx.slice(ctx.tensor("self"), dim, index, index + 1), ctx.out().shape));
    return true;
}

// split and split_with_sizes: one slice per output.
bool split(LowerCtx& ctx) {
    const int64_t dim = ctx.dim("dim", ctx.rank("self"));
    int64_t start = 0;
    for (size_t k = 0; k < ctx.num_outputs(); ++k) {
        const int64_t len = ctx.out(k).shape[static_cast<size_t>(dim)];
        if (ctx.output_used(k))
            ctx.set(k, ctx.slice(ctx.tensor("self"), dim, start, start + len));
        start += len;
    }
    return true;
}

bool stack(LowerCtx& ctx) {
    ctx.set(
        0,
        ctx.op("stack",
               {{0, ctx.tensors("tensors")}, {"dim", ctx.dim("dim", static_cast<int64_t>(ctx.out().shape.size()))}}));
    return true;
}

// unbind: one slice per index along dim, each without that dim.
bool unbind(LowerCtx& ctx) {
    const int64_t dim = ctx.dim("dim", ctx.rank("self"));
    for (size_t k = 0; k < ctx.num_outputs(); ++k) {
        const int64_t i = static_cast<int64_t>(k);
        if (ctx.output_used(k))
            ctx.set(k, ctx.reshape(ctx.slice(ctx.tensor("self"), dim, i, i + 1), ctx.out(k).shape));
    }
    return true;
}

// constant_pad_nd's pad list is torch.nn.functional.pad's: (front, back) pairs from the last dim backwards,
// possibly fewer than the rank. ttnn.pad takes TT-NN's pairs for every dim, first dim first; negative entries
// crop in both.
bool constant_pad(LowerCtx& ctx) {
    const std::vector<int64_t> torch_pad = ctx.ints("pad");
    const size_t rank = static_cast<size_t>(ctx.rank("self"));
    if (torch_pad.size() % 2 != 0 || torch_pad.size() > 2 * rank)
        return ctx.fail("pad is not (front, back) pairs for at most every dim");
    std::vector<int64_t> pairs(2 * rank, 0);
    for (size_t k = 0; 2 * k < torch_pad.size(); ++k) {
        const size_t dim = rank - 1 - k;
        pairs[2 * dim] = torch_pad[2 * k];
        pairs[2 * dim + 1] = torch_pad[2 * k + 1];
    }
    ctx.set(0, ctx.op("pad", {{0, ctx.tensor("self")}, {"padding", pairs}, {"value", ctx.number("value", 0.0)}}));
    return true;
}

bool roll(LowerCtx& ctx) {
    ctx.set(0, ctx.op("roll", {{0, ctx.tensor("self")}, {"shifts", ctx.ints("shifts")}, {"dims", ctx.ints("dims")}}));
    return true;
}

// tril and triu: the target op keeps one triangle of the last two dims.
bool triangle(LowerCtx& ctx) {
    ctx.set(0, ctx.op(ctx.target_op(), {{0, ctx.tensor("self")}, {"diagonal", ctx.integer("diagonal", 0)}}));
    return true;
}

// flip reverses each named dim: an index_select of the positions n-1 down to 0, one dim after another.
bool flip(LowerCtx& ctx) {
    Ref result = ctx.tensor("self");
    const ttnn::Arg device(ctx.options().device);
    for (int64_t d : ctx.ints("dims")) {
        const int64_t dim = d < 0 ? d + ctx.rank("self") : d;
        const int64_t n = ctx.shape("self")[static_cast<size_t>(dim)];
        if (n <= 1)
            continue;
        const Ref positions = ctx.op("arange",
                                     {{"start", n - 1},
                                      {"end", int64_t{-1}},
                                      {"step", int64_t{-1}},
                                      {"dtype", ttnn::DataType::INT32},
                                      {"device", device}},
                                     {n},
                                     ScalarType::INT32);
        result =
            ctx.op("index_select", {{0, result}, {"dim", dim}, {"index", positions}}, ctx.out().shape, ctx.out().dtype);
    }
    ctx.set(0, result.id == ctx.tensor("self").id ? ctx.op("clone", {{0, result}}) : result);
    return true;
}

bool has_device(const LowerCtx& ctx) {
    return ctx.options().device != nullptr;
}

}  // namespace

void add_shape_rules(RuleTable& rules) {
    for (std::string_view aten : {"aten.view.default",
                                  "aten._unsafe_view.default",
                                  "aten.reshape.default",
                                  "aten.squeeze.dim",
                                  "aten.squeeze.dims",
                                  "aten.squeeze.default",
                                  "aten.unsqueeze.default",
                                  "aten.flatten.using_ints"}) {
        rules.push_back({aten, "reshape", nullptr, to_output_shape});
    }
    rules.push_back({"aten.t.default", "transpose", nullptr, t});
    rules.push_back({"aten.transpose.int", "transpose", nullptr, transpose});
    rules.push_back({"aten.permute.default", "permute", nullptr, permute});
    rules.push_back({"aten.expand.default", "expand", nullptr, expand});
    rules.push_back({"aten.expand.default", "repeat", nullptr, expand_as_repeat});
    rules.push_back({"aten.repeat.default", "repeat", nullptr, repeat});
    rules.push_back({"aten.cat.default", "concat", one_dtype, cat});
    rules.push_back({"aten.slice.Tensor", "slice", nullptr, slice});
    rules.push_back({"aten.select.int", "slice", nullptr, select});
    rules.push_back({"aten.split.Tensor", "slice", nullptr, split});
    rules.push_back({"aten.split_with_sizes.default", "slice", nullptr, split});
    rules.push_back({"aten.stack.default", "stack", nullptr, stack});
    rules.push_back({"aten.unbind.int", "slice", nullptr, unbind});
    rules.push_back({"aten.constant_pad_nd.default", "pad", nullptr, constant_pad});
    rules.push_back({"aten.roll.default", "roll", nullptr, roll});
    rules.push_back({"aten.tril.default", "tril", nullptr, triangle});
    rules.push_back({"aten.triu.default", "triu", nullptr, triangle});
    rules.push_back({"aten.flip.default", "index_select", has_device, flip});
}

}  // namespace torch_ttnn
