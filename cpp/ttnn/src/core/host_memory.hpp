#pragma once
// Host memory behind tensor buffers. Large blocks freed by one op are kept and handed to the next op that asks
// for the same size: glibc returns them to the OS (mmap or heap trim), and touching fresh pages again cost a
// training step of the MNIST CNN a third of its time. Device memory accounting is not involved: the
// allocator still reserves and releases every buffer.
#include <cstdint>
#include <memory>

namespace ttnn::detail {

// 64-byte aligned memory of at least `bytes`, freed (or kept for reuse) when the last owner lets go.
std::shared_ptr<void> allocate_host_memory(uint64_t bytes);

// Whether freed blocks are kept at all (not under AddressSanitizer, where reuse would hide use-after-free).
bool host_memory_reused();

// Bytes kept for reuse now (for tests).
uint64_t cached_host_bytes();

// Returns every kept block to the system.
void release_cached_host_memory();

}  // namespace ttnn::detail
