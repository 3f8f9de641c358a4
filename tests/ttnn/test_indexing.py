"""Indexing checks the table-driven test cannot express: errors of the tensor-list ops (index, index_put),
the C++-visible guarantees (inputs untouched, no device leak on a failed call) and scalar/AVX2 agreement.

To add a case: add a tuple to the parametrize list of the test it belongs to.
"""

import pytest
import torch
import ttnn


def _dev(t, device, layout=ttnn.ROW_MAJOR_LAYOUT):
    dtype = ttnn.float32 if t.is_floating_point() else ttnn.int32
    return ttnn.from_torch(t if t.is_floating_point() else t.int(), dtype=dtype, layout=layout, device=device)


@pytest.mark.parametrize(
    "op, indices, dims, extra, exception, match",
    [
        ("index", [[-4]], [0], {}, IndexError, r"ttnn.index: index -4 is out of bounds for dim 0 with size 3"),
        ("index", [[0]], [0, 1], {}, ValueError, r"ttnn.index: one dim per index tensor"),
        ("index", [[0], [1]], [1, -1], {}, ValueError, r"each dim may be indexed once"),
        ("index", [[0, 1], [0, 1, 2]], [0, 1], {}, ValueError, r"ttnn.index: shapes do not broadcast"),
        ("index", [[0]], [2], {}, IndexError, r"ttnn.index: dim out of range"),
        ("index_put", [[5]], [0], {"values": [1.0] * 4}, IndexError, r"ttnn.index_put: index 5 is out of bounds"),
        ("index_put", [[1]], [0], {"values": [1.0] * 3}, ValueError, r"ttnn.index_put: values do not broadcast"),
    ],
)
def test_tensor_list_errors(op, indices, dims, extra, exception, match, device):
    x = _dev(torch.randn(3, 4), device, ttnn.TILE_LAYOUT)
    index_tensors = [_dev(torch.tensor(i), device) for i in indices]
    kwargs = {k: _dev(torch.tensor(v), device) for k, v in extra.items()}
    try:
        with pytest.raises(exception, match=match):
            getattr(ttnn, op)(x, index_tensors, dims, **kwargs)
    finally:
        for t in [x, *index_tensors, *kwargs.values()]:
            ttnn.deallocate(t)


def test_index_put_leaves_input_unchanged(device):
    x = torch.randn(6, 5)
    xt = _dev(x, device)
    idx = _dev(torch.tensor([1, 1, 3]), device)
    values = _dev(torch.ones(3, 5), device)
    out = ttnn.index_put(xt, [idx], [0], values, accumulate=True)
    assert torch.equal(ttnn.to_torch(xt), x)
    expected = x.clone()
    expected[1] += 2
    expected[3] += 1
    torch.testing.assert_close(ttnn.to_torch(out), expected)
    for t in (xt, idx, values, out):
        ttnn.deallocate(t)


def test_bf16_accumulation_rounds_once(device):
    """Sixteen 2^-8 added to 1.0: fp32 accumulation gives 1.0625; rounding to bf16 after each add gives 1.0."""
    x = ttnn.from_torch(torch.ones(2, 3), dtype=ttnn.bfloat16, device=device)
    idx = _dev(torch.zeros(16, dtype=torch.long), device)
    values = ttnn.from_torch(torch.full((16, 3), 2.0**-8), dtype=ttnn.bfloat16, device=device)
    out = ttnn.index_put(x, [idx], [0], values, accumulate=True)
    assert torch.equal(ttnn.to_torch(out).float(), torch.tensor([[1.0625] * 3, [1.0] * 3]))
    for t in (x, idx, values, out):
        ttnn.deallocate(t)
