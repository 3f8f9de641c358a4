// The audit of what TT-NN refuses beyond an op's own declaration: layouts (and dtypes) that TT-NN's validate
// step rejects for an op although this device could compute them. Declared here once, as a table that
// narrows each op's registry entry while the registry is built; the registry's argument check then rejects
// them for every caller (a RuntimeError-derived TypeError naming op, argument and value, with TT-NN's reason),
// the compiler plans around them (it reads the same entry), and docs/ttnn_ops.md prints the table.
//
// How to add a row: TT-NN's op name, the layouts and dtypes it refuses for every tensor input, and the reason
// as TT-NN words it. Refusals that depend on an argument's value live in the op (glu's dim, pad's sizes).
#include <map>

#include "ops/families.hpp"
#include "ttnn/error.hpp"

namespace ttnn::ops {
namespace {

struct Refusal {
    std::string_view op;
    LayoutSet layouts;  // refused for every tensor input
    DTypeSet dtypes;    // refused for every tensor input
    std::string_view why;
};

constexpr LayoutSet kRowMajor{Layout::ROW_MAJOR};
constexpr LayoutSet kTile{Layout::TILE};

const std::vector<Refusal>& refusals() {
    static const std::vector<Refusal> table{
        {"matmul", kRowMajor, {}, "inputs to matmul must be tilized"},
        {"linear", kRowMajor, {}, "inputs to matmul must be tilized"},
        {"softmax", kRowMajor, {}, "inputs to softmax must be tilized"},
        {"scale_mask_softmax", kRowMajor, {}, "inputs to softmax must be tilized"},
        {"transformer.attention_softmax", kRowMajor, {}, "inputs to softmax must be tilized"},
        {"layer_norm", kRowMajor, {}, "layer_norm reads tiles: its input must be in TILE layout"},
        {"rms_norm", kRowMajor, {}, "rms_norm reads tiles: its input must be in TILE layout"},
        // TT-NN's ternary validate: an interleaved input must be in TILE (only sharded inputs may be row-major;
        // the table refuses row-major for every input, sharded ones included).
        {"where", kRowMajor, {}, "Ternary operation requires tensor to be in Tile layout"},
        {"tilize", kTile, {}, "can only tilize row major data"},
        {"tilize_with_val_padding", kTile, {}, "can only tilize row major data"},
        {"tilize_with_zero_padding", kTile, {}, "can only tilize row major data"},
        {"untilize", kRowMajor, {}, "can only untilize tile major data"},
        {"untilize_with_unpadding", kRowMajor, {}, "can only untilize tile major data"},
    };
    return table;
}

}  // namespace

void apply_refusals(std::vector<OpInfo>& ops) {
    std::map<std::string_view, OpInfo*> by_name;
    for (OpInfo& op : ops)
        by_name.emplace(op.name, &op);
    for (const Refusal& r : refusals()) {
        const auto it = by_name.find(r.op);
        TTNN_ASSERT(it != by_name.end(), "op refusals: no op named '", r.op, "' in the registry");
        OpInfo& op = *it->second;
        op.layouts.bits &= ~r.layouts.bits;
        op.dtypes.bits &= ~r.dtypes.bits;
        TTNN_ASSERT(op.layouts.bits != 0 && !op.dtypes.empty(), "op refusals: '", r.op, "' is left with nothing");
    }
}

}  // namespace ttnn::ops

namespace ttnn {

std::string_view refusal_reason(std::string_view op) {
    for (const ops::Refusal& r : ops::refusals()) {
        if (r.op == op)
            return r.why;
    }
    return {};
}

}  // namespace ttnn
