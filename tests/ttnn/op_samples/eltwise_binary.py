"""Samples of the binary element-wise ops: same shapes, every broadcast pattern, numbers on either side,
empty and large tensors, int32 arithmetic and comparisons, block floats."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)

# (name, shape of a, shape of b): same shape, row / column / scalar-tensor broadcast, size-1 dims on both sides.
_PAIRS = [
    ("1", (1,), (1,)),
    ("7", (7,), (7,)),
    ("45x65", (45, 65), (45, 65)),
    ("2x3x33x7", (2, 3, 33, 7), (2, 3, 33, 7)),
    ("row-45x65+65", (45, 65), (65,)),
    ("col-45x65+45x1", (45, 65), (45, 1)),
    ("both-45x1+1x65", (45, 1), (1, 65)),
    ("rank4-2x1x33x7+3x1x7", (2, 1, 33, 7), (3, 1, 7)),
    ("lower-rank-a-7+2x3x7", (7,), (2, 3, 7)),
    ("scalar-tensor-2x33x7+1", (2, 33, 7), (1,)),
    ("empty-0x5+5", (0, 5), (5,)),
]


def _value(domain: str, shape) -> torch.Tensor:
    x = torch.randn(shape)
    if domain == "positive":
        return x.abs() * 2 + 0.1
    if domain == "nonzero":
        return torch.where(x.abs() < 0.1, torch.full_like(x, 0.5), x) * 3
    if domain == "coarse":
        return torch.randint(-3, 4, shape).float()
    return x * 3


def _cases(domain_a="normal", domain_b="normal", scalar=2.5, kwargs=None, large=False):
    kwargs = kwargs or {}
    cases = [Sample(n, (_value(domain_a, a), _value(domain_b, b)), dict(kwargs)) for n, a, b in _PAIRS]
    cases += [
        Sample("number-right", (_value(domain_a, (45, 65)), scalar), dict(kwargs)),
        Sample("number-left", (scalar, _value(domain_b, (2, 33, 7))), dict(kwargs)),
        Sample("int-number", (_value(domain_a, (33,)), 3), dict(kwargs)),
        Sample(
            "bfloat8_b",
            (_value(domain_a, (2, 45, 65)), _value(domain_b, (45, 65))),
            dict(kwargs),
            dtypes=(ttnn.bfloat8_b,),
            layouts=(ttnn.TILE_LAYOUT,),
        ),
    ]
    if large:
        cases.append(Sample("large-8x128x768+768", (torch.randn(8, 128, 768), torch.randn(768)), dict(kwargs)))
    return cases


def _int_cases(low=-1000, high=1000):
    ints = torch.randint(low, high, (3, 45, 7))
    return [
        Sample("int32", (ints, torch.randint(low, high, (3, 45, 7))), dtypes=(ttnn.int32,)),
        Sample("int32-broadcast", (ints, torch.randint(low, high, (45, 1))), dtypes=(ttnn.int32,)),
        Sample("int32-number", (ints, 7), dtypes=(ttnn.int32,)),
        Sample("int32-number-left", (-7, ints), dtypes=(ttnn.int32,)),
    ]


SAMPLES = {op: _cases(large=op in ("add", "mul")) + _int_cases() for op in ("add", "sub", "rsub", "mul")}
SAMPLES["add"] += [
    Sample(
        "uint8",
        (torch.randint(0, 100, (45, 65)), torch.randint(0, 100, (45, 65))),
        dtypes=(ttnn.uint8,),
        int_dtype=ttnn.uint8,
    ),
    Sample("dtype-fp32", (torch.randn(45, 65), torch.randn(65)), {"dtype": ttnn.float32}, dtypes=(ttnn.bfloat16,)),
    Sample("mixed-bf16-fp32", (torch.randn(45, 65), torch.randn(45, 65).double()), dtypes=(ttnn.bfloat16,)),
]
SAMPLES["div"] = (
    _cases("normal", "nonzero")
    + [
        Sample(f"{mode}-{n}", (_value("normal", a) * 4, _value("nonzero", b)), {"round_mode": mode})
        for mode in ("trunc", "floor")
        for n, a, b in _PAIRS[2:6]
    ]
    + [
        Sample("floor-number", (torch.randn(45, 65) * 10, -3.0), {"round_mode": "floor"}),
        Sample("by-zero", (torch.tensor([1.0, -1.0, 0.0, 2.0]), torch.tensor([0.0, 0.0, 0.0, -0.0])), {}),
    ]
)
SAMPLES["remainder"] = _cases("normal", "nonzero", scalar=-1.5) + [
    Sample("integers", (_value("coarse", (45, 65)) * 3, _value("coarse", (65,)) + 10), {}),
]
SAMPLES["pow"] = _cases("positive", "normal", scalar=2.0) + [
    Sample("integer-exponent-negative-base", (torch.randn(45, 65), 3.0), {}),
    Sample("half-exponent", (torch.rand(45, 65) * 4, 0.5), {}),
    # 2, 3, 0.5, -0.5, -1 and -2 run as chains of rounded ops (as torch computes them); 4 and 1.5 as pow.
    Sample("minus-half-exponent", (_value("positive", (45, 65)), -0.5), {}),
    Sample("minus-one-exponent", (torch.randn(3, 45, 65), -1.0), {}),
    Sample("minus-two-exponent", (torch.randn(45, 65), -2.0), {}),
    Sample("cube-large-8x128x768", (torch.randn(8, 128, 768), 3.0), {}),
    Sample("four-exponent", (torch.randn(45, 65), 4.0), {}),
    Sample("fractional-exponent", (_value("positive", (45, 65)), 1.5), {}),
    Sample("cube-specials", (torch.tensor([0.0, -0.0, float("inf"), float("-inf"), float("nan"), -2.0]), 3.0), {}),
    Sample(
        "reciprocal-specials", (torch.tensor([0.0, -0.0, float("inf"), float("-inf"), float("nan"), 4.0]), -1.0), {}
    ),
    # An int32 exponent tensor is converted to float in the op (Bloom's alibi slopes: f32[] ** i32[n]).
    Sample("int32-exponent", (_value("positive", (45, 65)), torch.randint(-3, 4, (45, 65))), {}),
    Sample("scalar-base-int32-exponent", (torch.tensor(0.5), torch.arange(1, 8)), {}),
    Sample("number-base-int32-exponent", (2.0, torch.arange(-3, 30)), {}, dtypes=(ttnn.float32,)),
    Sample(
        "uint32-exponent",
        (_value("positive", (7,)), torch.arange(0, 7)),
        {},
        dtypes=(ttnn.float32,),
        int_dtype=ttnn.uint32,
    ),
]
for _op in ("maximum", "minimum"):
    SAMPLES[_op] = (
        _cases()
        + _int_cases()
        + [Sample("nan", (torch.tensor([float("nan"), 1.0, 2.0]), torch.tensor([1.0, float("nan"), -2.0])), {})]
    )
for _op in ("eq", "ne", "lt", "le", "gt", "ge"):
    SAMPLES[_op] = (
        _cases("coarse", "coarse", scalar=1.0)
        + _int_cases(-3, 4)
        + [
            Sample("dtype-int32", (_value("coarse", (45, 65)), _value("coarse", (65,))), {"dtype": ttnn.int32}),
            Sample("nan", (torch.tensor([float("nan"), 1.0]), torch.tensor([float("nan"), 1.0])), {}),
        ]
    )
for _op in ("logical_and", "logical_or", "logical_xor"):
    SAMPLES[_op] = _cases("coarse", "coarse", scalar=0.0) + _int_cases(-2, 3)
for _op in ("bitwise_and", "bitwise_or"):
    SAMPLES[_op] = _int_cases(-(2**20), 2**20)
SAMPLES["divide"] = _cases("normal", "nonzero")[:6] + [
    Sample("floor", (torch.randn(45, 65) * 10, -3.0), {"round_mode": "floor"}),
]
SAMPLES["squared_difference"] = _cases() + _int_cases(-3000, 3000)
_SPECIALS = torch.tensor([float("inf"), float("-inf"), float("-inf"), 80.0, -100.0, float("nan")])
for _op in ("logaddexp", "logaddexp2"):
    SAMPLES[_op] = _cases(large=_op == "logaddexp") + [
        Sample("far-apart", (torch.randn(45, 65) * 60, torch.randn(45, 65) * 60), {}),
        Sample("specials", (_SPECIALS, torch.tensor([float("inf"), float("-inf"), 3.0, 80.0, 100.0, 1.0])), {}),
    ]
SAMPLES["bias_gelu"] = _cases(large=True)
# Every quadrant and the axes, signed zeros and infinities included (torch.atan2's special values).
_ATAN2_Y = torch.tensor([1.0, 1.0, -1.0, -1.0, 0.0, -0.0, 0.0, -0.0, 2.0, float("inf"), float("-inf"), float("nan")])
_ATAN2_X = torch.tensor([1.0, -1.0, 1.0, -1.0, 1.0, 1.0, -1.0, -1.0, 0.0, float("inf"), 3.0, 1.0])
SAMPLES["atan2"] = _cases() + [Sample("quadrants-specials", (_ATAN2_Y, _ATAN2_X), {})]
# TT-NN's keyword arguments: fused activations (ttnn.UnaryWithParam), use_legacy and queue_id, output_tensor.
SAMPLES["add"] += [
    Sample(
        "activations-relu",
        (torch.randn(45, 65), torch.randn(65)),
        {"activations": [ttnn.UnaryWithParam(ttnn.UnaryOpType.RELU)]},
    ),
    Sample(
        "input-activations",
        (torch.randn(2, 33, 7), torch.randn(2, 33, 7)),
        {
            "input_tensor_a_activations": [ttnn.UnaryWithParam(ttnn.UnaryOpType.LEAKY_RELU, 0.25)],
            "input_tensor_b_activations": [ttnn.UnaryOpType.EXP, ttnn.UnaryOpType.NEG],
            "use_legacy": False,
            "queue_id": 0,
        },
    ),
    Sample("output-tensor", (torch.randn(45, 65), torch.randn(45, 65)), {"output_tensor": torch.zeros(45, 65)}),
]
SAMPLES["mul"] += [
    Sample(
        "gelu-activation", (torch.randn(33, 7), 2.0), {"activations": [ttnn.UnaryWithParam(ttnn.UnaryOpType.GELU, 1.0)]}
    ),
]

ERRORS = {
    "sub": [
        ErrorSample(
            "unknown-activation",
            (torch.randn(4, 5), 1.0),
            {"activations": ["tangent"]},
            ValueError,
            r"ttnn.sub: unknown activation",
        ),
    ],
    "add": [
        ErrorSample(
            "no-broadcast",
            (torch.randn(4, 5), torch.randn(4, 6)),
            {},
            ValueError,
            r"ttnn.add: shapes \[4, 5\] and \[4, 6\] do not broadcast",
        ),
        ErrorSample("two-numbers", (1.0, 2.0), {}, TypeError, r"ttnn.add: expected at least one Tensor operand"),
        ErrorSample(
            "int-float",
            (torch.arange(4, dtype=torch.int32), torch.randn(4)),
            {},
            TypeError,
            r"ttnn.add: operands must both be floating or both integer",
        ),
        ErrorSample(
            "fraction-on-int",
            (torch.arange(4, dtype=torch.int32), 0.5),
            {},
            TypeError,
            r"ttnn.add: an integer tensor takes only integral numbers",
        ),
    ],
    "div": [
        ErrorSample(
            "round-mode",
            (torch.randn(4), torch.randn(4)),
            {"round_mode": "ceil"},
            ValueError,
            r"ttnn.div: unknown round_mode",
        ),
        ErrorSample("int32", (torch.arange(4, dtype=torch.int32), 2), {}, TypeError, r"ttnn.div: unsupported dtype"),
    ],
    "bitwise_and": [
        ErrorSample("float", (torch.randn(4), torch.randn(4)), {}, TypeError, r"ttnn.bitwise_and: unsupported dtype")
    ],
}
