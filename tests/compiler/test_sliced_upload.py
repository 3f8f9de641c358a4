"""A slice of a parameter is cut on the host when the parameter is uploaded (passes/data_movement.cpp), so only
the part read reaches the device; the slice's bounds key the cached copy. GPT-Neo slices each layer's
[1, 1, 2048, 2048] causal mask buffer to [1, 1, q, k]: uploaded whole and sliced on the device, its test size
held 8 MiB of masks for 0.1 MiB of parameters."""

import torch
import torch_ttnn
import ttnn
from torch_ttnn import models

from tests.compiler.conftest import check


class Rows(torch.nn.Module):
    def __init__(self, start):
        super().__init__()
        self.start = start
        self.register_buffer("table", torch.arange(64 * 32, dtype=torch.float32).reshape(1, 64, 32))

    def forward(self, x):  # slice of a slice: one slice of the buffer (fusion slice_pair)
        return x + self.table[:, self.start : self.start + 32][:, 2:10, 4:]


def test_slices_of_one_shape_at_other_bounds_are_other_copies(device):
    """Two graphs of one option read same-shape slices of one buffer at other rows: the parameter cache keys
    each by its bounds, so the second gets its own rows, not the first one's cached copy, and replaces it."""
    option = torch_ttnn.TorchTtnnOption(device=device, dtype=ttnn.float32, verify=True)
    x = torch.randn(1, 8, 28)
    table = Rows(0).table
    try:
        for start in (0, 16):
            module = Rows(start)
            module.table = table  # one buffer, one cache key
            compiled = torch.compile(module, backend=torch_ttnn.backend, options=option, fullgraph=True)
            check(compiled(x), module(x), {"atol": 0, "rtol": 0})
        for m in option.metrics():
            assert m["fusions"]["slice_pair"] == 2 and m["runtime"]["param_uploads"] == 1, m
        assert len(option.param_cache()) == 1  # the latest slice only: one per parameter and form
    finally:
        option.release()


def test_gpt_neo_uploads_only_its_mask_slices_and_generates_eager_tokens(device):
    """The prefill reads [1, 1, 7, 7] of each mask, the decode step [1, 1, 1, 8]: each length
    uploads its own slice, and the tokens are eager's."""
    case = models.build("EleutherAI/gpt-neo-125m", "test")
    model, prompt = case.model, case.kwargs["input_ids"][:, :7]
    option = torch_ttnn.TorchTtnnOption(device=device, dtype=ttnn.float32, verify=True)
    kwargs = {"max_new_tokens": 2, "min_new_tokens": 2, "do_sample": False}
    with torch.no_grad():
        expected = model.generate(input_ids=prompt, **kwargs)
        model.forward = torch.compile(model.forward, backend=torch_ttnn.backend, options=option, dynamic=True)
        try:
            actual = model.generate(input_ids=prompt, **kwargs)
            mask_bytes = 2 * model.transformer.h[0].attn.attention.bias.numel()  # one layer's mask in bf16
            peaks = [m["peak_device_bytes"] for m in option.metrics()]
        finally:
            option.release()
    assert torch.equal(actual, expected), (actual, expected)
    assert len(peaks) == 2 and max(peaks) < mask_bytes / 8, (peaks, mask_bytes)
