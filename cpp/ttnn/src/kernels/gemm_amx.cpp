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
#include <algorithm>
#include <atomic>
#include <cstring>

#include "kernels/codec_avx512.hpp"
#include "kernels/gemm.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn::kernels {
namespace {

constexpr int64_t kTile = 32;          // C block edge; A tiles are 32 bf16 of K wide
constexpr int64_t kKc = 256;           // K block: 32 columns of B over it (16 KiB) stay in L1
constexpr int64_t kABudget = 1 << 20;  // bytes of packed A a task keeps in L2 (of 2 MiB per core)
constexpr int64_t kMaxColsPerTask = 256;

inline int64_t round_up(int64_t value, int64_t multiple) {
    return (value + multiple - 1) / multiple * multiple;
}

inline int64_t min64(int64_t a, int64_t b) {
    return a < b ? a : b;
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

// Where a task's A tiles are: packed (pack_a_tiles: 16-row groups `group` elements apart, K step s at s * 512,
// rows 64 bytes apart) or A itself (bf16 rows `stride` bytes apart, K step s at s * 32).
struct ATiles {
    const uint16_t* data = nullptr;
    int64_t group = 0;   // elements between 16-row groups
    int64_t per_k = 0;   // elements per K index within a group (16 packed, 1 in place)
    int64_t stride = 0;  // bytes between a tile's rows
};

// Tiles 0-3 (a 32 x 32 fp32 block) += A x B over K [k0, k1): a_lo the first of the block's two 16-row groups of
// A tiles, b_lo, b_hi its two 16-column pair panels.
inline void multiply_k(
    const ATiles& at, const uint16_t* a_lo, const uint16_t* b_lo, const uint16_t* b_hi, int64_t k0, int64_t k1) {
    const uint16_t* a_hi = a_lo + at.group;
    for (int64_t kk = k0; kk < k1; kk += kTile) {
        _tile_loadd(4, a_lo + kk * at.per_k, at.stride);
        _tile_loadd(5, a_hi + kk * at.per_k, at.stride);
        _tile_loadd(6, b_lo + kk * 16, 64);
        _tile_loadd(7, b_hi + kk * 16, 64);
        _tile_dpbf16ps(0, 4, 6);
        _tile_dpbf16ps(1, 4, 7);
        _tile_dpbf16ps(2, 5, 6);
        _tile_dpbf16ps(3, 5, 7);
    }
}

// acc (a 32 x 32 fp32 block, rows 32 floats apart) = (first ? 0 : acc) + A x B over K [k0, k1): a_lo the first of
// the block's two 16-row groups of tiles, b_lo, b_hi its two 16-column pair panels.
void multiply_block(const ATiles& at,
                    const uint16_t* a_lo,
                    const uint16_t* b_lo,
                    const uint16_t* b_hi,
                    int64_t k0,
                    int64_t k1,
                    float* acc,
                    bool first) {
    constexpr int64_t kStride = kTile * 4;
    if (first) {
        _tile_zero(0);
        _tile_zero(1);
        _tile_zero(2);
        _tile_zero(3);
    } else {
        _tile_loadd(0, acc, kStride);
        _tile_loadd(1, acc + 16, kStride);
        _tile_loadd(2, acc + 16 * kTile, kStride);
        _tile_loadd(3, acc + 16 * kTile + 16, kStride);
    }
    multiply_k(at, a_lo, b_lo, b_hi, k0, k1);
    _tile_stored(0, acc, kStride);
    _tile_stored(1, acc + 16, kStride);
    _tile_stored(2, acc + 16 * kTile, kStride);
    _tile_stored(3, acc + 16 * kTile + 16, kStride);
}

// Rows [row, row + rows) x columns [col, col + width) of an item's C from a finished 32 x 32 block of sums.
void finish_block(const GemmProblem& pb,
                  const GemmItem& item,
                  const float* acc,
                  int64_t row,
                  int64_t rows,
                  int64_t col,
                  int64_t width) {
    const int64_t elem = pb.c_bf16 ? 2 : 4;
    const float* bias = pb.bias != nullptr ? pb.bias + col : nullptr;
    for (int64_t r = 0; r < rows; ++r) {
        const int64_t at = item.c_offset + (row + r) * pb.ldc + col;
        std::byte* out = static_cast<std::byte*>(pb.c) + at * elem;
        if (pb.activation == Activation::NONE)
            finish_row32(acc + r * kTile, width, bias, out, pb.c_bf16);
        else
            gemm_finish_row_avx2(acc + r * kTile, width, bias, pb.activation, out, pb.c_bf16);
    }
}

// The rows of A a task multiplies, packed by pack_a_tiles: kept per thread and reused by the thread's next task
// when that one covers the same rows of the same item in the same run (tasks run row block by row block, so a
// thread's consecutive tasks mostly share their A).
struct PackedRows {
    FloatBuffer buffer;
    uint64_t run = 0;
    int64_t item = -1, m0 = -1;
};

std::atomic<uint64_t> g_runs{0};

// Tile loads read A where it lies when it is bf16 rows of whole K steps, the task's rows fill whole blocks, and
// 16 rows one stride apart fall into 16 different L1 sets (a stride of a multiple of 512 bytes maps them to 8 or
// fewer, see gemm_pack_amx.cpp): packing would copy A once more for nothing (P V of attention spent a quarter
// of its time there).
bool a_in_place(const GemmProblem& pb, int64_t rows) {
    return pb.a.bf16 && pb.a.col_stride == 1 && pb.k % kTile == 0 && rows % kTile == 0 &&
           (pb.a.row_stride * 2) % 512 != 0;
}

ATiles a_tiles(const GemmProblem& pb, uint64_t run, int64_t item, int64_t m0, int64_t rows) {
    const int64_t kpad = round_up(pb.k, kTile), base = pb.items[item].a_offset + m0 * pb.a.row_stride;
    if (a_in_place(pb, rows))
        return {static_cast<const uint16_t*>(pb.a.data) + base, 16 * pb.a.row_stride, 1, pb.a.row_stride * 2};
    thread_local PackedRows cache;
    if (cache.run != run || cache.item != item || cache.m0 != m0) {
        const int64_t rows_pad = round_up(rows, kTile);
        cache.buffer.resize(static_cast<size_t>(rows_pad * kpad / 2));
        pack_a_tiles(pb.a, base, rows, rows_pad, pb.k, reinterpret_cast<uint16_t*>(cache.buffer.data()));
        cache.run = run;
        cache.item = item;
        cache.m0 = m0;
    }
    return {reinterpret_cast<const uint16_t*>(cache.buffer.data()), kpad / kTile * 512, 16, 64};
}

// One task: rows [m0, m0 + rows) x columns [n0, n0 + cols) of an item, all of K; `a` its tiles of A.
void run_task(
    const GemmProblem& pb, const GemmItem& item, const ATiles& a, int64_t m0, int64_t rows, int64_t n0, int64_t cols) {
    thread_local FloatBuffer b_buffer;
    const int64_t kpad = round_up(pb.k, kTile);
    const int64_t rows_pad = round_up(rows, kTile);
    const int64_t cols_pad = round_up(cols, kTile);
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
    // Column blocks outside, then K blocks: a block's B (32 columns of kKc) stays in L1 while every row block of
    // the task passes over it, and the task's A (sized to stay in L2, see rows_per_task) streams from L2. The
    // 32 x 32 sums of a row block wait in `sums` between K blocks.
    thread_local FloatBuffer sums;
    const bool one_k_block = kpad <= kKc;
    sums.resize(static_cast<size_t>((one_k_block ? kTile : rows_pad) * kTile));
    for (int64_t c0 = 0; c0 < cols_pad; c0 += kTile) {
        const uint16_t* b_lo = b + c0 * kpad;
        const uint16_t* b_hi = b_lo + 16 * kpad;
        for (int64_t k0 = 0; k0 < kpad; k0 += kKc) {
            const int64_t k1 = min64(kpad, k0 + kKc);
            for (int64_t r0 = 0; r0 < rows_pad; r0 += kTile) {
                float* acc = sums.data() + (one_k_block ? 0 : r0 * kTile);
                multiply_block(a, a.data + r0 / 16 * a.group, b_lo, b_hi, k0, k1, acc, k0 == 0);
                if (k1 == kpad)
                    finish_block(pb, item, acc, m0 + r0, min64(kTile, rows - r0), n0 + c0, min64(kTile, cols - c0));
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
    const ATiles rows_of_a{a, 16 * lda, 1, lda * 2};  // A in place: bf16 rows lda elements apart
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
            multiply_k(rows_of_a, a + r0 * lda, b_lo, b_hi, 0, kpad);
            _tile_stored(0, top, stride);
            _tile_stored(1, top + 16, stride);
            _tile_stored(2, bottom, stride);
            _tile_stored(3, bottom + 16, stride);
        }
    }
    _tile_release();
}

void gemm_run_amx(const GemmProblem& pb, ThreadPool& pool) {
    // As many rows per task as keep the task's packed A in L2: each task reads its columns of B once, and a
    // B block serves all of its rows (with 128-row tasks the 384 x 1024 x 4096 product read B three times).
    const int64_t kpad = round_up(pb.k, kTile), m_pad = round_up(pb.m, kTile);
    int64_t rows_per_task = std::max(2 * kTile, kABudget / (2 * kpad) / kTile * kTile);
    rows_per_task = round_up(
        (pb.m + (m_pad + rows_per_task - 1) / rows_per_task - 1) / ((m_pad + rows_per_task - 1) / rows_per_task),
        kTile);
    const int64_t enough = 4 * static_cast<int64_t>(pool.size());
    const auto task_count = [&](int64_t rows, int64_t cols) {
        return pb.item_count * ((pb.m + rows - 1) / rows) * ((pb.n + cols - 1) / cols);
    };
    int64_t cols_per_task = kMaxColsPerTask;
    while (cols_per_task > kTile && task_count(rows_per_task, cols_per_task) < enough)
        cols_per_task /= 2;
    while (rows_per_task > kTile && task_count(rows_per_task, cols_per_task) < enough)
        rows_per_task = round_up(rows_per_task / 2, kTile);
    const int64_t m_tasks = (pb.m + rows_per_task - 1) / rows_per_task;
    const int64_t n_tasks = (pb.n + cols_per_task - 1) / cols_per_task;
    const int64_t per_item = m_tasks * n_tasks;
    const uint64_t run = g_runs.fetch_add(1, std::memory_order_relaxed) + 1;
    pool.parallel_for(static_cast<size_t>(pb.item_count * per_item), 1, [&](size_t begin, size_t end) {
        configure_tiles();
        for (size_t task = begin; task < end; ++task) {
            const int64_t item = static_cast<int64_t>(task) / per_item;
            const int64_t rest = static_cast<int64_t>(task) % per_item;
            const int64_t m0 = rest / n_tasks * rows_per_task, n0 = rest % n_tasks * cols_per_task;
            const int64_t rows = min64(rows_per_task, pb.m - m0);
            const ATiles a = a_tiles(pb, run, item, m0, rows);
            run_task(pb, pb.items[item], a, m0, rows, n0, min64(cols_per_task, pb.n - n0));
        }
        // Back to the init state, so a context switch of this thread saves no tile data.
        _tile_release();
    });
}

}  // namespace ttnn::kernels
