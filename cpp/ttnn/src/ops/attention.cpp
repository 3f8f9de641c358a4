// The attention op family: ttnn.transformer.scaled_dot_product_attention as one flash-attention kernel.
// Per task (one batch-head, one block of query rows): for each block of keys, S = Q K^T on the GEMM
// microkernel, scale/mask/causal in place, the online softmax step (kernels/norm.hpp), then O += P V on the
// microkernel; O / l at the end. Work and scratch are O(block), whatever the sequence length.
#include "ttnn/ops/attention.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "kernels/codec.hpp"
#include "kernels/gemm.hpp"
#include "kernels/norm.hpp"
#include "ops/families.hpp"
#include "ops/matmul_internal.hpp"
#include "ops/normalization_lines.hpp"
#include "ops/op_common.hpp"
#include "ttnn/error.hpp"
#include "ttnn/thread_pool.hpp"

namespace ttnn {
namespace {

using kernels::kGemmMr;
using kernels::kGemmNr;

constexpr int64_t kQueryBlock = 96;  // 16 microkernel row panels
constexpr int64_t kKeyBlock = 256;   // 16 column panels; S block 96 x 256 fp32 = 96 KiB, in L2

int64_t round_up_to(int64_t v, int64_t m) {
    return (v + m - 1) / m * m;
}

struct Problem {
    ops::MatrixOperand q, k, v;
    int64_t sq = 0, sk = 0, d = 0, dv = 0, heads = 1, kv_heads = 1;
    float scale = 1.0f;
    bool causal = false;
    std::optional<Tensor> mask;
    std::vector<int64_t> mask_strides;
    ops::Lines scores;  // the virtual [..., Sq, Sk] score tensor, to place mask rows
    // q, k and v hold bf16 values and the GEMM's tier multiplies them as they are: both products on bf16 tiles,
    // the probabilities rounded to bf16 for P V (TT keeps them in a bf16 buffer too).
    bool tiles = false;
};

struct Scratch {
    kernels::FloatBuffer q, k, v, p, s, o, q16, p16;
    std::vector<kernels::FloatBuffer> k_pairs, v_pairs;  // per key block, when tiles
    std::vector<float> m, l, mask_row;
};

constexpr int64_t kTile = 32;  // the bf16 tile path pads rows, columns and K to this

// K^T and V of one batch-head, keys [0, keys), packed once per task in kKeyBlock blocks: block b of K^T at
// b * d * lds (d x kKeyBlock panels), of V at b * kKeyBlock * ldo (kKeyBlock x dv panels).
void pack_keys(const Problem& pb, int64_t kv_batch, int64_t keys, int64_t lds, int64_t ldo, Scratch& sc) {
    const int64_t blocks = (keys + kKeyBlock - 1) / kKeyBlock;
    sc.k.resize(static_cast<size_t>(std::max<int64_t>(1, blocks * pb.d * lds)));
    sc.v.resize(static_cast<size_t>(std::max<int64_t>(1, blocks * kKeyBlock * ldo)));
    const size_t k_elem = pb.k.ref.bf16 ? 2 : 4;
    const size_t v_elem = pb.v.ref.bf16 ? 2 : 4;
    for (int64_t b = 0; b < blocks; ++b) {
        const int64_t k0 = b * kKeyBlock;
        const int64_t bc = std::min(kKeyBlock, keys - k0);
        // K^T block: rows are the head dim, columns the keys (a strided view, no transpose copy).
        kernels::MatrixRef kt = pb.k.ref;
        kt.data = static_cast<const std::byte*>(kt.data) +
                  (pb.k.batch_offset(kv_batch) + k0 * pb.k.ref.row_stride) * static_cast<int64_t>(k_elem);
        kt.row_stride = 1;
        kt.col_stride = pb.k.ref.row_stride;
        kernels::MatrixRef vb = pb.v.ref;
        vb.data = static_cast<const std::byte*>(vb.data) +
                  (pb.v.batch_offset(kv_batch) + k0 * pb.v.ref.row_stride) * static_cast<int64_t>(v_elem);
#if TTNN_HAVE_AMX
        if (pb.tiles) {
            sc.k_pairs.resize(static_cast<size_t>(blocks));
            sc.v_pairs.resize(static_cast<size_t>(blocks));
            kernels::pack_b_pairs(kt, pb.d, bc, sc.k_pairs[static_cast<size_t>(b)]);
            kernels::pack_b_pairs(vb, bc, pb.dv, sc.v_pairs[static_cast<size_t>(b)]);
            continue;
        }
#endif
        kernels::pack_b_block(kt, 0, pb.d, bc, sc.k.data() + b * pb.d * lds);
        kernels::pack_b_block(vb, 0, bc, pb.dv, sc.v.data() + b * kKeyBlock * ldo);
    }
}

// Scores of one key block: scale, additive mask and the causal cut, in place.
void prepare_scores(
    const Problem& pb, Scratch& sc, int64_t lds, int64_t batch, int64_t q0, int64_t rows, int64_t k0, int64_t bc) {
    const float neg_inf = -std::numeric_limits<float>::infinity();
    for (int64_t r = 0; r < rows; ++r) {
        float* srow = sc.s.data() + r * lds;
        const float* mrow = nullptr;
        if (pb.mask) {
            const int64_t step = pb.mask_strides.back();
            const int64_t off = pb.scores.offset(batch * pb.sq + q0 + r, &pb.mask_strides) + k0 * step;
            ops::load_line(*pb.mask, off, step, bc, sc.mask_row.data());
            mrow = sc.mask_row.data();
        }
        const int64_t visible = pb.causal ? std::clamp<int64_t>(q0 + r + 1 - k0, 0, bc) : bc;
        for (int64_t j = 0; j < visible; ++j)
            srow[j] = srow[j] * pb.scale + (mrow != nullptr ? mrow[j] : 0.0f);
        for (int64_t j = visible; j < bc; ++j)
            srow[j] = neg_inf;
    }
}

// c[rows_pad x width] (=|+=) A panels x B panels, both packed with kc = the K depth (pack_a, pack_b_block):
// two B panels at a time where the tier has a wide microkernel (the same fused multiply-adds in the same order).
void multiply_panels(const kernels::GemmKernels& gemm,
                     int64_t kc,
                     const float* a,
                     const float* panels,
                     int64_t rows_pad,
                     int64_t width,
                     float* c,
                     int64_t ldc,
                     bool accumulate) {
    for (int64_t j = 0; j < width; j += kGemmNr) {
        const bool wide = gemm.micro_wide != nullptr && j + kGemmNr < width;
        for (int64_t i = 0; i < rows_pad; i += kGemmMr) {
            if (wide)
                gemm.micro_wide(kc, a + i * kc, panels + j * kc, kGemmNr * kc, c + i * ldc + j, ldc, accumulate);
            else
                gemm.micro(kc, a + i * kc, panels + j * kc, c + i * ldc + j, ldc, accumulate);
        }
        if (wide)
            j += kGemmNr;
    }
}

// The bf16 tile path (Problem::tiles). Query rows [q0, q0 + rows) as bf16 rows of round_up(d, 32), zero past d and past
// `rows` up to a whole tile.
void pack_queries_bf16(const Problem& pb, Scratch& sc, int64_t batch, int64_t q0, int64_t rows) {
    const int64_t dpad = round_up_to(pb.d, kTile), rows32 = round_up_to(rows, kTile);
    sc.q16.resize(static_cast<size_t>(rows32 * dpad / 2));
    auto* q = reinterpret_cast<uint16_t*>(sc.q16.data());
    std::memset(q, 0, static_cast<size_t>(rows32 * dpad) * 2);
    const kernels::MatrixRef& ref = pb.q.ref;
    for (int64_t r = 0; r < rows; ++r) {
        const int64_t base = pb.q.batch_offset(batch) + (q0 + r) * ref.row_stride;
        for (int64_t j = 0; j < pb.d; ++j)
            q[r * dpad + j] = kernels::bf16_bits(ref, base + j * ref.col_stride);
    }
}

void scores_on_tiles(const Problem& pb, Scratch& sc, int64_t lds, int64_t rows, int64_t k0, int64_t bc) {
#if TTNN_HAVE_AMX
    const int64_t dpad = round_up_to(pb.d, kTile);
    const auto* pairs = reinterpret_cast<const uint16_t*>(sc.k_pairs[static_cast<size_t>(k0 / kKeyBlock)].data());
    const auto* q = reinterpret_cast<const uint16_t*>(sc.q16.data());
    kernels::amx_multiply_tiles(
        q, dpad, pairs, dpad, round_up_to(rows, kTile), round_up_to(bc, kTile), sc.s.data(), lds, false);
#else
    (void)pb, (void)sc, (void)lds, (void)rows, (void)k0, (void)bc;
#endif
}

// The bf16 probabilities of one block, rows32 x round_up(bc, 32): online_softmax writes [0, rows) x [0, bc);
// the padding must be zero for the tile product.
uint16_t* probabilities_bf16(Scratch& sc, int64_t rows, int64_t bc) {
    const int64_t kpad = round_up_to(bc, kTile), rows32 = round_up_to(rows, kTile);
    sc.p16.resize(static_cast<size_t>(rows32 * kpad / 2));
    auto* p = reinterpret_cast<uint16_t*>(sc.p16.data());
    if (kpad != bc || rows32 != rows)
        std::memset(p, 0, static_cast<size_t>(rows32 * kpad) * 2);
    return p;
}

// O += P V on the bf16 probabilities of probabilities_bf16.
void values_on_tiles(const Problem& pb, Scratch& sc, int64_t ldo, int64_t rows, int64_t k0, int64_t bc) {
#if TTNN_HAVE_AMX
    const int64_t kpad = round_up_to(bc, kTile), rows32 = round_up_to(rows, kTile);
    const auto* p = reinterpret_cast<const uint16_t*>(sc.p16.data());
    const auto* pairs = reinterpret_cast<const uint16_t*>(sc.v_pairs[static_cast<size_t>(k0 / kKeyBlock)].data());
    kernels::amx_multiply_tiles(p, kpad, pairs, kpad, rows32, round_up_to(pb.dv, kTile), sc.o.data(), ldo, true);
#else
    (void)pb, (void)sc, (void)ldo, (void)rows, (void)k0, (void)bc;
#endif
}

// `keys`: how many keys pack_keys packed (blocks must be cut where they were packed).
void run_query_block(
    const Problem& pb, Scratch& sc, int64_t lds, int64_t ldo, int64_t keys, int64_t batch, int64_t q0, int64_t rows) {
    const kernels::GemmKernels& gemm = kernels::gemm_kernels();
    const int64_t rows_pad = round_up_to(rows, pb.tiles ? kTile : kGemmMr);
    sc.m.assign(static_cast<size_t>(rows), -std::numeric_limits<float>::infinity());
    sc.l.assign(static_cast<size_t>(rows), 0.0f);
    std::fill(sc.o.data(), sc.o.data() + rows_pad * ldo, 0.0f);
    if (pb.tiles)
        pack_queries_bf16(pb, sc, batch, q0, rows);
    else
        kernels::pack_a(pb.q.ref, pb.q.batch_offset(batch), q0, rows, 0, pb.d, sc.q.data());
    const int64_t key_end = pb.causal ? std::min(keys, q0 + rows) : keys;
    for (int64_t k0 = 0; k0 < key_end; k0 += kKeyBlock) {
        const int64_t bc = std::min(kKeyBlock, keys - k0);
        const int64_t block = k0 / kKeyBlock;
        if (pb.tiles)
            scores_on_tiles(pb, sc, lds, rows, k0, bc);
        else
            multiply_panels(
                gemm, pb.d, sc.q.data(), sc.k.data() + block * pb.d * lds, rows_pad, bc, sc.s.data(), lds, false);
        // Blocks with no mask and no causal cut leave the scale to the softmax step (one pass less).
        const bool cut = pb.causal && q0 + 1 - k0 < bc;
        const bool prepared = pb.mask.has_value() || cut;
        if (prepared)
            prepare_scores(pb, sc, lds, batch, q0, rows, k0, bc);
        uint16_t* p16 = pb.tiles ? probabilities_bf16(sc, rows, bc) : nullptr;
        kernels::attention_kernels().online_softmax(sc.s.data(),
                                                    rows,
                                                    bc,
                                                    lds,
                                                    prepared ? 1.0f : pb.scale,
                                                    sc.m.data(),
                                                    sc.l.data(),
                                                    sc.o.data(),
                                                    ldo,
                                                    pb.dv,
                                                    p16,
                                                    round_up_to(bc, kTile));
        if (pb.tiles) {
            values_on_tiles(pb, sc, ldo, rows, k0, bc);
            continue;
        }
        kernels::pack_a({sc.s.data(), false, lds, 1}, 0, 0, rows, 0, bc, sc.p.data());
        multiply_panels(
            gemm, bc, sc.p.data(), sc.v.data() + block * kKeyBlock * ldo, rows_pad, pb.dv, sc.o.data(), ldo, true);
    }
}

// One task: query rows [q_begin, q_end) of one batch-head; K^T and V are packed once for all its blocks.
void run_task(const Problem& pb,
              const Tensor& out,
              int64_t out_base,
              int64_t out_row_stride,
              int64_t batch,
              int64_t q_begin,
              int64_t q_end) {
    thread_local Scratch sc;
    const int64_t lds = round_up_to(kKeyBlock, kGemmNr);
    const int64_t ldo = round_up_to(pb.dv, pb.tiles ? kTile : kGemmNr);
    const int64_t rows_pad = round_up_to(kQueryBlock, kGemmMr);
    sc.q.resize(static_cast<size_t>(rows_pad * pb.d));
    sc.p.resize(static_cast<size_t>(rows_pad * kKeyBlock));
    sc.s.resize(static_cast<size_t>(rows_pad * lds));
    sc.o.resize(static_cast<size_t>(rows_pad * ldo));
    sc.mask_row.resize(static_cast<size_t>(kKeyBlock));
    const int64_t kv_batch = batch / pb.heads * pb.kv_heads + batch % pb.heads / (pb.heads / pb.kv_heads);
    const int64_t keys = pb.causal ? std::min(pb.sk, q_end) : pb.sk;
    pack_keys(pb, kv_batch, keys, lds, ldo, sc);
    for (int64_t q0 = q_begin; q0 < q_end; q0 += kQueryBlock) {
        const int64_t rows = std::min(kQueryBlock, q_end - q0);
        run_query_block(pb, sc, lds, ldo, keys, batch, q0, rows);
        for (int64_t r = 0; r < rows; ++r) {
            float* orow = sc.o.data() + r * ldo;
            const float inv = 1.0f / sc.l[static_cast<size_t>(r)];
            for (int64_t j = 0; j < pb.dv; ++j)
                orow[j] *= inv;
            ops::store_line(out, out_base + (q0 + r) * out_row_stride, 1, pb.dv, orow);
        }
    }
}

std::string shapes_of(const Tensor& q, const Tensor& k, const Tensor& v) {
    return "q " + q.logical_shape().to_string() + ", k " + k.logical_shape().to_string() + ", v " +
           v.logical_shape().to_string();
}

Problem make_problem(const char* op, const Tensor& q, const Tensor& k, const Tensor& v, const SdpaOptions& o) {
    for (const Tensor* t : {&q, &k, &v}) {
        t->check_usable(op);
        TTNN_CHECK(is_floating(t->dtype()),
                   TYPE,
                   op,
                   ": q, k and v must be floating point; got ",
                   name(q.dtype()),
                   ", ",
                   name(k.dtype()),
                   ", ",
                   name(v.dtype()));
    }
    const std::string shapes = shapes_of(q, k, v);
    const int rank = q.logical_shape().rank();
    TTNN_CHECK(rank >= 2 && k.logical_shape().rank() == rank && v.logical_shape().rank() == rank,
               VALUE,
               op,
               ": q, k and v must have the same rank >= 2; got ",
               shapes);
    Problem pb;
    pb.q = ops::matrix_operand(q, false, false);
    pb.k = ops::matrix_operand(k, false, false);
    pb.v = ops::matrix_operand(v, false, false);
    pb.sq = pb.q.rows;
    pb.d = pb.q.cols;
    pb.sk = pb.k.rows;
    pb.dv = pb.v.cols;
    TTNN_CHECK(pb.k.cols == pb.d && pb.v.rows == pb.sk,
               VALUE,
               op,
               ": head dims must match (q and k last dims) and k, v must have the same sequence length; got ",
               shapes);
    TTNN_CHECK(pb.k.batch == pb.v.batch, VALUE, op, ": k and v must have the same leading dims; got ", shapes);
    const size_t nb = pb.q.batch.size();
    for (size_t i = 0; i < nb; ++i) {
        const bool heads = i + 1 == nb;
        const uint32_t qd = pb.q.batch[i], kd = pb.k.batch[i];
        TTNN_CHECK(qd == kd || (heads && kd > 0 && qd % kd == 0),
                   VALUE,
                   op,
                   ": leading dims of q must equal those of k and v (query heads may be a multiple of key/value "
                   "heads); got ",
                   shapes);
    }
    pb.heads = nb > 0 ? pb.q.batch.back() : 1;
    pb.kv_heads = nb > 0 ? pb.k.batch.back() : 1;
    const double scale = o.scale.value_or(pb.d > 0 ? 1.0 / std::sqrt(static_cast<double>(pb.d)) : 1.0);
    pb.scale = static_cast<float>(scale);
    pb.causal = o.is_causal;
    std::vector<uint32_t> score_dims = pb.q.batch;
    score_dims.push_back(static_cast<uint32_t>(pb.sq));
    score_dims.push_back(static_cast<uint32_t>(pb.sk));
    pb.scores.dims = score_dims;
    pb.scores.dim = static_cast<int>(score_dims.size()) - 1;
    if (o.attn_mask) {
        o.attn_mask->check_usable(op);
        pb.mask = ops::readable(*o.attn_mask);
        pb.mask_strides = ops::broadcast_strides(op, "attn_mask", *pb.mask, pb.scores);
    }
    return pb;
}

}  // namespace

Tensor scaled_dot_product_attention(const Tensor& input_tensor_q,
                                    const Tensor& input_tensor_k,
                                    const Tensor& input_tensor_v,
                                    const SdpaOptions& options) {
    const char* op = "ttnn.transformer.scaled_dot_product_attention";
    Problem pb = make_problem(op, input_tensor_q, input_tensor_k, input_tensor_v, options);
    pb.tiles = kernels::gemm_runs_bf16_operands() && input_tensor_q.dtype() != DataType::FLOAT32 &&
               input_tensor_k.dtype() != DataType::FLOAT32 && input_tensor_v.dtype() != DataType::FLOAT32;
    std::vector<uint32_t> dims = pb.q.batch;
    dims.push_back(static_cast<uint32_t>(pb.sq));
    dims.push_back(static_cast<uint32_t>(pb.dv));
    const DataType wanted = input_tensor_q.dtype();
    const DataType stored = is_block_float(wanted) ? DataType::FLOAT32 : wanted;
    Tensor out =
        ops::allocate_output(op, input_tensor_q, Shape(dims), stored, input_tensor_q.layout(), options.memory_config);
    const std::vector<int64_t> out_strides = ops::storage_strides(out);
    ops::MatrixOperand out_view;
    out_view.batch = pb.q.batch;
    out_view.batch_stride.assign(out_strides.begin(), out_strides.end() - 2);
    const int64_t batches = pb.q.batch_volume();
    const int64_t blocks = (pb.sq + kQueryBlock - 1) / kQueryBlock;
    // Whole batch-heads per task when there are enough of them (keys packed once per head); otherwise the
    // query blocks of a head are split so every thread has work.
    ThreadPool& pool = ops::pool_for(input_tensor_q);
    const int64_t groups = std::clamp<int64_t>(4 * pool.size() / std::max<int64_t>(1, batches), 1, blocks);
    const int64_t blocks_per_group = (blocks + groups - 1) / groups;
    pool.parallel_for(static_cast<size_t>(batches * groups), 1, [&](size_t s, size_t e) {
        for (size_t task = s; task < e; ++task) {
            const int64_t batch = static_cast<int64_t>(task) / groups;
            const int64_t q_begin = static_cast<int64_t>(task) % groups * blocks_per_group * kQueryBlock;
            const int64_t q_end = std::min(pb.sq, q_begin + blocks_per_group * kQueryBlock);
            if (q_begin < q_end) {
                run_task(
                    pb, out, out_view.batch_offset(batch), out_strides[out_strides.size() - 2], batch, q_begin, q_end);
            }
        }
    });
    return ops::finish_output(out, wanted, options.memory_config);
}

}  // namespace ttnn

