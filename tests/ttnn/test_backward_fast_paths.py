"""The fast paths of the training ops against PyTorch, on both kernel sets (the `isa` fixture) and both float
dtypes: conv2d_backward_input's banded col2im, conv2d_backward_weight's im2col straight into GEMM panels and
conv2d_backward_bias summing rows as stored (several bands or chunks per image, odd sizes, strides, dilation,
groups), and the pointwise gradients computed on their operands as stored (bf16 and fp32, TILE and ROW_MAJOR,
the input in another layout or dtype than the gradient).

To add a case: a geometry to BANDED (its output should span several 256-pixel bands so both phases run), or a
shape to SHAPES.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
import ttnn

from tests.ttnn.op_harness import pcc

# (N, H, W, C, OC, k, stride, padding, dilation, groups)
BANDED = {
    "3x3-five-bands": (2, 37, 29, 5, 11, 3, 1, 1, 1, 1),
    "5x5-s2-d2": (1, 41, 39, 3, 7, 5, 2, 3, 2, 1),
    "3x3-d3-reach6": (1, 30, 17, 4, 6, 3, 1, 0, 3, 1),
    "groups2": (3, 19, 23, 6, 10, 3, 1, 1, 1, 2),
    "s3-no-overlap": (1, 50, 50, 2, 3, 2, 3, 0, 1, 1),
    "narrow-tall": (1, 300, 3, 3, 5, 3, 1, 1, 1, 1),
    "mnist-conv2": (4, 26, 26, 32, 64, 3, 1, 0, 1, 1),
    "panels-padded-c16": (2, 19, 17, 16, 8, 3, 1, 1, 1, 1),  # weight im2col straight into panels, zero taps
    "panels-groups2-s2": (1, 40, 40, 32, 8, 3, 2, 1, 1, 2),
}
DTYPES = {"bf16": ttnn.bfloat16, "fp32": ttnn.float32}
TOL = {"bf16": {"rtol": 1.6e-2, "atol": 2e-2}, "fp32": {"rtol": 1e-5, "atol": 5e-5}}


def _round(t, dtype):
    return t.to(torch.bfloat16).float() if dtype == "bf16" else t


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", BANDED)
def test_conv2d_backward_input_banded(name, dtype, isa, device):
    n, h, w, c, oc, k, s, p, d, groups = BANDED[name]
    gen = torch.Generator().manual_seed(3)
    wt = _round(torch.randn(oc, c // groups, k, k, generator=gen) / ((c // groups) * k * k) ** 0.5, dtype)
    x = _round(torch.randn(n, c, h, w, generator=gen), dtype)
    out_shape = F.conv2d(x, wt, None, s, p, d, groups).shape
    grad = _round(torch.randn(out_shape, generator=gen), dtype)
    expected, expected_w, expected_b = torch.ops.aten.convolution_backward(
        grad, x, wt, [oc], [s, s], [p, p], [d, d], False, [0, 0], groups, [True, True, True]
    )  # fmt: skip
    expected = expected.permute(0, 2, 3, 1)
    params = {"batch_size": n, "input_height": h, "input_width": w, "in_channels": c, "out_channels": oc,
              "kernel_size": [k, k], "stride": s, "padding": p, "dilation": d, "groups": groups}  # fmt: skip
    for layout in (ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT):
        tg = ttnn.from_torch(grad.permute(0, 2, 3, 1).contiguous(), dtype=DTYPES[dtype], layout=layout, device=device)
        tw = ttnn.from_torch(wt, dtype=DTYPES[dtype], device=device)
        tx = ttnn.from_torch(x.permute(0, 2, 3, 1).contiguous(), dtype=DTYPES[dtype], layout=layout, device=device)
        out = ttnn.conv2d_backward_input(tg, tw, **params)
        got = ttnn.to_torch(out).float()
        assert tuple(got.shape) == tuple(expected.shape) and out.dtype == DTYPES[dtype] and out.layout == layout
        torch.testing.assert_close(got, _round(expected, dtype), **TOL[dtype])
        assert pcc(got, expected) > 0.9999
        out_w = ttnn.conv2d_backward_weight(tg, tx, **params)
        got_w = ttnn.to_torch(out_w).float()
        assert tuple(got_w.shape) == tuple(wt.shape) and out_w.dtype == DTYPES[dtype]
        # A weight gradient sums up to N*H*W products, so its fp32 error grows with the pixel count.
        torch.testing.assert_close(got_w, _round(expected_w, dtype), rtol=TOL[dtype]["rtol"], atol=1e-3)
        assert pcc(got_w, expected_w) > 0.9999
        # The bias gradient sums grad_output's rows as stored (TILE padding included, which is zero).
        out_b = ttnn.conv2d_backward_bias(tg, **params)
        torch.testing.assert_close(ttnn.to_torch(out_b).float(), _round(expected_b, dtype), rtol=TOL[dtype]["rtol"],
                                   atol=1e-3)  # fmt: skip
        for t in (tg, tw, tx, out, out_w, out_b):
            ttnn.deallocate(t)


SHAPES = [(33, 65), (2, 3, 7, 45), (2, 8, 26, 26), (5,)]
OPS = {
    "threshold": lambda g, x, y: ttnn.threshold_bw(g, x, 0.25, 0.0)[0],
    "gelu": lambda g, x, y: ttnn.gelu_bw(g, x)[0],
    "gelu_tanh": lambda g, x, y: ttnn.gelu_bw(g, x, approximate="tanh")[0],
    "tanh": lambda g, x, y: ttnn.tanh_backward(g, y),
    "sigmoid": lambda g, x, y: ttnn.sigmoid_backward(g, y),
}


def _golden(op, g, x):
    if op == "threshold":
        return torch.ops.aten.threshold_backward(g, x, 0.25)
    if op.startswith("gelu"):
        return torch.ops.aten.gelu_backward(g, x, approximate="tanh" if op == "gelu_tanh" else "none")
    if op == "tanh":
        return torch.ops.aten.tanh_backward(g, x)
    return torch.ops.aten.sigmoid_backward(g, x)


@pytest.mark.parametrize("x_form", ["same", "rm-input", "other-dtype"])
@pytest.mark.parametrize("layout", [ttnn.TILE_LAYOUT, ttnn.ROW_MAJOR_LAYOUT], ids=["tile", "rm"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("op", OPS)
def test_pointwise_grad_as_stored(op, shape, dtype, layout, x_form, isa, device):
    gen = torch.Generator().manual_seed(5)
    grad = _round(torch.randn(shape, generator=gen) * 3, dtype)
    x = torch.randn(shape, generator=gen) * 3
    y = torch.sigmoid(x) if op == "sigmoid" else torch.tanh(x)
    x_dtype, x_layout = DTYPES[dtype], layout
    if x_form == "rm-input":
        x_layout = ttnn.ROW_MAJOR_LAYOUT if layout == ttnn.TILE_LAYOUT else ttnn.TILE_LAYOUT
    elif x_form == "other-dtype":
        x_dtype = ttnn.float32 if dtype == "bf16" else ttnn.bfloat16
    # The op sees its second operand converted to the gradient's dtype, so the golden does too.
    second = y if op in ("tanh", "sigmoid") else x
    second = _round(_round(second, "bf16" if x_dtype == ttnn.bfloat16 else "fp32"), dtype)
    tg = ttnn.from_torch(grad, dtype=DTYPES[dtype], layout=layout, device=device)
    tx = ttnn.from_torch(second, dtype=x_dtype, layout=x_layout, device=device)
    out = OPS[op](tg, tx, tx)
    got = ttnn.to_torch(out).float()
    assert tuple(got.shape) == shape and out.dtype == DTYPES[dtype] and out.layout == layout
    expected = _golden(op, grad, second)
    # gelu's AVX2 erf/exp/tanh are polynomials good to ~1e-7 (as torch's own AVX2 path), so one bf16 step.
    tol = TOL[dtype] if op.startswith("gelu") or dtype == "bf16" else {"rtol": 1e-6, "atol": 1e-6}
    torch.testing.assert_close(got, _round(expected, dtype), **tol)
    if got.numel() > 1:
        assert pcc(got, expected) > 0.999
    for t in (tg, tx, out):
        ttnn.deallocate(t)


# The amx tier multiplies a bf16 gradient and a bf16 input or weight on its bf16 tiles (products exact, fp32 sums
# in another order), so every tier must give scalar's fp32 gradients: several 256-pixel chunks with a short last
# one, output channels and patches that are not multiples of 32, groups, and TILE storage.
@pytest.mark.parametrize("layout", [ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT], ids=["rm", "tile"])
@pytest.mark.parametrize("name", ["3x3-five-bands", "groups2", "mnist-conv2", "5x5-s2-d2"])
def test_conv2d_backward_bf16_every_tier_matches_scalar(name, layout, device):
    n, h, w, c, oc, k, s, p, d, groups = BANDED[name]
    gen = torch.Generator().manual_seed(7)
    wt = torch.randn(oc, c // groups, k, k, generator=gen) / ((c // groups) * k * k) ** 0.5
    x = torch.randn(n, h, w, c, generator=gen)
    out_shape = F.conv2d(x.permute(0, 3, 1, 2), wt, None, s, p, d, groups).permute(0, 2, 3, 1).shape
    grad = torch.randn(out_shape, generator=gen)
    tg, tx = (ttnn.from_torch(t, dtype=ttnn.bfloat16, layout=layout, device=device) for t in (grad, x))
    tw = ttnn.from_torch(wt, dtype=ttnn.bfloat16, device=device)
    params = {"batch_size": n, "input_height": h, "input_width": w, "in_channels": c, "out_channels": oc,
              "kernel_size": [k, k], "stride": s, "padding": p, "dilation": d, "groups": groups,
              "dtype": ttnn.float32}  # fmt: skip
    previous, results = ttnn.get_isa(), {}
    try:
        for tier in ttnn.available_isas():
            ttnn.set_isa(tier)
            outs = [ttnn.conv2d_backward_input(tg, tw, **params), ttnn.conv2d_backward_weight(tg, tx, **params)]
            results[tier] = [ttnn.to_torch(o).float() for o in outs]
            for o in outs:
                ttnn.deallocate(o)
    finally:
        ttnn.set_isa(previous)
    for tier, (got_in, got_w) in results.items():
        want_in, want_w = results["scalar"]
        torch.testing.assert_close(got_in, want_in, rtol=1e-5, atol=1e-4, msg=lambda m, t=tier: f"{t} input: {m}")
        torch.testing.assert_close(got_w, want_w, rtol=1e-5, atol=1e-3, msg=lambda m, t=tier: f"{t} weight: {m}")
    for t in (tg, tx, tw):
        ttnn.deallocate(t)
