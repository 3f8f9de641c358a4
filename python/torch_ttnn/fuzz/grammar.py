"""The fuzzer's grammar: one rule per kind of line, each drawing its operands and returning (Python
expression, exact). The expressions reach the aten overloads the compiler lowers (and a few it does not,
so host fallbacks mix with device ops). A rule returns None when no value suits it. Rules earlier in
RULES are simpler: hypothesis shrinks a failing line toward them.
"""

from __future__ import annotations

FLOAT_UNARY = (
    "torch.relu({x})", "torch.neg({x})", "torch.abs({x})", "torch.sigmoid({x})", "torch.tanh({x})",
    "torch.sin({x})", "torch.cos({x})", "torch.erf({x})", "torch.exp({x}.clamp(-6, 6))",
    "torch.expm1({x}.clamp(-6, 6))", "torch.log({x}.abs() + 0.5)", "torch.log1p({x}.abs())",
    "torch.sqrt({x}.abs())", "torch.rsqrt({x}.abs() + 0.25)", "torch.reciprocal({x}.abs() + 0.5)",
    "F.gelu({x})", "F.gelu({x}, approximate='tanh')", "F.silu({x})", "F.hardsigmoid({x})", "F.hardswish({x})",
    "F.hardtanh({x}, -1.5, 2.0)", "F.leaky_relu({x}, 0.125)", "{x}.pow(2)", "{x}.pow(3)", "{x}.abs().pow(0.5)",
    "torch.clamp({x}, -0.5, 1.25)", "torch.clamp({x}, min=0.25)", "{x} * 0.5 + 1.25", "{x} / 4", "2 - {x}",
    "{x} - 3", "torch.add({x}, 2, alpha=3)", "F.softmax({x}, {d})", "F.log_softmax({x}, {d})", "{x}.cumsum({d})",
    "F.dropout({x}, 0.5, training=False)", "torch.flip({x}, [{d}])", "{x}.var({d})", "{x}.mean({d})",
    "{x}.mean()", "{x}.sum({d})", "F.layer_norm({x}, {last})",
)  # fmt: skip
# Exact results of exact operands; "steps" also need exact operands (a one-ulp change would flip them).
EXACT_UNARY = (
    "torch.floor({x})", "torch.ceil({x})", "torch.round({x})", "torch.trunc({x})", "torch.sign({x})",
    "{x}.to(torch.int32)", "{x}.long()", "{x}.bool()", "{x} > 0.5", "{x} <= 0", "{x} == 0", "{x} != 1",
    "{x}.argmax({d})", "{x}.argmax({d}, keepdim=True)", "torch.max({x}, {d})", "torch.min({x}, {d}, True)",
    "{x}.amax({d})", "{x}.amin({d}, keepdim=True)", "{x}.max()", "{x}.min()", "torch.relu({x})", "torch.neg({x})",
    "torch.abs({x})", "{x}.clone()", "{x}.contiguous()", "torch.zeros_like({x})", "torch.ones_like({x})",
    "torch.full_like({x}, 2)", "{x}.new_zeros((3, 2))",
)  # fmt: skip
INT_UNARY = (
    "{x} * 3", "{x} + 2", "{x} % 3", "torch.clamp({x}, -3, 4)", "{x}.float()", "{x}.sum({d})", "{x}.sum()",
    "torch.bitwise_not({x})", "{x}.cumsum({d})", "{x} // 2", "{x}.float() / 3", "{x}.clamp(-2.5, 3.5)",
    "{x} * 0.5", "{x} + 1.5", "{x} / 4", "torch.where({x} > 0, {x}, 0.5)", "torch.sigmoid({x})", "{x}.pow(2)",
    "torch.abs({x})", "torch.neg({x})", "{x}.amax({d})", "{x}.argmax({d})", "torch.maximum({x}, {x}.flip(0))",
    "{x}.to(torch.int32)", "{x}.long()", "{x}.bool()", "torch.full_like({x}, 7)", "{x}.mean({d}, dtype=torch.float32)",
    "2.5 - {x}", "{x} ** 0.5", "torch.rsub({x}, 3)",
)  # fmt: skip
BOOL_UNARY = (
    "torch.logical_not({x})", "~{x}", "{x}.float()", "{x}.int()", "{x}.long()", "{x}.any({d})", "{x}.all()",
    "{x}.any()", "{x}.sum({d})",
)  # fmt: skip
BINARY = (
    "torch.add({x}, {y})", "torch.mul({x}, {y})", "torch.sub({x}, {y})", "torch.add({x}, {y}, alpha=2)",
    "torch.maximum({x}, {y})", "torch.minimum({x}, {y})", "torch.rsub({x}, {y})",
)  # fmt: skip
FLOAT_BINARY = (
    "torch.div({x}, {y}.abs() + 0.5)", "torch.atan2({x}, {y})", "torch.pow({x}.abs() + 0.5, {y}.clamp(-2, 2))",
    "torch.clamp({x}, min={y})", "{x}.sub_({y})", "{x}.add_({y}, alpha=0.5)",
)  # fmt: skip
COMPARE = (
    "torch.eq({x}, {y})", "torch.ne({x}, {y})", "torch.lt({x}, {y})", "torch.le({x}, {y})", "torch.gt({x}, {y})",
    "torch.ge({x}, {y})",
)  # fmt: skip
LOGICAL = ("torch.logical_and({x}, {y})", "torch.logical_or({x}, {y})", "{x} & {y}", "{x} | {y}")
IN_PLACE = (
    "{x}.mul_(2)", "{x}.relu_()", "{x}.clamp_(-1, 1)", "{x}.add_(1)", "{x}.zero_()", "{x}.fill_(3)",
    "{x}.neg_()",
)  # fmt: skip


