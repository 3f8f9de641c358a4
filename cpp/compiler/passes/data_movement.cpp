#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <span>
#include <tuple>

#include "compiler/passes/passes.hpp"
#include "ttnn/error.hpp"

namespace torch_ttnn {
namespace {

using ttnn::DataType;
using ttnn::Layout;

// TILE pads the last two dims to 32, so a large value with a few channels last ([1, 224, 224, 3], an image
// about to meet its first conv) would hold ten times its elements. Such values live in ROW_MAJOR, which
// every op here reads; small ones stay in TILE, where the padding costs no more than one tile.
constexpr uint64_t kBloatFactor = 4;
constexpr uint64_t kBloatMinElements = uint64_t{1} << 16;

uint64_t tile_elements(const std::vector<int64_t>& shape) {
    return ttnn::padded_shape(device_shape(shape), Layout::TILE).volume();
}

uint64_t elements(const std::vector<int64_t>& shape) {
    return device_shape(shape).volume();
}

bool tile_bloats(const std::vector<int64_t>& shape) {
    const uint64_t padded = tile_elements(shape);
    return padded >= kBloatMinElements && padded >= kBloatFactor * elements(shape);
}

// A finite number beyond the range of the dtype an op computes into would round to +-inf there:
// torch.finfo(torch.float32).min, transformers' attention-mask fill, is -inf in bfloat16, and a fully masked
// softmax row of -inf is NaN where eager float32 gives a uniform row. Such a constant saturates to the
// largest finite value of the narrower dtype (bfloat16's; the block floats share its exponent range).
void saturate_constants(Node& n, DataType out) {
    if (out != DataType::BFLOAT16 && !ttnn::is_block_float(out))
        return;
    constexpr double kBf16Max = 3.3895313892515355e38;  // 0x7F7F
    for (NamedOperand& a : n.args) {
        ttnn::Arg* arg = std::get_if<ttnn::Arg>(&a.value.v);
        double* number = arg != nullptr ? std::get_if<double>(arg) : nullptr;
        if (number != nullptr && std::isfinite(*number) && std::fabs(*number) > kBf16Max)
            *number = std::copysign(kBf16Max, *number);
    }
}
// Parameters and the values computed from them alone (a BatchNorm-folded conv weight) stay on the device
// for the program's life, so they take the layout whose device footprint is smallest, unless TILE's is within
// 2x: a 1x1 conv weight [1280, 320, 1, 1] in TILE would hold 1024 times its elements, and a per-channel
// vector [C] takes one 2 KiB tile per DRAM bank. Converting them costs nothing per call (runtime/derived.hpp).
constexpr uint64_t kKeptBloatFactor = 2;

class Placer {
public:
    Placer(Graph& g, const CompileOptions& o) : g_(g), o_(o) {}

    PlacementReport run() {
        for (ValueId id : g_.inputs) {
            g_.values[static_cast<size_t>(id)].place = Place::HOST;
            if (value(id).is_param)
                from_params_.insert(id);
        }
        find_output_chains();
        std::vector<Node> nodes = std::move(g_.nodes);
        g_.nodes.clear();
        for (Node& n : nodes) {
            if (n.kind == NodeKind::TTNN && upload_reshaped(n))
                continue;
            if (n.kind == NodeKind::TTNN)
                device_node(n);
            if (n.kind == NodeKind::HOST)
                host_node(n);
            g_.nodes.push_back(std::move(n));
        }
        for (size_t k = 0; k < g_.outputs.size(); ++k) {
            ValueId& o = g_.outputs[k];
            if (o >= 0 && !g_.is_update(k) && !g_.stays_on_device(k))
                o = on_host(o);
        }
        for (const InputUpdate& u : g_.updates) {
            ValueId& o = g_.outputs[u.output];
            if (o >= 0)
                o = kept_as_input(o, g_.inputs[u.input]);
        }
        return report_;
    }

private:
    Value& value(ValueId id) { return g_.values[static_cast<size_t>(id)]; }

