"""Draws random valid programs. Every choice comes from a ``Draw`` (hypothesis data), so hypothesis replays
and shrinks a failing program by shrinking its choices: fewer lines, earlier operands, simpler shapes.

A candidate line is run eagerly as it is drawn; one that PyTorch rejects (a bad broadcast, an in-place
write into an expanded view) or whose values leave the tame range (non-finite, huge, past int32) is dropped,
so every program is valid by construction and the grammar need not know each op's rules.

Exactness: a value is exact when it is a function of the inputs without float rounding (views, cat,
comparisons, max, casts, integer arithmetic). Steps (floor, comparisons, argmax, casts to int) only read
exact values, so a rounding difference of one ulp between eager and the device never flips an output.
"""

from __future__ import annotations

import dataclasses
import re

import torch
from hypothesis import strategies as st

from torch_ttnn.fuzz import grammar
from torch_ttnn.fuzz.program import InputSpec, Program

SIZES = (3, 1, 2, 5, 7, 32, 33, 16, 31, 45, 64, 65, 0, 4, 96, 128, 1000)
MAX_NUMEL = 1 << 15
MAX_FLOAT = 1e4
MAX_INT = 1 << 20
DTYPES = (torch.float32, torch.int64, torch.int32, torch.bool)


class Draw:
    """The fuzzer's choices. Each shrinks toward 0: the first option, the smaller number, no."""

    def __init__(self, data):
        self.data = data

    def int(self, lo: int, hi: int) -> int:
        return self.data.draw(st.integers(lo, hi))

    def pick(self, options):
        return options[self.int(0, len(options) - 1)]

    def coin(self, one_in: int = 2) -> bool:
        return self.int(0, one_in - 1) == one_in - 1


@dataclasses.dataclass
class Value:
    name: str
    tensor: torch.Tensor
    exact: bool

    @property
    def family(self) -> str:
        t = self.tensor.dtype
        return "float" if t.is_floating_point else "bool" if t == torch.bool else "int"


class Gen:
    """One program being drawn: the values so far (with their eager tensors) and the lines."""

    def __init__(self, draw: Draw, bf16: bool):
        self.d = draw
        self.program = Program([], [], [], seed=draw.int(0, 3), bf16_inputs=bf16)
        self.values: list[Value] = []
        self.env: dict = {"torch": torch, "F": torch.nn.functional}
        self.inputs: list = []

    # -- inputs ----------------------------------------------------------------------------------------------
    def shape(self, ndim: int | None = None) -> tuple:
        ndim = self.d.pick((2, 1, 3, 4, 0)) if ndim is None else ndim
        shape = [self.d.pick(SIZES) for _ in range(ndim)]
        while _numel(shape) > MAX_NUMEL:
            shape[shape.index(max(shape))] //= 2
        return tuple(shape)

    def new_input(self, shape, family: str = "float", dtype: str = "", bound: int = 0) -> Value:
        kind = {"float": "float", "int": "int", "bool": "bool", "index": "index"}[family]
        dtype = dtype or {"float": "float32", "int": "int64", "bool": "bool", "index": "int64"}[family]
        if family == "float":
            bound = self.d.pick((1, 3))
        spec = InputSpec(tuple(shape), dtype, kind, bound)
        index = len(self.program.inputs)
        self.program.inputs.append(spec)
        tensor = self.program.make_inputs()[index]
        value = Value(f"x{index}", tensor, True)
        self.env[value.name] = tensor.clone()
        value.tensor = self.env[value.name]
        self.inputs.append(value)
        if family != "index":
            self.values.append(value)
        return value

    def index_input(self, shape, bound: int) -> Value:
        return self.new_input(shape, "index", self.d.pick(("int64", "int32")), bound)

    def first_input(self) -> Value:
        family = self.d.pick(("float", "float", "int", "bool"))
        dtype = self.d.pick(("int64", "int32")) if family == "int" else ""
        return self.new_input(self.shape(), family, dtype)

    # -- operands --------------------------------------------------------------------------------------------
    def operand(self, families=("float", "int", "bool"), exact: bool = False, pred=None) -> Value | None:
        found = [
            v
            for v in self.values
            if v.family in families and (v.exact or not exact) and (pred is None or pred(v.tensor))
        ]
        return self.d.pick(found[::-1]) if found else None  # latest first: programs chain

    def partner(self, x: Value, families=None, exact: bool = False) -> str:
        """A tensor that broadcasts with x: x itself, an existing value, or a new input of a derived shape."""
        families = families or (x.family,)
        choice = self.d.int(0, 2)
        if choice == 1:
            other = self.operand(families, exact, lambda t: _broadcasts(t.shape, x.tensor.shape))
            if other is not None:
                return other.name
        if choice == 2 and x.family in families:
            return x.name
        shape = [1 if self.d.coin(3) else s for s in x.tensor.shape]
        if shape and self.d.coin(4):
            shape = shape[self.d.int(1, len(shape)) :]
        family = families[0]
        dtype = str(x.tensor.dtype).removeprefix("torch.") if family == x.family and family == "int" else ""
        return self.new_input(shape, family, dtype).name

    def dim(self, x: Value) -> int | None:
        n = x.tensor.dim()
        if n == 0:
            return None
        d = self.d.int(0, n - 1)
        return d - n if self.d.coin(4) else d

    # -- lines -----------------------------------------------------------------------------------------------
    def emit(self, expr: str, exact: bool) -> bool:
        """Runs the line eagerly; keeps it (and names its results) only when PyTorch takes it and its values
        are tame."""
        before = {v.name: v.tensor.clone() for v in self.values}
        try:
            result = eval(expr, self.env)  # noqa: S307 (our own grammar's text)
        except Exception:
            self._restore(before)
            return False
        results = list(result) if isinstance(result, (tuple, list)) else [result]
        if not results or len(results) > 4 or not all(_tame(r) for r in results):
            self._restore(before)
            return False
        first = len(self.program.lines) + len(self.values)
        names = [f"v{first + i}" for i in range(len(results))]
        target = ", ".join(names) if isinstance(result, (tuple, list)) else names[0]
        if isinstance(result, (tuple, list)) and len(results) == 1:
            target += ","
        self.program.lines.append(f"{target} = {expr}")
        self._mark_mutations(before, exact)
        for name, tensor in zip(names, results, strict=True):
            self.env[name] = tensor
            self.values.append(Value(name, tensor, exact))
        return True

    def _restore(self, before: dict) -> None:
        for value in self.values:  # a rejected in-place line may have written before it failed
            if not torch.equal(value.tensor, before[value.name]):
                with torch.no_grad():
                    value.tensor.copy_(before[value.name])

    def _mark_mutations(self, before: dict, exact: bool) -> None:
        for value in self.values:
            if not torch.equal(value.tensor, before[value.name]):
                value.exact = value.exact and exact


