"""Pools beyond the registry samples: torch's NaN and tie rules for max_pool2d, and the scalar and AVX2 builds
of the pool kernels agreeing (bit for bit where no sum is involved)."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
import ttnn


def _nhwc(t):
    return t.permute(0, 2, 3, 1)


def test_max_pool2d_nan_wins_and_ties_keep_the_first(isa, device):
    x = torch.zeros(1, 2, 4, 4)
    x[0, 0, 1, 1] = float("nan")
    x[0, 1] = 1.0  # all ties: torch keeps the first tap of each window
    values, indices = F.max_pool2d(x, 2, 2, return_indices=True)
    t = ttnn.from_torch(_nhwc(x).contiguous(), dtype=ttnn.float32, device=device)
    got_values, got_indices = ttnn.max_pool2d_with_indices(t, kernel_size=[2, 2])
    torch.testing.assert_close(ttnn.to_torch(got_values), _nhwc(values), equal_nan=True)
    assert torch.equal(ttnn.to_torch(got_indices).long(), _nhwc(indices))
    for tensor in (t, got_values, got_indices):
        ttnn.deallocate(tensor)


CASES = {
    "max_pool2d": dict(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1]),
    "avg_pool2d": dict(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1], count_include_pad=False),
    "adaptive_avg_pool2d": dict(output_size=[4, 3]),
    "adaptive_max_pool2d": dict(output_size=[4, 3]),
    "global_avg_pool2d": {},
    "upsample": dict(scale_factor=[2, 3], mode="bilinear"),
}


@pytest.mark.parametrize("name", CASES)
def test_pool_scalar_and_avx2_agree(name, device):
    if not ttnn.isa_available("avx2"):
        pytest.skip("no AVX2 on this CPU")
    x = torch.randn(2, 13, 11, 37, generator=torch.Generator().manual_seed(0))
    t = ttnn.from_torch(x, dtype=ttnn.float32, device=device)
    previous = ttnn.get_isa()
    results = {}
    try:
        for isa in ("scalar", "avx2"):
            ttnn.set_isa(isa)
            out = getattr(ttnn, name)(t, **CASES[name])
            results[isa] = ttnn.to_torch(out)
            ttnn.deallocate(out)
    finally:
        ttnn.set_isa(previous)
        ttnn.deallocate(t)
    if name in ("max_pool2d", "adaptive_max_pool2d"):
        assert torch.equal(results["scalar"], results["avx2"])
    else:
        torch.testing.assert_close(results["avx2"], results["scalar"], rtol=1e-6, atol=1e-6)
