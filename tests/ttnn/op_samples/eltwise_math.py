"""Samples of the table-declared element-wise ops (eltwise_*_math.cpp): each op over odd sizes, ranks 1..4,
an empty tensor, block floats and special values, in the domain where the op is defined; binary and ternary
ops also over every broadcast pattern and numbers in each operand slot; integer ops over int32."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample
from tests.ttnn.op_samples.eltwise_binary import _cases as _binary_cases
from tests.ttnn.op_samples.eltwise_binary import _int_cases as _binary_int_cases

torch.manual_seed(0)
_SHAPES = [(1,), (7,), (33,), (45, 65), (2, 3, 33, 7), (0, 5)]
_SPECIAL = torch.tensor([float("nan"), float("inf"), -float("inf"), 0.0, -0.0, 1.0, -1.0, 0.5, 2.5, -2.5, 1e-3])


def _value(domain: str, shape) -> torch.Tensor:
    x = torch.randn(shape)
    if domain == "unit":  # inside (-1, 1)
        return torch.rand(shape) * 1.9 - 0.95
    if domain == "above1":
        return x.abs() * 4 + 1.0
    if domain == "above2":
        return x.abs() * 4 + 2.0
    if domain == "positive":
        return x.abs() * 4 + 0.05
    if domain == "narrow":  # tan: away from its poles at +-pi/2
        return torch.rand(shape) * 2.8 - 1.4
    return x * 3


def _unary(domain="wide", kwargs=None, special=True):
    kwargs = kwargs or {}
    cases = [Sample("x".join(map(str, s)), (_value(domain, s),), dict(kwargs)) for s in _SHAPES]
    cases.append(
        Sample(
            "bfloat8_b",
            (_value(domain, (2, 45, 65)),),
            dict(kwargs),
            dtypes=(ttnn.bfloat8_b,),
            layouts=(ttnn.TILE_LAYOUT,),
        )
    )
    if special:
        cases.append(Sample("special", (_SPECIAL.clone(),), dict(kwargs)))
    return cases


_DOMAINS = {
    "acos": "unit",
    "asin": "unit",
    "atanh": "unit",
    "erfinv": "unit",
    "acosh": "above1",
    "multigammaln": "above2",
    "log10": "positive",
    "log2": "positive",
    "lgamma": "positive",
    "digamma": "positive",
    "tan": "narrow",
}
_PLAIN = [
    "atan",
    "asinh",
    "sinh",
    "cosh",
    "cbrt",
    "deg2rad",
    "rad2deg",
    "erfc",
    "exp2",
    "frac",
    "i0",
    "log_sigmoid",
    "sigmoid_accurate",
    "swish",
    "mish",
    "softsign",
    "tanhshrink",
    "selu",
    "celu",
    "softshrink",
    "hardshrink",
    "signbit",
    "isfinite",
    "isposinf",
    "isneginf",
    "identity",
    "relu6",
]
# Ops whose special values lie outside their domain here, or where torch's float64 kernel is off (i0(inf) is NaN).
_NO_SPECIALS = {"multigammaln", "acosh", "erfinv", "i0"}

SAMPLES = {op: _unary(_DOMAINS.get(op, "wide"), special=op not in _NO_SPECIALS) for op in [*_DOMAINS, *_PLAIN]}
SAMPLES["digamma"].append(Sample("negative-non-integer", (torch.tensor([-0.5, -1.5, -2.25, -3.75, 0.25]),)))
SAMPLES["lgamma"].append(Sample("negative", (torch.tensor([-0.5, -1.5, -2.25, -3.75, 0.25]),)))
SAMPLES["selu"].append(Sample("scale-alpha", (torch.randn(45, 65) * 3,), {"scale": 2.0, "alpha": 0.5}))
SAMPLES["celu"].append(Sample("alpha-0.5", (torch.randn(45, 65) * 3,), {"alpha": 0.5}))
for _op in ("softshrink", "hardshrink"):
    SAMPLES[_op].append(Sample("lambd-1.5", (torch.randn(45, 65) * 3,), {"lambd": 1.5}))
for _op, _kwargs in {
    "heaviside": {"value": 0.5},
    "rdiv": {"value": 3.0},
    "rpow": {"exponent": 2.5},
    "fill": {"fill_value": -1.25},
    "relu_max": {"upper_limit": 2.0},
    "relu_min": {"lower_limit": -1.0},
    "threshold": {"threshold": 0.5, "value": -2.0},
}.items():
    SAMPLES[_op] = _unary("wide", _kwargs)
SAMPLES["polygamma"] = _unary("positive", {"k": 2}, special=False) + [
    Sample(f"k{k}", (torch.rand(33, 7) * 6 + 0.2,), {"k": k}) for k in (1, 3, 10)
]
SAMPLES["polygamma"].append(Sample("negative-non-integer", (torch.tensor([-0.5, -1.5, -2.25, -3.75]),), {"k": 1}))
for _mode in ("trunc", "floor"):
    SAMPLES["rdiv"].append(Sample(f"round-{_mode}", (torch.randn(45, 65) * 3,), {"value": 7.0, "round_mode": _mode}))
for _op in ("erfc", "log10", "log2"):  # accepted, and the exact value
    SAMPLES[_op].append(
        Sample("fast-approx", (_value(_DOMAINS.get(_op, "wide"), (33, 7)),), {"fast_and_approximate_mode": True})
    )
SAMPLES["heaviside"].append(Sample("zeros", (torch.tensor([0.0, -0.0, 1.0, -1.0]),), {"value": 7.0}))
_INTS = torch.randint(-100, 100, (3, 45, 7))
for _op, _kwargs in {"relu6": {}, "identity": {}, "fill": {"fill_value": 9}}.items():
    SAMPLES[_op].append(Sample("int32", (_INTS,), _kwargs, dtypes=(ttnn.int32,)))


def _tensor_first(cases):
    """TT-NN's binary ops beyond the basic arithmetic take a number only as the second operand."""
    return [c for c in cases if not c.name.startswith(("number-left", "int32-number-left"))]


