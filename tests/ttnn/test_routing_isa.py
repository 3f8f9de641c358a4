"""conv_transpose2d and grouped_matmul in float32 against torch on every kernel tier the CPU has (the scalar
one included): both run on the GEMM microkernels, so each tier must give torch's values to fp32 rounding."""

import pytest
import torch
import torch.nn.functional as F
import ttnn

# (name, N, C, H, W, O, groups, k, stride, padding, output_padding, dilation)
TRANSPOSED = [
    ("k4-s2-p1", 2, 16, 5, 7, 8, 1, 4, 2, 1, 0, 1),
    ("k3-s2-op1-groups2-d2", 1, 6, 6, 5, 4, 2, 3, 2, 1, 1, 2),
    ("1x1", 1, 17, 4, 4, 33, 1, 1, 1, 0, 0, 1),
]


@pytest.mark.parametrize("case", TRANSPOSED, ids=lambda c: c[0])
def test_conv_transpose2d_fp32_matches_torch(case, isa, device):
    _, n, c, h, w, o, groups, k, s, p, op, d = case
    gen = torch.Generator().manual_seed(0)
    x, wt, b = torch.randn(n, c, h, w, generator=gen), torch.randn(c, o // groups, k, k, generator=gen), torch.randn(o)
    expected = F.conv_transpose2d(x, wt, b, s, p, op, groups, d).permute(0, 2, 3, 1)
    tensors = [
        ttnn.from_torch(t, dtype=ttnn.float32, device=device) for t in (x.permute(0, 2, 3, 1).contiguous(), wt, b)
    ]
    out = ttnn.conv_transpose2d(tensors[0], tensors[1], bias_tensor=tensors[2], stride=[s, s], padding=[p, p],
                                output_padding=[op, op], dilation=[d, d], groups=groups)  # fmt: skip
    torch.testing.assert_close(ttnn.to_torch(out), expected, rtol=1e-4, atol=1e-4)


def test_grouped_matmul_fp32_matches_torch(isa, device):
    gen = torch.Generator().manual_seed(0)
    a, b = torch.randn(70, 45, generator=gen), torch.randn(5, 33, 45, generator=gen)
    offsets = torch.tensor([10, 10, 31, 64, 66], dtype=torch.int32)
    expected, start = torch.zeros(70, 33), 0
    for e, end in enumerate(offsets.tolist()):
        expected[start:end] = a[start:end] @ b[e].t()
        start = end
    ta, tb = (ttnn.from_torch(t, dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device) for t in (a, b))
    to = ttnn.from_torch(offsets, dtype=ttnn.int32, device=device)
    out = ttnn.grouped_matmul(ta, tb, to, transpose_b=True)
    torch.testing.assert_close(ttnn.to_torch(out), expected, rtol=1e-4, atol=1e-4)
