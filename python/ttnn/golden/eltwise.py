"""Goldens of the element-wise ops (unary, binary, where).

Float ops are computed in float64 from the stored inputs and returned as float32, so the golden is the
correctly rounded value (the harness then rounds it to the output dtype); the few ops whose result depends
on how the quotient rounds (div with round_mode, remainder) run in float32 as the device does. Integer
tensors compute in int64. Comparisons and logical ops return 1/0 in the input's kind, as TT-NN does.
"""

import torch
import torch.nn.functional as F

import ttnn
from ttnn.golden import golden

_INT_DTYPES = (ttnn.int32, ttnn.uint32, ttnn.uint16, ttnn.uint8)


def _first_tensor(*values):
    return next(v for v in values if isinstance(v, torch.Tensor))


def _finish(result, like, dtype=None):
    """The result as the device returns it: float32 for a float output, int64 for an integer one."""
    integer = dtype in _INT_DTYPES if dtype is not None else not like.is_floating_point()
    if integer:
        return (result.trunc() if result.is_floating_point() else result).long()
    return result.float()


def _precise(value):
    if isinstance(value, torch.Tensor) and value.is_floating_point():
        return value.double()
    return value


def _unary(name, fn):
    @golden(name)
    def unary_golden(
        input_tensor, *params, memory_config=None, output_tensor=None, queue_id=None, sub_core_grids=None, **named
    ):
        return _finish(fn(_precise(input_tensor), *params, **named), input_tensor)

    unary_golden.__name__ = name
    return unary_golden


def _hardtanh(x, min_val, max_val):
    return torch.clamp(x, min_val, max_val)


def _gelu(x, fast_and_approximate_mode):
    return F.gelu(x, approximate="tanh" if fast_and_approximate_mode else "none")


def _exact(fn):
    """An op that takes TT-NN's fast_and_approximate_mode but has no approximate kernel here: the exact result."""
    return lambda x, fast_and_approximate_mode=False: fn(x)


def _softplus(x, beta, threshold):
    return F.softplus(x, beta=beta, threshold=threshold)


_UNARY = {
    "relu": torch.relu,
    "gelu": _gelu,
    "silu": F.silu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "exp": _exact(torch.exp),
    "log": _exact(torch.log),
    "sqrt": _exact(torch.sqrt),
    "rsqrt": _exact(torch.rsqrt),
    "reciprocal": torch.reciprocal,
    "neg": torch.neg,
    "abs": torch.abs,
    "sin": torch.sin,
    "cos": torch.cos,
    "erf": _exact(torch.erf),
    "floor": torch.floor,
    "ceil": torch.ceil,
    "round": torch.round,
    "sign": torch.sign,
    "clamp": lambda x, min=None, max=None: torch.clamp(x, min, max),
    "clip": lambda x, min=None, max=None: torch.clamp(x, min, max),
    "hardtanh": _hardtanh,
    "hardsigmoid": F.hardsigmoid,
    "hardswish": F.hardswish,
    "leaky_relu": lambda x, negative_slope: F.leaky_relu(x, negative_slope),
    "elu": lambda x, alpha: F.elu(x, alpha),
    "softplus": _softplus,
    "logical_not": lambda x: x == 0,
    "bitwise_not": torch.bitwise_not,
    "isnan": torch.isnan,
    "isinf": torch.isinf,
    "square": torch.square,
    "log1p": _exact(torch.log1p),
    "expm1": torch.expm1,
    "trunc": torch.trunc,
}

for _name, _fn in _UNARY.items():
    _unary(_name, _fn)


def _as_tensor(value, like):
    return value if isinstance(value, torch.Tensor) else torch.tensor(value, dtype=like.dtype)


def _operands(a, b, precise):
    like = _first_tensor(a, b)
    if like.is_floating_point() and precise:
        a, b = _precise(a), _precise(b)
    kind = a if isinstance(a, torch.Tensor) else b
    return like, _as_tensor(a, kind), _as_tensor(b, kind)


def _binary(name, fn, precise=True):
    # Operands come positionally (input_tensor_a/b, or input_tensor/exponent for pow).
    @golden(name)
    def binary_golden(
        a, b, memory_config=None, dtype=None, *, output_tensor=None, queue_id=None, sub_core_grids=None, **params
    ):
        activations = {k: params.pop(k, None) for k in _ACTIVATION_ARGS}
        params.pop("use_legacy", None)
        like, a, b = _operands(a, b, precise)
        a, b = (
            _activate(a, activations["input_tensor_a_activations"]),
            _activate(b, activations["input_tensor_b_activations"]),
        )
        return _finish(_activate(fn(a, b, **params), activations["activations"]), like, dtype)

    binary_golden.__name__ = name
    return binary_golden


