// Registry entries of the reductions (reduction.cpp, reduction_index.cpp): float dtypes, both layouts; sum,
// max, min, argmax, argmin and cumsum also int32/uint32 (exact integer arithmetic).
#include "ops/families.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/reduction.hpp"

namespace ttnn::ops {
namespace {

ReduceOptions reduce_options(const OpArgs& a) {
    return {.dim = a.optional_int_list("dim"),
            .keepdim = a.flag_or("keepdim", false),
            .memory_config = a.memory_config("memory_config")};
}

// torch's `correction` (a number; TT-NN passes a bool) and the older `unbiased` flag; at most one.
double correction_of(const OpArgs& a) {
    TTNN_CHECK(
        !(a.has("correction") && a.has("unbiased")), VALUE, "ttnn.", a.op(), ": pass correction or unbiased, not both");
    if (a.has("unbiased"))
        return a.flag_or("unbiased", true) ? 1.0 : 0.0;
    return a.scalar_or("correction", 1.0);
}

template <Tensor (*Fn)(const Tensor&, const ReduceOptions&)>
OpOutputs run_reduce(const OpArgs& a) {
    return {Fn(a.tensor("input_tensor"), reduce_options(a))};
}

OpOutputs run_var(const OpArgs& a) {
    return {var(a.tensor("input_tensor"), reduce_options(a), correction_of(a))};
}
OpOutputs run_std(const OpArgs& a) {
    return {std_dev(a.tensor("input_tensor"), reduce_options(a), correction_of(a))};
}

// dtype: the input is converted to it first, then accumulated (torch's and TT-NN's dtype=); `out`, TT-NN's
// preallocated output, is written by the registry.
template <Tensor (*Fn)(const Tensor&, int64_t, const std::optional<MemoryConfig>&, bool)>
OpOutputs run_accumulation(const OpArgs& a) {
    const Tensor& input = a.tensor("input_tensor");
    const std::optional<DataType> dtype = a.dtype("dtype");
    const Tensor source = dtype && *dtype != input.dtype() ? typecast(input, *dtype) : input;
    return {Fn(source, a.integer("dim"), a.memory_config("memory_config"), a.flag_or("reverse_order", false))};
}

OpOutputs run_topk(const OpArgs& a) {
    return topk(a.tensor("input_tensor"),
                a.integer("k"),
                {.dim = a.integer_or("dim", -1),
                 .largest = a.flag_or("largest", true),
                 .sorted = a.flag_or("sorted", true),
                 .memory_config = a.memory_config("memory_config")});
}

OpOutputs run_sum_to_shape(const OpArgs& a) {
    return {sum_to_shape(a.tensor("input_tensor"), a.int_list("shape"), a.memory_config("memory_config"))};
}

const Param kInput{"input_tensor", ArgKind::TENSOR, true};
const Param kMemoryConfig{"memory_config", ArgKind::MEMORY_CONFIG};

constexpr DTypeSet kWithInt32{
    DataType::BFLOAT16, DataType::FLOAT32, DataType::BFLOAT8_B, DataType::BFLOAT4_B, DataType::INT32, DataType::UINT32};

OpInfo reduction(std::string_view name,
                 std::string_view doc,
                 std::vector<Param> params,
                 OpInvoke invoke,
                 DTypeSet dtypes = FLOAT_DTYPES) {
    return family_op("reduction", name, doc, std::move(params), dtypes, invoke);
}

OpInfo dim_reduction(std::string_view name, std::string_view doc, OpInvoke invoke, DTypeSet dtypes = FLOAT_DTYPES) {
    return reduction(
        name, doc, {kInput, {"dim", ArgKind::INT_LIST}, {"keepdim", ArgKind::BOOL}, kMemoryConfig}, invoke, dtypes);
}

}  // namespace

void register_reduction_ops(std::vector<OpInfo>& ops) {
    ops.push_back(dim_reduction("sum",
                                "Sum over dim (an int, a list, or None for all), fp32 accumulation; int32/uint32 "
                                "add exactly, wrapping modulo 2^32 (torch sums int64, so huge sums differ).",
                                run_reduce<sum>,
                                kWithInt32));
    ops.push_back(dim_reduction("mean", "Mean over dim (an int, a list, or None for all).", run_reduce<mean>));
    ops.push_back(
        dim_reduction("max", "Largest value over dim (values only; NaN propagates).", run_reduce<max>, kWithInt32));
    ops.push_back(
        dim_reduction("min", "Smallest value over dim (values only; NaN propagates).", run_reduce<min>, kWithInt32));
    ops.push_back(dim_reduction("prod", "Product over dim.", run_reduce<prod>));
    ops.push_back(dim_reduction(
        "all", "1 where every element over dim is non-zero, else 0, in the input dtype.", run_reduce<all>));
    ops.push_back(dim_reduction(
        "any", "1 where some element over dim is non-zero, else 0, in the input dtype.", run_reduce<any>));
    ops.push_back(dim_reduction("argmax",
                                "uint32 index of the largest value over dim (None: flattened); first wins.",
                                run_reduce<argmax>,
                                kWithInt32));
    ops.push_back(dim_reduction("argmin",
                                "uint32 index of the smallest value over dim (None: flattened); first wins.",
                                run_reduce<argmin>,
                                kWithInt32));
    const std::vector<Param> var_params{kInput,
                                        {"dim", ArgKind::INT_LIST},
                                        {"keepdim", ArgKind::BOOL},
                                        {"correction", ArgKind::SCALAR},
                                        {"unbiased", ArgKind::BOOL},
                                        kMemoryConfig};
    ops.push_back(reduction(
        "var", "Variance over dim, divided by N - correction (default 1), as torch.var.", var_params, run_var));
    ops.push_back(reduction("std", "Standard deviation over dim, with torch.std's correction.", var_params, run_std));
    const std::vector<Param> accumulation{kInput,
                                          {"dim", ArgKind::INT, true},
                                          kMemoryConfig,
                                          {"dtype", ArgKind::DTYPE},
                                          {"reverse_order", ArgKind::BOOL, false, {}, 0.0},
                                          {"out", ArgKind::TENSOR}};
    ops.push_back(reduction("cumsum",
                            "Running sum along dim, accumulated in fp32; int32/uint32 exactly, wrapping modulo 2^32; "
                            "reverse_order runs from the end.",
                            accumulation,
                            run_accumulation<cumsum>,
                            kWithInt32));
    ops.push_back(reduction("cumprod",
                            "Running product along dim, accumulated in fp32; int32/uint32 wrapping modulo 2^32; "
                            "reverse_order runs from the end (torch.cumprod).",
                            accumulation,
                            run_accumulation<cumprod>,
                            kWithInt32));
    OpInfo topk_entry = reduction("topk",
                                  "The k largest (or smallest) values along dim and their uint32 indices.",
                                  {kInput,
                                   {"k", ArgKind::INT, true},
                                   {"dim", ArgKind::INT},
                                   {"largest", ArgKind::BOOL},
                                   {"sorted", ArgKind::BOOL},
                                   kMemoryConfig},
                                  run_topk);
    topk_entry.num_outputs = 2;
    ops.push_back(topk_entry);
    ops.push_back(reduction("sum_to_shape",
                            "Sums a broadcast result back to shape (the gradient of a broadcast).",
                            {kInput, {"shape", ArgKind::INT_LIST, true}, kMemoryConfig},
                            run_sum_to_shape));
}

}  // namespace ttnn::ops
