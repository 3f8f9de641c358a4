"""Dense-op behaviour the table-driven golden test cannot see: the portable scalar kernels against every
faster tier, prepared (prepacked) constant weights, math-fidelity ordering, and batch_norm's running-stat update."""

from __future__ import annotations

import pytest
import torch
import ttnn


def _on(device, t, dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT):
    return ttnn.from_torch(t, dtype=dtype, layout=layout, device=device)


def _run_every_isa(fn):
    """fn's result under the scalar reference tier, and under every faster tier this CPU has."""
    tiers = [isa for isa in ttnn.available_isas() if isa != "scalar"]
    if not tiers:
        pytest.skip("only the scalar kernels on this CPU")
    previous = ttnn.get_isa()
    try:
        ttnn.set_isa("scalar")
        scalar = fn()
        fast = {}
        for isa in tiers:
            ttnn.set_isa(isa)
            fast[isa] = fn()
    finally:
        ttnn.set_isa(previous)
    return scalar, fast


def _fidelity(name, fp32_acc=True):
    return ttnn.WormholeComputeKernelConfig(math_fidelity=getattr(ttnn.MathFidelity, name), fp32_dest_acc_en=fp32_acc)


CASES = {
    # Same blocking and the same fused multiply-adds in the same order: bit-identical.
    "matmul": (lambda d, g: ttnn.matmul(_on(d, g(2, 45, 70)), _on(d, g(70, 33))), 0.0),
    "matmul-bf16-batched": (
        lambda d, g: ttnn.matmul(_on(d, g(3, 7, 300), ttnn.bfloat16), _on(d, g(300, 65), ttnn.bfloat16)),
        0.0,
    ),
    "matmul-bf16-partials": (
        lambda d, g: ttnn.matmul(
            _on(d, g(33, 100)),
            _on(d, g(100, 17)),
            compute_kernel_config=ttnn.WormholeComputeKernelConfig(fp32_dest_acc_en=False),
        ),
        0.0,
    ),
    # bf16 operands on odd shapes (edge tiles in M and N, odd K), each math fidelity's operand truncation,
    # bfloat8_b weights, prepared weights, transposed and batched B: the same bits on every tier.
    **{
        f"matmul-bf16-{f.lower()}": (
            lambda d, g, f=f: ttnn.matmul(
                _on(d, g(37, 129), ttnn.bfloat16),
                _on(d, g(129, 75), ttnn.bfloat16),
                compute_kernel_config=_fidelity(f),
            ),
            0.0,
        )
        for f in ("LoFi", "HiFi2", "HiFi3", "HiFi4")
    },
    "matmul-bfp8-weight": (
        lambda d, g: ttnn.matmul(_on(d, g(50, 96), ttnn.bfloat16), _on(d, g(96, 70), ttnn.bfloat8_b)),
        0.0,
    ),
    "linear-prepared-bias": (
        lambda d, g: ttnn.linear(
            _on(d, g(50, 97), ttnn.bfloat16),
            ttnn.prepare_linear_weight(_on(d, g(130, 97), ttnn.bfloat16), transpose_b=True),
            bias=_on(d, g(130), ttnn.bfloat16),
            transpose_b=True,
        ),
        0.0,
    ),
    "bmm-bf16-transposed": (
        lambda d, g: ttnn.matmul(
            _on(d, g(3, 45, 65), ttnn.bfloat16), _on(d, g(3, 77, 65), ttnn.bfloat16), transpose_b=True
        ),
        0.0,
    ),
    # The amx tier's blocking: K in blocks of 256 (the last one short), A so long in K that a task keeps fewer
    # rows (A stays in L2), transposed B with a partial 16-pair transpose, A read in place (bf16, whole blocks).
    "matmul-bf16-k-blocks": (
        lambda d, g: ttnn.matmul(_on(d, g(45, 600), ttnn.bfloat16), _on(d, g(600, 70), ttnn.bfloat16)),
        0.0,
    ),
    "linear-bf16-long-k": (
        lambda d, g: ttnn.linear(
            _on(d, g(130, 4100), ttnn.bfloat16),
            ttnn.prepare_linear_weight(_on(d, g(40, 4100), ttnn.bfloat16), transpose_b=True),
            transpose_b=True,
        ),
        0.0,
    ),
    "bmm-bf16-transposed-odd-k": (
        lambda d, g: ttnn.matmul(
            _on(d, g(3, 33, 45), ttnn.bfloat16), _on(d, g(3, 40, 45), ttnn.bfloat16), transpose_b=True
        ),
        0.0,
    ),
    "bmm-bf16-whole-blocks": (
        lambda d, g: ttnn.matmul(
            _on(d, g(2, 64, 96), ttnn.bfloat16), _on(d, g(2, 50, 96), ttnn.bfloat16), transpose_b=True
        ),
        0.0,
    ),
    # Vector exp / erf approximations against libm.
    "linear-gelu": (
        lambda d, g: ttnn.linear(_on(d, g(33, 64)), _on(d, g(64, 70)), bias=_on(d, g(70)), activation="gelu"),
        2e-6,
    ),
    "linear-silu": (lambda d, g: ttnn.linear(_on(d, g(33, 64)), _on(d, g(64, 70)), activation="silu"), 2e-6),
    "softmax": (lambda d, g: ttnn.softmax(_on(d, g(3, 45, 65) * 4)), 1e-6),
    "log_softmax": (lambda d, g: ttnn.log_softmax(_on(d, g(3, 45, 65))), 2e-6),
    "layer_norm": (lambda d, g: ttnn.layer_norm(_on(d, g(7, 45, 65)), weight=_on(d, g(65))), 2e-6),
    "rms_norm": (lambda d, g: ttnn.rms_norm(_on(d, g(7, 45, 65))), 2e-6),
    "group_norm": (lambda d, g: ttnn.group_norm(_on(d, g(2, 1, 49, 32)), num_groups=8), 2e-6),
    "sdpa": (
        lambda d, g: ttnn.transformer.scaled_dot_product_attention(
            _on(d, g(1, 4, 130, 64)), _on(d, g(1, 2, 300, 64)), _on(d, g(1, 2, 300, 64)), is_causal=True
        ),
        2e-6,
    ),
    # bf16 q, k, v: the amx tier multiplies both products on bf16 tiles and rounds the probabilities to bf16
    # for P V, within a bf16 step or two of scalar (head dim 80 and 45 queries pad to whole tiles).
    "sdpa-bf16": (
        lambda d, g: ttnn.transformer.scaled_dot_product_attention(
            _on(d, g(2, 4, 45, 80), ttnn.bfloat16),
            _on(d, g(2, 2, 300, 80), ttnn.bfloat16),
            _on(d, g(2, 2, 300, 80), ttnn.bfloat16),
            is_causal=True,
        ),
        1e-2,
    ),
    # Three key blocks, the last one short; -inf mask entries (exactly 0 after the exp) and large scores.
    "sdpa-bf16-mask": (
        lambda d, g: ttnn.transformer.scaled_dot_product_attention(
            _on(d, g(1, 3, 70, 64) * 3, ttnn.bfloat16),
            _on(d, g(1, 3, 600, 64) * 3, ttnn.bfloat16),
            _on(d, g(1, 3, 600, 64), ttnn.bfloat16),
            attn_mask=_on(d, torch.where(g(1, 1, 70, 600) > -0.5, 0.0, -float("inf")), ttnn.bfloat16),
        ),
        1e-2,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_every_kernel_tier_agrees_with_scalar(name, device):
    make, tol = CASES[name]

    def run():
        gen = torch.Generator().manual_seed(0)
        return ttnn.to_torch(make(device, lambda *s: torch.randn(*s, generator=gen))).float()

    scalar, fast = _run_every_isa(run)
    for isa, out in fast.items():
        if isa == "amx" and tol == 0.0:
            # The tile unit sums bf16 products in its own order: fp32 roundings apart, one bf16 step at most.
            torch.testing.assert_close(out, scalar, rtol=2**-7, atol=1e-3)
        elif tol == 0.0:
            assert torch.equal(scalar, out), f"{name} on {isa}: max difference {(scalar - out).abs().max().item()}"
        else:
            torch.testing.assert_close(out, scalar, rtol=tol, atol=tol, msg=lambda m, isa=isa: f"{isa}: {m}")


def test_prepared_weight_is_reused_and_dropped(device):
    a, w = torch.randn(7, 33), torch.randn(33, 45)
    ta, tw = _on(device, a, ttnn.bfloat16), _on(device, w, ttnn.bfloat16)
    before = ttnn.matmul(ta, tw)
    assert ttnn.prepare_linear_weight(tw) is not None
    after = ttnn.matmul(ta, tw)
    assert torch.equal(ttnn.to_torch(before), ttnn.to_torch(after))
    # A different math fidelity packs its own copy; the same key is reused.
    lofi = ttnn.WormholeComputeKernelConfig(math_fidelity=ttnn.MathFidelity.LoFi)
    unprepared_lofi = ttnn.to_torch(ttnn.matmul(ta, _on(device, w, ttnn.bfloat16), compute_kernel_config=lofi))
    assert torch.equal(ttnn.to_torch(ttnn.matmul(ta, tw, compute_kernel_config=lofi)), unprepared_lofi)
    ttnn.deallocate(tw)
    with pytest.raises(RuntimeError):
        ttnn.matmul(ta, tw)


def test_math_fidelity_orders_error(device):
    gen = torch.Generator().manual_seed(1)
    a, b = torch.randn(64, 256, generator=gen), torch.randn(256, 64, generator=gen)
    ta, tb = _on(device, a, ttnn.bfloat16), _on(device, b, ttnn.bfloat16)
    exact = ttnn.to_torch(ta).double() @ ttnn.to_torch(tb).double()
    errors = {}
    for fidelity in ("LoFi", "HiFi2", "HiFi3", "HiFi4"):
        config = ttnn.WormholeComputeKernelConfig(math_fidelity=getattr(ttnn.MathFidelity, fidelity))
        out = ttnn.to_torch(ttnn.matmul(ta, tb, dtype=ttnn.float32, compute_kernel_config=config)).double()
        errors[fidelity] = (out - exact).abs().mean().item()
    assert errors["LoFi"] > errors["HiFi2"] > errors["HiFi3"] > errors["HiFi4"], errors
    assert errors["HiFi4"] < 1e-5, errors


def test_batch_norm_training_updates_running_stats(device):
    x = torch.randn(4, 3, 5, 6) * 2 + 1
    rm, rv = torch.randn(3), torch.rand(3) + 0.5
    t_rm, t_rv = _on(device, rm), _on(device, rv)
    out, mean, invstd = ttnn.batch_norm_with_stats(
        _on(device, x), running_mean=t_rm, running_var=t_rv, training=True, momentum=0.2
    )
    ref_rm, ref_rv = rm.clone(), rv.clone()
    ref = torch.nn.functional.batch_norm(x, ref_rm, ref_rv, training=True, momentum=0.2)
    torch.testing.assert_close(ttnn.to_torch(out), ref, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(ttnn.to_torch(t_rm), ref_rm, rtol=1e-6, atol=1e-6)
    torch.testing.assert_close(ttnn.to_torch(t_rv), ref_rv, rtol=1e-6, atol=1e-6)
    torch.testing.assert_close(ttnn.to_torch(mean), x.mean((0, 2, 3)), rtol=1e-5, atol=1e-5)
    # ttnn.batch_norm returns the output alone, as TT-NN's does.
    only = ttnn.batch_norm(_on(device, x), running_mean=t_rm, running_var=t_rv, training=False)
    assert isinstance(only, ttnn.Tensor)
    expected = torch.nn.functional.batch_norm(x, ttnn.to_torch(t_rm), ttnn.to_torch(t_rv), training=False)
    torch.testing.assert_close(ttnn.to_torch(only), expected, rtol=1e-5, atol=1e-5)


def test_weight_prepared_on_the_tile_tier_serves_every_tier(device):
    # On the amx tier a prepared bf16 weight is packed as bf16 pairs only; an FMA tier (set_isa, or partial sums
    # rounded to bf16) unpacks its fp32 panels from them on first use and must see the same weight.
    if "amx" not in ttnn.available_isas():
        pytest.skip("the amx tier is not available on this CPU")
    gen = torch.Generator().manual_seed(7)
    a, w = torch.randn(37, 96, generator=gen), torch.randn(96, 70, generator=gen)
    ta, tw, tw_raw = _on(device, a, ttnn.bfloat16), _on(device, w, ttnn.bfloat16), _on(device, w, ttnn.bfloat16)
    bf16_partials = ttnn.WormholeComputeKernelConfig(fp32_dest_acc_en=False)
    previous = ttnn.get_isa()
    try:
        ttnn.set_isa("amx")
        ttnn.prepare_linear_weight(tw)
        ttnn.to_torch(ttnn.matmul(ta, tw))
        for tier in ttnn.available_isas():
            ttnn.set_isa(tier)
            for config in (None, bf16_partials):
                got = ttnn.to_torch(ttnn.matmul(ta, tw, compute_kernel_config=config))
                want = ttnn.to_torch(ttnn.matmul(ta, tw_raw, compute_kernel_config=config))
                assert torch.equal(got, want), f"{tier}, {config}"
    finally:
        ttnn.set_isa(previous)
    for t in (ta, tw, tw_raw):
        ttnn.deallocate(t)
