// Registry entries of the indexing ops; the ops are in indexing_index.cpp (index, index_put, index_select,
// embedding) and indexing_scatter.cpp (gather, scatter), over the strided views of ops/indexing_view.hpp.
// Kernels: scalar only. These ops move single elements (or whole rows with memcpy, the fast case already), so
// AVX2 would only help gather-style loads, which are not where the models spend time.
#include "ttnn/ops/indexing.hpp"
#include "ops/families.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/data_movement.hpp"
#include "ttnn/ops/eltwise.hpp"

namespace ttnn::ops {
namespace {

constexpr DTypeSet INDEX_DTYPES{DataType::INT32, DataType::UINT32};
constexpr DTypeSet DATA_DTYPES{DataType::BFLOAT16, DataType::FLOAT32, DataType::INT32, DataType::UINT32};

// TT-NN's embeddings_type: "generic" looks rows up; "padded" also gives zeros for ids equal to padding_idx;
// "binary" is a lookup in a two-row table.
Tensor zero_padding_rows(const Tensor& ids, const Tensor& out, int64_t padding_idx) {
    const Tensor id_values = to_layout(typecast(ids, DataType::FLOAT32), out.layout());
    const Tensor is_pad = unsqueeze(binary(BinaryOpType::EQ, id_values, static_cast<double>(padding_idx)), -1);
    return where(is_pad, 0.0, out);
}

OpOutputs run_embedding(const OpArgs& a) {
    EmbeddingOptions options;
    options.padding_idx = a.optional_integer("padding_idx");
    options.layout = a.layout("layout").value_or(Layout::ROW_MAJOR);
    options.dtype = a.dtype("dtype");
    options.memory_config = a.memory_config("memory_config");
    const std::string type = a.string_or("embeddings_type", "generic");
    TTNN_CHECK(type == "generic" || type == "padded" || type == "binary",
               VALUE,
               "ttnn.embedding: unknown embeddings_type; expected GENERIC, PADDED or BINARY, got '",
               type,
               "'");
    const Tensor& weight = a.tensor("weight");
    TTNN_CHECK(type != "binary" || weight.logical_shape()[0] == 2,
               VALUE,
               "ttnn.embedding: a BINARY embedding needs a two-row weight; got shape ",
               weight.logical_shape().to_string());
    TTNN_CHECK(type != "padded" || options.padding_idx.has_value(),
               VALUE,
               "ttnn.embedding: a PADDED embedding needs padding_idx; got None");
    Tensor out = embedding(a.tensor("input_tensor"), weight, options);
    return {type == "padded" ? zero_padding_rows(a.tensor("input_tensor"), out, *options.padding_idx) : out};
}

OpOutputs run_gather(const OpArgs& a) {
    return {gather(a.tensor("input_tensor"), a.integer("dim"), a.tensor("index"), a.memory_config("memory_config"))};
}

OpOutputs run_index_select(const OpArgs& a) {
    return {
        index_select(a.tensor("input_tensor"), a.integer("dim"), a.tensor("index"), a.memory_config("memory_config"))};
}

OpOutputs run_index(const OpArgs& a) {
    return {
        index(a.tensor("input_tensor"), a.tensors("indices"), a.int_list("dims"), a.memory_config("memory_config"))};
}

OpOutputs run_index_put(const OpArgs& a) {
    return {index_put(a.tensor("input_tensor"),
                      a.tensors("indices"),
                      a.int_list("dims"),
                      a.tensor("values"),
                      a.flag_or("accumulate", false),
                      a.memory_config("memory_config"))};
}

ScatterReduce scatter_reduce(const OpArgs& a) {
    const std::string reduce = a.string_or("reduce", "none");
    if (reduce == "none")
        return ScatterReduce::NONE;
    TTNN_CHECK(reduce == "add" || reduce == "sum",
               VALUE,
               "ttnn.scatter: unsupported reduce; expected 'none', 'add' or 'sum', got '",
               reduce,
               "'");
    return ScatterReduce::ADD;
}

OpOutputs run_scatter(const OpArgs& a) {
    const Tensor& input = a.tensor("input_tensor");
    const int64_t dim = a.integer("dim");
    const Tensor& index_tensor = a.tensor("index");
    if (a.is_tensor("src")) {
        return {
            scatter(input, dim, index_tensor, a.tensor("src"), scatter_reduce(a), a.memory_config("memory_config"))};
    }
    return {scatter(input, dim, index_tensor, a.scalar("src"), scatter_reduce(a), a.memory_config("memory_config"))};
}

}  // namespace

void register_indexing_ops(std::vector<OpInfo>& ops) {
    const Param input{"input_tensor", ArgKind::TENSOR, true};
    const Param dim{"dim", ArgKind::INT, true};
    const Param index_param{"index", ArgKind::TENSOR, true, INDEX_DTYPES};
    const Param indices{"indices", ArgKind::TENSOR_LIST, true, INDEX_DTYPES};
    const Param dims{"dims", ArgKind::INT_LIST, true};
    const Param memory_config{"memory_config", ArgKind::MEMORY_CONFIG};
    ops.push_back({.name = "embedding",
                   .family = "indexing",
                   .golden = "embedding",
                   .doc = "Rows of weight [num_embeddings, hidden] picked by integer indices: [..., hidden] "
                          "(ROW_MAJOR unless layout says otherwise).",
                   .params = {{"input_tensor", ArgKind::TENSOR, true, INDEX_DTYPES},
                              {"weight", ArgKind::TENSOR, true, {DataType::BFLOAT16, DataType::FLOAT32}},
                              {"padding_idx", ArgKind::INT},
                              {"layout", ArgKind::LAYOUT},
                              {"dtype", ArgKind::DTYPE},
                              memory_config,
                              {"embeddings_type", ArgKind::STRING},
                              {"output_tensor", ArgKind::TENSOR},
                              {"queue_id", ArgKind::INT}},
                   .dtypes = DATA_DTYPES,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_embedding});
    ops.push_back({.name = "gather",
                   .family = "indexing",
                   .golden = "gather",
                   .doc = "torch.gather: values of input along dim at the positions of index (output has the "
                          "index's shape).",
                   .params = {input, dim, index_param, {"sparse_grad", ArgKind::BOOL}, memory_config},
                   .dtypes = DATA_DTYPES,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_gather});
    ops.push_back({.name = "index_select",
                   .family = "indexing",
                   .golden = "index_select",
                   .doc = "torch.index_select (aten name; TT-NN has none): the slices of dim listed by a 1-D index.",
                   .params = {input, dim, index_param, memory_config},
                   .dtypes = DATA_DTYPES,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_index_select});
    ops.push_back({.name = "index",
                   .family = "indexing",
                   .golden = "index",
                   .doc = "aten.index.Tensor (aten name): indices[k] indexes dim dims[k]; index tensors broadcast, "
                          "negative indices count from the end.",
                   .params = {input, indices, dims, memory_config},
                   .dtypes = DATA_DTYPES,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_index});
    ops.push_back(
        {.name = "index_put",
         .family = "indexing",
         .golden = "index_put",
         .doc = "aten.index_put (aten name): a copy of input with values written (or, with accumulate, "
                "summed) at the positions index would read.",
         .params =
             {input, indices, dims, {"values", ArgKind::TENSOR, true}, {"accumulate", ArgKind::BOOL}, memory_config},
         .dtypes = DATA_DTYPES,
         .layouts = BOTH_LAYOUTS,
         .invoke = run_index_put});
    ops.push_back({.name = "scatter",
                   .family = "indexing",
                   .golden = "scatter",
                   .doc = "torch.scatter: a copy of input with src (a tensor or a number) written along dim at "
                          "index; reduce='add' sums instead.",
                   .params = {input,
                              dim,
                              index_param,
                              {"src", ArgKind::TENSOR_OR_SCALAR, true},
                              {"reduce", ArgKind::STRING},
                              memory_config},
                   .dtypes = DATA_DTYPES,
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_scatter});
}

}  // namespace ttnn::ops
