"""Goldens of the table-declared element-wise ops (cpp/ttnn/src/ops/eltwise_*_math.cpp).

Float ops compute in float64 from the stored inputs (the harness rounds to the output dtype); integer ops in
int64, wrapped to int32 as the device stores them. A number operand takes the first tensor's kind.
"""

import torch
import torch.nn.functional as F

from ttnn.golden import golden

# fast_and_approximate_mode: no approximate form here, the ops give the exact value.
_IGNORED = ("memory_config", "output_tensor", "queue_id", "fast_and_approximate_mode")


def _kind(like):
    return torch.float64 if like.is_floating_point() else torch.int64


def _operand(value, like):
    if isinstance(value, torch.Tensor):
        return value.to(_kind(like))
    return torch.tensor(value, dtype=_kind(like))


def _finish(result, like):
    if like.is_floating_point():
        return result.float()
    return result.to(torch.int64).to(torch.int32).long()


def _register(name, fn, arity):
    @golden(name)
    def math_golden(*args, **params):
        for key in _IGNORED:
            params.pop(key, None)
        like = next(v for v in args[:arity] if isinstance(v, torch.Tensor))
        operands = [_operand(v, like) for v in args[:arity]]
        return _finish(fn(*operands, *args[arity:], **params), like)

    math_golden.__name__ = name
    return math_golden


def _cbrt(x):
    return x.sign() * x.abs().pow(1.0 / 3.0)


def _selu(x, scale=1.0507009873554804934193349852946, alpha=1.6732632423543772848170429916717):
    return scale * torch.where(x > 0, x, alpha * torch.expm1(x))


_UNARY = {
    "acos": torch.acos,
    "asin": torch.asin,
    "atan": torch.atan,
    "acosh": torch.acosh,
    "asinh": torch.asinh,
    "atanh": torch.atanh,
    "tan": torch.tan,
    "sinh": torch.sinh,
    "cosh": torch.cosh,
    "cbrt": _cbrt,
    "deg2rad": torch.deg2rad,
    "rad2deg": torch.rad2deg,
    "erfc": torch.erfc,
    "erfinv": torch.erfinv,
    "exp2": torch.exp2,
    "log10": torch.log10,
    "log2": torch.log2,
    "frac": torch.frac,
    "lgamma": torch.lgamma,
    "digamma": torch.digamma,
    "polygamma": lambda x, k: torch.polygamma(int(k), x),
    "i0": torch.i0,
    "multigammaln": lambda x: torch.special.multigammaln(x, 4),
    "log_sigmoid": F.logsigmoid,
    "sigmoid_accurate": torch.sigmoid,
    "swish": F.silu,
    "mish": F.mish,
    "softsign": F.softsign,
    "tanhshrink": F.tanhshrink,
    "selu": _selu,
    "celu": lambda x, alpha=1.0: F.celu(x, alpha),
    "softshrink": lambda x, lambd=0.5: F.softshrink(x, lambd),
    "hardshrink": lambda x, lambd=0.5: F.hardshrink(x, lambd),
    "signbit": torch.signbit,
    "isfinite": torch.isfinite,
    "isposinf": torch.isposinf,
    "isneginf": torch.isneginf,
    "heaviside": lambda x, value: torch.heaviside(x, torch.tensor(value, dtype=x.dtype)),
    "rdiv": lambda x, value, round_mode=None: torch.div(torch.full_like(x, value), x, rounding_mode=round_mode),
    "rpow": lambda x, exponent: torch.pow(torch.tensor(exponent, dtype=x.dtype), x),
    "identity": lambda x: x.clone(),
    "fill": lambda x, fill_value: torch.full_like(x, fill_value),
    "relu6": lambda x: torch.clamp(x, 0, 6),
    "relu_max": lambda x, upper_limit: torch.clamp(torch.clamp(x, min=0), max=upper_limit),
    "relu_min": lambda x, lower_limit: torch.clamp(x, min=lower_limit),
    "threshold": lambda x, threshold, value: F.threshold(x, threshold, value),
}

_BINARY = {
    "hypot": torch.hypot,
    "xlogy": torch.xlogy,
    "ldexp": lambda a, b: a * torch.exp2(b),
    "nextafter": lambda a, b: torch.nextafter(a.float(), b.float()),
    "fmod": torch.fmod,
    "div_no_nan": lambda a, b: torch.where(b == 0, torch.zeros_like(a / b), a / b),
    "isclose": lambda a, b, rtol=1e-05, atol=1e-08, equal_nan=False: torch.isclose(a, b, rtol, atol, equal_nan),
    "bitwise_xor": torch.bitwise_xor,
    "bitwise_left_shift": torch.bitwise_left_shift,
    "bitwise_right_shift": torch.bitwise_right_shift,
    "gcd": torch.gcd,
    "lcm": torch.lcm,
}

_TERNARY = {
    "addcmul": lambda a, b, c, value=1.0: torch.addcmul(a, b, c, value=value),
    "addcdiv": lambda a, b, c, value=1.0: torch.addcdiv(a, b, c, value=value),
    "mac": lambda a, b, c: a * b + c,
    "lerp": torch.lerp,
}

for _table, _arity in ((_UNARY, 1), (_BINARY, 2), (_TERNARY, 3)):
    for _name, _fn in _table.items():
        _register(_name, _fn, _arity)


def _gated(act):
    def gated_golden(input_tensor, dim=-1, memory_config=None):
        if dim not in (-1, input_tensor.dim() - 1) or input_tensor.shape[-1] % 2:
            raise ValueError("gated units split the last dim into two equal halves")
        a, b = input_tensor.double().chunk(2, dim=-1)
        return (a * act(b)).float()

    return gated_golden


for _name, _act in {"glu": torch.sigmoid, "reglu": torch.relu, "geglu": F.gelu, "swiglu": F.silu}.items():
    golden(_name)(_gated(_act))


@golden("polyval")
def polyval(input_tensor, coeffs, memory_config=None):
    x = input_tensor.double()
    result = torch.zeros_like(x)
    for c in coeffs:
        result = result * x + c
    return result.float()


def _loss(per_element):
    def loss_golden(
        input_reference, input_prediction, reduction=None, output_tensor=None, memory_config=None, loss_mode=None
    ):
        loss = per_element(input_reference.double() - input_prediction.double())
        mode = str(reduction or loss_mode or "none")
        reduce = {"none": lambda t: t, "sum": torch.sum, "mean": torch.mean}[mode]
        return reduce(loss).float()

    return loss_golden


golden("l1_loss")(_loss(torch.abs))
golden("mse_loss")(_loss(torch.square))


@golden("unary_chain")
def unary_chain(input_tensor, ops_chain, memory_config=None, output_tensor=None, queue_id=None):
    """Each op's own golden in turn ("leaky_relu:0.1" passes 0.1 as the op's first parameter)."""
    from ttnn.golden import get_golden_function

    items = ops_chain.split(",") if isinstance(ops_chain, str) else [str(op) for op in ops_chain]
    x = input_tensor
    for item in items:
        name, _, param = item.partition(":")
        x = get_golden_function(name)(x, float(param)) if param else get_golden_function(name)(x)
    return x