    // The form an op's parameter reads: the value's current layout and dtype where the op takes them,
    // else the nearest it takes. bfloat8_b weights (CompileOptions::weight_dtype) go to a GEMM's weight operand.
    DeviceForm wanted(ValueId id, const ttnn::OpInfo& op, const ttnn::Param& p) {
        const Value& v = value(id);
        const ttnn::DTypeSet dtypes = p.dtypes.empty() ? op.dtypes : p.dtypes;
        DeviceForm f;
        f.dtype = v.place == Place::DEVICE ? v.form.dtype : device_dtype_for(v.dtype, o_);
        f.layout = v.place == Place::DEVICE ? v.form.layout : Layout::TILE;
        if (reads_compact(id))
            f.layout = Layout::ROW_MAJOR;
        else if (compact_.contains(id))
            f.layout = Layout::TILE;  // ROW_MAJOR only for the bloated stretch: back to TILE after it
        const bool weight_slot = op.weight.packing == ttnn::WeightPacking::GEMM && p.name == op.weight.param;
        if (v.is_param && weight_slot && is_floating(v.dtype) && dtypes.contains(o_.weight_dtype))
            f.dtype = o_.weight_dtype;
        if (float_inputs_ && is_floating(v.dtype))
            f.dtype = DataType::FLOAT32;
        f.dtype = reader_dtype(dtypes, f.dtype, is_integral(v.dtype), o_.compute_dtype).value_or(f.dtype);
        if (!op.layouts.contains(f.layout))
            f.layout = f.layout == Layout::TILE ? Layout::ROW_MAJOR : Layout::TILE;
        if (ttnn::is_block_float(f.dtype))
            f.layout = Layout::TILE;
        return f;
    }

    ValueId add_transfer(NodeKind kind, ValueId from, Place place, DeviceForm form) {
        Value out;
        out.shape = value(from).shape;
        out.dtype = value(from).dtype;
        out.place = place;
        out.form = form;
        const ValueId id = g_.add_value(std::move(out));
        Node n;
        n.kind = kind;
        n.args = {{"input", Ref{from}}};
        n.outputs = {id};
        g_.nodes.push_back(std::move(n));
        return id;
    }

    // One conversion per (value, form): a second reader in the same form reuses the first one's result.
    ValueId on_device(ValueId id, DeviceForm f) {
        const auto key = std::make_tuple(id, f.layout, f.dtype);
        if (auto it = memo_.find(key); it != memo_.end())
            return it->second;
        ValueId cur = on_device_uncached(id, f);
        if (from_params_.contains(id))
            from_params_.insert(cur);
        memo_[key] = cur;
        return cur;
    }

    ValueId on_device_uncached(ValueId id, DeviceForm f) {
        ValueId cur = id;
        if (value(id).place == Place::HOST) {
            value(id).is_param ? ++report_.param_uploads : ++report_.to_device;
            cur = add_transfer(NodeKind::TO_DEVICE, id, Place::DEVICE, f);
        } else {
            // A block float only exists in TILE, so tile first when going to one and untile last when leaving.
            const bool tile_first = ttnn::is_block_float(f.dtype);
            if (tile_first && value(cur).form.layout != f.layout)
                cur = relayout(cur, f.layout);
            if (value(cur).form.dtype != f.dtype) {
                ++report_.conversions;
                cur = add_transfer(NodeKind::TYPECAST, cur, Place::DEVICE, {value(cur).form.layout, f.dtype});
            }
            if (value(cur).form.layout != f.layout)
                cur = relayout(cur, f.layout);
        }
        return cur;
    }

    // A reshape of a parameter happens on the host, where it is free, and the upload takes the new shape: a
    // conv weight arrives in its prepared form [O, I/groups*kh*kw], whose rows TILE and ROW_MAJOR both hold
    // without the padding (or the one-element pages) of OIHW's trailing 1x1 or 3x3. A slice of a parameter
    // likewise (its constant bounds go with the upload, and key its cached copy): only the part read reaches the
    // device, as GPT-Neo's [1, 1, q, k] of its [1, 1, 2048, 2048] causal mask buffer.
    bool upload_reshaped(Node& n) {
        const std::vector<ValueId> in = n.inputs();
        const bool sliced = n.target == "slice" && constant_bounds(n);
        if ((n.target != "reshape" && !sliced) || in.size() != 1 || !value(in[0]).is_param ||
            value(in[0]).place != Place::HOST) {
            return false;
        }
        const ValueId out = n.outputs.at(0);
        Value& v = value(out);
        v.place = Place::DEVICE;
        const DataType dtype = device_dtype_for(v.dtype, o_);
        v.form = {kept_tile_bloats(v.shape, dtype) ? Layout::ROW_MAJOR : Layout::TILE, dtype};
        from_params_.insert(out);
        ++report_.param_uploads;
        Node upload;
        upload.kind = NodeKind::TO_DEVICE;
        upload.args = {{"input", Ref{in[0]}}};
        for (const NamedOperand& a : sliced ? n.args : std::vector<NamedOperand>{}) {
            if (a.name == "starts" || a.name == "ends" || a.name == "steps")
                upload.args.push_back(a);
        }
        upload.outputs = {out};
        g_.nodes.push_back(std::move(upload));
        return true;
    }

