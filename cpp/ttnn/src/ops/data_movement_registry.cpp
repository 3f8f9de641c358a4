// Registry entries of the data-movement ops (data_movement.cpp, data_movement_shape.cpp). They move elements
// and never compute, so every dtype and both layouts are accepted.
#include <algorithm>

#include "ops/data_movement_views.hpp"
#include "ops/families.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/data_movement.hpp"

namespace ttnn::ops {
namespace {

// pad_value: what a TILE output's tile padding holds (TT-NN's; zero unless told).
OpOutputs run_permute(const OpArgs& a) {
    Tensor out = permute(a.tensor("input_tensor"), a.int_list("dims"), a.memory_config("memory_config"));
    const double pad_value = a.scalar_or("pad_value", 0.0);
    if (pad_value != 0.0 && out.layout() == Layout::TILE && !is_block_float(out.dtype()))
        out = fill_implicit_tile_padding(out, pad_value);
    return {out};
}
OpOutputs run_transpose(const OpArgs& a) {
    return {
        transpose(a.tensor("input_tensor"), a.integer("dim0"), a.integer("dim1"), a.memory_config("memory_config"))};
}
OpOutputs run_concat(const OpArgs& a) {
    return {concat(a.tensors("tensors"), a.integer_or("dim", 0), a.memory_config("memory_config"))};
}
OpOutputs run_stack(const OpArgs& a) {
    return {stack(a.tensors("tensors"), a.integer_or("dim", 0), a.memory_config("memory_config"))};
}
OpOutputs run_slice(const OpArgs& a) {
    return {slice(a.tensor("input_tensor"),
                  a.int_list("starts"),
                  a.int_list("ends"),
                  a.optional_int_list("steps").value_or(std::vector<int64_t>{}),
                  a.memory_config("memory_config"))};
}
OpOutputs run_split(const OpArgs& a) {
    return split(
        a.tensor("input_tensor"), a.int_list("split_size"), a.integer_or("dim", 0), a.memory_config("memory_config"));
}
OpOutputs run_repeat(const OpArgs& a) {
    return {repeat(a.tensor("input_tensor"), a.int_list("repeats"), a.memory_config("memory_config"))};
}
OpOutputs run_expand(const OpArgs& a) {
    return {expand(a.tensor("input_tensor"), a.int_list("shape"), a.memory_config("memory_config"))};
}
// repeat_interleave(x, r, dim): each slice along dim r times in a row (torch.repeat_interleave with an int): a
// new axis after dim expanded to r, then merged into dim.
OpOutputs run_repeat_interleave(const OpArgs& a) {
    const Tensor& input = a.tensor("input_tensor");
    const int64_t repeats = a.integer("repeats");
    TTNN_CHECK(repeats >= 0, VALUE, "ttnn.repeat_interleave: repeats must be non-negative; got ", repeats);
    const Shape& shape = input.logical_shape();
    const int64_t dim = normalize_dim("repeat_interleave", a.integer("dim"), shape.rank());
    std::vector<int64_t> merged(shape.dims().begin(), shape.dims().end());
    std::vector<int64_t> spread = merged;
    spread.insert(spread.begin() + dim + 1, repeats);
    merged[static_cast<size_t>(dim)] *= repeats;
    const Tensor wide = expand(unsqueeze(input, dim + 1), spread, a.memory_config("memory_config"));
    return {reshape(wide, merged)};
}
OpOutputs run_broadcast_to(const OpArgs& a) {
    return {expand(a.tensor("input"), a.int_list("sizes"), a.memory_config("memory_config"))};
}
// TT-NN's padding is one (front, back) pair per dim, first dim first (the binding flattens the pairs); the
// kernel takes torch.nn.functional.pad's order, last dim first.
OpOutputs run_pad(const OpArgs& a) {
    const Tensor& input = a.tensor("input_tensor");
    const std::vector<int64_t> pairs = a.int_list("padding");
    const size_t rank = static_cast<size_t>(input.logical_shape().rank());
    TTNN_CHECK(pairs.size() == 2 * rank,
               VALUE,
               "ttnn.pad: padding must be one (front, back) pair per dim, first dim first; expected ",
               rank,
               " pairs, got ",
               pairs.size(),
               " values");
    std::vector<int64_t> torch_order;
    for (size_t d = rank; d-- > 0;)
        torch_order.insert(torch_order.end(), {pairs[2 * d], pairs[2 * d + 1]});
    return {pad(input, torch_order, a.scalar_or("value", 0.0), a.memory_config("memory_config"))};
}
// ttnn.chunk: torch.chunk's sizes (ceil(n / chunks) each, so fewer than `chunks` pieces can come back).
OpOutputs run_chunk(const OpArgs& a) {
    const Tensor& input = a.tensor("input_tensor");
    const int64_t chunks = a.integer("chunks");
    TTNN_CHECK(chunks > 0, VALUE, "ttnn.chunk: chunks must be positive; got ", chunks);
    const int64_t rank = input.logical_shape().rank();
    int64_t dim = a.integer_or("dim", 0);
    TTNN_CHECK(dim >= -rank && dim < rank,
               INDEX,
               "ttnn.chunk: dim out of range; expected [",
               -rank,
               ", ",
               rank,
               "), got ",
               dim);
    dim = dim < 0 ? dim + rank : dim;
    const int64_t n = input.logical_shape()[static_cast<int>(dim)];
    const int64_t size = std::max<int64_t>(1, (n + chunks - 1) / chunks);
    return split(input, {size}, dim, a.memory_config("memory_config"));
}
OpOutputs run_squeeze(const OpArgs& a) {
    return {squeeze(a.tensor("input_tensor"), a.optional_int_list("dim"))};
}
OpOutputs run_unsqueeze(const OpArgs& a) {
    return {unsqueeze(a.tensor("input_tensor"), a.integer("dim"))};
}
OpOutputs run_roll(const OpArgs& a) {
    return {roll(a.tensor("input_tensor"),
                 a.int_list("shifts"),
                 a.optional_int_list("dims").value_or(std::vector<int64_t>{}),
                 a.memory_config("memory_config"))};
}
OpOutputs run_tril(const OpArgs& a) {
    return {tril(a.tensor("input_tensor"), a.integer_or("diagonal", 0), a.memory_config("memory_config"))};
}
OpOutputs run_triu(const OpArgs& a) {
    return {triu(a.tensor("input_tensor"), a.integer_or("diagonal", 0), a.memory_config("memory_config"))};
}

OpInfo movement(std::string_view name, std::string_view doc, std::vector<Param> params, OpInvoke invoke) {
    params.push_back({"memory_config", ArgKind::MEMORY_CONFIG});
    return family_op("data_movement", name, doc, std::move(params), ALL_DTYPES, invoke);
}

}  // namespace

void register_data_movement_ops(std::vector<OpInfo>& ops) {
    const Param input{"input_tensor", ArgKind::TENSOR, true};
    const Param tensors{"tensors", ArgKind::TENSOR_LIST, true};
    ops.push_back(movement("permute",
                           "Reorders the dims (torch.permute); pad_value fills a TILE output's tile padding.",
                           {input, {"dims", ArgKind::INT_LIST, true}, {"pad_value", ArgKind::SCALAR}},
                           run_permute));
    ops.push_back(movement("transpose",
                           "Swaps two dims (torch.transpose).",
                           {input, {"dim0", ArgKind::INT, true}, {"dim1", ArgKind::INT, true}},
                           run_transpose));
    ops.push_back(movement(
        "concat", "Joins tensors along an existing dim (torch.cat).", {tensors, {"dim", ArgKind::INT}}, run_concat));
    ops.push_back(movement("stack",
                           "Joins same-shaped tensors along a new dim (torch.stack).",
                           {tensors, {"dim", ArgKind::INT}},
                           run_stack));
    ops.push_back(movement(
        "slice",
        "Python slicing per dim: starts, ends, positive steps; negative indices count from the end.",
        {input, {"starts", ArgKind::INT_LIST, true}, {"ends", ArgKind::INT_LIST, true}, {"steps", ArgKind::INT_LIST}},
        run_slice));
    OpInfo split_entry = movement("split",
                                  "Splits into chunks of split_size, or into the listed sizes (torch.split).",
                                  {input, {"split_size", ArgKind::INT_LIST, true}, {"dim", ArgKind::INT}},
                                  run_split);
    split_entry.num_outputs = -1;
    ops.push_back(split_entry);
    OpInfo chunk_entry = movement("chunk",
                                  "Splits into `chunks` pieces of ceil(n / chunks) along dim (torch.chunk).",
                                  {input, {"chunks", ArgKind::INT, true}, {"dim", ArgKind::INT}},
                                  run_chunk);
    chunk_entry.num_outputs = -1;
    ops.push_back(chunk_entry);
    ops.push_back(movement("repeat",
                           "Tiles the tensor repeats[i] times along each dim (torch.Tensor.repeat).",
                           {input, {"repeats", ArgKind::INT_LIST, true}},
                           run_repeat));
    ops.push_back(movement("expand",
                           "Broadcasts size-1 dims to shape, materialised; -1 keeps a dim (torch.Tensor.expand).",
                           {input, {"shape", ArgKind::INT_LIST, true}},
                           run_expand));
    ops.push_back(movement("repeat_interleave",
                           "Repeats each slice along dim `repeats` times in a row (torch.repeat_interleave, int).",
                           {input, {"repeats", ArgKind::INT, true}, {"dim", ArgKind::INT, true}},
                           run_repeat_interleave));
    OpInfo broadcast_to = movement("experimental.broadcast_to",
                                   "Broadcasts size-1 dims to sizes, materialised (torch.broadcast_to).",
                                   {{"input", ArgKind::TENSOR, true}, {"sizes", ArgKind::INT_LIST, true}},
                                   run_broadcast_to);
    broadcast_to.params.push_back({"output", ArgKind::TENSOR});
    ops.push_back(broadcast_to);
    ops.push_back(movement(
        "pad",
        "Constant padding by one (front, back) pair per dim, first dim first (TT-NN's format); negative pads crop.",
        {input, {"padding", ArgKind::INT_LIST, true}, {"value", ArgKind::SCALAR}, {"use_multicore", ArgKind::BOOL}},
        run_pad));
    ops.push_back({.name = "squeeze",
                   .family = "data_movement",
                   .golden = "squeeze",
                   .doc = "Drops size-1 dims (all, or those in dim); shares the buffer where the layout allows.",
                   .params = {input, {"dim", ArgKind::INT_LIST}},
                   .dtypes = ALL_DTYPES,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_squeeze});
    ops.push_back({.name = "unsqueeze",
                   .family = "data_movement",
                   .golden = "unsqueeze",
                   .doc = "Inserts a size-1 dim at dim; shares the buffer where the layout allows.",
                   .params = {input, {"dim", ArgKind::INT, true}},
                   .dtypes = ALL_DTYPES,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_unsqueeze});
    ops.push_back(movement("roll",
                           "Rotates elements along dims by shifts; no dims rolls the flattened tensor (torch.roll).",
                           {input, {"shifts", ArgKind::INT_LIST, true}, {"dims", ArgKind::INT_LIST}},
                           run_roll));
    ops.push_back(movement("tril",
                           "Keeps the lower triangle of the last two dims (column - row <= diagonal), zeros the rest.",
                           {input, {"diagonal", ArgKind::INT}},
                           run_tril));
    ops.push_back(movement("triu",
                           "Keeps the upper triangle of the last two dims (column - row >= diagonal), zeros the rest.",
                           {input, {"diagonal", ArgKind::INT}},
                           run_triu));
}

}  // namespace ttnn::ops