namespace ttnn::ops {
namespace {

OpOutputs run_sdpa(const OpArgs& a) {
    SdpaOptions o;
    o.attn_mask = a.optional_tensor("attn_mask");
    o.is_causal = a.flag_or("is_causal", false);
    if (a.has("scale"))
        o.scale = a.scalar("scale");
    o.memory_config = a.memory_config("memory_config");
    o.compute_kernel_config = a.compute_config("compute_kernel_config");
    return {scaled_dot_product_attention(
        a.tensor("input_tensor_q"), a.tensor("input_tensor_k"), a.tensor("input_tensor_v"), o)};
}

}  // namespace

void register_attention_ops(std::vector<OpInfo>& ops) {
    ops.push_back({.name = "transformer.scaled_dot_product_attention",
                   .family = "attention",
                   .golden = "transformer.scaled_dot_product_attention",
                   .doc = "softmax(q k^T * scale + attn_mask) v as one flash-attention kernel (fp32 online softmax).",
                   .params = {{"input_tensor_q", ArgKind::TENSOR, true},
                              {"input_tensor_k", ArgKind::TENSOR, true},
                              {"input_tensor_v", ArgKind::TENSOR, true},
                              {"attn_mask", ArgKind::TENSOR},
                              {"is_causal", ArgKind::BOOL},
                              {"scale", ArgKind::SCALAR},
                              {"memory_config", ArgKind::MEMORY_CONFIG},
                              {"compute_kernel_config", ArgKind::COMPUTE_CONFIG}},
                   .dtypes = {DataType::BFLOAT16, DataType::FLOAT32, DataType::BFLOAT8_B},
                   .layouts = BOTH_LAYOUTS,
                   .invoke = run_sdpa});
}

}  // namespace ttnn::ops