    // A slice whose starts, ends and steps are constant lists, and that sets nothing else.
    static bool constant_bounds(const Node& n) {
        size_t lists = 0;
        for (const NamedOperand& a : n.args) {
            if (a.value.is_ref())
                continue;
            if (a.name != "starts" && a.name != "ends" && a.name != "steps")
                return false;
            lists += a.value.arg() != nullptr && std::holds_alternative<std::vector<int64_t>>(*a.value.arg()) ? 1 : 0;
        }
        return lists == 3;
    }

    ValueId relayout(ValueId id, Layout layout) {
        ++report_.conversions;
        return add_transfer(NodeKind::TO_LAYOUT, id, Place::DEVICE, {layout, value(id).form.dtype});
    }

    // An input's new content computed on the device stays there, in the form the input is uploaded in, so the
    // runtime can keep it as the input's device copy; computed on the host, it is returned as any output.
    ValueId kept_as_input(ValueId id, ValueId input) {
        if (value(id).place == Place::HOST)
            return id;
        for (const auto& [key, uploaded] : memo_) {
            if (std::get<0>(key) == input && uploaded != input)
                return on_device(id, {std::get<1>(key), std::get<2>(key)});
        }
        return on_host(id);
    }

    ValueId on_host(ValueId id) {
        if (value(id).place == Place::HOST)
            return id;
        if (auto it = host_memo_.find(id); it != host_memo_.end())
            return it->second;
        ++report_.from_device;
        const ValueId h =
            add_transfer(NodeKind::FROM_DEVICE, id, Place::HOST, {Layout::ROW_MAJOR, host_dtype_for(value(id).dtype)});
        host_memo_[id] = h;
        return h;
    }

    bool kept_tile_bloats(const std::vector<int64_t>& shape, DataType dtype) const {
        return device_bytes(shape, {Layout::TILE, dtype}, o_) >=
               kKeptBloatFactor * device_bytes(shape, {Layout::ROW_MAJOR, dtype}, o_);
    }

    bool reads_compact(ValueId id) {
        const Value& v = value(id);
        if (from_params_.contains(id))
            return compact_node_ || kept_tile_bloats(v.shape, device_dtype_for(v.dtype, o_));
        return compact_node_ || tile_bloats(v.shape);
    }

    // Kept across calls: computed from parameters, or from nothing (a creation op, which constant folding runs
    // once: BEiT's relative position index, from aranges), and from such values alone.
    bool computed_from_params(const Node& n) const {
        const std::vector<ValueId> inputs = n.inputs();
        return std::all_of(inputs.begin(), inputs.end(), [&](ValueId id) { return from_params_.contains(id); });
    }

    // A node whose output TILE would bloat reads its inputs in ROW_MAJOR when that saves more padding than
    // converting them costs (a permute to NHWC of an RGB image); its outputs then come out ROW_MAJOR. A value
    // computed from parameters alone is kept (or computed once), so it goes ROW_MAJOR whenever TILE would
    // double it: BiT's weight standardization reshapes [1, O, I] back to OIHW [O, I, 1, 1], which TILE pads
    // 1024-fold.
    bool writes_compact(const Node& n, const ttnn::OpInfo& op) {
        if (!op.layouts.contains(Layout::ROW_MAJOR))
            return false;
        if (computed_from_params(n)) {
            return std::any_of(n.outputs.begin(), n.outputs.end(), [&](ValueId out) {
                return kept_tile_bloats(value(out).shape, device_dtype_for(value(out).dtype, o_));
            });
        }
        uint64_t saved = 0;
        for (ValueId out : n.outputs) {
            const std::vector<int64_t>& shape = value(out).shape;
            if (tile_bloats(shape))
                saved += tile_elements(shape) - elements(shape);
        }
        uint64_t converted = 0;
        for (ValueId in : n.inputs()) {
            const Value& v = value(in);
            if (v.place == Place::DEVICE && v.form.layout == Layout::TILE)
                converted += elements(v.shape);
        }
        return saved > converted;
    }

