// The portable half of the GEMM: cache blocking and threading (packing in gemm_pack.cpp), shared by every tier
// so the FMA tiers add the same products in the same order and differ only in the microkernel.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "kernels/gemm.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/error.hpp"
#include "ttnn/isa.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn::kernels {
namespace {

constexpr int64_t kMaxRowsPerTask = 132;  // A block of 132 x 256 fp32 (132 KiB) stays in L2
constexpr int64_t kMaxColsPerTask = 256;  // with the workspace tile (120 x 256 fp32)

int64_t round_up(int64_t value, int64_t multiple) {
    return (value + multiple - 1) / multiple * multiple;
}

struct Tiling {
    int64_t rows_per_task, cols_per_task, m_tasks, n_tasks;
};

Tiling choose_tiling(int64_t m, int64_t n, int64_t items, int threads) {
    Tiling t{};
    const int64_t m_blocks = (m + kMaxRowsPerTask - 1) / kMaxRowsPerTask;
    t.rows_per_task = round_up((m + m_blocks - 1) / m_blocks, kGemmMr);
    int64_t n_blocks = (n + kMaxColsPerTask - 1) / kMaxColsPerTask;
    // Few tasks leave a thread idle at the end; narrower column blocks even the load (decode: m = 1).
    while (items * m_blocks * n_blocks < 4 * threads && n_blocks * 2 * kGemmNr <= round_up(n, kGemmNr)) {
        n_blocks *= 2;
    }
    t.cols_per_task = round_up((n + n_blocks - 1) / n_blocks, kGemmNr);
    t.m_tasks = (m + t.rows_per_task - 1) / t.rows_per_task;
    t.n_tasks = (n + t.cols_per_task - 1) / t.cols_per_task;
    return t;
}

void round_to_bf16(float* values, int64_t count) {
    for (int64_t i = 0; i < count; ++i)
        values[i] = f32_from_bf16(bf16_from_f32(values[i]));
}

// A packed once per GEMM (not once per column block of every task): for each item, per K block of kGemmKc,
// m_pad x kc as kGemmMr-row panels (the layout pack_a writes). Tasks then only read it.
struct SharedA {
    const float* data = nullptr;  // null: each task packs its own rows
    int64_t m_pad = 0;
    int64_t item_stride = 0;
};

// Every item's unpacked B packed once (PackedB layout, item_stride apart) when several row blocks share it.
struct SharedB {
    const float* data = nullptr;  // null: each task packs its own columns, one K block at a time
    int64_t item_stride = 0;
};

MatrixRef item_b(const GemmProblem& pb, const GemmItem& item) {
    MatrixRef b = pb.b;
    b.data = static_cast<const std::byte*>(b.data) + item.b_offset * (b.bf16 ? 2 : 4);
    return b;
}

// The B panels of one task's columns [n0, n0 + ldw): a prepared PackedB, the shared pre-pack, or packed
// here per K block into a thread-local buffer (the B of an activation whose item is one task wide).
class TaskB {
public:
    TaskB(const GemmProblem& pb, const SharedB& shared, int64_t item_index, int64_t n0, int64_t ldw)
        : pb_(pb), item_(pb.items[item_index]), n0_(n0), ldw_(ldw) {
        if (item_.b == nullptr && shared.data != nullptr) {
            shared_ = shared.data + item_index * shared.item_stride;
        } else if (item_.b == nullptr) {
            own_.resize(static_cast<size_t>(kGemmKc * ldw));
        }
    }
    void load_block(int64_t kb, int64_t kc_block) {
        kb_ = kb;
        kc_block_ = kc_block;
        if (item_.b != nullptr || shared_ != nullptr)
            return;
        const MatrixRef b = item_b(pb_, item_);
        for (int64_t j = 0; j < ldw_; j += kGemmNr)
            pack_b_panel(b, kb, kc_block, (n0_ + j) / kGemmNr, pb_.n, own_.data() + j * kc_block);
    }
    const float* panel(int64_t k0, int64_t j) const {
        if (item_.b != nullptr)
            return item_.b->panel(k0, (n0_ + j) / kGemmNr);
        if (shared_ != nullptr)
            return shared_ + packed_panel_offset(pb_.k, pb_.n, k0, (n0_ + j) / kGemmNr);
        return own_.data() + j * kc_block_ + (k0 - kb_) * kGemmNr;
    }

private:
    static inline thread_local FloatBuffer own_;
    const GemmProblem& pb_;
    const GemmItem& item_;
    const float* shared_ = nullptr;
    int64_t n0_, ldw_, kb_ = 0, kc_block_ = 0;
};

// Where a task's results go: the output rows [m0, m0 + rows) x columns [n0, n0 + cols) of its item. Full
// 6 x 16 tiles of the last K step are finished by the microkernel straight from registers (micro_finish); the
// rest (edge tiles, and everything when partial sums are rounded per K tile) through the workspace.
struct TaskOut {
    const GemmProblem& pb;
    std::byte* base;  // the item's element (m0, n0)
    int64_t full_rows, full_cols;
    TaskOut(const GemmProblem& problem, const GemmItem& item, int64_t m0, int64_t rows, int64_t n0, int64_t cols)
        : pb(problem),
          base(static_cast<std::byte*>(problem.c) + (item.c_offset + m0 * problem.ldc + n0) * (problem.c_bf16 ? 2 : 4)),
          full_rows(problem.bf16_partials || problem.k == 0 ? 0 : rows / kGemmMr * kGemmMr),
          full_cols(problem.bf16_partials || problem.k == 0 ? 0 : cols / kGemmNr * kGemmNr) {}
    void* at(int64_t r, int64_t j) const { return base + (r * pb.ldc + j) * (pb.c_bf16 ? 2 : 4); }
    const float* bias(int64_t n0, int64_t j) const { return pb.bias != nullptr ? pb.bias + n0 + j : nullptr; }
};

// One K step of a task: every 6-row A panel times every B panel of its columns, into the workspace, or
// finished into the output where micro_finish may (full tiles of the last step). Wide tiles where the tier has
// them.
struct KStep {
    const float* a;  // the step's A panels, a_stride floats apart
    int64_t a_stride, k0, kc;
    bool last;
};

void multiply_k_step(const GemmKernels& kernels,
                     const GemmProblem& pb,
                     const TaskOut& out,
                     const TaskB& b_panels,
                     const KStep& st,
                     float* ws,
                     int64_t ldw,
                     int64_t rows_padded,
                     int64_t n0) {
    const bool accumulate = st.k0 > 0;
    for (int64_t j = 0; j < ldw; j += kGemmNr) {
        const float* b_panel = b_panels.panel(st.k0, j);
        // A wide tile must be finished in registers whole or not at all: the rows are completed after the last
        // step from the first column micro_finish did not write.
        const bool finish = st.last && j + 2 * kGemmNr <= out.full_cols;
        const bool straddles = st.last && !finish && j < out.full_cols;
        if (kernels.micro_wide != nullptr && j + 2 * kGemmNr <= ldw && !straddles) {
            const int64_t b_stride = b_panels.panel(st.k0, j + kGemmNr) - b_panel;
            for (int64_t i = 0; i < rows_padded; i += kGemmMr) {
                float* c = ws + i * ldw + j;
                const float* a = st.a + i * st.a_stride;
                if (finish && i < out.full_rows) {
                    const TileOut tile{out.bias(n0, j), pb.activation, out.at(i, j), pb.ldc, pb.c_bf16};
                    kernels.micro_finish_wide(st.kc, a, b_panel, b_stride, c, ldw, accumulate, tile);
                } else {
                    kernels.micro_wide(st.kc, a, b_panel, b_stride, c, ldw, accumulate);
                }
            }
            j += kGemmNr;
            continue;
        }
        for (int64_t i = 0; i < rows_padded; i += kGemmMr) {
            float* c = ws + i * ldw + j;
            const float* a = st.a + i * st.a_stride;
            if (st.last && i < out.full_rows && j < out.full_cols) {
                const TileOut tile{out.bias(n0, j), pb.activation, out.at(i, j), pb.ldc, pb.c_bf16};
                kernels.micro_finish(st.kc, a, b_panel, c, ldw, accumulate, tile);
            } else {
                kernels.micro(st.kc, a, b_panel, c, ldw, accumulate);
            }
        }
    }
}

void run_task(const GemmProblem& pb,
              const SharedA& shared,
              const SharedB& shared_b,
              int64_t item_index,
              int64_t m0,
              int64_t rows,
              int64_t n0,
              int64_t cols) {
    thread_local FloatBuffer workspace;
    thread_local FloatBuffer a_panels;
    const GemmItem& item = pb.items[item_index];
    const GemmKernels& kernels = gemm_kernels();
    const int64_t rows_padded = round_up(rows, kGemmMr);
    const int64_t ldw = round_up(cols, kGemmNr);
    workspace.resize(static_cast<size_t>(rows_padded * ldw));
    if (shared.data == nullptr)
        a_panels.resize(static_cast<size_t>(rows_padded * kGemmKc));
    float* ws = workspace.data();
    if (pb.k == 0) {
        std::fill(ws, ws + rows_padded * ldw, 0.0f);
    }
    const TaskOut out(pb, item, m0, rows, n0, cols);
    // TT accumulates a matmul in the dest register, one 32-deep tile of K per matmul_tiles call; with
    // fp32_dest_acc_en off, dest holds Float16_b (the tt-llk matmul tests' DestAccumulation.No), so the running
    // sum is rounded to bf16 after every tile step. We model that rounding as round-to-nearest-even.
    const int64_t k_step = pb.bf16_partials ? 32 : kGemmKc;
    TaskB b_panels(pb, shared_b, item_index, n0, ldw);
    for (int64_t kb = 0; kb < pb.k; kb += kGemmKc) {
        const int64_t kc_block = std::min(kGemmKc, pb.k - kb);
        b_panels.load_block(kb, kc_block);
        const float* a_block = nullptr;
        if (shared.data != nullptr) {
            a_block = shared.data + item_index * shared.item_stride + kb * shared.m_pad + m0 * kc_block;
        } else {
            pack_a(pb.a, item.a_offset, m0, rows, kb, kc_block, a_panels.data());
            a_block = a_panels.data();
        }
        for (int64_t k0 = kb; k0 < kb + kc_block; k0 += k_step) {
            const int64_t kc = std::min(k_step, kb + kc_block - k0);
            const float* a_step = a_block + (k0 - kb) * kGemmMr;
            const bool last = k0 + kc == pb.k;
            const KStep step{a_step, kc_block, k0, kc, last};
            multiply_k_step(kernels, pb, out, b_panels, step, ws, ldw, rows_padded, n0);
            if (pb.bf16_partials) {
                round_to_bf16(ws, rows_padded * ldw);
            }
        }
    }
    for (int64_t r = 0; r < rows; ++r) {
        const int64_t j = r < out.full_rows ? out.full_cols : 0;
        if (j < cols)
            kernels.finish_row(ws + r * ldw + j, cols - j, out.bias(n0, j), pb.activation, out.at(r, j), pb.c_bf16);
    }
}

// Packs every item's A into `buffer` (SharedA layout), in parallel over items x K blocks x row groups.
SharedA pack_shared_a(const GemmProblem& pb, FloatBuffer& buffer, ThreadPool& pool) {
    constexpr int64_t kRowsPerPack = 8 * kGemmMr;
    SharedA shared;
    shared.m_pad = round_up(pb.m, kGemmMr);
    shared.item_stride = shared.m_pad * pb.k;
    buffer.resize(static_cast<size_t>(pb.item_count * shared.item_stride));
    const int64_t k_blocks = (pb.k + kGemmKc - 1) / kGemmKc;
    const int64_t groups = (pb.m + kRowsPerPack - 1) / kRowsPerPack;
    const int64_t per_item = k_blocks * groups;
    float* base = buffer.data();
    pool.parallel_for(static_cast<size_t>(pb.item_count * per_item), 1, [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) {
            const int64_t item = static_cast<int64_t>(t) / per_item;
            const int64_t kb = static_cast<int64_t>(t) % per_item / groups * kGemmKc;
            const int64_t m0 = static_cast<int64_t>(t) % groups * kRowsPerPack;
            const int64_t kc = std::min(kGemmKc, pb.k - kb);
            float* dst = base + item * shared.item_stride + kb * shared.m_pad + m0 * kc;
            pack_a(pb.a, pb.items[item].a_offset, m0, std::min(kRowsPerPack, pb.m - m0), kb, kc, dst);
        }
    });
    shared.data = base;
    return shared;
}

