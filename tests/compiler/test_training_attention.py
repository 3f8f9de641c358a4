"""Training through attention on the device: PyTorch's CPU attention keeps its logsumexp for the backward, so
a training graph lowers the attention as its math and `_scaled_dot_product_flash_attention_for_cpu_backward`
as FlashAttention's backward formulas; a classifier's first-token read (`select`) has its backward as a pad.
No op stays on the host, and every gradient matches eager's."""

import copy

import pytest
import torch
import ttnn
from torch import nn

from tests.compiler.conftest import compile_fn


class Attention(nn.Module):
    def __init__(self, width: int = 32, heads: int = 4):
        super().__init__()
        self.heads, self.qkv, self.head = heads, nn.Linear(width, 3 * width), nn.Linear(width, 3)

    def forward(self, x, mask):
        b, n, w = x.shape
        q, k, v = self.qkv(x).view(b, n, 3, self.heads, w // self.heads).permute(2, 0, 3, 1, 4)
        y = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return self.head(y.transpose(1, 2).reshape(b, n, w)[:, 0])  # the first token, as BERT's pooler


def _inputs(seq: int):
    generator = torch.Generator().manual_seed(1)
    mask = torch.zeros(2, 1, seq, seq)
    mask[1, ..., seq - 3 :] = -1e4  # the second sample's last 3 keys are padding
    return torch.randn(2, seq, 32, generator=generator), mask, torch.tensor([0, 2])


@pytest.mark.parametrize("seq", [7, 16])
def test_attention_training_step_runs_on_device_and_matches_eager(device, seq):
    torch.manual_seed(0)
    model = Attention()
    reference = copy.deepcopy(model)
    x, mask, target = _inputs(seq)
    compiled, option = compile_fn(model, device, dtype=ttnn.float32)
    nn.functional.cross_entropy(compiled(x, mask), target).backward()
    nn.functional.cross_entropy(reference(x, mask), target).backward()
    for m in option.metrics():
        assert not m["ops_remaining"], m["host_reasons"]
    for (name, p), q in zip(model.named_parameters(), reference.parameters(), strict=True):
        error = (p.grad - q.grad).norm() / q.grad.norm().clamp_min(1e-6)
        assert error < 1e-3, (name, float(error))
