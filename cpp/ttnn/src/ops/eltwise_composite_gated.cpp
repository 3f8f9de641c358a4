// TT-NN's gated linear units (glu, reglu, geglu, swiglu), polyval, unary_chain and the losses (l1_loss, mse_loss):
// composites built from other ops as TT-NN builds them, each intermediate rounded to the input's dtype.
#include <string>

#include "ops/eltwise_common.hpp"
#include "ops/families.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/data_movement.hpp"
#include "ttnn/ops/reduction.hpp"

namespace ttnn::ops {
namespace {

// a * act(b), where a and b are the halves of the last dim. TT-NN splits only the last dim, and refuses others.
template <UnaryOpType ACT>
OpOutputs run_gated(const OpArgs& a) {
    const Tensor& x = a.tensor("input_tensor");
    const std::string name = "ttnn." + std::string(a.op());
    const int rank = x.logical_shape().rank();
    const int64_t dim = a.integer_or("dim", -1);
    TTNN_CHECK(rank > 0 && (dim == -1 || dim == rank - 1),
               VALUE,
               name,
               ": only the last dim is split (as TT-NN's); expected dim=-1 or ",
               rank - 1,
               ", got ",
               dim);
    const int64_t width = rank > 0 ? x.logical_shape()[-1] : 0;
    TTNN_CHECK(width % 2 == 0,
               VALUE,
               name,
               ": the last dim must split into two equal halves; expected an even size, got ",
               width);
    const std::vector<Tensor> halves = split(x, {width / 2}, -1);
    // A block-float gate would be packed twice (gate, then product); TT's packer rounds once, on the output.
    const std::optional<DataType> gate_dtype =
        is_block_float(x.dtype()) ? std::optional<DataType>(DataType::FLOAT32) : std::nullopt;
    const Tensor gate = unary(ACT, halves[1], {}, {std::nullopt, gate_dtype});
    return {binary(BinaryOpType::MUL, halves[0], gate, {a.memory_config("memory_config"), std::nullopt})};
}

// Horner's rule over TT-NN's coefficients, highest power first (numpy.polyval's order), in double per element.
OpOutputs run_polyval(const OpArgs& a) {
    const std::vector<double> coeffs = a.float_list("coeffs");
    TTNN_CHECK(!coeffs.empty(), VALUE, "ttnn.polyval: coeffs must hold at least one value; got none");
    const TensorOrScalar operands[] = {a.tensor("input_tensor")};
    auto horner = [&](const float* const* in, float* out, size_t n) {
        for (size_t i = 0; i < n; ++i) {
            double acc = 0.0;
            for (double c : coeffs)
                acc = acc * in[0][i] + c;
            out[i] = static_cast<float>(acc);
        }
    };
    auto no_int = [](const int64_t* const*, int64_t*, size_t) {};  // the registry admits float dtypes only
    return {run_eltwise("ttnn.polyval",
                        operands,
                        a.tensor("input_tensor").dtype(),
                        {a.memory_config("memory_config"), std::nullopt},
                        horner,
                        no_int,
                        false)};
}

// TT-NN's unary_chain: the ops of a list of ttnn.UnaryWithParam applied in order, as binary ops fuse them.
OpOutputs run_unary_chain(const OpArgs& a) {
    const std::string chain = a.string_or("ops_chain", "");
    TTNN_CHECK(!chain.empty(), VALUE, "ttnn.unary_chain: ops_chain must name at least one op; got none");
    Tensor out = apply_activations(a.op(), chain, a.tensor("input_tensor"));
    const std::optional<MemoryConfig> memory_config = a.memory_config("memory_config");
    return {memory_config && *memory_config != out.memory_config() ? ttnn::clone(out, *memory_config) : out};
}

// |ref - pred| or (ref - pred)^2, then TT-NN's LossReductionMode: 'none' (default), 'sum' or 'mean' over all.
template <UnaryOpType PER_ELEMENT>
OpOutputs run_loss(const OpArgs& a) {
    const std::string name = "ttnn." + std::string(a.op());
    // loss_mode= is the keyword of TT-NN's earlier releases, still in its sweep tests.
    const std::string mode = a.has("reduction") ? a.string_or("reduction", "none") : a.string_or("loss_mode", "none");
    TTNN_CHECK(mode == "none" || mode == "sum" || mode == "mean",
               VALUE,
               name,
               ": unknown reduction; expected 'none', 'sum' or 'mean' (ttnn.LossReductionMode), got '",
               mode,
               "'");
    const std::optional<MemoryConfig> memory_config = a.memory_config("memory_config");
    const Tensor diff = binary(BinaryOpType::SUB, a.tensor("input_reference"), a.tensor("input_prediction"));
    const Tensor loss = unary(PER_ELEMENT, diff, {}, {mode == "none" ? memory_config : std::nullopt, std::nullopt});
    if (mode == "none")
        return {loss};
    const ReduceOptions all{.dim = std::nullopt, .keepdim = false, .memory_config = memory_config};
    return {mode == "sum" ? sum(loss, all) : mean(loss, all)};
}

}  // namespace

void register_gated_ops(std::vector<OpInfo>& ops) {
    const Param x{"input_tensor", ArgKind::TENSOR, true};
    const Param memory_config{"memory_config", ArgKind::MEMORY_CONFIG};
    const auto gated = [&](std::string_view name, std::string_view doc, OpInvoke invoke) {
        ops.push_back(
            family_op("eltwise_composite", name, doc, {x, {"dim", ArgKind::INT}, memory_config}, FLOAT_DTYPES, invoke));
    };
    gated("glu",
          "a * sigmoid(b), a and b the halves of the last dim (dim=-1 only, as TT-NN).",
          run_gated<UnaryOpType::SIGMOID>);
    gated("reglu", "a * relu(b), a and b the halves of the last dim.", run_gated<UnaryOpType::RELU>);
    gated("geglu", "a * gelu(b), a and b the halves of the last dim.", run_gated<UnaryOpType::GELU>);
    gated("swiglu", "a * silu(b), a and b the halves of the last dim.", run_gated<UnaryOpType::SILU>);
    ops.push_back(family_op("eltwise_composite",
                            "polyval",
                            "The polynomial with coeffs (highest power first) at every element.",
                            {x, {"coeffs", ArgKind::FLOAT_LIST, true}, memory_config},
                            FLOAT_DTYPES,
                            run_polyval));
    ops.push_back(family_op("eltwise_composite",
                            "unary_chain",
                            "The unary ops of ops_chain (a list of ttnn.UnaryWithParam) applied in order.",
                            {x,
                             {"ops_chain", ArgKind::STRING, true},
                             memory_config,
                             {"output_tensor", ArgKind::TENSOR},
                             {"queue_id", ArgKind::INT}},
                            FLOAT_DTYPES,
                            run_unary_chain));
    const std::vector<Param> loss_params{{"input_reference", ArgKind::TENSOR, true},
                                         {"input_prediction", ArgKind::TENSOR, true},
                                         {"reduction", ArgKind::STRING},
                                         {"output_tensor", ArgKind::TENSOR},
                                         memory_config,
                                         {"loss_mode", ArgKind::STRING}};
    ops.push_back(family_op("eltwise_composite",
                            "l1_loss",
                            "abs(reference - prediction), reduced by reduction: 'none' (default), 'sum' or 'mean'.",
                            loss_params,
                            FLOAT_DTYPES,
                            run_loss<UnaryOpType::ABS>));
    ops.push_back(family_op("eltwise_composite",
                            "mse_loss",
                            "(reference - prediction)^2, reduced by reduction: 'none' (default), 'sum' or 'mean'.",
                            loss_params,
                            FLOAT_DTYPES,
                            run_loss<UnaryOpType::SQUARE>));
}

}  // namespace ttnn::ops