    void device_node(Node& n) {
        const ttnn::OpInfo& op = ttnn::get_op(n.target);
        compact_node_ = writes_compact(n, op);
        float_node_ = writes_float_output(n, op);
        // A product is told its output dtype; its inputs (the weight above all) stay as they are.
        float_inputs_ = float_node_ && (op.family.starts_with("eltwise") || n.target == "reshape");
        if (float_node_ && !float_inputs_)
            n.args.push_back({"dtype", ttnn::Arg(DataType::FLOAT32)});
        first_input_ = -1;
        std::optional<DeviceForm> first;
        for (NamedOperand& a : n.args) {
            if (!a.value.is_ref() && !a.value.is_ref_list())
                continue;
            const ttnn::Param* p = op.find_param(a.name);
            TTNN_ASSERT(p != nullptr, "data movement: ttnn.", op.name, " has no parameter ", a.name);
            // A list (concat's tensors) is read in one layout: its first element's.
            std::optional<Layout> list_layout;
            auto convert = [&](Ref& r) {
                if (r.id < 0)
                    return;
                DeviceForm f = wanted(r.id, op, *p);
                f.layout = ttnn::is_block_float(f.dtype) ? Layout::TILE : list_layout.value_or(f.layout);
                const bool compact = f.layout == Layout::ROW_MAJOR && reads_compact(r.id);
                r.id = on_device(r.id, f);
                if (compact)
                    compact_.insert(r.id);
                if (!first) {
                    first = value(r.id).form;
                    first_input_ = r.id;
                }
            };
            if (std::holds_alternative<Ref>(a.value.v))
                convert(std::get<Ref>(a.value.v));
            if (auto* list = std::get_if<RefList>(&a.value.v)) {
                for (Ref& r : *list) {
                    convert(r);
                    if (r.id >= 0 && !list_layout)
                        list_layout = value(r.id).form.layout;
                }
            }
        }
        // Ops keep their first input's layout (TT-NN's rule); creation ops make ROW_MAJOR unless told.
        Layout layout = first ? first->layout : Layout::ROW_MAJOR;
        if (const Operand* l = n.find("layout");
            l != nullptr && l->arg() && std::holds_alternative<Layout>(*l->arg())) {
            layout = std::get<Layout>(*l->arg());
        }
        // An op that takes a layout (embedding, creation ops) is told the one planned, whatever its default.
        if (op.find_param("layout") != nullptr && n.find("layout") == nullptr)
            n.args.push_back({"layout", ttnn::Arg(layout)});
        const bool from_params = computed_from_params(n);
        for (ValueId out : n.outputs) {
            Value& v = value(out);
            if (from_params)
                from_params_.insert(out);
            v.place = Place::DEVICE;
            v.form = {layout, float_node_ ? DataType::FLOAT32 : device_dtype_for(v.dtype, o_)};
            if (layout == Layout::ROW_MAJOR && first && compact_.contains(first_input_))
                compact_.insert(out);
            saturate_constants(n, v.form.dtype);
        }
        compact_node_ = false;
        float_node_ = float_inputs_ = false;
    }

    // The op that makes a float32 graph output (YOLOS's linear with its sigmoid fused, the boxes) writes
    // float32: the host receives float32 anyway, and rounding the result to bfloat16 first costs boxes that
    // all lie near 0.5, closer together than a bfloat16 step there, most of their PCC. An element-wise op
    // reads its inputs in float32; a product (matmul, linear) is told its output dtype.
    static bool computes(const ttnn::OpInfo& op, const Node& n) {
        const bool product = op.family == "matmul" && op.find_param("dtype") != nullptr && n.find("dtype") == nullptr;
        return op.dtypes.contains(DataType::FLOAT32) && (op.family.starts_with("eltwise") || product);
    }

    // The float32 graph outputs read by nothing else, and the reshapes (each read once) between each and the
    // op that computes it, where that op can compute float32 (find_output_chains).
    void find_output_chains() {
        if (o_.compute_dtype == DataType::FLOAT32 || !o_.float32_outputs)
            return;
        const std::vector<int> uses = g_.use_counts();
        const std::vector<int> producer = g_.producers();
        for (size_t k = 0; k < g_.outputs.size(); ++k) {
            ValueId o = g_.outputs[k];
            if (o < 0 || g_.is_update(k) || uses[static_cast<size_t>(o)] != 1 || value(o).dtype != ScalarType::FLOAT32)
                continue;
            std::vector<ValueId> chain{o};
            for (int p = producer[static_cast<size_t>(o)]; p >= 0; p = producer[static_cast<size_t>(chain.back())]) {
                const Node& n = g_.nodes[static_cast<size_t>(p)];
                if (n.kind != NodeKind::TTNN || n.outputs.size() != 1)
                    break;
                if (computes(ttnn::get_op(n.target), n)) {
                    output_only_.insert(chain.begin(), chain.end());
                    break;
                }
                const std::vector<ValueId> in = n.inputs();
                if (n.target != "reshape" || in.size() != 1 || uses[static_cast<size_t>(in[0])] != 1)
                    break;
                chain.push_back(in[0]);
            }
        }
    }

