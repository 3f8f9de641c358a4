"""Mixture-of-experts routing lowers with no host op (lowering/routing.cpp): each routing op alone, guards'
edges, and transformers' grouped-mm experts (Mixtral, Qwen2-MoE, OLMoE blocks from tiny configs). Token
counts past bf16's 256 stay exact (passes/integer_counts.cpp)."""

import pytest
import torch
import transformers.integrations.moe  # noqa: F401 - registers torch.ops.transformers.grouped_mm_fallback
import ttnn

from tests.compiler.conftest import Case, check, compile_fn, run_case


def ints(*shape, high=1000):
    return lambda: (torch.randint(-high, high, shape),)


def inverse_permutation(p):
    inv = torch.empty_like(p)
    inv[p] = torch.arange(p.size(0))
    return inv


def grouped_mm(x, w, counts):
    return torch.ops.transformers.grouped_mm_fallback(x, w, torch.cumsum(counts, 0, dtype=torch.int32))


def distinct(*shape):
    """Distinct integers (exact in bf16): neither bf16 rounding nor torch's unspecified tie order decides."""
    n = 1
    for d in shape:
        n *= d
    return lambda: (torch.randperm(n).float().reshape(shape) - n // 2,)


# Sort samples have no ties: torch's default sort does not promise an order among equal values.
CASES = [
    Case("topk", lambda x: torch.topk(x * 0.5, 2), distinct(12, 8), ["topk"]),
    Case("topk_smallest_dim0", lambda x: torch.topk(x, 3, dim=0, largest=False), distinct(9, 5), ["topk"]),
    Case("sort", lambda x: torch.sort(x), distinct(5, 33), ["sort"]),
    Case("sort_stable_descending_ties", lambda x: torch.sort(x, dim=0, descending=True, stable=True),
         lambda: (torch.randint(0, 3, (40, 3)),), ["sort"]),
    Case("sort_int64_expert_ids", lambda x: torch.sort(x)[0], lambda: (torch.randint(0, 8, (300,)),), ["sort"]),
    Case("floor_divide_int", lambda p: p // 3, ints(4, 300), ["floor_div"]),
    Case("floor_divide_int_tensor", lambda a, b: torch.floor_divide(a, b),
         lambda: (torch.randint(-99, 99, (7, 9)), torch.randint(1, 9, (7, 9))), ["floor_div"]),
    Case("floor_divide_float", lambda x: torch.floor_divide(x, 0.75),
         lambda: ((torch.randn(6, 7) * 4).bfloat16().float(),), ["floor_div"]),
    Case("histc", lambda x: torch.histc(x, bins=5, min=-1, max=1), lambda: (torch.randn(100),), ["histc"]),
    Case("histc_counts_past_256_to_int_offsets",
         lambda ids: torch.cumsum(torch.histc(ids.float(), bins=4, min=0, max=3), 0, dtype=torch.int32),
         lambda: (torch.randint(0, 4, (1500,)),), ["histc", "cumsum"]),
    Case("inverse_permutation", inverse_permutation, lambda: (torch.randperm(300),), ["index_put", "full"]),
    Case("index_put_accumulate", lambda x, i, v: torch.index_put(x, (i,), v, accumulate=True),
         lambda: (torch.randn(6, 5), torch.randint(0, 6, (9,)), torch.randn(9, 5)), ["index_put"]),
    Case("index_put_2d_none", lambda x, i, v: torch.ops.aten.index_put(x, [None, i], v),
         lambda: (torch.randn(3, 6), torch.tensor([4, 0, 2]), torch.randn(3, 3)), ["index_put"]),
    Case("grouped_mm", grouped_mm,
         lambda: (torch.randn(24, 33), torch.randn(4, 33, 17) / 6, torch.tensor([5, 0, 12, 7], dtype=torch.int32)),
         ["grouped_matmul"]),
    # x[mask] = one value: where(mask, value, x), the mask over all of x's dims or its leading ones.
    Case("index_put_mask", lambda x, m: torch.ops.aten.index_put(x, [m], torch.tensor(0.5)),
         lambda: (torch.randn(4, 37), torch.rand(4, 37) > 0.5), ["where"]),
    Case("index_put_mask_rows", lambda x, m: torch.ops.aten.index_put(x, [m], torch.tensor(-2.0)),
         lambda: (torch.randn(6, 3, 5), torch.rand(6) > 0.5), ["where"]),
    Case("scatter", lambda x, i, s: torch.scatter(x, 1, i, s),
         lambda: (torch.randn(5, 40), torch.randint(0, 40, (5, 7)), torch.randn(5, 9)), ["scatter"]),
    Case("scatter_value", lambda x, i: torch.scatter(x, 0, i, 3.0),
         lambda: (torch.randn(6, 33), torch.randint(0, 6, (2, 33))), ["scatter"]),
    Case("scatter_add", lambda x, i, s: torch.scatter_add(x, 1, i, s),
         lambda: (torch.randn(3, 10), torch.randint(0, 10, (3, 50)), torch.randn(3, 50)), ["scatter"]),
    Case("scatter_reduce_sum", lambda x, i, s: torch.scatter_reduce(x, 0, i, s, "sum"),
         lambda: (torch.randn(8), torch.randint(0, 8, (30,)), torch.randn(30)), ["scatter"]),
    # Outside the guards: an integer topk, a boolean-mask index_put of many values, a scatter_reduce amin, and
    # int // fraction (a float in torch).
    Case("topk_int_host", lambda x: torch.topk(x, 2)[0], ints(3, 7), [], host=["aten.topk.default"]),
    Case("index_put_mask_values_host", lambda x, m, v: torch.ops.aten.index_put(x, [m], v),
         lambda: (torch.randn(4, 5), torch.tensor([True, False, True, True]), torch.randn(3, 5)), [],
         host=["aten.index_put.default"]),
    Case("scatter_reduce_amin_host", lambda x, i, s: torch.scatter_reduce(x, 0, i, s, "amin", include_self=False),
         lambda: (torch.randn(8), torch.randint(0, 8, (30,)), torch.randn(30)), [], host=["aten.scatter_reduce.two"]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_routing_lowering(case, device):
    run_case(case, device)


def moe_block(family):
    import transformers as tf

    common = {"vocab_size": 64, "hidden_size": 64, "num_hidden_layers": 1, "num_attention_heads": 4,
              "num_key_value_heads": 2, "num_experts_per_tok": 2, "max_position_embeddings": 512}  # fmt: skip
    torch.manual_seed(0)
    if family == "mixtral":
        model = tf.MixtralForCausalLM(tf.MixtralConfig(intermediate_size=96, num_local_experts=4, **common))
    elif family == "qwen2_moe":
        config = tf.Qwen2MoeConfig(intermediate_size=96, moe_intermediate_size=32, shared_expert_intermediate_size=64,
                                   num_experts=4, **common)  # fmt: skip
        model = tf.Qwen2MoeForCausalLM(config)
    else:
        model = tf.OlmoeForCausalLM(tf.OlmoeConfig(intermediate_size=32, num_experts=4, **common))
    return model.eval().model.layers[0].mlp


def first(out):
    return out[0] if isinstance(out, tuple) else out


@pytest.mark.parametrize("family", ["mixtral", "qwen2_moe", "olmoe"])
def test_moe_block_runs_on_device(device, family):
    """float32: the routing is exact, so the block equals eager to rounding at 300 tokens (600 token-expert
    pairs, ~150 per expert). bfloat16 routes on bf16 logits, where a near-tie may pick another expert than
    eager's fp32 (seen: one token in 129); at 12 tokens none does."""
    block = moe_block(family)
    for dtype, tokens, tol in ((ttnn.float32, 300, {"atol": 1e-5, "rtol": 1e-4}), (ttnn.bfloat16, 12, None)):
        torch._dynamo.reset()
        x = torch.randn(1, tokens, 64)
        compiled, option = compile_fn(block, device, dtype=dtype)
        try:
            with torch.no_grad():
                check(first(compiled(x)), first(block(x)), tol)
            m = option.metrics()[-1]
            assert not m["ops_remaining"], m["host_reasons"]
            assert m["ttnn_ops"].get("grouped_matmul") == 2 and m["ttnn_ops"].get("sort") == 1
        finally:
            option.release()


def test_expert_weights_reach_grouped_matmul_as_stored(device):
    """transformers passes the experts' [E, N, K] weights transposed; the grouped matmul reads them with
    transpose_b (fusion matmul_transpose_b), so the device holds each expert weight once, as uploaded. Kept
    transposed beside the upload, the first call's peak was 1.67x the expert weights (Mixtral-8x7B's 1.4 B
    expert parameters)."""
    import transformers as tf

    torch.manual_seed(0)
    config = tf.MixtralConfig(vocab_size=64, hidden_size=256, intermediate_size=512, num_hidden_layers=1,
                              num_attention_heads=4, num_key_value_heads=2, num_local_experts=4)  # fmt: skip
    block = tf.MixtralForCausalLM(config).eval().model.layers[0].mlp
    compiled, option = compile_fn(block, device)
    x = torch.randn(1, 12, 256)
    device.reset_peak_memory()
    try:
        with torch.no_grad():
            check(first(compiled(x)), first(block(x)))
        m = option.metrics()[-1]
        assert "transpose" not in m["ttnn_ops"] and m["fusions"]["matmul_transpose_b"] == 3  # router, 2 experts
        expert_bytes = 2 * (block.experts.gate_up_proj.numel() + block.experts.down_proj.numel())  # bfloat16
        peak = device.memory_stats()["DRAM"]["peak"]
        assert peak < 1.2 * expert_bytes, (peak, expert_bytes)
    finally:
        option.release()
        del compiled
