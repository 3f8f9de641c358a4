// as_strided over a dense input (the frontend marks self_is_dense from FX's fake tensor: contiguous, at the
// start of its storage), so element i of the storage is element i of the IR value; or over a permuted view of
// one (self_strides, self_storage_offset), permuted back into storage order first. Strides that are the
// contiguous ones of the size are a reshape (a slice first for a storage offset); any other (overlapping
// windows, repeats, permuted strides) is a gather of the flattened input at the positions
// offset + sum(i_k * stride_k), built from constant aranges that constant folding evaluates once.
#include <algorithm>

#include "compiler/lowering/rule.hpp"

namespace torch_ttnn {
namespace {

int64_t volume(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

bool contiguous(const std::vector<int64_t>& size, const std::vector<int64_t>& stride) {
    int64_t expected = 1;
    for (size_t k = size.size(); k-- > 0;) {
        if (size[k] != 1 && stride[k] != expected)
            return false;
        expected *= size[k];
    }
    return true;
}

// The dims of self from the largest stride down, when self is a permuted view of a dense tensor that starts
// its storage (Longformer's chunked attention transposes before as_strided): self permuted so is the storage
// in order. Empty when self is not such a view; the identity when it is dense.
std::vector<int64_t> storage_order(const LowerCtx& ctx) {
    const std::vector<int64_t>& shape = ctx.shape("self");
    std::vector<int64_t> order(shape.size());
    for (size_t k = 0; k < order.size(); ++k)
        order[k] = static_cast<int64_t>(k);
    if (ctx.flag("self_is_dense"))
        return order;
    if (!ctx.has("self_strides") || ctx.integer("self_storage_offset", -1) != 0)
        return {};
    const std::vector<int64_t> strides = ctx.ints("self_strides");
    if (strides.size() != shape.size())
        return {};
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return strides[static_cast<size_t>(a)] > strides[static_cast<size_t>(b)];
    });
    std::vector<int64_t> permuted_shape, permuted_strides;
    for (int64_t d : order) {
        permuted_shape.push_back(shape[static_cast<size_t>(d)]);
        permuted_strides.push_back(strides[static_cast<size_t>(d)]);
    }
    return contiguous(permuted_shape, permuted_strides) ? order : std::vector<int64_t>{};
}

bool as_strided_guard(const LowerCtx& ctx) {
    const std::vector<int64_t> size = ctx.ints("size"), stride = ctx.ints("stride");
    if (storage_order(ctx).empty() || ctx.options().device == nullptr || size.size() != stride.size())
        return false;
    int64_t last = ctx.integer("storage_offset", 0);  // the largest storage position read
    for (size_t k = 0; k < size.size(); ++k) {
        if (stride[k] < 0)
            return false;
        last += (size[k] - 1) * stride[k];
    }
    return ctx.integer("storage_offset", 0) >= 0 && last < volume(ctx.shape("self"));
}

bool as_strided(LowerCtx& ctx) {
    const std::vector<int64_t> size = ctx.ints("size"), stride = ctx.ints("stride");
    const int64_t offset = ctx.integer("storage_offset", 0), n = volume(size);
    const std::vector<int64_t> order = storage_order(ctx);
    Ref self = ctx.tensor("self");
    if (!std::is_sorted(order.begin(), order.end())) {
        std::vector<int64_t> permuted;
        for (int64_t d : order)
            permuted.push_back(ctx.shape("self")[static_cast<size_t>(d)]);
        self = ctx.op("permute", {{0, self}, {1, order}}, permuted, ctx.value(self).dtype);
    }
    const Ref flat = ctx.reshape(self, {volume(ctx.shape("self"))});
    if (contiguous(size, stride)) {
        ctx.set(0, ctx.reshape(ctx.slice(flat, 0, offset, offset + n), size));
        return true;
    }
    // positions = offset + sum over k of arange(size_k) * stride_k, broadcast along dim k.
    const ttnn::Arg device(ctx.options().device);
    Ref positions{};
    for (size_t k = 0; k < size.size(); ++k) {
        std::vector<int64_t> along(size.size(), 1);
        along[k] = size[k];
        const int64_t start = k == 0 ? offset : 0;
        // arange cannot step by 0 (a repeat) nor make one value of a zero-length range: a constant then.
        const Ref term =
            stride[k] == 0 || size[k] == 1
                ? ctx.op("full",
                         {{0, along}, {"fill_value", start}, {"dtype", ttnn::DataType::INT32}, {"device", device}},
                         along,
                         ScalarType::INT32)
                : ctx.reshape(ctx.op("arange",
                                     {{"start", start},
                                      {"end", start + size[k] * stride[k]},
                                      {"step", stride[k]},
                                      {"dtype", ttnn::DataType::INT32},
                                      {"device", device}},
                                     {size[k]},
                                     ScalarType::INT32),
                              along);
        if (positions.id < 0) {
            positions = term;
            continue;
        }
        std::vector<int64_t> shape(size.size(), 1);
        for (size_t j = 0; j <= k; ++j)
            shape[j] = size[j];
        positions = ctx.op("add", {{0, positions}, {1, term}}, shape, ScalarType::INT32);
    }
    const Ref index = ctx.reshape(positions, {n});
    const Ref gathered = ctx.op(
        "index", {{0, flat}, {"indices", RefList{index}}, {"dims", std::vector<int64_t>{0}}}, {n}, ctx.out().dtype);
    ctx.set(0, ctx.reshape(gathered, size));
    return true;
}

}  // namespace

void add_strided_rules(RuleTable& rules) {
    rules.push_back({"aten.as_strided.default", "index", as_strided_guard, as_strided});
}

}  // namespace torch_ttnn
