"""conv2d beyond the registry samples: the scalar and AVX2 kernels agree, fp32 matches torch tightly on every
code path (implicit GEMM, transposed GEMM for few pixels, pointwise, depthwise), bfloat8_b weights work with
bf16 activations, and results keep the input's form and layout."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
import ttnn
from ttnn.golden import get_golden_function

# (N, H, W, C, OC, k, stride, padding, dilation, groups): one per code path of conv2d.
GEOMETRIES = {
    "gemm-3x3": (2, 11, 9, 7, 19, 3, 1, 1, 1, 1),
    "gemm-stem-7x7-s2": (1, 23, 21, 3, 16, 7, 2, 3, 1, 1),
    "gemm-groups3": (1, 8, 8, 6, 9, 3, 2, 1, 2, 3),
    "pointwise": (1, 13, 5, 24, 40, 1, 1, 0, 1, 1),
    "transposed-few-pixels": (1, 3, 3, 40, 70, 3, 1, 1, 1, 1),
    "depthwise": (2, 10, 7, 37, 37, 3, 2, 1, 1, 37),
    # Channels a multiple of 8: interior pixels in blocks of 8 and singly, borders per pixel.
    "depthwise-c32-s1": (1, 9, 29, 32, 32, 3, 1, 1, 1, 32),
    "depthwise-c16-s2-d2": (2, 11, 30, 16, 16, 3, 2, 2, 2, 16),
    "depthwise-c24-5x5": (1, 7, 19, 24, 24, 5, 1, 2, 1, 24),
    "depthwise-c8-narrow": (1, 4, 3, 8, 8, 3, 1, 1, 1, 8),
    # Patches read from padded input bands (runs of 32+ floats): row chunks that cross images, one run per
    # tap (dilation, groups), column blocks sharing a band, no padding.
    "padded-batch-chunks": (2, 21, 20, 40, 24, 3, 1, 1, 1, 1),
    "padded-s2-d2": (1, 15, 17, 32, 20, 3, 2, 2, 2, 1),
    "padded-groups2": (1, 9, 11, 64, 34, 3, 1, 1, 1, 2),
    "padded-col-blocks": (1, 6, 5, 48, 40, 3, 1, 1, 1, 1),
    "padded-5x5-pad0": (1, 12, 13, 36, 17, 5, 1, 0, 1, 1),
    # Kernel rows of 96 floats (32 channels x 3 taps): all three in one segmented k-block.
    "padded-segments-c32": (2, 10, 11, 32, 24, 3, 1, 1, 1, 1),
}


def _inputs(n, h, w, c, oc, k, groups, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, h, w, c, generator=g)
    wt = torch.randn(oc, c // groups, k, k, generator=g) / ((c // groups) * k * k) ** 0.5
    return x, wt, torch.randn(oc, generator=g)


def _torch_conv(x, wt, b, s, p, d, groups):
    y = F.conv2d(x.permute(0, 3, 1, 2), wt, b, s, p, d, groups)
    return y.permute(0, 2, 3, 1)


def _run(device, x, wt, b, s, p, d, groups, dtype=ttnn.float32, wdtype=None, layout=ttnn.ROW_MAJOR_LAYOUT):
    wdtype = wdtype or dtype
    wlayout = ttnn.TILE_LAYOUT if wdtype == ttnn.bfloat8_b else layout
    tx = ttnn.from_torch(x, dtype=dtype, layout=layout, device=device)
    tw = ttnn.from_torch(wt, dtype=wdtype, layout=wlayout, device=device)
    tb = ttnn.from_torch(b, dtype=dtype, layout=layout, device=device)
    out = ttnn.conv2d(tx, tw, device=device, bias_tensor=tb, stride=s, padding=p, dilation=d, groups=groups)
    result = ttnn.to_torch(out).float()
    stored_w = ttnn.to_torch(tw).float()
    for t in (tx, tw, tb, out):
        ttnn.deallocate(t)
    return result, stored_w


@pytest.mark.parametrize("name", GEOMETRIES)
def test_conv2d_fp32_matches_torch(name, isa, device):
    n, h, w, c, oc, k, s, p, d, groups = GEOMETRIES[name]
    x, wt, b = _inputs(n, h, w, c, oc, k, groups)
    got, _ = _run(device, x, wt, b, s, p, d, groups)
    torch.testing.assert_close(got, _torch_conv(x, wt, b, s, p, d, groups), rtol=1e-5, atol=2e-5)


@pytest.mark.parametrize("name", GEOMETRIES)
def test_conv2d_scalar_and_avx2_agree(name, device):
    if not ttnn.isa_available("avx2"):
        pytest.skip("no AVX2 on this CPU")
    n, h, w, c, oc, k, s, p, d, groups = GEOMETRIES[name]
    x, wt, b = _inputs(n, h, w, c, oc, k, groups, seed=1)
    previous = ttnn.get_isa()
    try:
        results = {}
        for isa in ("scalar", "avx2"):
            ttnn.set_isa(isa)
            results[isa], _ = _run(device, x, wt, b, s, p, d, groups)
    finally:
        ttnn.set_isa(previous)
    # Same sums in another order (FMA vs multiply-add): fp32 rounding apart, nothing more.
    torch.testing.assert_close(results["avx2"], results["scalar"], rtol=1e-5, atol=1e-5)


# bf16 ROW_MAJOR activations are read as stored and the output rounded once: the GEMM path (im2col from bf16,
# stem and border segments) and the depthwise path (input rows widened per band; 13 x 200 x 64 rows are wide
# enough that a band holds only a few rows, so band edges fall inside the image).
@pytest.mark.parametrize(
    "geometry",
    [
        (1, 23, 21, 3, 16, 7, 2, 3, 1, 1),
        (2, 11, 9, 7, 19, 3, 1, 1, 1, 1),
        (1, 13, 200, 64, 64, 3, 1, 1, 1, 64),
        (1, 13, 200, 64, 64, 3, 2, 1, 1, 64),
        (2, 10, 7, 37, 37, 3, 2, 1, 1, 37),
        (1, 9, 29, 32, 32, 3, 1, 1, 2, 32),
        (1, 6, 7, 40, 24, 3, 1, 1, 1, 1),
        (2, 21, 20, 40, 24, 3, 1, 1, 1, 1),
        (2, 10, 11, 32, 24, 3, 1, 1, 1, 1),
    ],
    ids=[
        "stem-7x7-s2",
        "gemm-3x3",
        "dw-bands-s1",
        "dw-bands-s2",
        "dw-c37",
        "dw-c32-d2",
        "gemm-k360",
        "padded-batch",
        "padded-segments",
    ],
)
def test_conv2d_bf16_rows_match_torch(geometry, isa, device):
    n, h, w, c, oc, k, s, p, d, groups = geometry
    x, wt, b = _inputs(n, h, w, c, oc, k, groups, seed=3)
    got, stored_w = _run(device, x, wt, b, s, p, d, groups, dtype=ttnn.bfloat16)
    x_bf16, b_bf16 = x.to(torch.bfloat16).float(), b.to(torch.bfloat16).float()
    expected = _torch_conv(x_bf16, stored_w, b_bf16, s, p, d, groups).to(torch.bfloat16).float()
    torch.testing.assert_close(got, expected, rtol=1.6e-2, atol=1e-4)


# bf16 output is rounded inside the GEMM's last k-block (one block: K 147; two: K 360) and the depthwise rows:
# the same bits as the fp32 output of the same bf16 inputs rounded by to_layout.
@pytest.mark.parametrize(
    "geometry",
    [(1, 23, 21, 3, 16, 7, 2, 3, 1, 1), (1, 6, 7, 40, 19, 3, 1, 1, 1, 1), (1, 9, 29, 32, 32, 3, 1, 1, 1, 32)],
    ids=["stem-k147", "gemm-k360-oc19", "depthwise"],
)
def test_conv2d_bf16_output_is_the_fp32_output_rounded(geometry, isa, device):
    n, h, w, c, oc, k, s, p, d, groups = geometry
    x, wt, b = _inputs(n, h, w, c, oc, k, groups, seed=4)
    tx, tw, tb = (ttnn.from_torch(t, dtype=ttnn.bfloat16, device=device) for t in (x, wt, b))
    kwargs = {"bias_tensor": tb, "stride": s, "padding": p, "dilation": d, "groups": groups}
    out16 = ttnn.conv2d(tx, tw, **kwargs)
    out32 = ttnn.conv2d(tx, tw, dtype=ttnn.float32, **kwargs)
    assert out16.dtype == ttnn.bfloat16 and out32.dtype == ttnn.float32
    assert torch.equal(ttnn.to_torch(out16), ttnn.to_torch(out32).to(torch.bfloat16))
    for t in (tx, tw, tb, out16, out32):
        ttnn.deallocate(t)


def test_conv2d_bfloat8_b_weights_with_bf16_activations(device):
    x, wt, b = _inputs(1, 9, 9, 32, 48, 3, 1)
    got, stored_w = _run(device, x, wt, b, 1, 1, 1, 1, dtype=ttnn.bfloat16, wdtype=ttnn.bfloat8_b)
    x_bf16 = x.to(torch.bfloat16).float()
    b_bf16 = b.to(torch.bfloat16).float()
    expected = _torch_conv(x_bf16, stored_w, b_bf16, 1, 1, 1, 1).to(torch.bfloat16).float()
    torch.testing.assert_close(got, expected, rtol=1.6e-2, atol=1e-4)


@pytest.mark.parametrize("layout", [ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT], ids=["rm", "tile"])
@pytest.mark.parametrize("out_channels,groups", [(6, 1), (4, 4)], ids=["gemm", "depthwise"])
def test_conv2d_keeps_flat_form_and_layout(layout, out_channels, groups, device):
    x, wt, b = _inputs(3, 7, 5, 4, out_channels, 3, groups)
    tx = ttnn.from_torch(x.reshape(1, 1, 105, 4), dtype=ttnn.bfloat16, layout=layout, device=device)
    tw = ttnn.from_torch(wt, dtype=ttnn.bfloat16, layout=layout, device=device)
    out = ttnn.conv2d(input_tensor=tx, weight_tensor=tw, device=device, in_channels=4, out_channels=out_channels,
                      batch_size=3, input_height=7, input_width=5, kernel_size=(3, 3), stride=(2, 1), padding=(1, 0),
                      groups=groups)  # fmt: skip
    assert tuple(out.shape) == (1, 1, 3 * 4 * 3, out_channels)
    assert out.layout == layout and out.dtype == ttnn.bfloat16
    golden = get_golden_function("conv2d")
    expected = golden(ttnn.to_torch(tx).float(), ttnn.to_torch(tw).float(), batch_size=3, input_height=7,
                      input_width=5, stride=(2, 1), padding=(1, 0), groups=groups)  # fmt: skip
    torch.testing.assert_close(ttnn.to_torch(out).float(), expected.to(torch.bfloat16).float(), rtol=1.6e-2, atol=1e-4)
    for t in (tx, tw, out):
        ttnn.deallocate(t)


@pytest.mark.parametrize("name", ["gemm-3x3", "gemm-groups3", "pointwise", "depthwise"])
def test_conv2d_backward_matches_aten_fp32(name, isa, device):
    n, h, w, c, oc, k, s, p, d, groups = GEOMETRIES[name]
    x, wt, _ = _inputs(n, h, w, c, oc, k, groups, seed=2)
    y = _torch_conv(x, wt, None, s, p, d, groups)
    grad = torch.randn(y.shape)
    gi, gw, gb = torch.ops.aten.convolution_backward(
        grad.permute(0, 3, 1, 2), x.permute(0, 3, 1, 2), wt, [oc], [s, s], [p, p], [d, d], False, [0, 0], groups,
        [True, True, True],
    )  # fmt: skip
    params = {"batch_size": n, "input_height": h, "input_width": w, "in_channels": c, "out_channels": oc,
              "kernel_size": [k, k], "stride": s, "padding": p, "dilation": d, "groups": groups}  # fmt: skip
    tg, tx, tw = (ttnn.from_torch(t, dtype=ttnn.float32, device=device) for t in (grad, x, wt))
    outs = [
        ttnn.conv2d_backward_input(tg, tw, **params),
        ttnn.conv2d_backward_weight(tg, tx, **params),
        ttnn.conv2d_backward_bias(tg, **params),
    ]
    got = [ttnn.to_torch(o).float() for o in outs]
    torch.testing.assert_close(got[0], gi.permute(0, 2, 3, 1), rtol=1e-5, atol=5e-5)
    torch.testing.assert_close(got[1], gw, rtol=1e-5, atol=5e-5)
    torch.testing.assert_close(got[2], gb, rtol=1e-5, atol=5e-5)
    for t in (tg, tx, tw, *outs):
        ttnn.deallocate(t)


def test_prepared_weights_give_the_same_result(device):
    x, wt, b = _inputs(1, 12, 10, 16, 24, 3, 1)
    tx = ttnn.from_torch(x, dtype=ttnn.float32, device=device)
    tw = ttnn.from_torch(wt, dtype=ttnn.float32, device=device)
    unprepared = ttnn.to_torch(ttnn.conv2d(tx, tw, padding=1))
    assert ttnn.prepare_conv_weights(tw, kernel_size=[3, 3]) is not None
    outs = [ttnn.conv2d(tx, tw, padding=1) for _ in range(2)]  # first packs into the cache, second reuses it
    for out in outs:
        assert torch.equal(ttnn.to_torch(out), unprepared)
        ttnn.deallocate(out)
    ttnn.deallocate(tw)
    ttnn.deallocate(tx)


# Tiers whose GEMM multiplies bf16 operands as they are (amx) run bf16 convs (groups 1) on the shared GEMM: bf16
# columns from im2col (stem, 3x3, strided 1x1) or the input read in place (1x1, stride 1), the weight as bf16
# pairs. The products are exact and the fp32 sums differ from scalar's only in order.
@pytest.mark.parametrize(
    "geometry",
    [
        (1, 23, 21, 3, 16, 7, 2, 3, 1, 1),
        (2, 11, 9, 40, 35, 3, 1, 1, 1, 1),
        (1, 12, 10, 64, 48, 1, 2, 0, 1, 1),
        (1, 13, 5, 24, 40, 1, 1, 0, 1, 1),
        (1, 9, 11, 20, 24, 3, 1, 1, 2, 1),
    ],
    ids=["stem-7x7-s2", "3x3-oc35", "1x1-s2", "1x1-in-place", "3x3-d2"],
)
def test_conv2d_bf16_every_tier_matches_scalar(geometry, device):
    n, h, w, c, oc, k, s, p, d, groups = geometry
    x, wt, b = _inputs(n, h, w, c, oc, k, groups, seed=5)
    tx, tw, tb = (ttnn.from_torch(t, dtype=ttnn.bfloat16, device=device) for t in (x, wt, b))
    kwargs = {"bias_tensor": tb, "stride": s, "padding": p, "dilation": d, "dtype": ttnn.float32}
    previous, results = ttnn.get_isa(), {}
    try:
        for tier in ttnn.available_isas():
            ttnn.set_isa(tier)
            out = ttnn.conv2d(tx, tw, **kwargs)
            results[tier] = ttnn.to_torch(out)
            ttnn.deallocate(out)
    finally:
        ttnn.set_isa(previous)
    for tier, got in results.items():
        torch.testing.assert_close(got, results["scalar"], rtol=1e-5, atol=1e-4, msg=lambda m, t=tier: f"{t}: {m}")
    for t in (tx, tw, tb):
        ttnn.deallocate(t)


def test_prepared_bf16_weights_give_the_same_result(device):
    x, wt, b = _inputs(1, 12, 10, 32, 40, 3, 1, seed=6)
    tx, tw = (ttnn.from_torch(t, dtype=ttnn.bfloat16, device=device) for t in (x, wt))
    unprepared = ttnn.to_torch(ttnn.conv2d(tx, tw, padding=1))
    assert ttnn.prepare_conv_weights(tw, kernel_size=[3, 3]) is not None
    outs = [ttnn.conv2d(tx, tw, padding=1) for _ in range(2)]  # first packs into the cache, second reuses it
    for out in outs:
        assert torch.equal(ttnn.to_torch(out), unprepared)
        ttnn.deallocate(out)
    ttnn.deallocate(tw)
    ttnn.deallocate(tx)
