#include "compiler/runtime/derived.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "ttnn/ops/conv.hpp"
#include "ttnn/ops/matmul.hpp"

namespace torch_ttnn {
namespace {

// How `in` reads its weight operand (its op's declared weight, ttnn::OpInfo::weight): the operand's name and
// how to prepare it.
std::optional<std::pair<std::string_view, WeightPrep>> weight_read(const Instr& in) {
    if (in.op == nullptr || in.op->weight.packing == ttnn::WeightPacking::NONE)
        return std::nullopt;
    WeightPrep prep;
    prep.conv = in.op->weight.packing == ttnn::WeightPacking::CONV2D;
    for (const NamedOperand& a : in.args) {
        const ttnn::Arg* value = a.value.arg();
        if (value == nullptr)
            continue;
        if (const bool* flag = std::get_if<bool>(value); flag != nullptr && a.name == "transpose_b")
            prep.transpose_b = *flag;
        if (const auto* config = std::get_if<ttnn::ComputeConfig>(value))
            prep.config = *config;
        if (const int64_t* groups = std::get_if<int64_t>(value); groups != nullptr && a.name == "groups")
            prep.groups = static_cast<uint32_t>(*groups);
    }
    return std::make_pair(in.op->weight.param, prep);
}

// A parameter or derived value read as the weight of a matmul/linear or conv2d is packed into GEMM panels
// when it is uploaded or computed, so every call reuses the packed copy (keyed by the kept device buffer).
void mark_weight_reads(std::vector<Instr>& code) {
    std::map<ValueId, size_t> producer;
    for (size_t i = 0; i < code.size(); ++i) {
        for (ValueId o : code[i].outputs)
            producer[o] = i;
    }
    for (const Instr& in : code) {
        const auto read = weight_read(in);
        if (!read)
            continue;
        for (const NamedOperand& a : in.args) {
            const auto it =
                a.name == read->first && a.value.is_ref() ? producer.find(a.value.ref().id) : producer.end();
            if (it == producer.end())
                continue;
            Instr& upload = code[it->second];
            const bool kept = (upload.kind == NodeKind::TO_DEVICE && upload.param_input) || upload.derived;
            if (kept && !upload.weight_prep)
                upload.weight_prep = read->second;
        }
    }
}

// Only the derived values that a per-call instruction or the caller reads are kept; the steps of a fold
// before them (the uploaded unfolded weight, the per-channel scale) are freed after their last reader.
void mark_transient(std::vector<Instr>& code, const std::vector<ValueId>& outputs) {
    std::set<ValueId> read_per_call(outputs.begin(), outputs.end());
    for (const Instr& in : code) {
        if (in.derived)
            continue;
        for (ValueId r : Node::refs_in(in.args))
            read_per_call.insert(r);
    }
    for (Instr& in : code) {
        const bool kept = in.derived || (in.kind == NodeKind::TO_DEVICE && in.param_input);
        in.transient = kept && std::none_of(in.outputs.begin(), in.outputs.end(), [&](ValueId o) {
                           return read_per_call.contains(o);
                       });
    }
}

}  // namespace

void prepare_weight(const ttnn::Tensor& weight, const WeightPrep& prep) {
    if (prep.conv) {
        ttnn::Conv2dParams params;
        params.groups = prep.groups;
        ttnn::prepare_conv_weights(weight, params);
    } else {
        ttnn::prepare_linear_weight(weight, prep.transpose_b, prep.config);
    }
}

void mark_derived(std::vector<Instr>& code,
                  const std::vector<bool>& is_param,
                  std::vector<bool> is_constant,
                  const std::vector<ValueId>& outputs) {
    std::vector<bool>& kept = is_constant;  // grows into: slots whose value depends on parameters alone
    for (Instr& in : code) {
        const std::vector<ValueId> refs = Node::refs_in(in.args);
        bool from_params = false;
        if (in.kind == NodeKind::TO_DEVICE) {
            from_params = in.param_input && is_param[static_cast<size_t>(refs.at(0))];
        } else if (in.kind == NodeKind::TTNN || in.kind == NodeKind::TO_LAYOUT || in.kind == NodeKind::TYPECAST) {
            // Ops without tensor inputs (creation) are constant folding's business, not this cache's.
            from_params = !refs.empty() && std::all_of(refs.begin(), refs.end(), [&](ValueId r) {
                return r >= 0 && kept[static_cast<size_t>(r)];
            });
            in.derived = from_params;
        }
        for (ValueId o : in.outputs)
            kept[static_cast<size_t>(o)] = from_params;
    }
    mark_weight_reads(code);
    mark_transient(code, outputs);
}

}  // namespace torch_ttnn
