"""The AVX2 and AVX-512 softmax and row-norm kernels agree with the portable scalar ones (norm_scalar.cpp), on rows of
every length class (multiple of 16, of 8, odd, shorter than 8), both storage dtypes and layouts, with and
without the paths that read and write bf16 storage directly (contiguous rows) or go through fp32 lines
(a mask, a residual, softmax along a non-last dim)."""

import pytest
import torch
import ttnn

torch.manual_seed(0)


def _channels(x, seed):
    """A per-channel parameter for x's last dim, in x's dtype and layout on x's device (freed with the call)."""
    values = torch.randn(x.shape[-1], generator=torch.Generator().manual_seed(seed))
    return ttnn.from_torch(values, dtype=x.dtype, layout=x.layout, device=x.device())


# (name, shape, call): call(x, extra) runs the op; extra is a second tensor of the input's shape.
CASES = [
    ("softmax", (3, 128), lambda x, e: ttnn.softmax(x, dim=-1)),
    ("softmax", (45, 65), lambda x, e: ttnn.softmax(x, dim=-1)),
    ("softmax", (7, 5), lambda x, e: ttnn.softmax(x, dim=-1)),
    ("softmax-dim0", (33, 24), lambda x, e: ttnn.softmax(x, dim=0)),
    ("log_softmax", (45, 65), lambda x, e: ttnn.log_softmax(x, dim=-1)),
    ("scale_mask_softmax", (2, 40, 72), lambda x, e: ttnn.scale_mask_softmax(x, 0.125, e)),
    ("layer_norm", (33, 768), lambda x, e: ttnn.layer_norm(x, epsilon=1e-5)),
    ("layer_norm", (45, 65), lambda x, e: ttnn.layer_norm(x, epsilon=1e-5)),
    ("layer_norm-residual", (45, 65), lambda x, e: ttnn.layer_norm(x, epsilon=1e-5, residual_input_tensor=e)),
    ("rms_norm", (7, 130), lambda x, e: ttnn.rms_norm(x, epsilon=1e-5)),
    ("rms_norm", (3, 4096), lambda x, e: ttnn.rms_norm(x, epsilon=1e-6, weight=_channels(x, 1))),
    (
        "layer_norm-affine",
        (5, 200),
        lambda x, e: ttnn.layer_norm(x, epsilon=1e-5, weight=_channels(x, 2), bias=_channels(x, 3)),
    ),
]


_LAYOUTS = {entry["name"]: entry["layouts"] for entry in ttnn.operations.registry()}


def _cases():
    """Each case in every layout its op takes (TT-NN's softmax and norms refuse ROW_MAJOR; log_softmax takes it)."""
    for name, shape, call in CASES:
        for layout in _LAYOUTS[name.split("-")[0]]:
            layout_id = "rm" if layout == ttnn.ROW_MAJOR_LAYOUT else "tile"
            yield pytest.param(name, shape, call, layout, id=f"{name}-{'x'.join(map(str, shape))}-{layout_id}")


@pytest.mark.parametrize("tier", ["avx2", "avx512"])
@pytest.mark.parametrize("dtype", [ttnn.bfloat16, ttnn.float32], ids=["bf16", "fp32"])
@pytest.mark.parametrize("name, shape, call, layout", list(_cases()))
def test_simd_norm_kernels_agree_with_scalar(name, shape, call, dtype, layout, tier, device):
    if not ttnn.isa_available(tier):
        pytest.skip(f"no {tier} kernels on this CPU or build")
    x = ttnn.from_torch(torch.randn(shape) * 3 + 1, dtype=dtype, layout=layout, device=device)
    extra = ttnn.from_torch(torch.randn(shape), dtype=dtype, layout=layout, device=device)
    previous = ttnn.get_isa()
    results = {}
    try:
        for isa in ("scalar", tier):
            ttnn.set_isa(isa)
            out = call(x, extra)
            results[isa] = ttnn.to_torch(out).float()
            ttnn.deallocate(out)
    finally:
        ttnn.set_isa(previous)
    # fp32: the kernels differ in summation order and exp (a few ulp); bf16: at most one rounding step apart.
    rtol, atol = (1e-5, 1e-5) if dtype == ttnn.float32 else (8e-3, 1e-5)
    torch.testing.assert_close(results[tier], results["scalar"], rtol=rtol, atol=atol)
    ttnn.deallocate(x)
    ttnn.deallocate(extra)


@pytest.mark.parametrize("isa", ["scalar", "avx2", "avx512"])
@pytest.mark.parametrize("dtype", [ttnn.bfloat16, ttnn.float32], ids=["bf16", "fp32"])
@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_non_finite_rows_are_nan_like_torch(op, dtype, isa, device):
    """A row with a NaN or +inf score, or only -inf scores, is all NaN in torch (exp(inf - inf) reaches every
    value through the sum); each kernel gives the same, and -inf scores in a finite row give exactly 0."""
    if not ttnn.isa_available(isa):
        pytest.skip(f"no {isa} kernels on this CPU or build")
    x = torch.randn(5, 40)
    x[0, 3] = float("nan")
    x[1, 7] = float("inf")
    x[2, :] = -float("inf")
    x[3, 10:30] = -float("inf")
    x[4, 0] = -200.0  # e^-200 is below fp32's range: 0 after the shift, not NaN
    previous = ttnn.get_isa()
    ttnn.set_isa(isa)
    try:
        t = ttnn.from_torch(x, dtype=dtype, layout=ttnn.TILE_LAYOUT, device=device)
        out = getattr(ttnn, op)(t, dim=-1)
        y = ttnn.to_torch(out).float()
        ttnn.deallocate(out)
        ttnn.deallocate(t)
    finally:
        ttnn.set_isa(previous)
    expected = getattr(torch, op)(x, -1)
    assert y[:3].isnan().all()
    assert not y[3:].isnan().any()
    rtol, atol = (1e-5, 1e-6) if dtype == ttnn.float32 else (1.6e-2, 1e-2)
    torch.testing.assert_close(y[3:], expected[3:], rtol=rtol, atol=atol)
    if op == "softmax":
        assert (y[3, 10:30] == 0).all()
