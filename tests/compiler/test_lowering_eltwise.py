"""Element-wise lowering rules: each case lowers to the named ttnn op with no host op and matches eager;
the cases marked host fall outside a rule's guard and must run on the host, correctly. How to add a case:
append a Case(name, fn, inputs, ttnn ops, host overloads) to CASES."""

import pytest
import torch

from tests.compiler.conftest import Case, randn, run_case


def pair(*shape):
    return lambda: (torch.randn(*shape), torch.randn(*shape))


def bf16_exact(*shape):
    """Values bf16 holds exactly, where a rounding step (floor) must not see bf16's input rounding."""
    return lambda: (torch.randn(*shape).bfloat16().float(),)


def unit(*shape):
    """Inside (-1, 1): the domain of acos, asin, atanh and erfinv."""
    return lambda: (torch.rand(*shape) * 1.8 - 0.9,)


def positive(*shape):
    return lambda: (torch.rand(*shape) + 0.5,)


CASES = [
    Case("relu", torch.relu, randn(3, 33), ["relu"]),
    Case("sigmoid", torch.sigmoid, randn(3, 33), ["sigmoid"]),
    Case("tanh", torch.tanh, randn(7), ["tanh"]),
    Case("cos", torch.cos, randn(3, 33), ["cos"]),
    Case("sin", torch.sin, randn(3, 33), ["sin"]),
    Case("neg", torch.neg, randn(2, 3, 4), ["neg"]),
    Case("floor", lambda x: torch.floor(x * 4), bf16_exact(45, 65), ["floor", "mul"]),
    Case("rsqrt", torch.rsqrt, positive(3, 33), ["rsqrt"]),
    # Ops of their own (ttnn.log1p, expm1, trunc, atan2), so their rules fire rather than wait for a registry entry.
    Case("log1p", lambda x: torch.log1p(x * 1e-3), randn(3, 33), ["log1p", "mul"]),
    Case("expm1", torch.expm1, randn(3, 33), ["expm1"]),
    Case("trunc", lambda x: torch.trunc(x * 4), bf16_exact(45, 65), ["trunc", "mul"]),
    Case("atan2", torch.atan2, pair(3, 33), ["atan2"]),
    # The math family, each on its domain.
    *[Case(op, getattr(torch, op), unit(3, 33), [op]) for op in ("acos", "asin", "atanh", "erfinv")],
    *[Case(op, getattr(torch, op), randn(3, 33), [op]) for op in ("atan", "asinh", "sinh", "cosh", "erfc", "exp2")],
    *[Case(op, getattr(torch, op), positive(3, 33), [op]) for op in ("log2", "log10", "lgamma", "digamma")],
    Case("acosh", lambda x: torch.acosh(x + 1), positive(3, 33), ["acosh", "add"]),
    Case("tan", lambda x: torch.tan(x * 0.5), randn(3, 33), ["tan", "mul"]),
    Case("frac", lambda x: torch.frac(x * 4), bf16_exact(45, 65), ["frac", "mul"]),
    # Integers: floor_div, mul and sub in int32; the result takes the divisor's sign.
    Case(
        "remainder_int",
        lambda x: (x * 31 + 7) % 1000,
        lambda: (torch.randint(-5000, 5000, (4, 40)),),
        ["floor_div", "sub"],
    ),
    Case(
        "remainder_int_negative_divisor",
        lambda x: torch.remainder(x, -7),
        lambda: (torch.randint(-50, 50, (65,)),),
        ["floor_div", "sub"],
    ),
    Case(
        "softplus",
        lambda x: torch.nn.functional.softplus(x * 4, beta=2, threshold=5),
        randn(3, 33),
        ["softplus", "mul"],
    ),
    Case("mish", torch.nn.functional.mish, randn(3, 33), ["mish"]),
    Case("elu", lambda x: torch.nn.functional.elu(x, alpha=0.7), randn(3, 33), ["elu"]),
    Case("selu", torch.nn.functional.selu, randn(3, 33), ["selu"]),
    Case("celu", lambda x: torch.nn.functional.celu(x, alpha=2.0), randn(3, 33), ["celu"]),
    Case("logsigmoid", torch.nn.functional.logsigmoid, randn(3, 33), ["log_sigmoid"]),
    # int * bool is int in torch; the bool (0/1 in the compute dtype on the device) is cast to int32.
    Case(
        "int_times_bool",
        lambda x: torch.cumsum(x, 0) * (x > 0),
        lambda: (torch.randint(-3, 4, (40, 3)),),
        ["mul", "typecast"],
    ),
    Case("glu_last", lambda x: torch.nn.functional.glu(x), randn(3, 5, 66), ["glu"]),
    Case("glu_channels", lambda x: torch.nn.functional.glu(x, dim=1), randn(1, 70, 49), ["sigmoid", "mul"]),
    Case("silu", torch.nn.functional.silu, randn(3, 33), ["silu"]),
    Case("gelu", torch.nn.functional.gelu, randn(3, 33), ["gelu"]),
    Case("add", torch.add, pair(3, 33), ["add"]),
    Case("add_broadcast", lambda a, b: a + b[0], pair(3, 33), ["add"]),
    Case("sub", torch.sub, pair(1, 7), ["sub"]),
    Case("mul", torch.mul, pair(2, 3, 33), ["mul"]),
    Case("div", torch.div, lambda: (torch.randn(3, 33), torch.rand(3, 33) + 1), ["div"]),
    Case("mul_scalar", lambda x: x * 0.5, randn(3, 33), ["mul"]),
    Case("rsub_scalar", lambda x: 1 - x, randn(3, 33), ["rsub"]),
    Case("pow_scalar", lambda x: x**2, randn(3, 33), ["pow"]),
    Case("pow_tensor", torch.pow, lambda: (torch.rand(3, 8) + 0.5, torch.rand(3, 8)), ["pow"]),
    # Bloom's alibi slopes: a float scalar tensor raised to an int32 tensor (the op converts the exponent).
    Case(
        "pow_int_exponent",
        lambda b, e: torch.pow(b, e),
        lambda: (torch.tensor(0.5), torch.arange(1, 5, dtype=torch.int32)),
        ["pow"],
    ),
    Case("pow_scalar_base", lambda x: 2.0**x, randn(3, 33), ["pow"]),
    Case("div_floor", lambda a: torch.div(a, 0.75, rounding_mode="floor"), randn(3, 33), ["div"]),
    # Integers below 16 over 1..7: exact in bf16, and no quotient within a bf16 ulp of an integer it is not.
    Case(
        "div_trunc",
        lambda a, b: torch.div(a, b, rounding_mode="trunc"),
        lambda: (torch.randint(-15, 16, (5, 7)).float(), torch.randint(1, 8, (5, 7)).float() * torch.tensor(-1.0)),
        ["div"],
    ),
    Case(
        "div_mode_none",
        lambda a, b: torch.div(a, b, rounding_mode=None),
        lambda: (torch.randn(4, 9), torch.rand(9) + 1),
        ["div"],
    ),
    Case("eq", torch.eq, lambda: (torch.randint(0, 3, (3, 8)).float(), torch.randint(0, 3, (3, 8)).float()), ["eq"]),
    Case("ne_scalar", lambda x: x != 1.0, lambda: (torch.randint(0, 3, (3, 8)).float(),), ["ne"]),
    Case("where", lambda x, y: torch.where(x > 0, x, y), pair(3, 33), ["where", "gt"]),
    Case("masked_fill", lambda x: x.masked_fill(x > 0, -1.0), randn(3, 33), ["where", "gt"]),
    Case("clamp", lambda x: torch.clamp(x, -0.5, 0.5), randn(3, 33), ["clamp"]),
    # bool_as_logical: the bitwise ops of bools are the logical ones, of ints the bitwise ones.
    Case("bitwise_not", lambda x: ~(x > 0), randn(3, 8), ["logical_not", "gt"]),
    Case("bitwise_xor_bool", lambda a, b: (a > 0) ^ (b > 0), pair(3, 8), ["logical_xor", "gt"]),
    Case(
        "bitwise_xor_int",
        lambda a, b: a ^ b,
        lambda: (torch.randint(-9, 9, (3, 8)), torch.randint(-9, 9, (3, 8))),
        ["bitwise_xor"],
    ),
    Case("to_float", lambda x: (x > 0).float() * x, randn(3, 8), ["gt", "mul"]),
    Case("clone", lambda x: x.clone() + 1, randn(3, 8), ["clone", "add"]),
    Case("hardtanh", lambda x: torch.nn.functional.relu6(x * 4), randn(3, 33), ["hardtanh"]),
    Case("leaky_relu", torch.nn.functional.leaky_relu, randn(3, 33), ["leaky_relu"]),
    # Outside the guards: these run on the host, with eager's result.
    Case("add_alpha_host", lambda a, b: torch.add(a, b, alpha=2), pair(3, 8), [], host=["aten.add.Tensor"]),
    Case(
        "div_floor_int_host",
        lambda a: torch.div(a, 3, rounding_mode="floor"),
        lambda: (torch.randint(-20, 20, (3, 8)),),
        [],
        host=["aten.div.Tensor_mode"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_eltwise_lowering(case, device):
    run_case(case, device)
