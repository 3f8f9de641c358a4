// The AMX tier's GEMM for bf16 operands (every A and B value a bf16 value): tiles of 16 rows x 32 bf16 of A and
// 16 (k, k+1) pairs x 16 columns of B, multiplied by TDPBF16PS into 16 x 16 fp32 tiles, four at a time (a
// 32 x 32 block of C: tiles 0-3 C, 4-5 A, 6-7 B). bf16 products are exact in fp32 and the sums accumulate in
// fp32: TT's HiFi4 on bf16 inputs. What the hardware does differently from the scalar tier (its own order of
// the adds within each 32-deep K step, bf16 denormal inputs read as zero, fp32 denormal results flushed to
// zero) is written down in docs/performance.md; test_gemm.cpp bounds the difference.
//
// The bias and output rounding run on the block staged in fp32 (activations through the AVX2 epilogue).
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's AVX-512 intrinsic headers pass an unset register as the unused merge source of masked builtins.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cpuid.h>
#include <cstring>

#include "kernels/codec_avx512.hpp"
#include "kernels/gemm.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn::kernels {
namespace {

constexpr int64_t kTile = 32;          // C block edge; A tiles are 32 bf16 of K wide
constexpr int64_t kRowsPerTask = 128;  // four 32-row blocks share each B block
constexpr int64_t kMaxColsPerTask = 256;

inline int64_t round_up(int64_t value, int64_t multiple) {
    return (value + multiple - 1) / multiple * multiple;
}

inline int64_t min64(int64_t a, int64_t b) {
    return a < b ? a : b;
}

// Pairs (2q, 2q + 1) of a full 16-column bf16 panel whose first element is at `src`, for q < pairs: the two
// row-major copies (interleave two rows) and transposed ones (each column's pair is one 32-bit word).
void pack_pairs_bf16(const uint16_t* src, int64_t row_stride, int64_t col_stride, int64_t pairs, uint16_t* panel) {
    if (col_stride == 1) {
        for (int64_t q = 0; q < pairs; ++q) {
            const uint16_t* r0 = src + 2 * q * row_stride;
            const uint16_t* r1 = r0 + row_stride;
            for (int64_t j = 0; j < 16; ++j) {
                panel[q * 32 + 2 * j] = r0[j];
                panel[q * 32 + 2 * j + 1] = r1[j];
            }
        }
        return;
    }
    for (int64_t j = 0; j < 16; ++j) {
        const uint16_t* column = src + j * col_stride;
        for (int64_t q = 0; q < pairs; ++q) {
            uint32_t word;
            std::memcpy(&word, column + 2 * q * row_stride, sizeof word);  // row_stride is 1 here
            std::memcpy(panel + q * 32 + 2 * j, &word, sizeof word);
        }
    }
}

// Columns [n0, n0 + cols_pad) of B as pair panels (PackedB::pairs layout, zero past n and past k).
void pack_pairs(const MatrixRef& b, int64_t k, int64_t n, int64_t n0, int64_t cols_pad, uint16_t* dst) {
    const int64_t kpad = round_up(k, kTile);
    for (int64_t p = 0; p < cols_pad / 16; ++p) {
        uint16_t* panel = dst + p * kpad * 16;
        int64_t k_done = 0;
        if (b.bf16 && n0 + p * 16 + 16 <= n && (b.col_stride == 1 || b.row_stride == 1)) {
            const int64_t origin = (n0 + p * 16) * b.col_stride;
            pack_pairs_bf16(static_cast<const uint16_t*>(b.data) + origin, b.row_stride, b.col_stride, k / 2, panel);
            k_done = k / 2 * 2;
        }
        for (int64_t kk = k_done; kk < kpad; ++kk) {
            for (int64_t j = 0; j < 16; ++j) {
                const int64_t col = n0 + p * 16 + j;
                panel[kk / 2 * 32 + j * 2 + (kk & 1)] =
                    kk < k && col < n ? bf16_bits(b, kk * b.row_stride + col * b.col_stride) : 0;
            }
        }
    }
}

struct TileConfig {
    uint8_t palette = 1;
    uint8_t start_row = 0;
    uint8_t reserved[14] = {};
    uint16_t colsb[16] = {};
    uint8_t rows[16] = {};
};

// Loaded on every run, not once per thread: other libraries on the same threads (oneDNN in torch) release the
// tile state after their kernels, and a tile instruction without a configuration faults.
void configure_tiles() {
    TileConfig config;
    for (int t = 0; t < 8; ++t) {
        config.colsb[t] = 64;
        config.rows[t] = 16;
    }
    _tile_loadconfig(&config);
}

// out[j] = acc[j] + bias[j] rounded to fp32 or bf16, for j < width <= 32: gemm_finish_row_avx2 without an
// activation, in two masked zmm steps (a block row costs a call of its own otherwise).
void finish_row32(const float* acc, int64_t width, const float* bias, void* out, bool out_bf16) {
    for (int64_t j = 0; j < width; j += 16) {
        const int64_t len = min64(16, width - j);
        const __mmask16 mask = static_cast<__mmask16>((1u << len) - 1u);
        __m512 v = _mm512_loadu_ps(acc + j);
        if (bias != nullptr)
            v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mask, bias + j));
        if (out_bf16)
            _mm256_mask_storeu_epi16(static_cast<uint16_t*>(out) + j, mask, bf16_round16(v));
        else
            _mm512_mask_storeu_ps(static_cast<float*>(out) + j, mask, v);
    }
}

