#pragma once
// The runtime: a Program is a flat list of instructions over tensor slots (one slot per IR value), emitted
// from a placed graph and run whole in one C++ call. Host fallback nodes call back into PyTorch through one
// narrow callback; parameters are uploaded once into a ParamCache shared by the graphs of one model.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/ir/graph.hpp"
#include "compiler/lowering/options.hpp"
#include "compiler/passes/passes.hpp"

namespace torch_ttnn {

// One graph input as the caller hands it over: a host tensor (usually borrowed from torch, zero-copy), or a
// device tensor (a forward's output kept for the backward, Graph::device_outputs), and, for parameters and
// buffers, a stable key (the torch storage address) and its version counter.
struct InputBinding {
    ttnn::Tensor tensor;
    uint64_t key = 0;  // 0: not cacheable
    int64_t version = 0;
    // An input the graph updates (Graph::updates): the version it will have once the caller has written the
    // update back on the host; -1 when the caller does not write it back (the device copy is then not kept).
    int64_t next_version = -1;
};

// The host callback: runs frontend node `source` in PyTorch on host tensors and returns its outputs.
using HostCallback = std::function<std::vector<ttnn::Tensor>(int32_t source, const std::vector<ttnn::Tensor>& inputs)>;

// Device copies of parameters, keyed by (key, layout, dtype, shape, view) and valid while the version is
// unchanged. `view` is the slice an upload cut on the host (starts, ends and steps in one list; empty for the
// whole parameter): two slices of one shape (a mask's rows at another offset) are different copies.
class ParamCache {
public:
    std::optional<ttnn::Tensor> find(uint64_t key,
                                     int64_t version,
                                     DeviceForm form,
                                     const ttnn::Shape& shape,
                                     const std::vector<int64_t>& view = {}) const;
    void store(uint64_t key, int64_t version, DeviceForm form, ttnn::Tensor tensor, std::vector<int64_t> view = {});
    void evict(uint64_t key);
    void clear();
    size_t size() const;

private:
    struct Entry {
        int64_t version;
        ttnn::Tensor tensor;
    };
    mutable std::mutex mutex_;
    std::map<std::tuple<uint64_t, ttnn::Layout, ttnn::DataType, std::vector<uint32_t>, std::vector<int64_t>>, Entry>
        entries_;
};

// Counters of what the runtime actually did, summed over calls.
struct RunStats {
    uint64_t calls = 0;
    uint64_t uploads = 0;        // host -> device, parameters excluded
    uint64_t param_uploads = 0;  // parameter uploads (first use, or after the parameter changed)
    uint64_t param_hits = 0;     // parameter reads served by the cache
    uint64_t downloads = 0;      // device -> host
    uint64_t host_calls = 0;     // fallback nodes run
    uint64_t conversions = 0;    // planned to_layout / typecast that had work to do
    uint64_t adaptations = 0;    // unplanned: an op output came in another form than planned (0 when plans hold)
    uint64_t derived_hits = 0;   // instructions skipped: their parameter-derived result was kept from a past call
    uint64_t updates_kept = 0;   // input updates kept on the device as the input's next device copy
    uint64_t device_inputs = 0;  // inputs that came on the device (saved tensors from the forward): no upload
};

// Wall time per instruction, summed over the calls that ran with profiling on (TorchTtnnOption.profile).
struct Profile {
    std::vector<uint64_t> nanoseconds;  // one per instruction, program order
    uint64_t calls = 0;
};

// One instruction as the profile reports it: what ran, on what shape, and its share of the time.
struct ProfileRow {
    size_t index;
    std::string kind;   // ttnn, to_device, from_device, to_layout, typecast, host
    std::string op;     // the ttnn op (empty for other kinds)
    int32_t source;     // the frontend node it came from (a host call's node)
    std::string shape;  // the first output's logical shape
    uint64_t nanoseconds;
};

// How a parameter weight is prepared when it is uploaded: for matmul/linear (transpose and compute config) or
// for conv2d (groups).
struct WeightPrep {
    bool conv = false;
    bool transpose_b = false;
    ttnn::ComputeConfig config;
    uint32_t groups = 1;
};

struct Instr {
    NodeKind kind = NodeKind::TTNN;
    const ttnn::OpInfo* op = nullptr;  // TTNN
    std::vector<NamedOperand> args;    // refs are slots
    std::vector<size_t> params;        // TTNN: the op's parameter each argument fills (op->params index)
    std::vector<ValueId> outputs;
    std::vector<ttnn::Shape> shapes;  // logical shape of each output
    DeviceForm form;                  // target of transfers and conversions
    std::vector<DeviceForm> forms;    // planned form of each output
    int32_t source = -1;              // HOST: the frontend node
    bool param_input = false;         // TO_DEVICE of a parameter graph input
    bool derived = false;             // computed from parameters alone: kept across calls (runtime/derived.hpp)
    // A derived value or parameter upload that only derived instructions read (a step of a fold): not kept,
    // and skipped while the values it feeds are reused.
    bool transient = false;
    // A parameter upload or derived value that a matmul/linear or conv2d reads as its weight: packed when
    // uploaded or computed (the ops' prepared-weight caches), as its reader reads it.
    std::optional<WeightPrep> weight_prep;
    std::vector<ValueId> frees;                               // slots whose last reader this is
    ttnn::DataType compute_dtype = ttnn::DataType::BFLOAT16;  // CompileOptions::compute_dtype (reader_dtype)
};

// The values one program derives from parameters alone (runtime/derived.hpp), valid while every
// parameter binding (key, version) equals `signature`.
struct DerivedValues {
    std::mutex mutex;
    std::vector<std::pair<uint64_t, int64_t>> signature;
    std::map<ValueId, ttnn::Tensor> values;
    bool valid = false;  // a whole call computed `values` for `signature`
};

class Program {
public:
    static Program emit(const Graph& graph, const MemoryPlan& plan, const CompileOptions& options);