def _fill(g, x, template: str) -> str:
    d = g.dim(x)
    if "{d}" in template and d is None:
        return None
    last = list(x.tensor.shape[-1:])
    return template.format(x=x.name, d=d, last=last)


def float_unary(g):
    x = g.operand(("float",))
    return x and _none_or(_fill(g, x, g.d.pick(FLOAT_UNARY)), False)


def exact_unary(g):
    x = g.operand(("float", "int"), exact=True)
    return x and _none_or(_fill(g, x, g.d.pick(EXACT_UNARY)), True)


def int_unary(g):
    x = g.operand(("int",))
    if x is None:
        return None
    template = g.d.pick(INT_UNARY)
    inexact = any(f in template for f in ("float", ".5", "/", "sigmoid", "mean"))  # the float results
    return _none_or(_fill(g, x, template), x.exact and not inexact)


def bool_unary(g):
    x = g.operand(("bool",))
    return x and _none_or(_fill(g, x, g.d.pick(BOOL_UNARY)), x.exact)


def binary(g):
    x = g.operand(("float", "int"))
    if x is None:
        return None
    mixed = x.family == "int" and g.d.coin(3)  # int op float promotes to float
    y = g.partner(x, families=("float",) if mixed else None)
    exact = x.family == "int" and x.exact and g.env[y].dtype == x.tensor.dtype
    return g.d.pick(BINARY).format(x=x.name, y=y), exact


def float_binary(g):
    x = g.operand(("float",))
    return x and (g.d.pick(FLOAT_BINARY).format(x=x.name, y=g.partner(x)), False)


def compare(g):
    x = g.operand(("float", "int"), exact=True)
    if x is None:
        return None
    y = g.partner(x, exact=True)
    return g.d.pick(COMPARE).format(x=x.name, y=y), True


def logical(g):
    x = g.operand(("bool",))
    if x is None:
        return None
    return g.d.pick(LOGICAL).format(x=x.name, y=g.partner(x)), x.exact


def where(g):
    c = g.operand(("bool",))
    if c is None:
        return None
    x = g.operand(("float", "int"), pred=lambda t: _broadcast_ok(t.shape, c.tensor.shape))
    if x is None:
        return None
    y = g.partner(x, families=("float",) if x.family == "int" and g.d.coin(3) else None)
    if g.d.coin():
        return f"{x.name}.masked_fill({c.name}, -1.5)", x.exact
    return f"torch.where({c.name}, {x.name}, {y})", False


def in_place(g):
    x = g.operand(("float", "int"))
    if x is None:
        return None
    if g.d.coin(3) and x.tensor.dim():  # through a view: functionalisation writes it back into x
        return f"{x.name}[{_slice(g, x.tensor.shape[0])}].mul_(-1)", x.exact
    return g.d.pick(IN_PLACE).format(x=x.name), x.exact


def masked_softmax(g):
    """Attention's mask: a bool mask filled with -inf or float32's lowest (which bfloat16 cannot hold: it
    rounds to -inf), then softmax; a row masked whole is NaN with -inf and uniform with a finite fill."""
    x = g.operand(("float",), pred=lambda t: t.dim() >= 1)
    if x is None:
        return None
    mask = g.partner(x, families=("bool",))
    fill = g.d.pick(("float('-inf')", "-3.4028234663852886e38", "-1e9", "-10000.0"))
    return f"F.softmax({x.name}.masked_fill({mask}, {fill}), {g.dim(x)})", False


def _none_or(expr, exact):
    return None if expr is None else (expr, exact)


def _broadcast_ok(a, b) -> bool:
    from torch_ttnn.fuzz.generate import _broadcasts

    return _broadcasts(a, b)


def _slice(g, size: int) -> str:
    start = g.d.int(0, max(size - 1, 0))
    stop = g.d.int(start, size) if g.d.coin() else ""
    step = g.d.pick(("", 2, 3))
    return f"{start}:{stop}" + (f":{step}" if step else "")


def _shape_rules():
    from torch_ttnn.fuzz import grammar_shape

    return grammar_shape.RULES


RULES = (float_unary, binary, exact_unary, int_unary, float_binary, compare, where, bool_unary, logical, in_place)
RULES = RULES + (masked_softmax,)
RULES = RULES + _shape_rules()
