// The GEMM's packing: A into kGemmMr-row panels, B into kGemmNr-column panels (fp32, bf16 widened exactly),
// per K block of kGemmKc; and the 64-byte aligned buffers they live in. Shared by every tier.
#include <algorithm>
#include <cstdlib>
#include <mutex>

#include "kernels/gemm.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/error.hpp"
#include "ttnn/isa.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn::kernels {

// Element offset of panel `panel_index` at K row k0 in the PackedB layout of a k x n matrix.
int64_t packed_panel_offset(int64_t k, int64_t n, int64_t k0, int64_t panel_index) {
    const int64_t block_k = k0 / kGemmKc * kGemmKc;
    const int64_t block_rows = std::min(kGemmKc, k - block_k);
    const int64_t width = (n + kGemmNr - 1) / kGemmNr * kGemmNr;
    return block_k * width + panel_index * block_rows * kGemmNr + (k0 - block_k) * kGemmNr;
}

namespace {

// Element readers with the dtype fixed at compile time, so packing loops carry no per-element branch.
template <bool BF16>
inline float read(const void* data, int64_t offset) {
    if constexpr (BF16) {
        return f32_from_bf16(static_cast<const uint16_t*>(data)[offset]);
    } else {
        return static_cast<const float*>(data)[offset];
    }
}

// One kc x kGemmNr panel of B (columns [p * 16, p * 16 + 16), zero past n).
template <bool BF16>
void pack_b_panel_t(const MatrixRef& b, int64_t k0, int64_t kc, int64_t p, int64_t n, float* dst) {
    const int64_t cols = std::min(kGemmNr, n - p * kGemmNr);
    if (cols < kGemmNr)
        std::fill(dst, dst + kc * kGemmNr, 0.0f);
    const int64_t origin = k0 * b.row_stride + p * kGemmNr * b.col_stride;
    if (b.row_stride == 1 && cols == kGemmNr) {
        // A transposed source (K^T in attention, transpose_b): 16 source rows, each contiguous over K.
        gemm_kernels().pack_bt_panel(b.data, BF16, origin, b.col_stride, kc, dst);
        return;
    }
    if (b.row_stride == 1) {
        for (int64_t j = 0; j < cols; ++j) {
            const int64_t base = origin + j * b.col_stride;
            for (int64_t kk = 0; kk < kc; ++kk)
                dst[kk * kGemmNr + j] = read<BF16>(b.data, base + kk);
        }
        return;
    }
    if (b.col_stride == 1 && cols == kGemmNr) {
        // Full panels of contiguous rows: a fixed 16-wide copy the compiler vectorises.
        for (int64_t kk = 0; kk < kc; ++kk) {
            const int64_t base = origin + kk * b.row_stride;
            for (int64_t j = 0; j < kGemmNr; ++j)
                dst[kk * kGemmNr + j] = read<BF16>(b.data, base + j);
        }
        return;
    }
    for (int64_t kk = 0; kk < kc; ++kk) {
        const int64_t base = origin + kk * b.row_stride;
        for (int64_t j = 0; j < cols; ++j)
            dst[kk * kGemmNr + j] = read<BF16>(b.data, base + j * b.col_stride);
    }
}

template <bool BF16>
void pack_a_t(const MatrixRef& a, int64_t a_offset, int64_t m0, int64_t rows, int64_t k0, int64_t kc, float* dst) {
    const GemmKernels& kernels = gemm_kernels();
    for (int64_t i0 = 0; i0 < rows; i0 += kGemmMr) {
        float* panel = dst + i0 * kc;
        if (a.col_stride == 1 && i0 + kGemmMr <= rows) {
            kernels.pack_a_panel(a.data, BF16, a_offset + (m0 + i0) * a.row_stride + k0, a.row_stride, kc, panel);
            continue;
        }
        for (int64_t r = 0; r < kGemmMr; ++r) {
            if (i0 + r >= rows) {
                for (int64_t p = 0; p < kc; ++p)
                    panel[p * kGemmMr + r] = 0.0f;
                continue;
            }
            const int64_t base = a_offset + (m0 + i0 + r) * a.row_stride + k0 * a.col_stride;
            if (a.col_stride == 1) {
                for (int64_t p = 0; p < kc; ++p)
                    panel[p * kGemmMr + r] = read<BF16>(a.data, base + p);
            } else {
                for (int64_t p = 0; p < kc; ++p)
                    panel[p * kGemmMr + r] = read<BF16>(a.data, base + p * a.col_stride);
            }
        }
    }
}

}  // namespace

