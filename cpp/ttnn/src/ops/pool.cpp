// Registry entries of the pool family (kernels in pool_ops.cpp and pool_resize.cpp), with TT-NN's parameter
// names: batch_size, input_h, input_w and channels describe a flattened [1, 1, N*H*W, C] input and are
// optional (checked against the shape) for an [N, H, W, C] one.
#include "ttnn/ops/pool.hpp"
#include "ops/conv_plan.hpp"
#include "ops/families.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

// TT-NN's padding: [ph, pw] or [top, bottom, left, right]; torch's windows need top == bottom, left == right.
std::array<uint32_t, 2> padding_arg(const OpArgs& a) {
    if (a.has("padding") && a.int_list("padding").size() == 4) {
        const std::vector<int64_t> v = a.int_list("padding");
        TTNN_CHECK(v[0] == v[1] && v[2] == v[3] && v[0] >= 0 && v[2] >= 0,
                   NOT_IMPLEMENTED,
                   "ttnn.",
                   a.op(),
                   ": only symmetric padding is supported; expected top == bottom and left == right, got [",
                   v[0],
                   ", ",
                   v[1],
                   ", ",
                   v[2],
                   ", ",
                   v[3],
                   "]");
        return {static_cast<uint32_t>(v[0]), static_cast<uint32_t>(v[2])};
    }
    return pair_arg(a, "padding", 0);
}

Pool2dParams pool_params(const OpArgs& a) {
    Pool2dParams p;
    const auto count = [&](std::string_view name) { return non_negative_arg(a, name, a.integer_or(name, 0)); };
    p.batch_size = count("batch_size");
    p.input_h = count("input_h");
    p.input_w = count("input_w");
    p.channels = count("channels");
    p.kernel_size = pair_arg(a, "kernel_size", 0);
    p.stride = pair_arg(a, "stride", 0);  // not given: the kernel size
    TTNN_CHECK(!a.has("stride") || (p.stride[0] > 0 && p.stride[1] > 0),
               VALUE,
               "ttnn.",
               a.op(),
               ": stride must be positive; got [",
               p.stride[0],
               ", ",
               p.stride[1],
               "]");
    p.padding = padding_arg(a);
    p.dilation = pair_arg(a, "dilation", 1);
    p.ceil_mode = a.flag_or("ceil_mode", false);
    p.count_include_pad = a.flag_or("count_include_pad", true);
    p.divisor_override = a.optional_integer("divisor_override");
    p.memory_config = a.memory_config("memory_config");
    return p;
}

Pool2dParams window_params(const OpArgs& a) {
    Pool2dParams p = pool_params(a);
    TTNN_CHECK(p.kernel_size[0] > 0 && p.kernel_size[1] > 0,
               VALUE,
               "ttnn.",
               a.op(),
               ": kernel_size is required and must be positive; got [",
               p.kernel_size[0],
               ", ",
               p.kernel_size[1],
               "]");
    return p;
}

OpOutputs run_max_pool2d(const OpArgs& a) {
    return {max_pool2d(a.tensor("input_tensor"), window_params(a))};
}

OpOutputs run_max_pool2d_with_indices(const OpArgs& a) {
    auto [values, indices] = max_pool2d_with_indices(a.tensor("input_tensor"), window_params(a));
    return {values, indices};
}

OpOutputs run_max_pool2d_backward(const OpArgs& a) {
    return {max_pool2d_backward(a.tensor("grad_output"), a.tensor("indices"), window_params(a))};
}

OpOutputs run_avg_pool2d(const OpArgs& a) {
    return {avg_pool2d(a.tensor("input_tensor"), window_params(a))};
}

OpOutputs run_global_avg_pool2d(const OpArgs& a) {
    return {global_avg_pool2d(a.tensor("input_tensor"), a.memory_config("memory_config"))};
}

OpOutputs run_adaptive_avg_pool2d(const OpArgs& a) {
    return {adaptive_avg_pool2d(a.tensor("input_tensor"), pair_arg(a, "output_size", 0), pool_params(a))};
}

OpOutputs run_adaptive_max_pool2d(const OpArgs& a) {
    return {adaptive_max_pool2d(a.tensor("input_tensor"), pair_arg(a, "output_size", 0), pool_params(a))};
}

OpOutputs run_upsample(const OpArgs& a) {
    return {upsample(a.tensor("input_tensor"),
                     pair_arg(a, "scale_factor", 0),
                     a.string_or("mode", "nearest"),
                     a.memory_config("memory_config"))};
}

OpOutputs run_grid_sample(const OpArgs& a) {
    TTNN_CHECK(!a.flag_or("use_precomputed_grid", false),
               NOT_IMPLEMENTED,
               "ttnn.grid_sample: use_precomputed_grid is not supported; pass the normalized grid");
    const GridSampleOptions options{a.string_or("mode", "bilinear"),
                                    a.string_or("padding_mode", "zeros"),
                                    a.flag_or("align_corners", false),
                                    a.flag_or("batch_output_channels", false),
                                    a.memory_config("memory_config")};
    return {grid_sample(a.tensor("input_tensor"), a.tensor("grid"), options)};
}

