// Packing for the AMX tier's GEMM (gemm_amx.cpp): A into 16 x 32 bf16 tiles stored whole (1 KiB each, read with
// a 64-byte stride), B into (k, k + 1) pair panels. Copies only: every path gives the same bits as the
// element-wise one (bf16_bits of each element, zero past the matrix).
//
// Why A is re-laid out rather than read in place: a tile load reads 16 rows of A one row stride apart, and with
// K = 1024 (a 2 KiB bf16 row) those 16 lines fall into 2 of the L1's 64 sets; the two A tiles of a K step then
// evicted each other and the kernel ran at a third of the tile unit's rate.
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's AVX-512 intrinsic headers pass an unset register as the unused merge source of masked builtins.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#include <cstring>

#include "kernels/gemm.hpp"

namespace ttnn::kernels {
namespace {

constexpr int64_t kStep = 32;  // bf16 of K per tile row

inline int64_t round_up(int64_t value, int64_t multiple) {
    return (value + multiple - 1) / multiple * multiple;
}

inline __mmask32 first_lanes32(int64_t count) {
    return count >= 32 ? ~__mmask32{0} : count <= 0 ? __mmask32{0} : (__mmask32{1} << count) - 1u;
}

// 32 K values of a row with unit column stride, starting `valid` <= 32 before the row's end (zero past it).
inline __m512i load_row32(const void* row, bool bf16, int64_t valid) {
    if (bf16)
        return _mm512_maskz_loadu_epi16(first_lanes32(valid), row);
    // fp32 holding bf16 values: the top halves.
    const auto* f = static_cast<const int32_t*>(row);
    const __mmask32 m = first_lanes32(valid);
    const __m512i lo = _mm512_srli_epi32(_mm512_maskz_loadu_epi32(static_cast<__mmask16>(m), f), 16);
    const __m512i hi = _mm512_srli_epi32(_mm512_maskz_loadu_epi32(static_cast<__mmask16>(m >> 16), f + 16), 16);
    return _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi32_epi16(lo)), _mm512_cvtepi32_epi16(hi), 1);
}

// Pairs (2q, 2q + 1) of a full 16-column bf16 panel whose first element is at `src`, for q < pairs, from rows
// with unit column stride: rows 2q and 2q + 1 interleaved.
void pack_pairs_rows(const uint16_t* src, int64_t row_stride, int64_t pairs, uint16_t* panel) {
    alignas(64) static constexpr uint16_t kInterleave[32] = {0,  32, 1,  33, 2,  34, 3,  35, 4,  36, 5,
                                                             37, 6,  38, 7,  39, 8,  40, 9,  41, 10, 42,
                                                             11, 43, 12, 44, 13, 45, 14, 46, 15, 47};
    const __m512i index = _mm512_load_si512(kInterleave);
    for (int64_t q = 0; q < pairs; ++q) {
        const uint16_t* r0 = src + 2 * q * row_stride;
        const __m512i lo = _mm512_castsi256_si512(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(r0)));
        const __m512i hi =
            _mm512_castsi256_si512(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(r0 + row_stride)));
        _mm512_storeu_si512(panel + q * 32, _mm512_permutex2var_epi16(lo, index, hi));
    }
}

