"""Samples of the table-declared element-wise backward ops (exp_bw, mul_bw, ...): each op on an odd 2D shape in
bfloat16 and float32, rank 4 in ROW_MAJOR and empty; binary ops also broadcast and take a number as the second
operand (one gradient back). Inputs lie where the op is differentiable. Few cases per op: the rows share one
runner, whose layouts and dtypes the element-wise loop's own tests cover."""

import torch
import ttnn

from tests.ttnn.op_samples import Sample

torch.manual_seed(0)
_TILE = {"layouts": (ttnn.TILE_LAYOUT,)}
_FP32_TILE = {"dtypes": (ttnn.float32,), "layouts": (ttnn.TILE_LAYOUT,)}
_FP32_RM = {"dtypes": (ttnn.float32,), "layouts": (ttnn.ROW_MAJOR_LAYOUT,)}


def _value(domain, shape):
    x = torch.randn(shape)
    if domain == "positive":
        return x.abs() * 3 + 0.1
    if domain == "unit":
        return torch.rand(shape) * 1.8 - 0.9
    if domain == "above1":
        return x.abs() * 3 + 1.1
    if domain == "narrow":
        return torch.rand(shape) * 2.6 - 1.3
    return x * 3


def _unary(domain="wide", kwargs=None):
    kwargs = kwargs or {}
    shapes = [((45, 65), _TILE), ((2, 3, 33, 7), _FP32_RM), ((0, 5), _FP32_TILE)]
    return [
        Sample("x".join(map(str, s)), (torch.randn(s), _value(domain, s)), dict(kwargs), **extra) for s, extra in shapes
    ]


def _binary(domain_b="wide", kwargs=None):
    kwargs = kwargs or {}
    return [
        Sample(
            "45x65", (torch.randn(45, 65), _value("wide", (45, 65)), _value(domain_b, (45, 65))), dict(kwargs), **_TILE
        ),
        Sample(
            "broadcast-2x33x7",
            (torch.randn(2, 33, 7), _value("wide", (2, 33, 7)), _value(domain_b, (33, 1))),
            dict(kwargs),
            **_FP32_RM,
        ),
        Sample("number", (torch.randn(33, 7), _value("wide", (33, 7)), 1.75), dict(kwargs), **_FP32_TILE),
        Sample("empty", (torch.randn(0, 5), torch.randn(0, 5), _value(domain_b, (0, 5))), dict(kwargs), **_FP32_TILE),
    ]


_DOMAINS = {
    "log_bw": "positive",
    "log2_bw": "positive",
    "log10_bw": "positive",
    "log1p_bw": "positive",
    "sqrt_bw": "positive",
    "rsqrt_bw": "positive",
    "reciprocal_bw": "positive",
    "asin_bw": "unit",
    "acos_bw": "unit",
    "atanh_bw": "unit",
    "acosh_bw": "above1",
    "tan_bw": "narrow",
}
_WIDE = [
    "abs",
    "neg",
    "exp",
    "exp2",
    "expm1",
    "square",
    "sin",
    "cos",
    "sinh",
    "cosh",
    "tanh",
    "atan",
    "asinh",
    "sigmoid",
    "silu",
    "relu",
    "relu6",
    "erf",
    "erfc",
    "softsign",
    "hardsigmoid",
    "hardswish",
    "deg2rad",
    "rad2deg",
    "frac",
    "floor",
    "ceil",
    "round",
    "trunc",
    "sign",
    "leaky_relu",
    "elu",
    "celu",
    "hardtanh",
    "softplus",
]

SAMPLES = {name: _unary(domain) for name, domain in _DOMAINS.items()}
SAMPLES.update({f"{op}_bw": _unary() for op in _WIDE})
SAMPLES["leaky_relu_bw"].append(
    Sample("slope-0.2", (torch.randn(33, 7), torch.randn(33, 7)), {"negative_slope": 0.2}, **_FP32_TILE)
)
SAMPLES["elu_bw"].append(Sample("alpha-0.5", (torch.randn(33, 7), torch.randn(33, 7)), {"alpha": 0.5}, **_FP32_TILE))
SAMPLES["celu_bw"].append(Sample("alpha-2", (torch.randn(33, 7), torch.randn(33, 7)), {"alpha": 2.0}, **_FP32_TILE))
SAMPLES["hardtanh_bw"].append(
    Sample("bounds", (torch.randn(33, 7), torch.randn(33, 7) * 3), {"min": -2.0, "max": 0.5}, **_FP32_TILE)
)
SAMPLES["softplus_bw"].append(
    Sample(
        "beta2-threshold3", (torch.randn(33, 7), torch.randn(33, 7) * 3), {"beta": 2.0, "threshold": 3.0}, **_FP32_TILE
    )
)
SAMPLES["clamp_bw"] = _unary("wide", {"min": -1.5, "max": 2.0}) + [
    Sample("min-only", (torch.randn(33, 7), torch.randn(33, 7)), {"min": 0.25}, **_FP32_TILE),
    Sample("max-only", (torch.randn(33, 7), torch.randn(33, 7)), {"max": -0.25}, **_FP32_TILE),
]
SAMPLES["pow_bw"] = _unary("positive", {"exponent": 2.5}) + [
    Sample("exponent-0", (torch.randn(7), torch.randn(7)), {"exponent": 0.0}, **_FP32_TILE)
]
SAMPLES["rpow_bw"] = _unary("wide", {"exponent": 2.0})

for _op in ("add", "sub", "rsub", "mul", "squared_difference", "atan2", "hypot", "logaddexp", "logaddexp2"):
    SAMPLES[f"{_op}_bw"] = _binary()
for _op in ("addalpha", "subalpha"):
    SAMPLES[f"{_op}_bw"] = _binary(kwargs={"alpha": 0.5})
for _op in ("div", "fmod", "remainder"):
    SAMPLES[f"{_op}_bw"] = _binary("positive")
for _op in ("max", "min"):
    _tied = torch.randint(-2, 3, (33, 7)).float()
    SAMPLES[f"{_op}_bw"] = _binary() + [Sample("ties", (torch.randn(33, 7), _tied, _tied.flip(0)), **_TILE)]
