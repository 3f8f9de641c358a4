#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ttnn {

enum class BufferType : uint8_t { DRAM, L1 };
// Only interleaved buffers are modelled: pages spread round-robin over the banks, TT-NN's default.
enum class TensorMemoryLayout : uint8_t { INTERLEAVED };

struct MemoryConfig {
    TensorMemoryLayout memory_layout = TensorMemoryLayout::INTERLEAVED;
    BufferType buffer_type = BufferType::DRAM;
    bool operator==(const MemoryConfig&) const = default;
    std::string to_string() const;
};

inline constexpr MemoryConfig DRAM_MEMORY_CONFIG{TensorMemoryLayout::INTERLEAVED, BufferType::DRAM};
inline constexpr MemoryConfig L1_MEMORY_CONFIG{TensorMemoryLayout::INTERLEAVED, BufferType::L1};

std::string_view name(BufferType type);

}  // namespace ttnn