// rows[q] = column q of the 16 x 16 matrix of 32-bit words whose rows are rows[0..15]: unpacks of words and of
// word pairs transpose each 128-bit lane's 4 x 4 blocks, two rounds of lane shuffles move the blocks.
void transpose16x16_epi32(__m512i* rows) {
    __m512i t[16], u[16];
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_epi32(rows[i], rows[i + 1]);
        t[i + 1] = _mm512_unpackhi_epi32(rows[i], rows[i + 1]);
    }
    for (int g = 0; g < 16; g += 4) {
        u[g] = _mm512_unpacklo_epi64(t[g], t[g + 2]);
        u[g + 1] = _mm512_unpackhi_epi64(t[g], t[g + 2]);
        u[g + 2] = _mm512_unpacklo_epi64(t[g + 1], t[g + 3]);
        u[g + 3] = _mm512_unpackhi_epi64(t[g + 1], t[g + 3]);
    }
    // u[4 g + m] lane l holds rows 4 g .. 4 g + 3 of word 4 l + m.
    for (int m = 0; m < 4; ++m) {
        const __m512i v0 = _mm512_shuffle_i32x4(u[m], u[4 + m], 0x44), v1 = _mm512_shuffle_i32x4(u[m], u[4 + m], 0xee);
        const __m512i v2 = _mm512_shuffle_i32x4(u[8 + m], u[12 + m], 0x44);
        const __m512i v3 = _mm512_shuffle_i32x4(u[8 + m], u[12 + m], 0xee);
        rows[m] = _mm512_shuffle_i32x4(v0, v2, 0x88);
        rows[4 + m] = _mm512_shuffle_i32x4(v0, v2, 0xdd);
        rows[8 + m] = _mm512_shuffle_i32x4(v1, v3, 0x88);
        rows[12 + m] = _mm512_shuffle_i32x4(v1, v3, 0xdd);
    }
}

// The same from K-contiguous columns (B read transposed, row stride 1): each column's pair is one 32-bit word,
// so 16 pairs of the 16 columns are a 16 x 16 transpose of words.
void pack_pairs_columns(const uint16_t* src, int64_t col_stride, int64_t pairs, uint16_t* panel) {
    for (int64_t q0 = 0; q0 < pairs; q0 += 16) {
        const int64_t count = pairs - q0 < 16 ? pairs - q0 : 16;
        const auto mask = static_cast<__mmask16>(count == 16 ? 0xffffu : (1u << count) - 1u);
        __m512i rows[16];
        for (int64_t j = 0; j < 16; ++j)
            rows[j] = _mm512_maskz_loadu_epi32(mask, src + j * col_stride + 2 * q0);
        transpose16x16_epi32(rows);
        for (int64_t q = 0; q < count; ++q)
            _mm512_storeu_si512(panel + (q0 + q) * 32, rows[q]);
    }
}

}  // namespace

void pack_pairs(const MatrixRef& b, int64_t k, int64_t n, int64_t n0, int64_t cols_pad, uint16_t* dst) {
    const int64_t kpad = round_up(k, kStep);
    for (int64_t p = 0; p < cols_pad / 16; ++p) {
        uint16_t* panel = dst + p * kpad * 16;
        int64_t k_done = 0;
        if (b.bf16 && n0 + p * 16 + 16 <= n) {
            const uint16_t* origin = static_cast<const uint16_t*>(b.data) + (n0 + p * 16) * b.col_stride;
            if (b.col_stride == 1)
                pack_pairs_rows(origin, b.row_stride, k / 2, panel);
            else if (b.row_stride == 1)
                pack_pairs_columns(origin, b.col_stride, k / 2, panel);
            k_done = b.col_stride == 1 || b.row_stride == 1 ? k / 2 * 2 : 0;
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

void pack_a_tiles(const MatrixRef& a, int64_t base, int64_t rows, int64_t rows_pad, int64_t k, uint16_t* dst) {
    const int64_t steps = round_up(k, kStep) / kStep;
    const size_t elem = a.bf16 ? 2 : 4;
    for (int64_t r = 0; r < rows_pad; ++r) {
        uint16_t* out = dst + (r / 16 * steps) * 512 + r % 16 * kStep;
        const int64_t row = base + r * a.row_stride;
        for (int64_t s = 0; s < steps; ++s, out += 512) {
            if (r >= rows) {
                _mm512_store_si512(out, _mm512_setzero_si512());
            } else if (a.col_stride == 1) {
                const void* src = static_cast<const std::byte*>(a.data) + (row + s * kStep) * elem;
                _mm512_store_si512(out, load_row32(src, a.bf16, k - s * kStep));
            } else {
                for (int64_t kk = 0; kk < kStep; ++kk) {
                    const int64_t col = s * kStep + kk;
                    out[kk] = col < k ? bf16_bits(a, row + col * a.col_stride) : 0;
                }
            }
        }
    }
}

}  // namespace ttnn::kernels