for _op in ("hypot", "fmod", "div_no_nan", "ldexp", "nextafter"):
    SAMPLES[_op] = _tensor_first(_binary_cases("normal", "normal" if _op != "fmod" else "nonzero", scalar=1.5))
SAMPLES["xlogy"] = _tensor_first(_binary_cases("normal", "positive")) + [
    Sample("zero-x", (torch.tensor([0.0, 0.0, 1.0, 2.0]), torch.tensor([0.0, float("nan"), 0.5, float("inf")])))
]
SAMPLES["div_no_nan"].append(Sample("zero-divisor", (torch.randn(45, 65), torch.randint(-1, 2, (45, 65)).float())))
_NEAR = torch.randn(45, 65)
SAMPLES["isclose"] = _tensor_first(_binary_cases()) + [
    Sample("near", (_NEAR, _NEAR + torch.randn(45, 65) * 1e-3), {"rtol": 1e-3, "atol": 1e-4}),
    Sample("nans", (torch.tensor([float("nan"), 1.0, float("inf")]),) * 2, {"equal_nan": True}),
]
SAMPLES["bitwise_xor"] = _tensor_first(_binary_int_cases(-(2**20), 2**20))
for _op in ("bitwise_left_shift", "bitwise_right_shift"):
    SAMPLES[_op] = [
        Sample(
            "int32", (torch.randint(-1000, 1000, (3, 45, 7)), torch.randint(0, 12, (3, 45, 7))), dtypes=(ttnn.int32,)
        ),
        Sample("int32-number", (torch.randint(-1000, 1000, (45, 7)), 3), dtypes=(ttnn.int32,)),
        Sample("wide-shift", (torch.tensor([1, -1, 5, 7]), torch.tensor([31, 31, 40, 0])), dtypes=(ttnn.int32,)),
    ]
for _op in ("gcd", "lcm"):
    SAMPLES[_op] = _tensor_first(_binary_int_cases(-300, 300))


def _ternary(kwargs=None):
    kwargs = kwargs or {}
    return [
        Sample("45x65", (torch.randn(45, 65), torch.randn(45, 65), torch.randn(45, 65) + 4), dict(kwargs)),
        Sample("broadcast-2x33x7", (torch.randn(2, 33, 7), torch.randn(7), torch.randn(33, 1) + 4), dict(kwargs)),
        Sample("numbers", (torch.randn(7), 2.0, 4.0), dict(kwargs)),
        Sample("empty", (torch.randn(0, 5), torch.randn(5), torch.randn(1, 5) + 4), dict(kwargs)),
        Sample(
            "bfloat8_b",
            (torch.randn(2, 45, 65), torch.randn(45, 65), torch.randn(45, 65) + 4),
            dict(kwargs),
            dtypes=(ttnn.bfloat8_b,),
            layouts=(ttnn.TILE_LAYOUT,),
        ),
    ]


SAMPLES["addcmul"] = _ternary() + _ternary({"value": -0.5})[:2]
SAMPLES["addcdiv"] = _ternary() + _ternary({"value": 2.0})[:2]
SAMPLES["mac"] = _ternary()
SAMPLES["lerp"] = _ternary() + [Sample("weight-number", (torch.randn(45, 65), torch.randn(45, 65), 0.75))]
SAMPLES["multiply"] = _binary_cases() + _binary_int_cases()
SAMPLES["subtract"] = _binary_cases() + _binary_int_cases()