def _numel(shape) -> int:
    n = 1
    for s in shape:
        n *= s
    return n


def _broadcasts(a, b) -> bool:
    try:
        torch.broadcast_shapes(a, b)
        return True
    except RuntimeError:
        return False


def _tame(t) -> bool:
    if not isinstance(t, torch.Tensor) or t.dtype not in DTYPES or t.numel() > 4 * MAX_NUMEL:
        return False
    if t.numel() == 0 or t.dtype == torch.bool:
        return True
    if t.dtype.is_floating_point:
        finite = t[torch.isfinite(t)]  # infinities may pass (a -inf mask); NaN may not
        return not bool(t.isnan().any()) and (finite.numel() == 0 or float(finite.abs().max()) <= MAX_FLOAT)
    return int(t.abs().max()) <= MAX_INT


def draw_program(draw: Draw, bf16: bool, max_lines: int = 8) -> Program:
    # Program-wide choices come first, and each line's choices follow a "one more line" draw, so hypothesis
    # shrinks a program by deleting whole lines without shifting the choices of the others.
    g = Gen(draw, bf16)
    training = draw.coin(3)  # a training graph too, when eager can differentiate the program
    g.first_input()
    for _ in range(4 * max_lines):
        if len(g.program.lines) >= max_lines or (g.program.lines and draw.int(0, 7) == 0):
            break
        made = draw.pick(grammar.RULES)(g)
        if made is not None:
            g.emit(*made)
    g.program.outputs = _outputs(g, draw)
    g.program.grad = training and _differentiable(g.program)
    return g.program


def _outputs(g: Gen, draw: Draw) -> list[str]:
    """Every value no later line reads (so no line is dead code the compiler would drop), latest first, at most
    six; sometimes an input too (an output aliasing an input, or one mutated in place)."""
    text = [line.split(" = ", 1)[1] for line in g.program.lines]
    produced = [v for v in g.values if v.name.startswith("v")]
    unread = [
        v.name
        for v in produced
        if not any(re.search(rf"\b{v.name}\b", rhs) for rhs in text[_line_of(g.program.lines, v.name) + 1 :])
    ]
    outputs = unread[::-1][:6] or [g.values[-1].name]
    if draw.coin(6):
        outputs.append(draw.pick(g.inputs).name)
    return list(dict.fromkeys(outputs))


def _line_of(lines: list, name: str) -> int:
    return next(i for i, line in enumerate(lines) if re.search(rf"\b{name}\b", line.split(" = ")[0]))


def _differentiable(program: Program) -> bool:
    from torch_ttnn.fuzz.oracle import run

    try:
        run(program.function(), program.make_inputs(), grad=True)
        return True
    except Exception:
        return False