// One task: rows [m0, m0 + rows) x columns [n0, n0 + cols) of an item, all of K.
void run_task(const GemmProblem& pb, const GemmItem& item, int64_t m0, int64_t rows, int64_t n0, int64_t cols) {
    thread_local FloatBuffer a_buffer, b_buffer;
    const int64_t kpad = round_up(pb.k, kTile);
    const int64_t rows_pad = round_up(rows, kTile);
    const int64_t cols_pad = round_up(cols, kTile);
    a_buffer.resize(static_cast<size_t>(rows_pad * kpad / 2));
    uint16_t* a = reinterpret_cast<uint16_t*>(a_buffer.data());
    for (int64_t r = 0; r < rows_pad; ++r) {
        uint16_t* row = a + r * kpad;
        const int64_t base = item.a_offset + (m0 + r) * pb.a.row_stride;
        int64_t kk = 0;
        if (r < rows && pb.a.bf16 && pb.a.col_stride == 1) {
            std::memcpy(row, static_cast<const uint16_t*>(pb.a.data) + base, static_cast<size_t>(pb.k) * 2);
            kk = pb.k;
        }
        for (; kk < kpad; ++kk)
            row[kk] = r < rows && kk < pb.k ? bf16_bits(pb.a, base + kk * pb.a.col_stride) : 0;
    }
    const uint16_t* b = nullptr;
    if (item.b != nullptr && item.b->pairs.data() != nullptr) {
        b = reinterpret_cast<const uint16_t*>(item.b->pairs.data()) + n0 * kpad;
    } else {
        b_buffer.resize(static_cast<size_t>(cols_pad * kpad / 2));
        MatrixRef bref = pb.b;
        bref.data = static_cast<const std::byte*>(bref.data) + item.b_offset * (bref.bf16 ? 2 : 4);
        pack_pairs(bref, pb.k, pb.n, n0, cols_pad, reinterpret_cast<uint16_t*>(b_buffer.data()));
        b = reinterpret_cast<const uint16_t*>(b_buffer.data());
    }
    const int64_t elem = pb.c_bf16 ? 2 : 4;
    alignas(64) float block[kTile * kTile];
    // Column blocks outside: a block's B (32 columns of all K) is reused from L1 by every row block of the task.
    for (int64_t c0 = 0; c0 < cols_pad; c0 += kTile) {
        const uint16_t* b_lo = b + c0 * kpad;
        const uint16_t* b_hi = b_lo + 16 * kpad;
        for (int64_t r0 = 0; r0 < rows_pad; r0 += kTile) {
            const uint16_t* a_lo = a + r0 * kpad;
            const uint16_t* a_hi = a_lo + 16 * kpad;
            _tile_zero(0);
            _tile_zero(1);
            _tile_zero(2);
            _tile_zero(3);
            for (int64_t kk = 0; kk < kpad; kk += kTile) {
                _tile_loadd(4, a_lo + kk, kpad * 2);
                _tile_loadd(5, a_hi + kk, kpad * 2);
                _tile_loadd(6, b_lo + kk * 16, 64);
                _tile_loadd(7, b_hi + kk * 16, 64);
                _tile_dpbf16ps(0, 4, 6);
                _tile_dpbf16ps(1, 4, 7);
                _tile_dpbf16ps(2, 5, 6);
                _tile_dpbf16ps(3, 5, 7);
            }
            _tile_stored(0, block, kTile * 4);
            _tile_stored(1, block + 16, kTile * 4);
            _tile_stored(2, block + 16 * kTile, kTile * 4);
            _tile_stored(3, block + 16 * kTile + 16, kTile * 4);
            const int64_t width = min64(kTile, cols - c0);
            const float* bias = pb.bias != nullptr ? pb.bias + n0 + c0 : nullptr;
            for (int64_t r = 0; r < min64(kTile, rows - r0); ++r) {
                const int64_t at = item.c_offset + (m0 + r0 + r) * pb.ldc + n0 + c0;
                std::byte* out = static_cast<std::byte*>(pb.c) + at * elem;
                if (pb.activation == Activation::NONE)
                    finish_row32(block + r * kTile, width, bias, out, pb.c_bf16);
                else
                    gemm_finish_row_avx2(block + r * kTile, width, bias, pb.activation, out, pb.c_bf16);
            }
        }
    }
}

}  // namespace