    // Every tensor input floating: a mask read as 0/1 would keep the op in its own dtype.
    bool writes_float_output(const Node& n, const ttnn::OpInfo& op) const {
        if (!(computes(op, n) || n.target == "reshape") || n.outputs.empty())
            return false;
        const std::vector<ValueId> in = n.inputs();
        if (!std::all_of(in.begin(), in.end(), [&](ValueId id) {
                return is_floating(g_.values[static_cast<size_t>(id)].dtype);
            }))
            return false;
        return std::all_of(n.outputs.begin(), n.outputs.end(), [&](ValueId out) {
            return output_only_.contains(out) && g_.values[static_cast<size_t>(out)].dtype == ScalarType::FLOAT32;
        });
    }

    void host_node(Node& n) {
        for (NamedOperand& a : n.args) {
            if (Ref* r = std::get_if<Ref>(&a.value.v); r != nullptr && r->id >= 0)
                r->id = on_host(r->id);
            if (auto* list = std::get_if<RefList>(&a.value.v)) {
                for (Ref& r : *list)
                    r.id = r.id < 0 ? r.id : on_host(r.id);
            }
        }
        for (ValueId out : n.outputs)
            value(out).place = Place::HOST;
    }

    Graph& g_;
    const CompileOptions& o_;
    PlacementReport report_;
    std::map<std::tuple<ValueId, Layout, DataType>, ValueId> memo_;
    std::map<ValueId, ValueId> host_memo_;
    std::set<ValueId> from_params_;  // parameters and what is computed from them alone, on host or device
    std::set<ValueId> compact_;      // ROW_MAJOR because TILE would bloat them (or their producer's input)
    bool compact_node_ = false;      // the node being placed writes a bloating output: its inputs go ROW_MAJOR
    bool float_node_ = false;        // the node being placed writes a graph output in float32
    bool float_inputs_ = false;      // ... and reads its inputs in float32 (an element-wise op)
    std::set<ValueId> output_only_;  // float32 graph outputs computed in float32 (find_output_chains)
    ValueId first_input_ = -1;       // the node's first tensor input, whose layout its outputs take
};

}  // namespace

// Floats compute in the chosen device dtype, integers in int32, and bools as 0/1 floats (TT-NN's
// comparisons return 0/1 in the input's float dtype).
DataType device_dtype_for(ScalarType type, const CompileOptions& options) {
    return is_integral(type) ? DataType::INT32 : options.compute_dtype;
}

std::optional<DataType> reader_dtype(ttnn::DTypeSet accepted, DataType have, bool integral, DataType compute) {
    if (accepted.contains(have))
        return have;
    const DataType ints[] = {DataType::INT32, DataType::UINT32, compute, DataType::FLOAT32, DataType::BFLOAT16};
    const DataType floats[] = {
        compute, DataType::FLOAT32, DataType::BFLOAT16, DataType::BFLOAT8_B, DataType::INT32, DataType::UINT32};
    for (DataType d : integral ? std::span<const DataType>(ints) : std::span<const DataType>(floats)) {
        if (accepted.contains(d))
            return d;
    }
    return std::nullopt;
}

DataType host_dtype_for(ScalarType type) {
    if (type == ScalarType::BFLOAT16)
        return DataType::BFLOAT16;
    return is_integral(type) ? DataType::INT32 : DataType::FLOAT32;
}

ttnn::Shape device_shape(const std::vector<int64_t>& shape) {
    std::vector<uint32_t> dims;
    for (int64_t d : shape)
        dims.push_back(static_cast<uint32_t>(d));
    return ttnn::Shape(std::move(dims));
}

PlacementReport place(Graph& graph, const CompileOptions& options) {
    return Placer(graph, options).run();
}

}  // namespace torch_ttnn
