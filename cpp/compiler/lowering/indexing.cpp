// Lookups and indexed writes. Row gathers (embedding, index_select on dim 0 of a matrix) are ttnn.embedding;
// gather along a dim is ttnn.gather; x[i, j] is ttnn.index; x[i, j] = v and index_copy are ttnn.index_put.
#include <algorithm>

#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

bool embedding(LowerCtx& ctx) {
    ctx.set(0, ctx.op("embedding", {{0, ctx.tensor("indices")}, {1, ctx.tensor("weight")}}));
    return true;
}

// padding_idx only changes the gradient; the forward lookup is the same with or without it.
bool embedding_guard(const LowerCtx& ctx) {
    return ctx.rank("weight") == 2;
}

bool index_select_guard(const LowerCtx& ctx) {
    return ctx.rank("self") == 2 && ctx.dim("dim", 2) == 0;
}

bool index_select(LowerCtx& ctx) {
    ctx.set(0, ctx.op("embedding", {{0, ctx.tensor("index")}, {1, ctx.tensor("self")}}));
    return true;
}

bool gather(LowerCtx& ctx) {
    // torch takes a 0-d input with a 1-d index of one element; ttnn.gather wants index and input of one rank.
    if (ctx.rank("index") != ctx.rank("self"))
        return ctx.fail("index and input ranks differ (a 0-d input)");
    ctx.set(
        0,
        ctx.op("gather", {{0, ctx.tensor("self")}, {1, ctx.dim("dim", ctx.rank("self"))}, {2, ctx.tensor("index")}}));
    return true;
}

// The index tensors of x[i, j, ...] (None entries skip a dim) and the dims they index.
struct GivenIndices {
    RefList indices;
    std::vector<int64_t> dims;
};

GivenIndices given_indices(const LowerCtx& ctx) {
    GivenIndices given;
    const RefList all = ctx.tensors("indices");
    for (size_t d = 0; d < all.size(); ++d) {
        if (all[d].id < 0)
            continue;
        given.indices.push_back(all[d]);
        given.dims.push_back(static_cast<int64_t>(d));
    }
    return given;
}

// Integer index tensors only: boolean masks stay on the host.
bool integer_indices(const LowerCtx& ctx) {
    for (Ref r : ctx.tensors("indices")) {
        if (r.id >= 0 && !is_integral(ctx.value(r).dtype))
            return false;
    }
    return true;
}

// x[i, j, ...]: ttnn.index with the dims the indices name. Always ttnn.index, also for x[idx] on a matrix: torch
// counts a negative index from the end, which ttnn.index does and ttnn.embedding refuses (found by the fuzzer:
// x[idx - 7] raised).
bool index(LowerCtx& ctx) {
    const GivenIndices given = given_indices(ctx);
    ctx.set(0, ctx.op("index", {{0, ctx.tensor("self")}, {"indices", given.indices}, {"dims", given.dims}}));
    return true;
}

// x[i, j, ...] = values: ttnn.index_put with the dims the indices name.
bool index_put_guard(const LowerCtx& ctx) {
    return integer_indices(ctx) && !given_indices(ctx).dims.empty() && ctx.value("values").dtype == ctx.out().dtype;
}

bool index_put(LowerCtx& ctx) {
    const GivenIndices given = given_indices(ctx);
    ctx.set(0,
            ctx.op("index_put",
                   {{0, ctx.tensor("self")},
                    {"indices", given.indices},
                    {"dims", given.dims},
                    {"values", ctx.tensor("values")},
                    {"accumulate", ctx.flag("accumulate")}}));
    return true;
}

// x[mask] = v with one boolean mask over x's leading dims and a single value (Longformer's padding writes):
// where(mask, v, x), the mask given x's rank.
bool masked_put_guard(const LowerCtx& ctx) {
    const RefList all = ctx.tensors("indices");
    if (all.size() != 1 || all[0].id < 0 || ctx.flag("accumulate"))
        return false;
    const Value& mask = ctx.value(all[0]);
    const std::vector<int64_t>& self = ctx.shape("self");
    const Value& values = ctx.value("values");
    int64_t count = 1;
    for (int64_t d : values.shape)
        count *= d;
    return mask.dtype == ScalarType::BOOL && mask.shape.size() <= self.size() &&
           std::equal(mask.shape.begin(), mask.shape.end(), self.begin()) && count == 1 &&
           values.dtype == ctx.out().dtype;
}

bool masked_put(LowerCtx& ctx) {
    const Ref mask = ctx.tensors("indices")[0];
    std::vector<int64_t> ranked = ctx.value(mask).shape;
    ranked.resize(ctx.shape("self").size(), 1);
    const std::vector<int64_t> one(ctx.shape("self").size(), 1);
    ctx.set(
        0,
        ctx.op("where",
               {{0, ctx.reshape(mask, ranked)}, {1, ctx.reshape(ctx.tensor("values"), one)}, {2, ctx.tensor("self")}}));
    return true;
}

// cache.index_copy_(dim, positions, new) (transformers' StaticCache writes each step's keys this way):
// ttnn.index_put with the one index tensor on dim; the slices it names take source's values.
bool index_copy_guard(const LowerCtx& ctx) {
    return ctx.rank("self") >= 1 && ctx.rank("index") == 1 && is_integral(ctx.value(ctx.tensor("index")).dtype) &&
           ctx.value(ctx.tensor("source")).dtype == ctx.out().dtype;
}

bool index_copy(LowerCtx& ctx) {
    const std::vector<int64_t> dims = {ctx.dim("dim", ctx.rank("self"))};
    ctx.set(0,
            ctx.op("index_put",
                   {{0, ctx.tensor("self")},
                    {"indices", RefList{ctx.tensor("index")}},
                    {"dims", dims},
                    {"values", ctx.tensor("source")}}));
    return true;
}

bool no_sparse_grad(const LowerCtx& ctx) {
    return !ctx.flag("sparse_grad");
}

}  // namespace

void add_indexing_rules(RuleTable& rules) {
    rules.push_back({"aten.embedding.default", "embedding", embedding_guard, embedding});
    rules.push_back({"aten.index.Tensor", "index", integer_indices, index});
    rules.push_back({"aten._unsafe_index.Tensor", "index", integer_indices, index});
    rules.push_back({"aten.index_select.default", "embedding", index_select_guard, index_select});
    rules.push_back({"aten.gather.default", "gather", no_sparse_grad, gather});
    rules.push_back({"aten.index_copy.default", "index_put", index_copy_guard, index_copy});
    rules.push_back({"aten.index_put.default", "index_put", index_put_guard, index_put});
    rules.push_back({"aten.index_put.default", "where", masked_put_guard, masked_put});
}

}  // namespace torch_ttnn
