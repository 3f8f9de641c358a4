// The key of an op call in TT-NN's program cache: what TT-NN hashes to pick a compiled program, i.e. the op,
// every tensor's shape, dtype, layout and memory config, and the op's attributes. A number given where a
// tensor may go is a runtime argument of the same program, so only its presence counts.
#include <bit>
#include <cstring>
#include <string_view>

#include "ops/families.hpp"

namespace ttnn::ops {
namespace {

struct Hasher {
    uint64_t h = 1469598103934665603ull;
    void add(uint64_t v) { h = (h ^ v) * 1099511628211ull; }
    void add(std::string_view s) {
        for (char c : s)
            add(static_cast<uint64_t>(static_cast<unsigned char>(c)));
    }
    void add_double(double d) { add(std::bit_cast<uint64_t>(d)); }
    void add(const MemoryConfig& c) {
        add(static_cast<uint64_t>(c.memory_layout) << 8 | static_cast<uint64_t>(c.buffer_type));
        add(c.shard_spec_id);  // interned: equal specs share an id
    }
    void add(const Tensor& t) {
        for (uint32_t d : t.logical_shape().dims())
            add(d);
        add(static_cast<uint64_t>(t.dtype()) << 8 | static_cast<uint64_t>(t.layout()));
        add(t.memory_config());
    }
};

void add_arg(Hasher& hash, const Param& p, const Arg& a) {
    hash.add(a.index());
    if (p.kind == ArgKind::TENSOR_OR_SCALAR && !std::holds_alternative<Tensor>(a))
        return;
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, int64_t>) {
                hash.add(static_cast<uint64_t>(v));
            } else if constexpr (std::is_same_v<T, double>) {
                hash.add_double(v);
            } else if constexpr (std::is_same_v<T, std::string>) {
                hash.add(std::string_view(v));
            } else if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
                for (int64_t x : v)
                    hash.add(static_cast<uint64_t>(x));
            } else if constexpr (std::is_same_v<T, std::vector<double>>) {
                for (double x : v)
                    hash.add_double(x);
            } else if constexpr (std::is_same_v<T, DataType> || std::is_same_v<T, Layout>) {
                hash.add(static_cast<uint64_t>(v));
            } else if constexpr (std::is_same_v<T, MemoryConfig> || std::is_same_v<T, Tensor>) {
                hash.add(v);
            } else if constexpr (std::is_same_v<T, std::vector<Tensor>>) {
                for (const Tensor& t : v)
                    hash.add(t);
            } else if constexpr (std::is_same_v<T, ComputeConfig>) {
                hash.add(static_cast<uint64_t>(v.math_fidelity) << 8 | uint64_t{v.math_approx_mode} << 2 |
                         uint64_t{v.fp32_dest_acc_en} << 1 | uint64_t{v.packer_l1_acc});
            }
        },
        a);
}

}  // namespace

void record_program(const OpInfo& op, const OpArgs& args) {
    std::shared_ptr<Device> device;
    for (const Arg& a : args.values()) {
        if (const Tensor* t = std::get_if<Tensor>(&a); t != nullptr && t->device() != nullptr)
            device = t->device();
        if (const auto* list = std::get_if<std::vector<Tensor>>(&a); list != nullptr && !list->empty())
            device = list->front().device();
        if (const auto* d = std::get_if<std::shared_ptr<Device>>(&a))
            device = *d;
        if (device != nullptr)
            break;
    }
    if (device == nullptr || !device->program_cache_enabled())
        return;
    Hasher hash;
    hash.add(op.name);
    for (size_t i = 0; i < op.params.size(); ++i)
        add_arg(hash, op.params[i], args.values()[i]);
    device->record_program(hash.h);
}

}  // namespace ttnn::ops
