"""The backward ops chained as aot_autograd chains them, checked against torch autograd in fp32, and the
scalar and AVX2 kernel sets agreeing bit for bit.

To add a case: write the forward in torch, take torch.autograd's gradient, and rebuild it from ttnn ops.
"""

import pytest
import torch
import ttnn

torch.manual_seed(0)


def _dev(t, device, layout=ttnn.TILE_LAYOUT, dtype=None):
    if not t.is_floating_point():
        return ttnn.from_torch(t.int(), dtype=ttnn.int32, layout=ttnn.ROW_MAJOR_LAYOUT, device=device)
    return ttnn.from_torch(t.detach(), dtype=dtype or ttnn.float32, layout=layout, device=device)


def _host(t):
    return ttnn.to_torch(t).float()


@pytest.fixture
def keep(device):
    """Tensors to free at the end of a test, so the device fixture sees no leak even when a check fails."""
    tensors = []
    yield lambda *ts: tensors.extend(ts) or (ts[0] if len(ts) == 1 else ts)
    for t in tensors:
        ttnn.deallocate(t)


def test_classifier_head_matches_autograd(device, keep):
    """MNIST's head: relu -> log_softmax -> nll_loss (mean, one ignored target) back to the pre-relu logits."""
    pre = torch.randn(8, 10, requires_grad=True)
    target = torch.randint(0, 10, (8,))
    target[3] = -100
    logits = torch.relu(pre)
    log_probs = torch.log_softmax(logits, 1)
    loss = torch.nn.functional.nll_loss(log_probs, target)
    loss.backward()

    lp, tg = keep(_dev(log_probs, device)), keep(_dev(target, device))
    out, total = keep(*ttnn.nll_loss(lp, tg))
    torch.testing.assert_close(_host(out), loss.detach())
    one = keep(_dev(torch.tensor(1.0), device))
    g = keep(ttnn.nll_loss_backward(one, lp, tg, total))
    g = keep(ttnn.log_softmax_backward(g, lp, 1))
    (g,) = ttnn.threshold_bw(g, keep(_dev(pre, device)), 0.0, 0.0)
    torch.testing.assert_close(_host(keep(g)), pre.grad)


def test_transformer_block_pieces_match_autograd(device, keep):
    """embedding -> layer_norm -> gelu(tanh) -> softmax, each gradient from its own backward op."""
    vocab, hidden = 11, 16
    weight = torch.randn(vocab, hidden, requires_grad=True)
    tokens = torch.tensor([[1, 4, 4, 0], [7, 1, 10, 4]])
    ln_w = torch.randn(hidden, requires_grad=True)
    ln_b = torch.randn(hidden, requires_grad=True)
    emb = torch.nn.functional.embedding(tokens, weight)
    emb.retain_grad()
    normed = torch.nn.functional.layer_norm(emb, (hidden,), ln_w, ln_b)
    normed.retain_grad()
    act = torch.nn.functional.gelu(normed, approximate="tanh")
    act.retain_grad()
    probs = torch.softmax(act, -1)
    upstream = torch.randn_like(probs)
    probs.backward(upstream)

    g = keep(ttnn.softmax_backward(keep(_dev(upstream, device)), keep(_dev(probs, device)), -1))
    torch.testing.assert_close(_host(g), act.grad)
    (g,) = ttnn.gelu_bw(g, keep(_dev(normed, device)), approximate="tanh")
    torch.testing.assert_close(_host(keep(g)), normed.grad)
    _, mean, rstd = torch.ops.aten.native_layer_norm(emb.detach(), [hidden], ln_w.detach(), ln_b.detach(), 1e-5)
    args = [keep(_dev(t, device)) for t in (emb, mean, rstd, ln_w, ln_b)]
    dx, dw, db = keep(*ttnn.layer_norm_backward(g, args[0], [hidden], *args[1:]))
    torch.testing.assert_close(_host(dx), emb.grad, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(_host(dw), ln_w.grad, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(_host(db), ln_b.grad, rtol=1e-4, atol=1e-5)
    dweight = keep(ttnn.embedding_backward(dx, keep(_dev(tokens, device)), vocab))
    torch.testing.assert_close(_host(dweight), weight.grad, rtol=1e-4, atol=1e-5)


def test_scalar_and_avx2_agree(device, keep):
    """threshold, tanh, sigmoid and softmax agree bit for bit; gelu's AVX2 erf/exp/tanh are polynomials (as in
    torch's AVX2 path), so gelu_bw agrees to ~1e-7 in fp32 and to one bf16 rounding step in bf16."""
    if not ttnn.isa_available("avx2"):
        pytest.skip("avx2 kernels are not available on this CPU")
    grad = torch.randn(33, 65) * 3
    x = torch.randn(33, 65) * 3
    previous = ttnn.get_isa()
    results = {}
    try:
        for isa in ("scalar", "avx2"):
            ttnn.set_isa(isa)
            for dtype in (ttnn.bfloat16, ttnn.float32):
                g, xt = keep(_dev(grad, device, dtype=dtype), _dev(x, device, dtype=dtype))
                y = keep(_dev(torch.tanh(x), device, dtype=dtype))
                exact = [*ttnn.threshold_bw(g, xt, 0.25, 0.0), ttnn.tanh_backward(g, y), ttnn.sigmoid_backward(g, y)]
                exact.append(ttnn.softmax_backward(g, xt, 0))
                close = [*ttnn.gelu_bw(g, xt), *ttnn.gelu_bw(g, xt, approximate="tanh")]
                results[isa, dtype] = ([_host(keep(o)) for o in exact], [_host(keep(o)) for o in close])
    finally:
        ttnn.set_isa(previous)
    for dtype, tol in ((ttnn.bfloat16, {"rtol": 1.6e-2, "atol": 1e-2}), (ttnn.float32, {"rtol": 1e-5, "atol": 1e-6})):
        (exact_s, close_s), (exact_v, close_v) = results["scalar", dtype], results["avx2", dtype]
        for scalar, avx2 in zip(exact_s, exact_v, strict=True):
            assert torch.equal(scalar, avx2)
        for scalar, avx2 in zip(close_s, close_v, strict=True):
            torch.testing.assert_close(avx2, scalar, **tol)