bool amx_usable() {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
        return false;
    const bool amx_bf16 = (edx >> 22) & 1u, amx_tile = (edx >> 24) & 1u;
    if (!amx_bf16 || !amx_tile)
        return false;
    // Linux hands out the 8 KiB tile state only to processes that ask (ARCH_REQ_XCOMP_PERM for XTILEDATA).
    constexpr long kArchReqXcompPerm = 0x1023, kXfeatureXtiledata = 18;
    return syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata) == 0;
}

void pack_b_pairs(const MatrixRef& b, int64_t k, int64_t n, FloatBuffer& out) {
    const int64_t npad = round_up(n, kTile), kpad = round_up(k, kTile);
    out.resize(static_cast<size_t>(npad * kpad / 2 > 0 ? npad * kpad / 2 : 1));
    pack_pairs(b, k, n, 0, npad, reinterpret_cast<uint16_t*>(out.data()));
}

void pack_b_pairs(const MatrixRef& b, int64_t k, int64_t n, FloatBuffer& out, ThreadPool& pool) {
    const int64_t npad = round_up(n, kTile), kpad = round_up(k, kTile);
    out.resize(static_cast<size_t>(npad * kpad / 2 > 0 ? npad * kpad / 2 : 1));
    auto* dst = reinterpret_cast<uint16_t*>(out.data());
    pool.parallel_for(static_cast<size_t>(npad / kTile), 1, [&](size_t begin, size_t end) {
        for (size_t c = begin; c < end; ++c) {
            const int64_t n0 = static_cast<int64_t>(c) * kTile;
            pack_pairs(b, k, n, n0, kTile, dst + n0 * kpad);
        }
    });
}

void amx_multiply_tiles(const uint16_t* a,
                        int64_t lda,
                        const uint16_t* b,
                        int64_t kpad,
                        int64_t rows,
                        int64_t cols,
                        float* c,
                        int64_t ldc,
                        bool accumulate) {
    configure_tiles();
    const int64_t stride = ldc * 4;
    for (int64_t c0 = 0; c0 < cols; c0 += kTile) {
        const uint16_t* b_lo = b + c0 * kpad;
        const uint16_t* b_hi = b_lo + 16 * kpad;
        for (int64_t r0 = 0; r0 < rows; r0 += kTile) {
            float* top = c + r0 * ldc + c0;
            float* bottom = top + 16 * ldc;
            if (accumulate) {
                _tile_loadd(0, top, stride);
                _tile_loadd(1, top + 16, stride);
                _tile_loadd(2, bottom, stride);
                _tile_loadd(3, bottom + 16, stride);
            } else {
                _tile_zero(0);
                _tile_zero(1);
                _tile_zero(2);
                _tile_zero(3);
            }
            const uint16_t* a_lo = a + r0 * lda;
            const uint16_t* a_hi = a_lo + 16 * lda;
            for (int64_t kk = 0; kk < kpad; kk += kTile) {
                _tile_loadd(4, a_lo + kk, lda * 2);
                _tile_loadd(5, a_hi + kk, lda * 2);
                _tile_loadd(6, b_lo + kk * 16, 64);
                _tile_loadd(7, b_hi + kk * 16, 64);
                _tile_dpbf16ps(0, 4, 6);
                _tile_dpbf16ps(1, 4, 7);
                _tile_dpbf16ps(2, 5, 6);
                _tile_dpbf16ps(3, 5, 7);
            }
            _tile_stored(0, top, stride);
            _tile_stored(1, top + 16, stride);
            _tile_stored(2, bottom, stride);
            _tile_stored(3, bottom + 16, stride);
        }
    }
    _tile_release();
}

void gemm_run_amx(const GemmProblem& pb, ThreadPool& pool) {
    const int64_t m_tasks = (pb.m + kRowsPerTask - 1) / kRowsPerTask;
    int64_t cols_per_task = kMaxColsPerTask;
    while (cols_per_task > kTile && pb.item_count * m_tasks * ((pb.n + cols_per_task - 1) / cols_per_task) <
                                        4 * static_cast<int64_t>(pool.size()))
        cols_per_task /= 2;
    const int64_t n_tasks = (pb.n + cols_per_task - 1) / cols_per_task;
    const int64_t per_item = m_tasks * n_tasks;
    pool.parallel_for(static_cast<size_t>(pb.item_count * per_item), 1, [&](size_t begin, size_t end) {
        configure_tiles();
        for (size_t task = begin; task < end; ++task) {
            const int64_t item = static_cast<int64_t>(task) / per_item;
            const int64_t rest = static_cast<int64_t>(task) % per_item;
            const int64_t m0 = rest / n_tasks * kRowsPerTask, n0 = rest % n_tasks * cols_per_task;
            run_task(pb, pb.items[item], m0, min64(kRowsPerTask, pb.m - m0), n0, min64(cols_per_task, pb.n - n0));
        }
        // Back to the init state, so a context switch of this thread saves no tile data.
        _tile_release();
    });
}

}  // namespace ttnn::kernels
