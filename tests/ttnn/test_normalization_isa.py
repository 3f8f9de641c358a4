"""The AVX2 softmax and row-norm kernels agree with the portable scalar ones (norm_scalar.cpp), on rows of
every length class (multiple of 16, of 8, odd, shorter than 8), both storage dtypes and layouts, with and
without the paths that read and write bf16 storage directly (contiguous rows) or go through fp32 lines
(a mask, a residual, softmax along a non-last dim)."""

import pytest
import torch
import ttnn

torch.manual_seed(0)

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
]


@pytest.mark.parametrize("dtype", [ttnn.bfloat16, ttnn.float32], ids=["bf16", "fp32"])
@pytest.mark.parametrize("layout", [ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT], ids=["rm", "tile"])
@pytest.mark.parametrize("name, shape, call", CASES, ids=[f"{c[0]}-{'x'.join(map(str, c[1]))}" for c in CASES])
def test_scalar_and_avx2_norm_kernels_agree(name, shape, call, dtype, layout, device):
    if not ttnn.isa_available("avx2"):
        pytest.skip("no AVX2 on this CPU")
    x = ttnn.from_torch(torch.randn(shape) * 3 + 1, dtype=dtype, layout=layout, device=device)
    extra = ttnn.from_torch(torch.randn(shape), dtype=dtype, layout=layout, device=device)
    previous = ttnn.get_isa()
    results = {}
    try:
        for isa in ("scalar", "avx2"):
            ttnn.set_isa(isa)
            out = call(x, extra)
            results[isa] = ttnn.to_torch(out).float()
            ttnn.deallocate(out)
    finally:
        ttnn.set_isa(previous)
    # fp32: the kernels differ in summation order and exp (a few ulp); bf16: at most one rounding step apart.
    rtol, atol = (1e-5, 1e-5) if dtype == ttnn.float32 else (8e-3, 1e-5)
    torch.testing.assert_close(results["avx2"], results["scalar"], rtol=rtol, atol=atol)
    ttnn.deallocate(x)
    ttnn.deallocate(extra)