ERRORS = {
    "heaviside": [
        ErrorSample("no-value", (torch.randn(4),), {}, TypeError, r"ttnn.heaviside: missing required argument 'value'")
    ],
    "bitwise_xor": [
        ErrorSample(
            "fraction",
            (torch.arange(4, dtype=torch.int32), 0.5),
            {},
            TypeError,
            r"ttnn.bitwise_xor: an integer tensor takes only integral numbers",
        )
    ],
    "polygamma": [
        ErrorSample("k11", (torch.rand(4) + 1,), {"k": 11}, ValueError, r"ttnn.polygamma: k must be an integer from 1"),
        ErrorSample("k-frac", (torch.rand(4) + 1,), {"k": 1.5}, ValueError, r"ttnn.polygamma: k must be an integer"),
    ],
    "rdiv": [
        ErrorSample(
            "round-mode",
            (torch.randn(4),),
            {"value": 1.0, "round_mode": "ceil"},
            ValueError,
            r"ttnn.rdiv: unknown round_mode; expected None, 'trunc', 'floor', got 'ceil'",
        )
    ],
    "gcd": [ErrorSample("float", (torch.randn(4), torch.randn(4)), {}, TypeError, r"ttnn.gcd: unsupported dtype")],
}

for _op in ("glu", "reglu", "geglu", "swiglu"):
    SAMPLES[_op] = [
        Sample("45x66", (torch.randn(45, 66) * 3,)),
        Sample("2x3x33x14-dim3", (torch.randn(2, 3, 33, 14) * 3,), {"dim": 3}),
        Sample("rank1-2", (torch.randn(2),)),
        Sample("empty", (torch.randn(0, 8),)),
        Sample("bfloat8_b", (torch.randn(2, 32, 128),), dtypes=(ttnn.bfloat8_b,), layouts=(ttnn.TILE_LAYOUT,)),
    ]
    ERRORS[_op] = [
        ErrorSample("dim0", (torch.randn(4, 6),), {"dim": 0}, ValueError, rf"ttnn.{_op}: only the last dim is split"),
        ErrorSample("odd", (torch.randn(4, 7),), {}, ValueError, rf"ttnn.{_op}: the last dim must split into two"),
    ]
SAMPLES["polyval"] = [
    Sample("45x65-cubic", (torch.randn(45, 65),), {"coeffs": [0.5, -1.0, 2.0, 3.0]}),
    Sample("constant-7", (torch.randn(7),), {"coeffs": [4.0]}),
    Sample("empty", (torch.randn(0, 3),), {"coeffs": [1.0, 2.0]}),
]
for _op in ("l1_loss", "mse_loss"):
    SAMPLES[_op] = [
        Sample(f"{mode}-45x65", (torch.randn(45, 65), torch.randn(45, 65)), {"reduction": mode})
        for mode in (ttnn.LossReductionMode.NONE, ttnn.LossReductionMode.SUM, ttnn.LossReductionMode.MEAN)
    ] + [
        Sample("default-2x3x33x7", (torch.randn(2, 3, 33, 7), torch.randn(2, 3, 33, 7))),
        Sample("broadcast-mean", (torch.randn(2, 33, 7), torch.randn(7)), {"reduction": "mean"}),
        Sample("loss_mode-sum", (torch.randn(7, 33), torch.randn(7, 33)), {"loss_mode": "sum"}),
    ]
    ERRORS[_op] = [
        ErrorSample(
            "reduction",
            (torch.randn(4), torch.randn(4)),
            {"reduction": "max"},
            ValueError,
            rf"ttnn.{_op}: unknown reduction",
        )
    ]

_U = ttnn.UnaryOpType
SAMPLES["unary_chain"] = [
    Sample("relu-exp-45x65", (torch.randn(45, 65),), {"ops_chain": [ttnn.UnaryWithParam(_U.RELU), _U.EXP]}),
    Sample(
        "leaky-log1p-2x3x33x7",
        (torch.randn(2, 3, 33, 7),),
        {"ops_chain": [ttnn.UnaryWithParam(_U.LEAKY_RELU, 0.2), _U.ABS, _U.LOG1P]},
    ),
    Sample("heaviside-7", (torch.randn(7),), {"ops_chain": [ttnn.UnaryWithParam(_U.HEAVISIDE, 0.5)]}),
    Sample("empty", (torch.randn(0, 5),), {"ops_chain": [_U.SIGMOID]}),
    Sample("l1-output", (torch.randn(33, 7),), {"ops_chain": [_U.TANH], "memory_config": ttnn.L1_MEMORY_CONFIG}),
]
ERRORS["unary_chain"] = [
    ErrorSample(
        "unknown", (torch.randn(4),), {"ops_chain": ["gtz"]}, ValueError, r"ttnn.unary_chain: unknown activation"
    )
]
