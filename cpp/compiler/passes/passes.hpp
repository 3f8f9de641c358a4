#pragma once
// The graph passes, in pipeline order (passes/pipeline.cpp runs them and the verifier after each).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/graph.hpp"
#include "compiler/lowering/options.hpp"
#include "ttnn/ops/registry.hpp"

namespace torch_ttnn {

// Removes nodes none of whose outputs is read (aten graphs are functional, so nothing else is lost).
int eliminate_dead_code(Graph& graph);

// Drops operands that contribute nothing (empty tensors in a cat), so an empty KV cache stays off the host.
int drop_empty_operands(Graph& graph);

// Retypes a histc read only by an integer cumsum to int32 (MoE token counts stay exact past bf16's 256).
int integer_counts(Graph& graph);

// Fusions over ttnn ops, each a pattern, a guard and a replacement; returns how often each fired.
std::map<std::string, int> fuse(Graph& graph);
// Takes a small model's per-channel vectors out of linear and layer_norm (passes/vector_apart.cpp): a bias or
// norm weight kept in TILE would hold as much as the layer's weight; it is added (multiplied) apart in
// ROW_MAJOR instead. Returns how many ops gave theirs up.
int split_small_vectors(Graph& graph, const CompileOptions& options);

// Returns a forward's device outputs that are permutes before the permute (passes/saved_order.cpp), recording
// the permutation in Graph::output_permutes, where Graph::device_outputs_raw allows it; returns how many.
int return_saved_before_permute(Graph& graph);

// Data movement: settles every value's place and device form and inserts TO_DEVICE / FROM_DEVICE /
// TO_LAYOUT / TYPECAST exactly where a value crosses host and device or changes form, once per value and form.
struct PlacementReport {
    int to_device = 0;      // uploads of values made on the host (graph inputs, host results) per call
    int param_uploads = 0;  // uploads of parameters/buffers: cached, so they cost a transfer only when changed
    int from_device = 0;
    int conversions = 0;  // TO_LAYOUT and TYPECAST on the device
};
PlacementReport place(Graph& graph, const CompileOptions& options);
// A value's graph shape as the device's Shape (what make_spec and padded_shape take).
ttnn::Shape device_shape(const std::vector<int64_t>& shape);
ttnn::DataType device_dtype_for(ScalarType type, const CompileOptions& options);
// Device bytes of a value of `shape` in `form` as the allocator counts them (pages spread over banks).
uint64_t device_bytes(const std::vector<int64_t>& shape, DeviceForm form, const CompileOptions& options);
ttnn::DataType host_dtype_for(ScalarType type);
// The one choice of conversion dtype: the dtype a reader whose parameter takes `accepted` reads a value held in
// `have`: `have` itself when taken, else the first taken of, for integer values, INT32, UINT32, the float
// `compute` dtype, FLOAT32, BFLOAT16, and for float values, `compute`, FLOAT32, BFLOAT16, BFLOAT8_B, then the
// integers (a 0/1 mask read as indices). Data movement plans
// with it and the runtime's safety net (an op output in an unplanned dtype) converts with it, so both land on
// the same dtype. nullopt: the reader takes none of them.
std::optional<ttnn::DataType> reader_dtype(ttnn::DTypeSet accepted,
                                           ttnn::DataType have,
                                           bool integral,
                                           ttnn::DataType compute);

// Runs every device node whose inputs are all compile-time constants (creation ops and what follows from
// them) once, now; their outputs become constants. Returns how many nodes were folded.
int fold_constants(Graph& graph, const CompileOptions& options);
// Frees the constants no node or output reads any more: the steps of a folded chain (BEiT's relative position
// index, from aranges and meshgrids, left 300 MiB of them), which the program would otherwise hold for its life.
int drop_unread_constants(Graph& graph);
// Readers of a folded constant equal to an earlier one (same IR shape and dtype, device form and bytes) read
// the earlier one: each layer of Longformer builds the same [256, 257] window masks from the same aranges, and
// the program would hold one copy per layer. Returns how many constants were shared.
int share_equal_constants(Graph& graph);
// An operand that may be a number (where's true_value, a binary op's other) and is a folded constant holding
// one value throughout, where the node's other operands give the output shape, becomes that number: the
// program need not hold Longformer's -inf fill expanded to [256, 257] per head in TILE. Returns how many.
int scalar_uniform_constants(Graph& graph);

// Liveness of every value: which slots die after each node, and the device bytes the plan needs at peak
// when buffers are placed largest first, first fit, without overlapping lifetimes (XNNPACK's planner).
struct MemoryPlan {
    std::vector<std::vector<ValueId>> frees;  // per node: values last read there
    uint64_t peak_device_bytes = 0;           // arena size of the first-fit plan
    uint64_t live_peak_bytes = 0;             // largest sum of simultaneously live device values
    // The same over the values a call computes (activations): parameters, constants and values derived from
    // them alone left out. The per-model memory target compares the peak with it (README, Device memory).
    uint64_t activation_peak_bytes = 0;
};
MemoryPlan plan_memory(const Graph& graph, const CompileOptions& options);

}  // namespace torch_ttnn