_ACTIVATION_ARGS = ("activations", "input_tensor_a_activations", "input_tensor_b_activations")


def _activate(x, activations):
    """TT-NN's fused activations ("relu", "leaky_relu:0.1,exp") applied in order, as the unary goldens do."""
    if not activations or not isinstance(x, torch.Tensor):
        return x
    items = activations.split(",") if isinstance(activations, str) else [str(a) for a in activations]
    for item in items:
        name, _, param = item.partition(":")
        x = _UNARY[name](x, float(param)) if param else _UNARY[name](x)
    return x


def _div(a, b, round_mode=None):
    return torch.div(a, b, rounding_mode=round_mode)


_BINARY = {
    "add": torch.add,
    "sub": torch.sub,
    "subtract": torch.sub,
    "rsub": lambda a, b: b - a,
    "mul": torch.mul,
    "multiply": torch.mul,
    "maximum": torch.maximum,
    "minimum": torch.minimum,
    "eq": torch.eq,
    "ne": torch.ne,
    "lt": torch.lt,
    "le": torch.le,
    "gt": torch.gt,
    "ge": torch.ge,
    "logical_and": torch.logical_and,
    "logical_or": torch.logical_or,
    "logical_xor": torch.logical_xor,
    "bitwise_and": torch.bitwise_and,
    "bitwise_or": torch.bitwise_or,
    "squared_difference": lambda a, b: (a - b) ** 2,
    "logaddexp": torch.logaddexp,
    "logaddexp2": torch.logaddexp2,
    "bias_gelu": lambda a, b: F.gelu(a + b),
    "atan2": torch.atan2,
}

for _name, _fn in _BINARY.items():
    _binary(_name, _fn)

_binary("remainder", torch.remainder, precise=False)


@golden("pow")
def pow_(input_tensor, exponent, memory_config=None, dtype=None):
    # The op converts an integer exponent tensor to float, so a float base (or a number) gives a float result.
    if isinstance(exponent, torch.Tensor) and not exponent.is_floating_point():
        exponent = exponent.float()
    like, a, b = _operands(input_tensor, exponent, True)
    return _finish(torch.pow(a, b), like, dtype)


@golden("div")
def div(input_tensor_a, input_tensor_b, round_mode=None, memory_config=None, dtype=None, **params):
    # A rounded quotient depends on the float32 quotient itself, so those run in float32 as on the device.
    like, a, b = _operands(input_tensor_a, input_tensor_b, precise=round_mode is None)
    a, b = (
        _activate(a, params.get("input_tensor_a_activations")),
        _activate(b, params.get("input_tensor_b_activations")),
    )
    return _finish(_activate(_div(a, b, round_mode), params.get("activations")), like, dtype)


golden("divide")(div)


@golden("addalpha")
def addalpha(input_tensor_a, input_tensor_b, alpha, memory_config=None):
    return torch.add(_precise(input_tensor_a), _precise(input_tensor_b), alpha=alpha).float()


@golden("subalpha")
def subalpha(input_tensor_a, input_tensor_b, alpha, memory_config=None):
    return torch.sub(_precise(input_tensor_a), _precise(input_tensor_b), alpha=alpha).float()


@golden("prelu")
def prelu(input_tensor, weight, memory_config=None):
    x = _precise(input_tensor)
    w = _precise(weight) if isinstance(weight, torch.Tensor) else torch.tensor([weight], dtype=x.dtype)
    return F.prelu(x, w.reshape(-1)).float()


@golden("logit")
def logit(input_tensor, eps=None, memory_config=None):
    return torch.logit(_precise(input_tensor), eps).float()


@golden("where")
def where(condition, true_value, false_value, memory_config=None):
    values = [v for v in (true_value, false_value) if isinstance(v, torch.Tensor)]
    like = values[0] if values else condition
    kind = torch.float64 if like.is_floating_point() else torch.int64
    a = true_value.to(kind) if isinstance(true_value, torch.Tensor) else torch.tensor(true_value, dtype=kind)
    b = false_value.to(kind) if isinstance(false_value, torch.Tensor) else torch.tensor(false_value, dtype=kind)
    return _finish(torch.where(condition != 0, a, b), like)


for _name, _fn in {
    "gtz": torch.gt,
    "ltz": torch.lt,
    "gez": torch.ge,
    "lez": torch.le,
    "eqz": torch.eq,
    "nez": torch.ne,
}.items():

    def _compare_zero(input_tensor, memory_config=None, _fn=_fn):
        return _finish(_fn(input_tensor, 0), input_tensor)

    golden(_name)(_compare_zero)
