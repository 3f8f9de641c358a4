"""Helpers of the compiler tests. `compile_fn` compiles a function or module with torch_ttnn.backend for
one test; `check` compares with eager using allclose plus PCC (PCC alone misses scale errors); `needs_ops`
fails a test whose ttnn ops are not registered, naming them."""

import gc
import os

import pytest
import torch
import torch_ttnn
import ttnn
from torch_ttnn.report import accuracy

# Every graph the compiler and model tests compile (run_model's options too) is verified after every pass.
os.environ.setdefault("TORCH_TTNN_VERIFY", "1")

# bf16 device numerics against fp32 eager: a few bf16 ulps on values of order 1.
BF16_TOL = {"atol": 3e-2, "rtol": 3e-2}


def registered(name: str) -> bool:
    return hasattr(_ops_namespace(name), name.rsplit(".", 1)[-1])


def needs_ops(*names):
    """Fails unless every op is registered; a tuple entry is satisfied by any one of its ops. (While the
    families landed one by one this skipped; every op is registered now, so a missing one is a regression.)"""
    missing = [n for n in names if not any(registered(o) for o in (n if isinstance(n, tuple) else (n,)))]
    if missing:
        pytest.fail(f"ttnn ops not registered: {missing}")


def _ops_namespace(name):
    target = ttnn
    for part in name.split(".")[:-1]:
        target = getattr(target, part, None)
    return target


def pcc(a: torch.Tensor, b: torch.Tensor) -> float:
    a, b = a.double().flatten(), b.double().flatten()
    if a.numel() < 2 or torch.equal(a, b):
        return 1.0  # a single value has no correlation; allclose has judged it
    return float(torch.corrcoef(torch.stack([a, b]))[0, 1])


def check(actual, expected, tol=None, min_pcc=0.999):
    tol = tol or BF16_TOL
    if isinstance(expected, (tuple, list)):
        for a, e in zip(actual, expected, strict=True):
            check(a, e, tol, min_pcc)
        return
    assert actual.shape == expected.shape and actual.dtype == expected.dtype, (actual.shape, expected.shape)
    if expected.dtype in (torch.bool, torch.int64, torch.int32):
        assert torch.equal(actual, expected)
        return
    torch.testing.assert_close(actual.float(), expected.float(), **tol)
    assert pcc(actual, expected) >= min_pcc


def compile_fn(fn, device, **option_fields):
    option = torch_ttnn.TorchTtnnOption(device=device, verify=True, **option_fields)
    return torch.compile(fn, backend=torch_ttnn.backend, options=option, fullgraph=True, dynamic=False), option


@pytest.fixture
def device(no_open_device):
    """A fresh device per test; dynamo's caches (which hold compiled programs and their constants) are
    cleared before the check that device memory is back to zero. (no_open_device closes the op tests'
    shared device: device 0 can be open once.)"""
    torch._dynamo.reset()
    dev = ttnn.open_device(device_id=0)
    try:
        yield dev
        torch._dynamo.reset()
        # Twice: a finalizer run by the first collection (a parameter's device-copy eviction) can free the
        # last outside reference to another cycle that holds a compiled program.
        gc.collect()
        gc.collect()
        in_use = dev.memory_stats()["DRAM"]["in_use"]
        assert in_use == 0, f"device memory not returned to 0 after the test: {in_use} bytes"
    finally:
        ttnn.close_device(dev)


def worst_gradient_error(model, reference):
    """The report's gradient metric (torch_ttnn.report.accuracy) over two models' parameters after backward."""
    return accuracy.worst_gradient_error(
        [p.grad.float() for p in model.parameters()], [q.grad for q in reference.parameters()]
    )


class Case:
    """One lowering test: a function of small tensors, the ttnn ops it must lower to, and optionally the
    aten overloads that must stay on the host (a case outside a rule's guard)."""

    def __init__(self, name, fn, make_inputs, ops, host=(), tol=None):
        self.name, self.fn, self.make_inputs, self.ops, self.host, self.tol = name, fn, make_inputs, ops, host, tol

    def __repr__(self):
        return self.name


def run_case(case: Case, device):
    needs_ops(*case.ops)
    torch.manual_seed(0)
    inputs = case.make_inputs()
    compiled, option = compile_fn(case.fn, device)
    try:
        with torch.no_grad():
            actual = compiled(*inputs)
            expected = case.fn(*inputs)
        check(actual, expected, case.tol)
        m = option.metrics()[-1]
        assert m["eager_fallback"] is None
        assert set(m["ops_remaining"]) == set(case.host), m["host_reasons"]
        for op in case.ops:
            assert set(op if isinstance(op, tuple) else (op,)) & set(m["ttnn_ops"]), (op, m["ttnn_ops"])
        return m
    finally:
        option.release()


def randn(*shape):
    return lambda: (torch.randn(*shape),)
