#include "kernels/data_movement_copy.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "ttnn/error.hpp"
#include "ttnn/isa.hpp"

namespace ttnn::kernels {
namespace {

// Work per parallel chunk, in bytes: big enough that the pool's hand-off cost is noise.
constexpr size_t kChunkBytes = 64 * 1024;
// Side of the square blocks the transpose walks: 32 rows of 32 elements stay in L1 for every element size.
constexpr uint64_t kBlock = 32;
// Destination bytes each stream of a banded run copy gets in a row (copy_runs_blocked): 8 runs of 128 bytes
// measured best for permute(0, 2, 1, 3) on BERT heads, 4 and 16 within noise, a single run clearly slower.
constexpr size_t kBandBytes = 1024;

// Drops extent-1 dims and merges neighbours that are contiguous in both views, so the innermost dim is as
// long as possible (a permute(0, 2, 1, 3) becomes runs of the last dim; a plain copy becomes one run).
// Returns false when the box is empty.
bool simplify(CopyBox& box) {
    CopyBox out;
    for (size_t i = 0; i < box.extents.size(); ++i) {
        const uint64_t n = box.extents[i];
        if (n == 0)
            return false;
        if (n == 1)
            continue;
        const int64_t s = box.src_strides[i];
        const int64_t d = box.dst_strides[i];
        const auto wide = static_cast<int64_t>(n);
        if (!out.extents.empty() && out.src_strides.back() == s * wide && out.dst_strides.back() == d * wide) {
            out.extents.back() *= n;
            out.src_strides.back() = s;
            out.dst_strides.back() = d;
            continue;
        }
        out.extents.push_back(n);
        out.src_strides.push_back(s);
        out.dst_strides.push_back(d);
    }
    if (out.extents.empty()) {
        out = CopyBox{{1}, {1}, {1}};
    }
    box = std::move(out);
    return true;
}

CopyBox without(const CopyBox& box, size_t skip_a, size_t skip_b) {
    CopyBox out;
    for (size_t i = 0; i < box.extents.size(); ++i) {
        if (i == skip_a || i == skip_b)
            continue;
        out.extents.push_back(box.extents[i]);
        out.src_strides.push_back(box.src_strides[i]);
        out.dst_strides.push_back(box.dst_strides[i]);
    }
    return out;
}

// Runs body(src_offset, dst_offset, block) for every position of `outer` times `blocks` blocks, in parallel:
// the walk of the blocked copies (bands of runs, transpose squares).
template <typename Body>
void parallel_blocks(const CopyBox& outer, uint64_t blocks, size_t grain, ThreadPool& pool, Body body) {
    pool.parallel_for(volume(outer.extents) * blocks, grain, [&](size_t begin, size_t end) {
        uint64_t current = begin / blocks;
        Odometer at(outer.extents, outer.src_strides, outer.dst_strides, current);
        for (size_t w = begin; w < end; ++w) {
            for (; current < w / blocks; ++current)
                at.next();
            body(at.a(), at.b(), w % blocks);
        }
    });
}

RunsFn runs_kernel() {
#if TTNN_HAVE_AVX2
    if (isa_at_least(Isa::AVX2))
        return copy_runs_avx2;
#endif
    return copy_runs_scalar;
}

// Runs whose source rows are far apart (a permute(0, 2, 1, 3): the row dim steps over a whole source row, often
// 4 KB or a multiple, while the next dim out steps one run): walking the rows of one destination stream would
// read one run per source page, every run at the same page offset. Instead walk a band of `band` rows at a time
// and, inside it, every position of the next dim out: the source is read page by page, a band's runs in
// sequence, and each destination stream still gets `band` runs in a row.
bool copy_runs_blocked(
    const std::byte* src, std::byte* dst, size_t element_bytes, const CopyBox& box, ThreadPool& pool) {
    const size_t n = box.extents.size();
    const size_t run = box.extents[n - 1] * element_bytes;
    const size_t row = n - 2, across = n - 3;
    const auto eb = static_cast<int64_t>(element_bytes);
    const int64_t src_row = box.src_strides[row] * eb, dst_row = box.dst_strides[row] * eb;
    const int64_t src_across = box.src_strides[across] * eb, dst_across = box.dst_strides[across] * eb;
    if (std::llabs(src_across) >= std::llabs(src_row))
        return false;
    const uint64_t band = std::max<uint64_t>(1, kBandBytes / run);
    const uint64_t rows = box.extents[row], width = box.extents[across];
    const uint64_t bands = (rows + band - 1) / band;
    CopyBox outer = without(box, across, row);
    outer.extents.pop_back();  // the run itself
    outer.src_strides.pop_back();
    outer.dst_strides.pop_back();
    const RunsFn kernel = runs_kernel();
    const size_t grain = std::max<size_t>(1, kChunkBytes / (band * width * run));
    parallel_blocks(outer, bands, grain, pool, [&](int64_t src_at, int64_t dst_at, uint64_t block) {
        const uint64_t r0 = block * band, count = std::min(rows, r0 + band) - r0;
        const std::byte* from = src + src_at * eb + static_cast<int64_t>(r0) * src_row;
        std::byte* to = dst + dst_at * eb + static_cast<int64_t>(r0) * dst_row;
        for (uint64_t k = 0; k < width; ++k)
            kernel(from + static_cast<int64_t>(k) * src_across,
                   src_row,
                   to + static_cast<int64_t>(k) * dst_across,
                   dst_row,
                   count,
                   run);
    });
    return true;
}

void copy_runs(const std::byte* src, std::byte* dst, size_t element_bytes, const CopyBox& box, ThreadPool& pool) {
    const size_t run = box.extents.back() * element_bytes;
    const auto eb = static_cast<int64_t>(element_bytes);
    if (box.extents.size() == 1) {
        pool.parallel_for(
            run, 1 << 18, [&](size_t begin, size_t end) { std::memcpy(dst + begin, src + begin, end - begin); });
        return;
    }
    if (box.extents.size() >= 3 && copy_runs_blocked(src, dst, element_bytes, box, pool))
        return;
    // Rows of runs: the dim just outside the run is walked with fixed strides, the rest by an odometer.
    const size_t row_dim = box.extents.size() - 2;
    const uint64_t row_length = box.extents[row_dim];
    const int64_t src_step = box.src_strides[row_dim] * eb, dst_step = box.dst_strides[row_dim] * eb;
    const CopyBox outer = without(box, row_dim, row_dim + 1);
    const RunsFn kernel = runs_kernel();
    pool.parallel_for(
        volume(outer.extents) * row_length, std::max<size_t>(1, kChunkBytes / run), [&](size_t begin, size_t end) {
            Odometer at(outer.extents, outer.src_strides, outer.dst_strides, begin / row_length);
            for (size_t i = begin; i < end; at.next()) {
                const uint64_t first = i % row_length;
                const uint64_t last = std::min<uint64_t>(row_length, first + (end - i));
                const std::byte* from = src + at.a() * eb + static_cast<int64_t>(first) * src_step;
                std::byte* to = dst + at.b() * eb + static_cast<int64_t>(first) * dst_step;
                kernel(from, src_step, to, dst_step, last - first, run);
                i += last - first;
            }
        });
}

template <typename T>
using Transpose8 = void (*)(const T*, int64_t, T*, int64_t);

// The 8x8 block kernel for this element size and the active ISA; null where only the element loop applies.
template <typename T>
Transpose8<T> transpose8_kernel() {
#if TTNN_HAVE_AVX2
    if (isa_at_least(Isa::AVX2)) {
        if constexpr (sizeof(T) == 2)
            return transpose8x8_u16_avx2;
        if constexpr (sizeof(T) == 4)
            return transpose8x8_u32_avx2;
    }
#endif
    if constexpr (sizeof(T) == 2)
        return transpose8x8_u16_scalar;
    if constexpr (sizeof(T) == 4)
        return transpose8x8_u32_scalar;
    return nullptr;
}

// Rows [i0, i1) x columns [j0, j1) of a transpose block: destination (i, j) = source (j, i).
template <typename T>
void transpose_block(const T* s,
                     T* d,
                     int64_t src_a,
                     int64_t dst_b,
                     uint64_t i0,
                     uint64_t i1,
                     uint64_t j0,
                     uint64_t j1,
                     Transpose8<T> kernel) {
    uint64_t i = i0;
    for (; kernel != nullptr && i + 8 <= i1; i += 8) {
        uint64_t j = j0;
        for (; j + 8 <= j1; j += 8) {
            const auto si = static_cast<int64_t>(i), sj = static_cast<int64_t>(j);
            kernel(s + si + sj * src_a, src_a, d + si * dst_b + sj, dst_b);
        }
        for (uint64_t r = i; r < i + 8; ++r) {
            for (uint64_t c = j; c < j1; ++c)
                d[static_cast<int64_t>(r) * dst_b + static_cast<int64_t>(c)] =
                    s[static_cast<int64_t>(r) + static_cast<int64_t>(c) * src_a];
        }
    }
    for (; i < i1; ++i) {
        for (uint64_t c = j0; c < j1; ++c)
            d[static_cast<int64_t>(i) * dst_b + static_cast<int64_t>(c)] =
                s[static_cast<int64_t>(i) + static_cast<int64_t>(c) * src_a];
    }
}

// The destination is contiguous along the last dim and the source along dim `b`: walk kBlock x kBlock
// squares so both sides touch whole cache lines, 8x8 at a time through the block kernel.
template <typename T>
void copy_transposed(const T* src, T* dst, const CopyBox& box, size_t b, ThreadPool& pool) {
    const size_t a = box.extents.size() - 1;
    const uint64_t na = box.extents[a], nb = box.extents[b];
    const int64_t src_a = box.src_strides[a], dst_b = box.dst_strides[b];
    const CopyBox outer = without(box, a, b);
    const uint64_t blocks_b = (nb + kBlock - 1) / kBlock;
    const size_t grain = std::max<size_t>(1, kChunkBytes / (kBlock * na * sizeof(T)));
    const Transpose8<T> kernel = transpose8_kernel<T>();
    parallel_blocks(outer, blocks_b, grain, pool, [&](int64_t src_at, int64_t dst_at, uint64_t block) {
        const uint64_t i0 = block * kBlock, i1 = std::min(nb, i0 + kBlock);
        for (uint64_t j0 = 0; j0 < na; j0 += kBlock)
            transpose_block(src + src_at, dst + dst_at, src_a, dst_b, i0, i1, j0, std::min(na, j0 + kBlock), kernel);
    });
}

template <typename T>
void copy_elements(const T* src, T* dst, const CopyBox& box, ThreadPool& pool) {
    const uint64_t n = box.extents.back();
    const int64_t s = box.src_strides.back(), d = box.dst_strides.back();
    const CopyBox outer = without(box, box.extents.size() - 1, SIZE_MAX);
    const size_t grain = std::max<size_t>(1, kChunkBytes / (n * sizeof(T)));
    pool.parallel_for(volume(outer.extents), grain, [&](size_t begin, size_t end) {
        Odometer at(outer.extents, outer.src_strides, outer.dst_strides, begin);
        for (size_t o = begin; o < end; ++o, at.next()) {
            const T* from = src + at.a();
            T* to = dst + at.b();
            for (uint64_t i = 0; i < n; ++i)
                to[static_cast<int64_t>(i) * d] = from[static_cast<int64_t>(i) * s];
        }
    });
}

template <typename T>
void copy_typed(const std::byte* src, std::byte* dst, const CopyBox& box, ThreadPool& pool) {
    const auto* s = reinterpret_cast<const T*>(src);
    auto* d = reinterpret_cast<T*>(dst);
    if (box.dst_strides.back() == 1) {
        for (size_t b = 0; b + 1 < box.extents.size(); ++b) {
            if (box.src_strides[b] == 1) {
                copy_transposed(s, d, box, b, pool);
                return;
            }
        }
    }
    copy_elements(s, d, box, pool);
}

template <typename T>
void fill_typed(std::byte* dst, const std::byte* value, const CopyBox& box, ThreadPool& pool) {
    T v;
    std::memcpy(&v, value, sizeof(T));
    auto* base = reinterpret_cast<T*>(dst);
    const uint64_t n = box.extents.back();
    const int64_t d = box.dst_strides.back();
    const CopyBox outer = without(box, box.extents.size() - 1, SIZE_MAX);
    pool.parallel_for(
        volume(outer.extents), std::max<size_t>(1, kChunkBytes / (n * sizeof(T))), [&](size_t begin, size_t end) {
            Odometer at(outer.extents, outer.dst_strides, outer.dst_strides, begin);
            for (size_t o = begin; o < end; ++o, at.next()) {
                T* to = base + at.b();
                for (uint64_t i = 0; i < n; ++i)
                    to[static_cast<int64_t>(i) * d] = v;
            }
        });
}

// Calls fn(T{}) with T the unsigned integer of `bytes` bytes (kernels move elements as raw bits).
template <typename Fn>
void by_element_size(size_t bytes, Fn fn) {
    switch (bytes) {
        case 1:
            return fn(uint8_t{});
        case 2:
            return fn(uint16_t{});
        case 4:
            return fn(uint32_t{});
        case 8:
            return fn(uint64_t{});
        default:
            TTNN_ASSERT(false, "data movement: element size ", bytes);
    }
}

}  // namespace

uint64_t volume(const std::vector<uint64_t>& extents) {
    uint64_t v = 1;
    for (uint64_t n : extents)
        v *= n;
    return v;
}

Odometer::Odometer(const std::vector<uint64_t>& extents,
                   const std::vector<int64_t>& strides_a,
                   const std::vector<int64_t>& strides_b,
                   uint64_t start)
    : extents_(extents), strides_a_(strides_a), strides_b_(strides_b), index_(extents.size(), 0) {
    for (size_t i = extents.size(); i-- > 0;) {
        if (extents[i] == 0)
            return;
        index_[i] = start % extents[i];
        start /= extents[i];
        offset_a_ += static_cast<int64_t>(index_[i]) * strides_a[i];
        offset_b_ += static_cast<int64_t>(index_[i]) * strides_b[i];
    }
}

void Odometer::next() {
    for (size_t i = extents_.size(); i-- > 0;) {
        offset_a_ += strides_a_[i];
        offset_b_ += strides_b_[i];
        if (++index_[i] < extents_[i])
            return;
        const auto wrapped = static_cast<int64_t>(extents_[i]);
        offset_a_ -= wrapped * strides_a_[i];
        offset_b_ -= wrapped * strides_b_[i];
        index_[i] = 0;
    }
}

std::vector<int64_t> storage_strides(const TensorSpec& spec) {
    const Shape& stored = spec.layout == Layout::TILE ? spec.padded_shape : spec.logical_shape;
    std::vector<int64_t> strides(static_cast<size_t>(stored.rank()));
    int64_t stride = 1;
    for (int i = stored.rank() - 1; i >= 0; --i) {
        strides[static_cast<size_t>(i)] = stride;
        stride *= stored[i];
    }
    const int rank = spec.logical_shape.rank();
    TTNN_ASSERT(rank <= stored.rank(), spec.to_string());
    return {strides.end() - rank, strides.end()};
}

void copy_strided(const std::byte* src, std::byte* dst, size_t element_bytes, const CopyBox& box, ThreadPool& pool) {
    CopyBox simple = box;
    if (!simplify(simple))
        return;
    if (simple.src_strides.back() == 1 && simple.dst_strides.back() == 1) {
        copy_runs(src, dst, element_bytes, simple, pool);
        return;
    }
    by_element_size(element_bytes, [&](auto t) { copy_typed<decltype(t)>(src, dst, simple, pool); });
}

void concat_rows(const std::vector<const std::byte*>& sources,
                 const std::vector<size_t>& row_bytes,
                 std::byte* dst,
                 uint64_t rows,
                 ThreadPool& pool) {
    size_t out_row = 0;
    for (size_t bytes : row_bytes)
        out_row += bytes;
    if (out_row == 0 || rows == 0)
        return;
    pool.parallel_for(rows, std::max<size_t>(1, kChunkBytes / out_row), [&](size_t begin, size_t end) {
        for (size_t r = begin; r < end; ++r) {
            std::byte* to = dst + r * out_row;
            for (size_t i = 0; i < sources.size(); ++i) {
                if (row_bytes[i] == 0)
                    continue;  // an empty input may have no storage at all
                std::memcpy(to, sources[i] + r * row_bytes[i], row_bytes[i]);
                to += row_bytes[i];
            }
        }
    });
}

void fill_strided(std::byte* dst, const std::byte* value, size_t element_bytes, const CopyBox& box, ThreadPool& pool) {
    CopyBox simple{box.extents, box.dst_strides, box.dst_strides};
    if (!simplify(simple))
        return;
    by_element_size(element_bytes, [&](auto t) { fill_typed<decltype(t)>(dst, value, simple, pool); });
}

}  // namespace ttnn::kernels