    std::vector<ttnn::Tensor> run(const std::vector<InputBinding>& inputs,
                                  const HostCallback& host,
                                  ParamCache& cache,
                                  RunStats& stats,
                                  Profile* profile = nullptr,
                                  bool device_outputs = true) const;
    std::string to_string() const;
    std::vector<ProfileRow> profile_rows(const Profile& profile) const;
    // Frees the values derived from parameters (option.release(), a parameter freed); the next call
    // computes them again.
    void clear_derived() const;
    size_t size() const { return code_.size(); }

    // Runs one instruction on `slots`: the executor of run(), and constant folding's at compile time.
    static void execute(const Instr& instr,
                        std::vector<std::optional<ttnn::Tensor>>& slots,
                        const std::shared_ptr<ttnn::Device>& device,
                        RunStats& stats);

private:
    using Slots = std::vector<std::optional<ttnn::Tensor>>;
    static void run_host(const Instr& instr, Slots& slots, const HostCallback& host, RunStats& stats);
    void upload_param(
        const Instr& instr, const InputBinding& b, Slots& slots, ParamCache& cache, RunStats& stats, bool keep) const;
    static void keep_derived(const Instr& instr, const Slots& slots, DerivedValues& derived);
    std::optional<std::vector<std::pair<uint64_t, int64_t>>> param_signature(
        const std::vector<InputBinding>& inputs) const;
    static void run_with_context(const Instr& instr,
                                 std::vector<std::optional<ttnn::Tensor>>& slots,
                                 const std::shared_ptr<ttnn::Device>& device,
                                 RunStats& stats);

    std::vector<Instr> code_;
    size_t num_slots_ = 0;
    std::vector<ValueId> inputs_;
    std::vector<ValueId> outputs_;
    std::vector<std::pair<ValueId, ttnn::Tensor>> constants_;
    std::shared_ptr<ttnn::Device> device_;
    std::vector<bool> param_inputs_;      // per graph input: a parameter or buffer
    std::vector<size_t> device_outputs_;  // Graph::device_outputs
    // An input's update computed on the device in the form and shape of that input's upload: after a call it
    // becomes the input's cached device copy, so the next call does not upload the input again.
    struct KeptUpdate {
        ValueId value;
        size_t input;
        DeviceForm form;
        ttnn::Shape shape;
    };
    std::vector<KeptUpdate> kept_updates_;
    void keep_updates(const std::vector<InputBinding>& inputs,
                      const Slots& slots,
                      ParamCache& cache,
                      RunStats& stats) const;
    bool has_derived_ = false;
    std::shared_ptr<DerivedValues> derived_ = std::make_shared<DerivedValues>();
};

Instr make_instr(const Graph& graph, const Node& node, ttnn::DataType compute_dtype);

}  // namespace torch_ttnn