const Param kMemoryConfig{"memory_config", ArgKind::MEMORY_CONFIG};
// TT-NN's sharding of a pool's work over cores (a TensorMemoryLayout, by name): it schedules a card's cores and
// never changes values, so it is accepted and changes nothing here.
const Param kShardScheme{"applied_shard_scheme", ArgKind::STRING};

std::vector<Param> sizes() {
    return {
        {"batch_size", ArgKind::INT}, {"input_h", ArgKind::INT}, {"input_w", ArgKind::INT}, {"channels", ArgKind::INT}};
}

std::vector<Param> max_window() {
    std::vector<Param> p = sizes();
    p.insert(p.end(),
             {{"kernel_size", ArgKind::INT_LIST},
              {"stride", ArgKind::INT_LIST},
              {"padding", ArgKind::INT_LIST},
              {"dilation", ArgKind::INT_LIST},
              {"ceil_mode", ArgKind::BOOL},
              kMemoryConfig,
              kShardScheme});
    return p;
}

std::vector<Param> with(std::vector<Param> head, const std::vector<Param>& tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

}  // namespace

void register_pool_ops(std::vector<OpInfo>& ops) {
    constexpr DTypeSet dtypes{DataType::BFLOAT16, DataType::FLOAT32};
    const Param input{"input_tensor", ArgKind::TENSOR, true};
    const auto add =
        [&](std::string_view name, std::string_view doc, std::vector<Param> params, OpInvoke invoke, int outputs = 1) {
            ops.push_back(family_op("pool", name, doc, std::move(params), dtypes, invoke, outputs));
        };
    add("max_pool2d",
        "Max pooling of an NHWC input ([N, H, W, C] or [1, 1, N*H*W, C]).",
        with({input}, max_window()),
        run_max_pool2d);
    add("max_pool2d_with_indices",
        "max_pool2d plus torch's flat h*w index of every maximum (INT32).",
        with({input}, max_window()),
        run_max_pool2d_with_indices,
        2);
    add("max_pool2d_backward",
        "Gradient of max_pool2d from its indices; overlapping windows accumulate.",
        with({{"grad_output", ArgKind::TENSOR, true},
              {"indices", ArgKind::TENSOR, true, DTypeSet{DataType::INT32, DataType::UINT32}}},
             max_window()),
        run_max_pool2d_backward);
    add("avg_pool2d",
        "Average pooling of an NHWC input (ceil_mode, count_include_pad, divisor_override as torch).",
        with({input},
             with(sizes(),
                  {{"kernel_size", ArgKind::INT_LIST},
                   {"stride", ArgKind::INT_LIST},
                   {"padding", ArgKind::INT_LIST},
                   {"ceil_mode", ArgKind::BOOL},
                   {"count_include_pad", ArgKind::BOOL},
                   {"divisor_override", ArgKind::INT},
                   kMemoryConfig,
                   kShardScheme})),
        run_avg_pool2d);
    add("global_avg_pool2d",
        "Mean over H and W of an [N, H, W, C] input: [N, 1, 1, C].",
        {input, kMemoryConfig},
        run_global_avg_pool2d);
    add("adaptive_avg_pool2d",
        "Average pooling to a given output size with torch's adaptive windows.",
        with({input}, with(sizes(), {{"output_size", ArgKind::INT_LIST}, kMemoryConfig})),
        run_adaptive_avg_pool2d);
    add("adaptive_max_pool2d",
        "Max pooling to a given output size with torch's adaptive windows (uneven ones too).",
        with({input}, with(sizes(), {{"output_size", ArgKind::INT_LIST}, kMemoryConfig})),
        run_adaptive_max_pool2d);
    add("upsample",
        "Resize of an [N, H, W, C] input by integer factors, 'nearest' or 'bilinear'.",
        {input, {"scale_factor", ArgKind::INT_LIST}, {"mode", ArgKind::STRING}, kMemoryConfig},
        run_upsample);
    add("grid_sample",
        "torch's grid_sample on NHWC: input [N, H, W, C], grid [N, Hg, Wg, 2K] of (x, y) in [-1, 1]; bilinear or "
        "nearest, zeros outside; output [N, Hg, Wg*K, C] (or [N, Hg, Wg, C*K] with batch_output_channels).",
        {input,
         {"grid", ArgKind::TENSOR, true},
         {"mode", ArgKind::STRING},
         {"padding_mode", ArgKind::STRING},
         {"align_corners", ArgKind::BOOL},
         {"use_precomputed_grid", ArgKind::BOOL},
         {"batch_output_channels", ArgKind::BOOL},
         kMemoryConfig},
        run_grid_sample);
}

}  // namespace ttnn::ops
