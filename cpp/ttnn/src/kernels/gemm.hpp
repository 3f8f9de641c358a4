#pragma once
// Packed-panel GEMM, BLIS style: B is packed once into panels of kGemmNr columns (widened to fp32), A into
// panels of kGemmMr rows per K block, and a register-blocked microkernel multiplies one A panel by one B
// panel. Only the microkernel and the epilogue (bias, activation, rounding) differ per ISA; blocking,
// packing and threading (gemm_driver.cpp) are shared, so the scalar and AVX2 paths sum in the same order.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace ttnn {
class ThreadPool;
}

namespace ttnn::kernels {

inline constexpr int64_t kGemmMr = 6;    // rows of a microkernel tile (6 x 2 ymm accumulators = 12 of 16)
inline constexpr int64_t kGemmNr = 16;   // columns of a microkernel tile (two ymm)
inline constexpr int64_t kGemmKc = 256;  // K block: an A panel (6 x 256 fp32) and a B panel (256 x 16) fit L1

// Epilogue activations of ttnn.linear, applied in fp32 after the bias and before the single output rounding.
enum class Activation : uint8_t { NONE, RELU, GELU, SILU, SIGMOID };

// A strided 2D view of fp32 or bf16 elements; strides are in elements, so transposes cost nothing.
struct MatrixRef {
    const void* data = nullptr;
    bool bf16 = false;
    int64_t row_stride = 0;
    int64_t col_stride = 1;
};

// The element at `offset` of a matrix of bf16 values as bf16 bits: the top half of an fp32 holding one.
inline uint16_t bf16_bits(const MatrixRef& m, int64_t offset) {
    if (m.bf16)
        return static_cast<const uint16_t*>(m.data)[offset];
    uint32_t bits;
    std::memcpy(&bits, static_cast<const float*>(m.data) + offset, sizeof bits);
    return static_cast<uint16_t>(bits >> 16);
}

// 64-byte aligned fp32 storage (vector<float> gives only 16).
struct FloatBuffer {
    std::unique_ptr<float[], void (*)(void*)> ptr{nullptr, nullptr};
    size_t size = 0;
    void resize(size_t count);  // contents are not kept
    float* data() const { return ptr.get(); }
};

// B (K x N) packed for the microkernel: per K block of kGemmKc rows, per panel of kGemmNr columns, a
// kc x kGemmNr row-major slab; columns past N are zero so edge tiles need no special case.
// pairs (built when pack_b is asked for them): the same B as bf16 (k, k + 1) pairs for the AMX tier, per panel
// of 16 columns round_up(k, 32) / 2 rows of 16 x 2 bf16, panels of round_up(n, 32) columns back to back.
struct PackedB {
    int64_t k = 0;
    int64_t n = 0;
    // Empty while only `pairs` is packed (the active tier reads nothing else); gemm_run unpacks it from the pairs
    // the first time an FMA tier multiplies by this B (set_isa, or partial sums rounded to bf16).
    mutable FloatBuffer data;
    FloatBuffer pairs;
    int64_t panels() const { return (n + kGemmNr - 1) / kGemmNr; }
    const float* panel(int64_t k0, int64_t panel_index) const;
};

// bf16_pairs: also build `pairs` (every value of b must be a bf16 value, see GemmProblem::bf16_operands).
void pack_b(const MatrixRef& b, int64_t k, int64_t n, PackedB& out, ThreadPool& pool, bool bf16_pairs = false);
// Fills b.data from b.pairs when only the pairs were packed (once; thread-safe).
void ensure_panels(const PackedB& b, ThreadPool& pool);

// Internal to the GEMM (gemm_pack.cpp, gemm_driver.cpp): one kc x kGemmNr panel of B (columns [p * 16, p * 16 +
// 16), zero past n), and the element offset of panel `panel_index` at K row k0 in the PackedB layout.
void pack_b_panel(const MatrixRef& b, int64_t k0, int64_t kc, int64_t p, int64_t n, float* dst);
int64_t packed_panel_offset(int64_t k, int64_t n, int64_t k0, int64_t panel_index);

// Single-threaded packing for callers that block their own loops (flash attention):
// A rows [m0, m0 + rows) x K [k0, k0 + kc) as kGemmMr-row panels (panel i at dst + i * kc, zero-padded rows);
// B rows [k0, k0 + kc) x all n columns as kc x kGemmNr panels back to back (panel p at dst + p * kc * 16).
void pack_a(const MatrixRef& a, int64_t a_offset, int64_t m0, int64_t rows, int64_t k0, int64_t kc, float* dst);
void pack_b_block(const MatrixRef& b, int64_t k0, int64_t kc, int64_t n, float* dst);

// One GEMM of a batch: element offsets of its A and C within the problem's base pointers, and its B: packed
// ahead (a prepared weight), or null to have gemm_run pack it from the problem's b at b_offset (an
// activation: packed inside the run, so a batch costs one parallel region and no per-matrix allocation).
struct GemmItem {
    int64_t a_offset = 0;
    int64_t c_offset = 0;
    const PackedB* b = nullptr;
    int64_t b_offset = 0;
};

struct GemmProblem {
    int64_t m = 0, n = 0, k = 0;
    MatrixRef a;        // data is the base; each item adds its a_offset
    MatrixRef b;        // the unpacked B of items whose b is null; each adds its b_offset
    void* c = nullptr;  // fp32 or bf16 (c_bf16); each item adds its c_offset
    bool c_bf16 = false;
    int64_t ldc = 0;
    const float* bias = nullptr;  // n values added to every row, or null
    Activation activation = Activation::NONE;
    // fp32_dest_acc_en=False: partial sums are rounded to bf16 after every 32-wide K step (one tile).
    bool bf16_partials = false;
    // Every value of A and B is a bf16 value (bf16 or bfloat8_b inputs, also after the fidelity transform): the
    // AMX tier may multiply them as bf16.
    bool bf16_operands = false;
    const GemmItem* items = nullptr;
    int64_t item_count = 0;
};

// C = act(A x B + bias), rounded once to C's dtype. Threads split items x row blocks x column blocks.
void gemm_run(const GemmProblem& problem, ThreadPool& pool);

// True when gemm_run multiplies a problem with bf16_operands, fp32 partial sums and k > 0 as bf16 (the active
// tier has bf16 tiles): such a problem's packed B then needs only its `pairs`, and bf16 A is read as stored.
bool gemm_runs_bf16_operands();

// Where micro_finish writes a finished 6 x 16 tile: act(acc + bias) rounded to fp32 or bf16 (bf16 true).
struct TileOut {
    const float* bias = nullptr;  // the tile's 16 column values, or null
    Activation act = Activation::NONE;
    void* out = nullptr;  // the tile's first element
    int64_t ldo = 0;      // elements between rows
    bool bf16 = false;
};

// Per-tier kernels. micro: c[6 x 16] (leading dim ldc) = (accumulate ? c : 0) + a_panel x b_panel over kc.
// finish_row: out[j] = act(acc[j] + bias[j]) rounded to fp32 or bf16, for j < n.
// pack_a_panel: one full A panel of kGemmMr rows with unit column stride (fp32 or bf16 `data`):
// panel[p * kGemmMr + r] = row r's element base + r * row_stride + p, for p < kc. A copy: every ISA gives the
// same bits.
// micro_finish: micro then finish_row of the 6 x 16 tile from registers, written to out:
// act((accumulate ? c : 0) + a_panel x b_panel + bias), c only read; the same bits as micro + finish_row.
// pack_bt_panel: one full B panel from a K-contiguous (transposed) source: panel[p * kGemmNr + j] = element
// base + j * col_stride + p, for j < kGemmNr, p < kc. A copy.
// micro_wide, micro_finish_wide (null where a tier has none): micro and micro_finish over two adjacent B panels
// (the second b_stride floats after the first), a 6 x 32 tile; the same bits as two calls of the narrow ones.
struct GemmKernels {
    void (*micro)(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate);
    void (*finish_row)(const float* acc, int64_t n, const float* bias, Activation act, void* out, bool out_bf16);
    void (*pack_a_panel)(const void* data, bool bf16, int64_t base, int64_t row_stride, int64_t kc, float* panel);
    void (*micro_finish)(
        int64_t kc, const float* a, const float* b, const float* c, int64_t ldc, bool accumulate, const TileOut& out);
    void (*pack_bt_panel)(const void* data, bool bf16, int64_t base, int64_t col_stride, int64_t kc, float* panel);
    void (*micro_wide)(
        int64_t kc, const float* a, const float* b, int64_t b_stride, float* c, int64_t ldc, bool accumulate) = nullptr;
    void (*micro_finish_wide)(int64_t kc,
                              const float* a,
                              const float* b,
                              int64_t b_stride,
                              const float* c,
                              int64_t ldc,
                              bool accumulate,
                              const TileOut& out) = nullptr;
};
const GemmKernels& gemm_kernels();  // the active ISA's

void gemm_micro_scalar(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate);
void gemm_finish_row_scalar(const float* acc, int64_t n, const float* bias, Activation act, void* out, bool out_bf16);
void gemm_pack_a_panel_scalar(const void* data, bool bf16, int64_t base, int64_t row_stride, int64_t kc, float* panel);
void gemm_micro_finish_scalar(
    int64_t kc, const float* a, const float* b, const float* c, int64_t ldc, bool accumulate, const TileOut& out);
void gemm_pack_bt_panel_scalar(const void* data, bool bf16, int64_t base, int64_t col_stride, int64_t kc, float* panel);
#if TTNN_HAVE_AVX2
void gemm_micro_avx2(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate);
void gemm_finish_row_avx2(const float* acc, int64_t n, const float* bias, Activation act, void* out, bool out_bf16);
void gemm_pack_a_panel_avx2(const void* data, bool bf16, int64_t base, int64_t row_stride, int64_t kc, float* panel);
void gemm_micro_finish_avx2(
    int64_t kc, const float* a, const float* b, const float* c, int64_t ldc, bool accumulate, const TileOut& out);
void gemm_pack_bt_panel_avx2(const void* data, bool bf16, int64_t base, int64_t col_stride, int64_t kc, float* panel);
#endif
#if TTNN_HAVE_AVX512
void gemm_micro_wide_avx512(
    int64_t kc, const float* a, const float* b, int64_t b_stride, float* c, int64_t ldc, bool accumulate);
void gemm_micro_finish_wide_avx512(int64_t kc,
                                   const float* a,
                                   const float* b,
                                   int64_t b_stride,
                                   const float* c,
                                   int64_t ldc,
                                   bool accumulate,
                                   const TileOut& out);
#endif

#if TTNN_HAVE_AMX
bool amx_usable();  // the CPU has AMX-BF16 and the OS grants this process the tile state
void pack_b_pairs(const MatrixRef& b, int64_t k, int64_t n, FloatBuffer& out, ThreadPool& pool);
void pack_b_pairs(const MatrixRef& b, int64_t k, int64_t n, FloatBuffer& out);  // on the calling thread
void gemm_run_amx(const GemmProblem& problem, ThreadPool& pool);  // problem.bf16_operands, k > 0, fp32 partials
// Internal to the AMX GEMM (gemm_pack_amx.cpp): columns [n0, n0 + cols_pad) of B as pair panels (PackedB::pairs
// layout, zero past n and k); rows [0, rows_pad) of A from element `base` as 16 x 32 tiles stored whole, tile
// (g, s) of rows [16 g, 16 g + 16) and K [32 s, 32 s + 32) at dst + (g * steps + s) * 512 (zero past rows and k).
void pack_pairs(const MatrixRef& b, int64_t k, int64_t n, int64_t n0, int64_t cols_pad, uint16_t* dst);
void pack_a_tiles(const MatrixRef& a, int64_t base, int64_t rows, int64_t rows_pad, int64_t k, uint16_t* dst);
// c[rows x cols] (fp32, ldc apart) = (accumulate ? c : 0) + a x b on the tile unit, for callers that block their own
// loops (flash attention): a is bf16 rows lda apart, kpad wide (zero past K); b is kpad x cols as pair panels
// (PackedB::pairs layout); rows, cols and kpad are multiples of 32.
void amx_multiply_tiles(const uint16_t* a,
                        int64_t lda,
                        const uint16_t* b,
                        int64_t kpad,
                        int64_t rows,
                        int64_t cols,
                        float* c,
                        int64_t ldc,
                        bool accumulate);
#endif

// Scalar activation, the reference for the SIMD versions.
float activate_scalar(float x, Activation act);

}  // namespace ttnn::kernels
