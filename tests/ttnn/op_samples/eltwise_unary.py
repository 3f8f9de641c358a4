"""Samples of the unary element-wise ops: odd sizes, ranks 1..4, empty, special values, int and block floats."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)
_SHAPES = [(1,), (7,), (33,), (45, 65), (2, 3, 33, 7), (0, 5)]
_SPECIAL = torch.tensor([float("nan"), float("inf"), -float("inf"), 0.0, -0.0, 1.0, -1.0, 0.5, 2.5, -2.5, 1e-3])


def _name(shape) -> str:
    return "x".join(map(str, shape))


def _inputs(domain: str, shape) -> torch.Tensor:
    x = torch.randn(shape)
    if domain == "positive":
        return x.abs() * 4 + 0.01
    if domain == "wide":
        return x * 4
    return x


def _cases(op: str, domain: str = "normal", kwargs=None, golden_kwargs=None, special=True, large=False):
    kwargs = kwargs or {}
    cases = [Sample(_name(s), (_inputs(domain, s),), dict(kwargs), golden_kwargs=golden_kwargs) for s in _SHAPES]
    cases.append(
        Sample(
            "bfloat8_b",
            (_inputs(domain, (2, 45, 65)),),
            dict(kwargs),
            dtypes=(ttnn.bfloat8_b,),
            layouts=(ttnn.TILE_LAYOUT,),
            golden_kwargs=golden_kwargs,
        )
    )
    if special:
        cases.append(Sample("special", (_SPECIAL.clone(),), dict(kwargs), golden_kwargs=golden_kwargs))
    if large:
        cases.append(
            Sample("large-128x3072", (_inputs(domain, (128, 3072)),), dict(kwargs), golden_kwargs=golden_kwargs)
        )
    return cases


def _int_cases(values=None):
    values = torch.randint(-100, 100, (3, 45, 7)) if values is None else values
    return [
        Sample("int32-3x45x7", (values,), dtypes=(ttnn.int32,)),
        Sample("int32-extremes", (torch.tensor([0, 1, -1, 2**31 - 1, -(2**31) + 1, 7]),), dtypes=(ttnn.int32,)),
    ]


_FLOAT_OPS = {
    "gelu": "wide",
    "silu": "wide",
    "sigmoid": "wide",
    "tanh": "wide",
    "exp": "wide",
    "log": "positive",
    "sqrt": "positive",
    "rsqrt": "positive",
    "reciprocal": "wide",
    "sin": "wide",
    "cos": "wide",
    "erf": "wide",
    "floor": "wide",
    "ceil": "wide",
    "round": "wide",
    "hardsigmoid": "wide",
    "hardswish": "wide",
    "isnan": "normal",
    "isinf": "normal",
    "log1p": "positive",
    "expm1": "wide",
    "trunc": "wide",
}

SAMPLES = {op: _cases(op, domain, large=op in ("gelu", "exp")) for op, domain in _FLOAT_OPS.items()}
SAMPLES["gelu"] += [
    Sample("tanh-form-45x65", (torch.randn(45, 65) * 4,), {"fast_and_approximate_mode": True}),
    Sample("tanh-form-special", (_SPECIAL.clone(),), {"fast_and_approximate_mode": True}),
]
# TT-NN's fast_and_approximate_mode on ops with no approximate kernel here: accepted, and the exact result.
for _op in ("exp", "log", "sqrt", "rsqrt", "erf", "log1p"):
    SAMPLES[_op].append(
        Sample("fast-approx-33x7", (_inputs(_FLOAT_OPS[_op], (33, 7)),), {"fast_and_approximate_mode": True})
    )
# Where log1p and expm1 differ from log(1 + x) and exp(x) - 1: x near 0 (and log1p on (-1, 0)).
SAMPLES["log1p"] += [
    Sample("tiny-45x65", (torch.randn(45, 65) * 1e-4,)),
    Sample("minus-one-to-zero", (-torch.rand(45, 65) * 0.999,)),
]
SAMPLES["expm1"].append(Sample("tiny-45x65", (torch.randn(45, 65) * 1e-4,)))
SAMPLES["leaky_relu"] = _cases("leaky_relu", "wide") + [
    Sample("slope-0.2", (torch.randn(45, 65),), {"negative_slope": 0.2})
]
SAMPLES["elu"] = _cases("elu", "wide") + [Sample("alpha-0.5", (torch.randn(45, 65) * 3,), {"alpha": 0.5})]
SAMPLES["softplus"] = _cases("softplus", "wide") + [
    Sample("beta2-threshold5", (torch.randn(45, 65) * 4,), {"beta": 2.0, "threshold": 5.0})
]
SAMPLES["hardtanh"] = (
    _cases("hardtanh", "wide")
    + [Sample("bounds", (torch.randn(45, 65) * 4,), {"min_val": -2.0, "max_val": 0.5})]
    + _int_cases()
)
for _op in ("clamp", "clip"):
    SAMPLES[_op] = _cases(_op, "wide", {"min": -1.5, "max": 2.0}) + [
        Sample("min-only", (torch.randn(45, 65),), {"min": 0.25}),
        Sample("max-only", (torch.randn(45, 65),), {"max": -0.25}),
        Sample("min-above-max", (torch.randn(33),), {"min": 1.0, "max": -1.0}),
        Sample("int32", (torch.randint(-100, 100, (3, 45, 7)), -10, 20), dtypes=(ttnn.int32,)),
    ]
for _op in ("relu", "neg", "abs", "sign", "square", "logical_not"):
    SAMPLES[_op] = _cases(_op, "wide", large=_op == "relu") + _int_cases(
        torch.randint(-1000, 1000, (3, 45, 7)) if _op == "square" else None
    )
SAMPLES["square"] = [s for s in SAMPLES["square"] if s.name != "int32-extremes"]
SAMPLES["relu"].append(Sample("uint8", (torch.randint(0, 255, (45, 65)),), dtypes=(ttnn.uint8,), int_dtype=ttnn.uint8))
SAMPLES["abs"].append(
    Sample("uint16", (torch.randint(0, 30000, (45, 65)),), dtypes=(ttnn.uint16,), int_dtype=ttnn.uint16)
)
SAMPLES["bitwise_not"] = _int_cases()

ERRORS = {
    "clamp": [
        ErrorSample("no-bounds", (torch.randn(4, 5),), {}, ValueError, r"ttnn.clamp: at least one of min and max")
    ],
    "bitwise_not": [
        ErrorSample("float", (torch.randn(4, 5),), {}, TypeError, r"ttnn.bitwise_not: unsupported dtype"),
    ],
    "exp": [ErrorSample("int32", (torch.arange(6, dtype=torch.int32),), {}, TypeError, r"ttnn.exp: unsupported dtype")],
    "gelu": [
        ErrorSample(
            "mode-not-bool",
            (torch.randn(4, 5),),
            {"fast_and_approximate_mode": "yes"},
            TypeError,
            r"ttnn.gelu: argument 'fast_and_approximate_mode' must be bool",
        )
    ],
}
