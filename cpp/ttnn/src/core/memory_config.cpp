#include "ttnn/memory_config.hpp"

namespace ttnn {

std::string_view name(BufferType type) {
    return type == BufferType::L1 ? "L1" : "DRAM";
}

std::string MemoryConfig::to_string() const {
    return "MemoryConfig(memory_layout=INTERLEAVED, buffer_type=" + std::string(name(buffer_type)) + ")";
}

}  // namespace ttnn
