// TT-NN's memory-config moves: to_memory_config, interleaved_to_sharded and sharded_to_interleaved. The
// values never change; the copy is accounted where the new config puts it (per core for shards).
#include "ops/families.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

Tensor move_to(const Tensor& input, const MemoryConfig& config, std::optional<DataType> dtype) {
    if (input.memory_config() == config && (!dtype || *dtype == input.dtype()))
        return input;
    return clone(input, config, dtype);
}

OpOutputs run_to_memory_config(const OpArgs& a) {
    const MemoryConfig config = checked_memory_config("ttnn.to_memory_config", *a.memory_config("memory_config"));
    return {move_to(a.tensor("input_tensor"), config, a.dtype("dtype"))};
}

OpOutputs run_interleaved_to_sharded(const OpArgs& a) {
    const char* op = "ttnn.interleaved_to_sharded";
    const MemoryConfig config = checked_memory_config(op, *a.memory_config("sharded_memory_config"));
    TTNN_CHECK(config.is_sharded(), VALUE, op, ": expected a sharded memory config, got ", config.to_string());
    return {move_to(a.tensor("input_tensor"), config, a.dtype("output_dtype"))};
}

OpOutputs run_sharded_to_interleaved(const OpArgs& a) {
    const char* op = "ttnn.sharded_to_interleaved";
    const Tensor& input = a.tensor("input_tensor");
    TTNN_CHECK(input.memory_config().is_sharded(),
               VALUE,
               op,
               ": expected a sharded input, got ",
               input.memory_config().to_string());
    const MemoryConfig config =
        checked_memory_config(op, a.memory_config("memory_config").value_or(DRAM_MEMORY_CONFIG));
    TTNN_CHECK(!config.is_sharded(), VALUE, op, ": expected an interleaved memory config, got ", config.to_string());
    return {move_to(input, config, a.dtype("output_dtype"))};
}

}  // namespace

void register_memory_config_ops(std::vector<OpInfo>& ops) {
    const Param input{"input_tensor", ArgKind::TENSOR, true};
    ops.push_back(family_op("conversion",
                            "to_memory_config",
                            "A copy in another memory config (DRAM/L1, interleaved or sharded); the same values.",
                            {input, {"memory_config", ArgKind::MEMORY_CONFIG, true}, {"dtype", ArgKind::DTYPE}},
                            ALL_DTYPES,
                            run_to_memory_config));
    ops.push_back(
        family_op("conversion",
                  "interleaved_to_sharded",
                  "A copy sharded as sharded_memory_config says; the same values.",
                  {input, {"sharded_memory_config", ArgKind::MEMORY_CONFIG, true}, {"output_dtype", ArgKind::DTYPE}},
                  ALL_DTYPES,
                  run_interleaved_to_sharded));
    ops.push_back(family_op("conversion",
                            "sharded_to_interleaved",
                            "A sharded tensor copied to an interleaved config (DRAM by default); the same values.",
                            {input, {"memory_config", ArgKind::MEMORY_CONFIG}, {"output_dtype", ArgKind::DTYPE}},
                            ALL_DTYPES,
                            run_sharded_to_interleaved));
}

}  // namespace ttnn::ops
