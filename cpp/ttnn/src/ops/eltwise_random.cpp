// TT-NN's experimental.dropout: each element is kept with probability 1 - probability and multiplied by scale,
// else zeroed. TT-NN draws from each core's random generator, seeded with seed (plus the chip id when
// use_per_device_seed); here element i's draw is a hash of the seed and i, its row-major index, so one seed
// gives one mask in every layout, dtype and run, and a test can check the mask as well as its statistics.
#include <cstdint>

#include "ops/backward_tensors.hpp"
#include "ops/families.hpp"

namespace ttnn::ops {
namespace {

// murmur3's 32-bit finaliser: a bijection on 32-bit words that spreads every input bit over the output.
uint32_t mix32(uint32_t h) {
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

OpOutputs run_dropout(const OpArgs& a) {
    const Tensor& input = a.tensor("input_tensor");
    const double probability = a.scalar("probability");
    TTNN_CHECK(probability >= 0.0 && probability <= 1.0,
               VALUE,
               "ttnn.experimental.dropout: probability must lie in [0, 1]; got ",
               probability);
    const int64_t seed = a.integer("seed");
    TTNN_CHECK(seed >= 0 && seed <= UINT32_MAX, VALUE, "ttnn.experimental.dropout: seed must be a uint32; got ", seed);
    const bool per_device = a.flag_or("use_per_device_seed", true) && input.device() != nullptr;
    const uint32_t key = mix32(static_cast<uint32_t>(seed) + (per_device ? input.device()->id() : 0u));
    const auto scale = static_cast<float>(a.scalar("scale"));
    // Kept where the draw, a uniform 32-bit word, is at least probability * 2^32.
    const double cut = probability * 4294967296.0;
    const Tensor x = to_layout(as_float32(input), Layout::ROW_MAJOR);  // block floats unpack in TILE
    Tensor out = allocate_output("experimental.dropout", x, x.logical_shape(), DataType::FLOAT32, Layout::ROW_MAJOR);
    const float* src = x.data<float>();
    float* dst = out.data<float>();
    pool_for(out).parallel_for(x.logical_shape().volume(), 4096, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
            const bool keep = static_cast<double>(mix32(static_cast<uint32_t>(i) + key)) >= cut;
            dst[i] = keep ? src[i] * scale : 0.0f;
        }
    });
    return {finish(out, input.dtype(), input.layout(), a.memory_config("memory_config"))};
}

}  // namespace

void register_random_ops(std::vector<OpInfo>& ops) {
    ops.push_back(family_op("eltwise_composite",
                            "experimental.dropout",
                            "x * scale where a draw seeded by seed keeps it (probability 1 - probability), else 0; "
                            "one seed gives one mask.",
                            {{"input_tensor", ArgKind::TENSOR, true},
                             {"seed", ArgKind::INT, true},
                             {"probability", ArgKind::FLOAT, true},
                             {"scale", ArgKind::FLOAT, true},
                             {"use_per_device_seed", ArgKind::BOOL, false, {}, 1.0},
                             {"memory_config", ArgKind::MEMORY_CONFIG},
                             {"output_tensor", ArgKind::TENSOR}},
                            FLOAT_DTYPES,
                            run_dropout));
}

}  // namespace ttnn::ops