// Packs every item's B (all items unpacked) into `buffer`, in parallel over items x K blocks x panels.
SharedB pack_shared_b(const GemmProblem& pb, FloatBuffer& buffer, ThreadPool& pool) {
    SharedB shared;
    const int64_t panels = (pb.n + kGemmNr - 1) / kGemmNr;
    shared.item_stride = pb.k * panels * kGemmNr;
    buffer.resize(static_cast<size_t>(pb.item_count * shared.item_stride));
    const int64_t per_item = (pb.k + kGemmKc - 1) / kGemmKc * panels;
    float* base = buffer.data();
    pool.parallel_for(static_cast<size_t>(pb.item_count * per_item), 4, [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) {
            const int64_t item = static_cast<int64_t>(t) / per_item;
            const int64_t k0 = static_cast<int64_t>(t) % per_item / panels * kGemmKc;
            const int64_t p = static_cast<int64_t>(t) % panels;
            float* dst = base + item * shared.item_stride + packed_panel_offset(pb.k, pb.n, k0, p);
            pack_b_panel(item_b(pb, pb.items[item]), k0, std::min(kGemmKc, pb.k - k0), p, pb.n, dst);
        }
    });
    shared.data = base;
    return shared;
}

}  // namespace

void gemm_run(const GemmProblem& pb, ThreadPool& pool) {
    // Above this the packed copy of A would cost more memory than per-task packing costs time.
    constexpr int64_t kMaxSharedAFloats = int64_t{16} << 20;
    if (pb.m == 0 || pb.n == 0 || pb.item_count == 0) {
        return;
    }
#if TTNN_HAVE_AMX
    // The tile unit sums in its own order, so it runs only what the fp32 FMA tiers would sum exactly alike up to
    // rounding: bf16 operands with fp32 partial sums.
    if (pb.bf16_operands && !pb.bf16_partials && pb.k > 0 && gemm_runs_bf16_operands()) {
        gemm_run_amx(pb, pool);
        return;
    }
#endif
    const PackedB* last = nullptr;
    for (int64_t i = 0; i < pb.item_count; ++i) {
        if (pb.items[i].b != nullptr && pb.items[i].b != last)
            ensure_panels(*(last = pb.items[i].b), pool);
    }
    const Tiling t = choose_tiling(pb.m, pb.n, pb.item_count, pool.size());
    const int64_t tasks_per_item = t.m_tasks * t.n_tasks;
    // Only worth it when a row block is multiplied by several column blocks.
    thread_local FloatBuffer shared_buffer;
    SharedA shared;
    if (t.n_tasks > 1 && pb.k > 0 && pb.item_count * round_up(pb.m, kGemmMr) * pb.k <= kMaxSharedAFloats) {
        shared = pack_shared_a(pb, shared_buffer, pool);
    }
    // Items without a packed B (all or none): with one row block per item each task packs its own columns
    // (no second parallel region); with several, B is packed once and shared.
    thread_local FloatBuffer shared_b_buffer;
    SharedB shared_b;
    if (pb.items[0].b == nullptr && t.m_tasks > 1 && pb.k > 0 &&
        pb.item_count * pb.k * round_up(pb.n, kGemmNr) <= kMaxSharedAFloats) {
        shared_b = pack_shared_b(pb, shared_b_buffer, pool);
    }
    pool.parallel_for(static_cast<size_t>(pb.item_count * tasks_per_item), 1, [&](size_t begin, size_t end) {
        for (size_t task = begin; task < end; ++task) {
            const int64_t item = static_cast<int64_t>(task) / tasks_per_item;
            const int64_t rest = static_cast<int64_t>(task) % tasks_per_item;
            const int64_t m0 = rest / t.n_tasks * t.rows_per_task;
            const int64_t n0 = rest % t.n_tasks * t.cols_per_task;
            run_task(pb,
                     shared,
                     shared_b,
                     item,
                     m0,
                     std::min(t.rows_per_task, pb.m - m0),
                     n0,
                     std::min(t.cols_per_task, pb.n - n0));
        }
    });
}

