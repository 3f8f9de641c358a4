"""Training with BatchNorm on the device: aot's `_native_batch_norm_legit_functional` and
`native_batch_norm_backward` lower (no host op), the running statistics update as eager's, and every
parameter's gradient matches eager's. Gradients are compared by relative error of the whole tensor
(|g - g_ref| / |g_ref|), since PCC says nothing about scale."""

import copy

import pytest
import torch
import ttnn
from torch import nn

from tests.compiler.conftest import compile_fn, worst_gradient_error


def small_bn_cnn():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1, bias=False),
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.Conv2d(8, 8, 3, padding=1, groups=8, bias=False),
        nn.BatchNorm2d(8),
        nn.Conv2d(8, 16, 1, bias=False),
        nn.BatchNorm2d(16),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(16, 5),
    ).train()


def eager_bf16_gradient_error(x, target, reference):
    """What bfloat16 itself costs: the same step in eager PyTorch on a bf16 copy of the model."""
    model = small_bn_cnn().bfloat16()
    nn.functional.cross_entropy(model(x.bfloat16()).float(), target).backward()
    return worst_gradient_error(model, reference)


@pytest.mark.parametrize("dtype", [ttnn.float32, ttnn.bfloat16], ids=["float32", "bfloat16"])
def test_batch_norm_training_step_runs_on_device_and_matches_eager(device, dtype):
    model = small_bn_cnn()
    reference = copy.deepcopy(model)
    x, target = torch.randn(4, 3, 12, 12), torch.randint(0, 5, (4,))
    compiled, option = compile_fn(model, device, dtype=dtype)
    try:
        nn.functional.cross_entropy(compiled(x), target).backward()
        nn.functional.cross_entropy(reference(x), target).backward()
        for m in option.metrics():
            assert not set(m["ops_remaining"]), m["host_reasons"]
            assert m["ttnn_ops"].get(
                "batch_norm_with_stats" if m["graph"].startswith("forward") else "batch_norm_backward"
            )
        # Floored: BatchNorm 4's bias has a zero gradient in exact arithmetic (the 1x1 conv carries its channel
        # shift into BatchNorm 6, which removes it).
        error = worst_gradient_error(model, reference)
        # float32 matches eager to rounding; bfloat16 may cost what it costs eager, within 2x (measured: 7.6 %
        # worst here against eager bf16's 6.7 %, both on a depthwise conv's weight).
        bound = 1e-4 if dtype == ttnn.float32 else 2 * eager_bf16_gradient_error(x, target, reference)
        assert error <= bound, (error, bound)
        for ours, theirs in zip(model.modules(), reference.modules(), strict=True):
            if isinstance(ours, nn.BatchNorm2d):
                torch.testing.assert_close(ours.running_mean, theirs.running_mean, atol=2e-2, rtol=2e-2)
                torch.testing.assert_close(ours.running_var, theirs.running_var, atol=2e-2, rtol=2e-2)
                assert int(ours.num_batches_tracked) == 1
    finally:
        option.release()
