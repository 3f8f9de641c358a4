"""Behaviours of issue 21's ops beyond their goldens: dropout's statistics and seeding, where's layout refusal
(TT-NN's ternary validate), TT-NN's preallocated outputs by their per-op names, fast_and_approximate_mode,
the *_bw family's list returns and a pool's applied_shard_scheme."""

import pytest
import torch
import ttnn
from ttnn.golden.eltwise_random import dropout_mask


def _t(x, device, layout=ttnn.TILE_LAYOUT, dtype=ttnn.float32):
    return ttnn.from_torch(x, dtype=dtype, layout=layout, device=device)


def test_dropout_statistics_and_seeding(device):
    x = torch.randn(256, 256)
    t = _t(x, device)
    out = ttnn.to_torch(ttnn.experimental.dropout(t, seed=124, probability=0.2, scale=1.25))
    kept = out != 0
    assert abs(kept.float().mean().item() - 0.8) < 0.01  # 65536 draws: the standard error is 0.0016
    torch.testing.assert_close(out[kept], x[kept] * 1.25)
    assert torch.equal(kept, dropout_mask(x.shape, 124, 0.2))
    # One seed, one mask: in the other layout and in bfloat16 too; another seed gives another mask.
    rm = ttnn.to_torch(ttnn.experimental.dropout(_t(x, device, ttnn.ROW_MAJOR_LAYOUT), 124, 0.2, 1.25))
    bf16 = ttnn.to_torch(ttnn.experimental.dropout(_t(x, device, dtype=ttnn.bfloat16), 124, 0.2, 1.25))
    assert torch.equal(rm != 0, kept) and torch.equal(bf16 != 0, kept)
    other = ttnn.to_torch(ttnn.experimental.dropout(t, seed=125, probability=0.2, scale=1.25)) != 0
    assert (other != kept).float().mean().item() > 0.2
    same = ttnn.experimental.dropout(t, seed=124, probability=0.2, scale=1.25, use_per_device_seed=False)
    assert torch.equal(ttnn.to_torch(same) != 0, kept)  # device 0: the per-device seed adds 0


def test_where_refuses_row_major_as_ttnn_does(device):
    cond, x = torch.randn(33, 7) > 0, torch.randn(33, 7)
    with pytest.raises(RuntimeError, match=r"ttnn.where: unsupported layout .*Ternary operation requires"):
        ttnn.where(_t(cond.float(), device, ttnn.ROW_MAJOR_LAYOUT), _t(x, device, ttnn.ROW_MAJOR_LAYOUT), 0.0)
    out = ttnn.zeros([33, 7], dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device)
    result = ttnn.where(_t(cond.float(), device), _t(x, device), 0.0, output_tensor=out)
    assert result.buffer_address() == out.buffer_address()
    torch.testing.assert_close(ttnn.to_torch(out), torch.where(cond, x, 0.0))


def test_preallocated_outputs_by_ttnn_name(device):
    x = torch.rand(33, 45) + 0.5
    for op, name, expected in (
        (ttnn.cumsum, "out", torch.cumsum(x, 1)),
        (ttnn.cumprod, "out", torch.cumprod(x, 1)),
    ):
        target = ttnn.zeros([33, 45], dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device)
        result = op(_t(x, device), 1, **{name: target})
        assert result.buffer_address() == target.buffer_address()
        torch.testing.assert_close(ttnn.to_torch(target), expected, rtol=1e-4, atol=1e-4)
    target = ttnn.zeros([4, 33, 45], dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device)
    ttnn.experimental.broadcast_to(_t(x, device), ttnn.Shape([4, 33, 45]), output=target)
    torch.testing.assert_close(ttnn.to_torch(target), x.expand(4, 33, 45))


def test_fast_and_approximate_mode(device):
    x = torch.randn(33, 65) * 3
    t = _t(x, device)
    # gelu has an approximate form (tanh), and takes it; the others have none here and give the exact result.
    approx = ttnn.to_torch(ttnn.gelu(t, fast_and_approximate_mode=True))
    torch.testing.assert_close(approx, torch.nn.functional.gelu(x, approximate="tanh"))
    assert not torch.equal(approx, ttnn.to_torch(ttnn.gelu(t)))
    for op in (ttnn.exp, ttnn.erf, ttnn.erfc, ttnn.log1p):
        y = _t(x.abs(), device)
        assert torch.equal(ttnn.to_torch(op(y, fast_and_approximate_mode=True)), ttnn.to_torch(op(y)))


def test_backward_ops_return_lists(device):
    g, a, b = torch.randn(33, 7), torch.randn(33, 7), torch.randn(7)
    grads = ttnn.mul_bw(_t(g, device), _t(a, device), _t(b, device))
    assert isinstance(grads, list) and [list(x.shape) for x in grads] == [[33, 7], [7]]
    torch.testing.assert_close(ttnn.to_torch(grads[1]), (g * a).sum(0), rtol=1e-5, atol=1e-5)
    (only,) = ttnn.add_bw(_t(g, device), _t(a, device), 2.0)  # a number gets no gradient
    torch.testing.assert_close(ttnn.to_torch(only), g)
    (relu,) = ttnn.relu_bw(_t(g, device), _t(a, device))
    torch.testing.assert_close(ttnn.to_torch(relu), torch.where(a > 0, g, 0.0))


def test_pool_applied_shard_scheme_changes_nothing(device):
    x = torch.randn(1, 9, 9, 32)
    t = _t(x, device, ttnn.ROW_MAJOR_LAYOUT, ttnn.bfloat16)
    args = dict(batch_size=1, input_h=9, input_w=9, channels=32, kernel_size=[3, 3], stride=[2, 2], padding=[1, 1])
    plain = ttnn.to_torch(ttnn.max_pool2d(t, **args))
    scheme = ttnn.TensorMemoryLayout.HEIGHT_SHARDED
    assert torch.equal(ttnn.to_torch(ttnn.max_pool2d(t, **args, applied_shard_scheme=scheme)), plain)
    avg = dict(args, applied_shard_scheme=ttnn.TensorMemoryLayout.BLOCK_SHARDED)
    assert torch.equal(ttnn.to_torch(ttnn.avg_pool2d(t, **avg)), ttnn.to_torch(ttnn.avg_pool2d(t, **args)))