bool gemm_runs_bf16_operands() {
#if TTNN_HAVE_AMX
    return isa_at_least(Isa::AMX);
#else
    return false;
#endif
}

const GemmKernels& gemm_kernels() {
    static const GemmKernels scalar{gemm_micro_scalar,
                                    gemm_finish_row_scalar,
                                    gemm_pack_a_panel_scalar,
                                    gemm_micro_finish_scalar,
                                    gemm_pack_bt_panel_scalar};
#if TTNN_HAVE_AVX2
    static const GemmKernels avx2{
        gemm_micro_avx2, gemm_finish_row_avx2, gemm_pack_a_panel_avx2, gemm_micro_finish_avx2, gemm_pack_bt_panel_avx2};
#if TTNN_HAVE_AVX512
    static const GemmKernels avx512{gemm_micro_avx2,
                                    gemm_finish_row_avx2,
                                    gemm_pack_a_panel_avx2,
                                    gemm_micro_finish_avx2,
                                    gemm_pack_bt_panel_avx2,
                                    gemm_micro_wide_avx512,
                                    gemm_micro_finish_wide_avx512};
    if (isa_at_least(Isa::AVX512)) {
        return avx512;
    }
#endif
    if (isa_at_least(Isa::AVX2)) {
        return avx2;
    }
#endif
    return scalar;
}

}  // namespace ttnn::kernels
