"""Empty (zero-element) tensors are ordinary device values: ops on them give their empty (or, for a sum over an
empty dim or a product with an empty inner dim, zero) results on the device, and a graph with an empty input or
parameter runs with no op on the host. Each case is checked against eager. How to add a case: append a
Case(name, fn, inputs, ttnn ops) to CASES; a case may also be an nn.Module with empty parameters."""

import pytest
import torch
from torch import nn

from tests.compiler.conftest import Case, check, compile_fn, randn, run_case


def tensors(*shapes):
    return lambda: tuple(torch.randn(*s) for s in shapes)


CASES = [
    Case("eltwise", lambda a, b: nn.functional.gelu(a * b + 1), tensors((2, 0, 33), (33,)), ["mul", "add", "gelu"]),
    # No rows, and no inner dim (whose product is zeros).
    Case("matmul", lambda a, b, c, d: (a @ b, c @ d), tensors((0, 8), (8, 5), (2, 4, 0), (2, 0, 5)), ["matmul"]),
    # Over a full dim (an empty result), and over the empty dim (the identity: zeros).
    Case("sum", lambda x: (x.sum(-1), x.sum(0)), randn(0, 6), ["sum"]),
    Case("softmax", lambda x: torch.softmax(x, -1), randn(0, 7), ["softmax"]),
    Case(
        "reshape_permute_slice",
        lambda x: x.reshape(0, 4, 2).permute(1, 0, 2)[:, :, 1:2] * 2,
        randn(0, 8),
        ["reshape", "permute", "slice"],
    ),
    # A slice to nothing, concatenated with an empty input: the result is empty, so the concat stays.
    Case("slice_cat", lambda x, a: torch.cat([x[3:3], a], 0) * 2, tensors((4, 5), (0, 5)), ["slice", "concat"]),
    Case("compare_and_cast", lambda x: (x > 0).float() + x, randn(0, 4), ["gt", "add"]),
    Case("math_tril_flip", lambda x: torch.flip(torch.tril(torch.atan(x)), (0,)), randn(0, 6), ["atan", "tril"]),
    Case(
        "scatter_no_index",
        lambda x, s: torch.scatter_add(x, 1, torch.zeros(3, 0, dtype=torch.long), s),
        tensors((3, 5), (3, 0)),
        ["scatter"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_empty_tensor_lowering(case, device):
    m = run_case(case, device)
    assert m["runtime"]["host_calls"] == 0, m["runtime"]


class EmptyParameters(nn.Module):
    """A zero-row parameter read by a cat, a reduction and a linear with no input features."""

    def __init__(self):
        super().__init__()
        self.rows = nn.Parameter(torch.randn(0, 3))
        self.scale = nn.Parameter(torch.randn(3))
        self.none_in = nn.Parameter(torch.randn(3, 0))  # a linear with no input features: zeros plus the bias
        self.bias = nn.Parameter(torch.randn(3))

    def forward(self, x):
        return (
            torch.cat([self.rows, x * self.scale], 0)
            + self.rows.sum(0)
            + nn.functional.linear(x[:, :0], self.none_in, self.bias)
        )


def test_graph_with_empty_parameters_runs_on_device(device):
    torch.manual_seed(0)
    model, x = EmptyParameters().eval(), torch.randn(4, 3)
    compiled, option = compile_fn(model, device)
    try:
        with torch.no_grad():
            check(compiled(x), model(x))
            check(compiled(x), model(x))
        (m,) = option.metrics()
        assert m["ops_remaining"] == {} and m["runtime"]["host_calls"] == 0, m
        assert m["runtime"]["param_hits"] > 0, m["runtime"]  # the empty parameters are kept like any other
    finally:
        option.release()


def test_reduction_without_identity_over_an_empty_dim_is_an_error(device):
    compiled, option = compile_fn(lambda x: x.amax(0), device)
    try:
        with pytest.raises(Exception, match="zero-size|empty|identity"):
            compiled(torch.randn(0, 4))
    finally:
        option.release()