void pack_b_panel(const MatrixRef& b, int64_t k0, int64_t kc, int64_t p, int64_t n, float* dst) {
    if (b.bf16) {
        pack_b_panel_t<true>(b, k0, kc, p, n, dst);
    } else {
        pack_b_panel_t<false>(b, k0, kc, p, n, dst);
    }
}

void pack_a(const MatrixRef& a, int64_t a_offset, int64_t m0, int64_t rows, int64_t k0, int64_t kc, float* dst) {
    if (a.bf16) {
        pack_a_t<true>(a, a_offset, m0, rows, k0, kc, dst);
    } else {
        pack_a_t<false>(a, a_offset, m0, rows, k0, kc, dst);
    }
}

void pack_b_block(const MatrixRef& b, int64_t k0, int64_t kc, int64_t n, float* dst) {
    for (int64_t p = 0; p * kGemmNr < n; ++p)
        pack_b_panel(b, k0, kc, p, n, dst + p * kc * kGemmNr);
}

void FloatBuffer::resize(size_t count) {
    if (count <= size && ptr) {
        return;
    }
    const size_t bytes = std::max<size_t>(64, (count * sizeof(float) + 63) / 64 * 64);
    ptr = std::unique_ptr<float[], void (*)(void*)>(static_cast<float*>(std::aligned_alloc(64, bytes)), std::free);
    TTNN_CHECK(ptr != nullptr, RUNTIME, "gemm: out of host memory allocating ", bytes, " bytes");
    size = count;
}

const float* PackedB::panel(int64_t k0, int64_t panel_index) const {
    return data.data() + packed_panel_offset(k, n, k0, panel_index);
}

void ensure_panels(const PackedB& b, ThreadPool& pool) {
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    if (b.data.data() != nullptr || b.pairs.data() == nullptr)
        return;
    // The pairs layout: per 16-column panel round_up(k, 32) / 2 rows of 16 (k, k + 1) pairs, zero past n and k.
    const int64_t kpad = (b.k + 31) / 32 * 32, panels = b.panels();
    const auto* pairs = reinterpret_cast<const uint16_t*>(b.pairs.data());
    b.data.resize(static_cast<size_t>(std::max<int64_t>(1, b.k * panels * kGemmNr)));
    pool.parallel_for(static_cast<size_t>(panels), 1, [&](size_t begin, size_t end) {
        for (int64_t p = static_cast<int64_t>(begin); p < static_cast<int64_t>(end); ++p) {
            const uint16_t* src = pairs + p * kpad * kGemmNr;
            for (int64_t kk = 0; kk < b.k; ++kk) {
                float* dst = b.data.data() + packed_panel_offset(b.k, b.n, kk, p);
                for (int64_t j = 0; j < kGemmNr; ++j)
                    dst[j] = f32_from_bf16(src[kk / 2 * 32 + j * 2 + (kk & 1)]);
            }
        }
    });
}

void pack_b(const MatrixRef& b, int64_t k, int64_t n, PackedB& out, ThreadPool& pool, bool bf16_pairs) {
    out.k = k;
    out.n = n;
#if TTNN_HAVE_AMX
    // Built whenever the CPU has the AMX tier, not only while it is active: a prepared weight outlives set_isa.
    if (bf16_pairs && isa_available(Isa::AMX)) {
        pack_b_pairs(b, k, n, out.pairs, pool);
        if (gemm_runs_bf16_operands())
            return;  // the fp32 panels only when an FMA tier asks (ensure_panels): half the bytes, one pass less
    }
#else
    (void)bf16_pairs;
#endif
    const int64_t panels = out.panels();
    out.data.resize(static_cast<size_t>(std::max<int64_t>(1, k * panels * kGemmNr)));
    const int64_t blocks = (k + kGemmKc - 1) / kGemmKc;
    pool.parallel_for(static_cast<size_t>(blocks * panels), 4, [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) {
            const int64_t k0 = static_cast<int64_t>(t) / panels * kGemmKc;
            const int64_t p = static_cast<int64_t>(t) % panels;
            const int64_t kc = std::min(kGemmKc, k - k0);
            pack_b_panel(b, k0, kc, p, n, const_cast<float*>(out.panel(k0, p)));
        }
    });
}

}  // namespace ttnn::kernels
