"""Constants carried into bfloat16 saturate to its finite range: torch.finfo(torch.float32).min, the mask fill
of transformers' attention, rounds to -inf in bfloat16, where a fully masked row (a padded query of a padded
batch) softmaxes to NaN instead of eager's uniform row, and the NaN then spreads through the next matmul."""

import torch
import torch.nn.functional as F

from tests.compiler.conftest import check, compile_fn

MIN = torch.finfo(torch.float32).min


class MaskedAttention(torch.nn.Module):
    """One attention layer masked the DeBERTa-v2 way: query and key padding both masked with finfo.min."""

    def __init__(self, hidden=32):
        super().__init__()
        self.qkv = torch.nn.Linear(hidden, 3 * hidden)
        self.out = torch.nn.Linear(hidden, hidden)

    def forward(self, x, mask):
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        pair = (mask[:, None, :] * mask[:, :, None]).bool()
        scores = (q @ k.transpose(-1, -2)) / q.shape[-1] ** 0.5
        probs = F.softmax(scores.masked_fill(~pair, MIN), dim=-1)
        return self.out(probs @ v) + x


def _padded_batch(batch=3, seq=12, hidden=32):
    torch.manual_seed(0)
    x = torch.randn(batch, seq, hidden)
    mask = torch.ones(batch, seq, dtype=torch.long)
    mask[1, 7:] = 0
    mask[2, 3:] = 0
    return x, mask


def test_fully_masked_rows_match_eager(device):
    layers = torch.nn.ModuleList([MaskedAttention(), MaskedAttention()]).eval()

    def two_layers(x, mask):
        for layer in layers:
            x = layer(x, mask)
        return x

    x, mask = _padded_batch()
    expected = two_layers(x, mask)
    compiled, _ = compile_fn(two_layers, device)
    with torch.no_grad():
        actual = compiled(x, mask)
    assert not actual.isnan().any(), "a fully masked row gave NaN"
    check(actual, expected)


def test_finfo_min_fill_and_products_stay_finite(device):
    def fills(x):
        full = torch.full_like(x, MIN)
        return torch.softmax(full, dim=-1), torch.softmax(x * 0 + MIN, dim=-1), (x < 0) * MIN

    x = torch.randn(4, 33)
    compiled, _ = compile_fn(fills, device)
    with torch.no_grad():
        uniform, scaled, masked = compiled(x)
    torch.testing.assert_close(uniform, torch.full((4, 33), 1 / 33), atol=1e-4, rtol=1e-2)
    torch.testing.assert_close(scaled, torch.full((4, 33), 1 / 33), atol=1e-4, rtol=1e-2)
    assert masked.isfinite().all() and (masked[x < 0] < -3e38).all()


def test_tiny_deberta_v2_on_a_padded_batch(device):
    from transformers import DebertaV2Config, DebertaV2Model

    config = DebertaV2Config(
        vocab_size=100,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        position_buckets=8,
        max_relative_positions=16,
    )
    torch.manual_seed(0)
    model = DebertaV2Model(config).eval()
    ids = torch.randint(0, 100, (2, 10))
    mask = torch.ones(2, 10, dtype=torch.long)
    mask[1, 4:] = 0

    def run(ids, mask):
        return model(input_ids=ids, attention_mask=mask).last_hidden_state

    with torch.no_grad():
        expected = run(ids, mask)
    compiled, _ = compile_fn(run, device)
    with torch.no_grad():
        actual = compiled(ids, mask)
    assert not actual.isnan().any(), "the padded sequence's masked rows gave NaN"
    check(actual, expected, tol={"atol": 5e-2, "rtol": 5e-2})
