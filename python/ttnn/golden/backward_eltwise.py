"""Goldens of the table-declared element-wise backward ops (cpp/ttnn/src/ops/backward_eltwise.cpp): torch.autograd
through each op's forward function, in float64 from the stored inputs. A number as the second operand gets no
gradient, as on TT-NN; a broadcast operand's gradient comes back in its own shape."""

import torch
import torch.nn.functional as F

from ttnn.golden import golden

_UNARY = {
    "abs_bw": torch.abs,
    "neg_bw": torch.neg,
    "exp_bw": torch.exp,
    "exp2_bw": torch.exp2,
    "expm1_bw": torch.expm1,
    "log_bw": torch.log,
    "log2_bw": torch.log2,
    "log10_bw": torch.log10,
    "log1p_bw": torch.log1p,
    "sqrt_bw": torch.sqrt,
    "rsqrt_bw": torch.rsqrt,
    "reciprocal_bw": torch.reciprocal,
    "square_bw": torch.square,
    "sin_bw": torch.sin,
    "cos_bw": torch.cos,
    "tan_bw": torch.tan,
    "sinh_bw": torch.sinh,
    "cosh_bw": torch.cosh,
    "tanh_bw": torch.tanh,
    "asin_bw": torch.asin,
    "acos_bw": torch.acos,
    "atan_bw": torch.atan,
    "asinh_bw": torch.asinh,
    "acosh_bw": torch.acosh,
    "atanh_bw": torch.atanh,
    "sigmoid_bw": torch.sigmoid,
    "silu_bw": F.silu,
    "relu_bw": torch.relu,
    "relu6_bw": F.relu6,
    "erf_bw": torch.erf,
    "erfc_bw": torch.erfc,
    "softsign_bw": F.softsign,
    "hardsigmoid_bw": F.hardsigmoid,
    "hardswish_bw": F.hardswish,
    "deg2rad_bw": torch.deg2rad,
    "rad2deg_bw": torch.rad2deg,
    "frac_bw": torch.frac,
    "floor_bw": torch.floor,
    "ceil_bw": torch.ceil,
    "round_bw": torch.round,
    "trunc_bw": torch.trunc,
    "sign_bw": torch.sign,
    "leaky_relu_bw": lambda x, negative_slope=0.01: F.leaky_relu(x, negative_slope),
    "elu_bw": lambda x, alpha=1.0: F.elu(x, alpha),
    "celu_bw": lambda x, alpha=1.0: F.celu(x, alpha),
    "hardtanh_bw": lambda x, min=-1.0, max=1.0: F.hardtanh(x, min, max),
    "clamp_bw": lambda x, min=None, max=None: torch.clamp(x, min, max),
    "softplus_bw": lambda x, beta=1.0, threshold=20.0: F.softplus(x, beta, threshold),
    "pow_bw": lambda x, exponent: torch.pow(x, exponent),
    "rpow_bw": lambda x, exponent: torch.pow(exponent, x),
}

_BINARY = {
    "add_bw": torch.add,
    "sub_bw": torch.sub,
    "rsub_bw": lambda a, b: b - a,
    "addalpha_bw": lambda a, b, alpha=1.0: torch.add(a, b, alpha=alpha),
    "subalpha_bw": lambda a, b, alpha=1.0: torch.sub(a, b, alpha=alpha),
    "mul_bw": torch.mul,
    "div_bw": torch.div,
    "squared_difference_bw": lambda a, b: (a - b) ** 2,
    "atan2_bw": torch.atan2,
    "hypot_bw": torch.hypot,
    "logaddexp_bw": torch.logaddexp,
    "logaddexp2_bw": torch.logaddexp2,
    "fmod_bw": torch.fmod,
    "remainder_bw": torch.remainder,
    "max_bw": torch.maximum,
    "min_bw": torch.minimum,
}


def _register(name, forward, arity):
    @golden(name)
    def backward_golden(grad_tensor, *args, memory_config=None, **params):
        operands, rest = args[:arity], args[arity:]
        inputs = [
            v.double().requires_grad_() if isinstance(v, torch.Tensor) else torch.tensor(float(v), dtype=torch.float64)
            for v in operands
        ]
        wanted = [t for t, v in zip(inputs, operands, strict=True) if isinstance(v, torch.Tensor)]
        out = forward(*inputs, *rest, **params)
        grads = torch.autograd.grad(out, wanted, grad_tensor.double(), allow_unused=True)
        return [(torch.zeros_like(t) if g is None else g).float() for g, t in zip(grads, wanted, strict=True)]

    backward_golden.__name__ = name
    return backward_golden


for _table, _arity in ((_UNARY, 1), (_BINARY, 2)):
    for _name, _fn in _table.items():
        _register(_name, _fn, _arity)
