"""The report's eager bf16 copy (run_model.bf16_copy): cast one tensor at a time, never a second float32 model."""

import copy

import torch
from torch_ttnn.report.run_model import bf16_copy


def _resident_peak_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024


def test_copy_equals_deepcopy_cast_and_keeps_ties():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Embedding(32, 16), torch.nn.LayerNorm(16), torch.nn.Linear(16, 32))
    model[2].weight = model[0].weight  # tied, as a language model's head and embedding
    model.register_buffer("steps", torch.arange(4))  # an integer buffer keeps its dtype
    low, ref = bf16_copy(model), copy.deepcopy(model).to(torch.bfloat16)
    assert low[2].weight is low[0].weight and isinstance(low[0].weight, torch.nn.Parameter)
    assert low.steps.dtype == torch.int64 and model[0].weight.dtype == torch.float32
    for (name, a), (_, b) in zip(low.state_dict().items(), ref.state_dict().items(), strict=True):
        assert a.dtype == b.dtype and torch.equal(a, b), name
    ids = torch.tensor([[1, 5, 7]])
    assert torch.equal(low(ids), ref(ids))


def test_copy_holds_no_second_float32_model():
    model = torch.nn.Sequential(*[torch.nn.Linear(2048, 2048, bias=False) for _ in range(6)])  # 96 MiB in fp32
    fp32_mb = sum(p.numel() for p in model.parameters()) * 4 / 2**20
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # the resident peak restarts here
    before = _resident_peak_mb()
    low = bf16_copy(model)
    grown = _resident_peak_mb() - before
    assert low[0].weight.dtype == torch.bfloat16
    assert grown < 0.75 * fp32_mb, f"the copy's peak grew {grown:.0f} MiB for {fp32_mb:.0f} MiB of float32 weights"
