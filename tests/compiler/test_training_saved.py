"""Tensors a training forward saves for its backward stay on the device between the two programs
(torch_ttnn/saved.py): the forward returns placeholders instead of downloading them, the backward reads the device
tensors without uploading, the placeholders free their device tensors when autograd drops them, and a host
fallback node of the backward that reads a saved tensor gets its values (downloaded for it)."""

import gc

import torch
from torch import nn
from ttnn import _ttnn

from tests.compiler.conftest import compile_fn, worst_gradient_error


def small_cnn():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(3, 8, 3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(8 * 5 * 5, 16),
        nn.GELU(),
        nn.Linear(16, 4),
    )


def train_step(model, x, target):
    nn.functional.cross_entropy(model(x), target).backward()


def runtime(option, kind: str) -> dict:
    return next(m["runtime"] for m in option.metrics() if m["graph"].startswith(kind))


def test_saved_tensors_do_not_cross_to_the_host(device):
    x, target = torch.randn(4, 3, 12, 12), torch.randint(0, 4, (4,))
    reference, kept, hosted = small_cnn(), small_cnn(), small_cnn()
    train_step(reference, x, target)
    compiled, option = compile_fn(kept, device)
    train_step(compiled, x, target)
    # Saved-tensor hooks (identity ones here) see every saved tensor, so then each one is downloaded: the path
    # every saved tensor took before, for comparison.
    compiled_hosted, option_hosted = compile_fn(hosted, device)
    with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
        train_step(compiled_hosted, x, target)
    forward, backward = runtime(option, "forward"), runtime(option, "backward")
    forward_hosted, backward_hosted = runtime(option_hosted, "forward"), runtime(option_hosted, "backward")
    saved = backward["device_inputs"]
    assert saved >= 4, backward  # the conv's input and output, the pool's indices, the linears' activations
    assert backward_hosted["device_inputs"] == 0
    assert forward["downloads"] + saved <= forward_hosted["downloads"], (forward, forward_hosted)
    assert backward["uploads"] + saved <= backward_hosted["uploads"], (backward, backward_hosted)
    # The conv's saved activations are returned in its NHWC order, before the permute to NCHW, and the backward
    # takes them so: its permute back to NHWC cancels with the one it starts with (torch_ttnn/saved.py).
    records = {r.name.split("_")[0]: r for r in option._records}
    assert records["forward"].output_permutes and records["backward"].raw_inputs
    assert len(records["forward"].output_permutes) == len(records["backward"].raw_inputs)
    # What permutes remain: the image's to NHWC (in each graph) and at most one more.
    assert sum(m["program_ops"].get("permute", 0) for m in option.metrics()) <= 4, option.metrics()
    # The same values reach the backward either way: the gradients are the same.
    for p, q in zip(kept.parameters(), hosted.parameters(), strict=True):
        torch.testing.assert_close(p.grad, q.grad, atol=1e-6, rtol=1e-5)
    # And against eager fp32, what bfloat16 costs: within 2x of eager bf16's own error (as test_training_batch_norm).
    bf16 = small_cnn().bfloat16()
    nn.functional.cross_entropy(bf16(x.bfloat16()).float(), target).backward()
    assert worst_gradient_error(kept, reference) <= 2 * worst_gradient_error(bf16, reference)
    option.release()
    option_hosted.release()


def test_device_memory_does_not_grow_across_steps(device):
    model = small_cnn()
    compiled, option = compile_fn(model, device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x, target = torch.randn(4, 3, 12, 12), torch.randint(0, 4, (4,))
    in_use = []
    for _ in range(4):
        optimizer.zero_grad()
        train_step(compiled, x, target)
        optimizer.step()
        assert _ttnn.compiler.parked_count() == 0  # the backward released every placeholder
        in_use.append(device.memory_stats()["DRAM"]["in_use"])
    assert in_use[1:] == in_use[1:2] * 3, in_use
    # A forward whose backward never runs: its placeholders (and device tensors) go with the autograd graph.
    loss = nn.functional.cross_entropy(compiled(x), target)
    assert _ttnn.compiler.parked_count() > 0
    assert device.memory_stats()["DRAM"]["in_use"] > in_use[-1]
    del loss
    gc.collect()
    assert _ttnn.compiler.parked_count() == 0
    assert device.memory_stats()["DRAM"]["in_use"] == in_use[-1]
    option.release()


class HypotOfSaved(torch.autograd.Function):
    """A backward whose host fallback node (hypot has no lowering) reads a tensor the forward saved."""

    @staticmethod
    def forward(ctx, x, w):
        y = x @ w  # a matmul: the partitioner saves it rather than recompute it
        ctx.save_for_backward(y)
        return y * 2

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return torch.hypot(y, grad), None  # y is [4, 6] like x (w is square)


def test_backward_host_fallback_reads_a_saved_tensor(device):
    torch.manual_seed(0)
    x, w = torch.rand(4, 6, requires_grad=True), torch.rand(6, 6) * 0.5
    HypotOfSaved.apply(x, w).sum().backward()
    expected, x.grad = x.grad, None
    compiled, option = compile_fn(lambda a, b: HypotOfSaved.apply(a, b), device)
    compiled(x, w).sum().backward()
    forward, backward = (next(m for m in option.metrics() if m["graph"].startswith(k)) for k in ("forw", "back"))
    assert backward["ops_remaining"].get("aten.hypot.default") == 1, backward["ops_remaining"]
    # The forward downloads its output alone (y stays on the device); the backward downloads y for hypot.
    assert forward["runtime"]["downloads"] == 1 and backward["runtime"]["downloads"] == 1
    torch.testing.assert_close(x.grad, expected, atol=3e-2, rtol=3e-2)
    option.release()
