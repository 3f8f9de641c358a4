"""Helpers of the compiler tests. `compile_fn` compiles a function or module with torch_ttnn.backend for
one test; `check` compares with eager using allclose plus PCC (PCC alone misses scale errors); `needs_ops`
skips a test until the ttnn ops it lowers to are registered (they land family by family)."""

import pytest
import torch
import torch_ttnn
import ttnn

# bf16 device numerics against fp32 eager: a few bf16 ulps on values of order 1.
BF16_TOL = {"atol": 3e-2, "rtol": 3e-2}


def needs_ops(*names):
    missing = [n for n in names if not hasattr(_ops_namespace(n), n.rsplit(".", 1)[-1])]
    if missing:
        pytest.skip(f"ttnn ops not registered yet: {', '.join(missing)}")


def _ops_namespace(name):
    target = ttnn
    for part in name.split(".")[:-1]:
        target = getattr(target, part, None)
    return target


def pcc(a: torch.Tensor, b: torch.Tensor) -> float:
    a, b = a.double().flatten(), b.double().flatten()
    if a.numel() < 2 or torch.equal(a, b):
        return 1.0 if torch.allclose(a, b) else 0.0
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


@pytest.fixture(autouse=True)
def _fresh_dynamo():
    torch._dynamo.reset()
    yield
    torch._dynamo.reset()


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
    with torch.no_grad():
        actual = compiled(*inputs)
        expected = case.fn(*inputs)
    check(actual, expected, case.tol)
    m = option.metrics()[-1]
    assert m["eager_fallback"] is None
    assert set(m["ops_remaining"]) == set(case.host), m["host_variations"]
    assert set(case.ops) <= set(m["ttnn_ops"]), m["ttnn_ops"]
    option.release()
    return m


def randn(*shape):
    return lambda: (torch.randn(*shape),)
