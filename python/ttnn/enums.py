"""TT-NN's Python enums for op options: ``UnaryOpType`` and ``UnaryWithParam`` (activations fused into binary
ops and matmul), ``LossReductionMode`` and ``EmbeddingsType``.

Each value is a string the C++ ops read: an activation is the name of its unary op, with ``:<param>`` when it
takes one, and a list of activations reaches C++ as one comma-separated string.

>>> import ttnn
>>> ttnn.UnaryWithParam(ttnn.UnaryOpType.LEAKY_RELU, 0.1), ttnn.UnaryWithParam(ttnn.UnaryOpType.RECIP).op_type
('leaky_relu:0.1', <UnaryOpType.RECIP: 'reciprocal'>)
"""

from __future__ import annotations

import enum


class UnaryOpType(enum.StrEnum):
    """TT-NN's unary op names, each the registry op it runs."""

    RELU = "relu"
    GELU = "gelu"
    SILU = "silu"
    SIGMOID = "sigmoid"
    TANH = "tanh"
    EXP = "exp"
    LOG = "log"
    SQRT = "sqrt"
    RSQRT = "rsqrt"
    RECIP = "reciprocal"
    NEG = "neg"
    ABS = "abs"
    SIN = "sin"
    COS = "cos"
    ERF = "erf"
    FLOOR = "floor"
    CEIL = "ceil"
    ROUND = "round"
    SIGN = "sign"
    SQUARE = "square"
    HARDSIGMOID = "hardsigmoid"
    HARDSWISH = "hardswish"
    LEAKY_RELU = "leaky_relu"
    ELU = "elu"
    SOFTPLUS = "softplus"
    ISNAN = "isnan"
    ISINF = "isinf"
    LOGICAL_NOT_UNARY = "logical_not"
    LOG2 = "log2"
    LOG10 = "log10"
    LOG1P = "log1p"
    EXP2 = "exp2"
    EXPM1 = "expm1"
    HEAVISIDE = "heaviside"
    SIGNBIT = "signbit"
    ASIN = "asin"
    ACOS = "acos"
    ATAN = "atan"
    TAN = "tan"
    SINH = "sinh"
    COSH = "cosh"
    RELU6 = "relu6"
    RELU_MAX = "relu_max"
    RELU_MIN = "relu_min"
    ERFC = "erfc"
    ERFINV = "erfinv"
    I0 = "i0"
    ISFINITE = "isfinite"
    ISPOSINF = "isposinf"
    ISNEGINF = "isneginf"
    RDIV = "rdiv"
    IDENTITY = "identity"
    FILL = "fill"
    TRUNC = "trunc"
    FRAC = "frac"
    MISH = "mish"
    CELU = "celu"
    SELU = "selu"
    SOFTSIGN = "softsign"
    SOFTSHRINK = "softshrink"
    HARDSHRINK = "hardshrink"


class UnaryWithParam(str):
    """An activation and its parameter (leaky_relu's slope, gelu's approximate flag), as TT-NN's."""

    def __new__(cls, op_type: UnaryOpType, param: float | list | None = None):
        params = [] if param is None else list(param) if isinstance(param, list | tuple) else [param]
        if len(params) > 1:
            raise ValueError(f"UnaryWithParam: expected at most one parameter, got {params}")
        op_type = UnaryOpType(op_type)
        self = super().__new__(cls, op_type.value + "".join(f":{float(p)!r}" for p in params))
        self.op_type, self.params = op_type, params
        return self


class LossReductionMode(enum.StrEnum):
    """How ttnn.l1_loss and ttnn.mse_loss reduce the per-element loss: not at all, to a sum or to a mean."""

    NONE = "none"
    SUM = "sum"
    MEAN = "mean"


class EmbeddingsType(enum.StrEnum):
    """GENERIC: plain lookup; PADDED: rows of padding_idx come back as zeros; BINARY: a two-row table."""

    GENERIC = "generic"
    PADDED = "padded"
    BINARY = "binary"
