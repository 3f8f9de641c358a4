"""Group norm and weight norm lower with no host op (lowering/norm_groups.cpp): group norm on wav2vec2's
shape (one group per channel over a long sequence), with fewer groups, without affine, on images; its
backward in a training step; the weight-normed grouped conv1d of wav2vec2/HuBERT's positional embedding."""

import copy

import pytest
import torch
import ttnn
from torch import nn

from tests.compiler.conftest import Case, compile_fn, randn, run_case, worst_gradient_error


def module(m):
    torch.manual_seed(0)
    for p in m.parameters():  # non-trivial affine parameters, so a dropped weight or bias shows
        with torch.no_grad():
            p.add_(torch.randn_like(p) * 0.3)
    return m.eval()


# wav2vec2's feature-extractor norm, at a tenth of its [1, 512, 16000] length and width.
PER_CHANNEL = module(nn.GroupNorm(51, 51))
FOUR_GROUPS = module(nn.GroupNorm(4, 12))
NO_AFFINE = nn.GroupNorm(3, 6, affine=False)
POS_CONV = module(nn.utils.parametrizations.weight_norm(nn.Conv1d(32, 32, 16, padding=8, groups=4), dim=2))
LEGACY_POS_CONV = module(nn.utils.weight_norm(nn.Conv1d(16, 16, 5, padding=2, groups=2), dim=2))

CASES = [
    Case("group_norm_per_channel_long", PER_CHANNEL, randn(1, 51, 1601), ["layer_norm", "mul", "add"]),
    Case("group_norm_groups", FOUR_GROUPS, randn(2, 12, 7, 5), ["layer_norm", "reshape"]),
    Case("group_norm_no_affine", NO_AFFINE, randn(3, 6, 33), ["layer_norm"]),
    Case("group_norm_batch", nn.GroupNorm(1, 4), randn(2, 4, 3, 3), ["layer_norm"]),
    Case("weight_norm_pos_conv", POS_CONV, randn(1, 32, 49), [("sqrt"), "conv2d"]),
    Case("weight_norm_dim0", lambda v, g: torch._weight_norm(v, g, 0),
         lambda: (torch.randn(6, 3, 4), torch.rand(6, 1, 1) + 0.5), ["sqrt"]),
    Case("weight_norm_legacy_hook", LEGACY_POS_CONV, randn(2, 16, 21), ["sqrt", "conv2d"]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_norm_groups_lowering(case, device):
    m = run_case(case, device)
    if case.name.startswith("weight_norm"):
        assert m["ops_before"].get("aten._weight_norm_interface.default") == 1


def check_training_step(device, model, x):
    """One training step in float32: no host op, and every parameter's gradient as eager's; returns the metrics."""
    reference = copy.deepcopy(model)
    compiled, option = compile_fn(model, device, dtype=ttnn.float32)
    try:
        compiled(x).square().mean().backward()
        reference(x).square().mean().backward()
        metrics = option.metrics()
        for m in metrics:
            assert not m["ops_remaining"], m["host_reasons"]
        assert worst_gradient_error(model, reference) < 1e-4
        return metrics
    finally:
        option.release()


def test_weight_norm_training_step_on_device(device):
    """wav2vec2's positional conv in training: _weight_norm_interface and its backward on the device."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.utils.parametrizations.weight_norm(nn.Conv1d(8, 8, 5, padding=2, groups=2), dim=2))
    metrics = check_training_step(device, model, torch.randn(2, 8, 19))
    assert any("aten._weight_norm_interface_backward.default" in m["ops_before"] for m in metrics)


@pytest.mark.parametrize("groups", [8, 2])
def test_group_norm_training_step_on_device(device, groups):
    """The first conv's bias has a zero gradient in exact arithmetic (the norm removes each channel's shift)."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv1d(2, 8, 5, stride=2), nn.GroupNorm(groups, 8), nn.GELU(), nn.Conv1d(8, 3, 3))
    metrics = check_training_step(device, model, torch.randn(2, 2, 75))
    assert any("layer_norm_backward" in m["ttnn_ops"] for m in metrics)
