"""A fuzz program: its inputs (shape, dtype, how their values are drawn) and its Python lines.

A program is plain source (``def program(x0, x1): ... return (v3, v5)``) over ``torch`` and
``torch.nn.functional as F``, so a shrunk failure is written out as a pytest case that needs nothing from the
fuzzer but ``check_program``. Input values come from a seed, the same way every run.
"""

from __future__ import annotations

import dataclasses

import torch
import torch.nn.functional as F

# kind -> how the values of an input are drawn
KINDS = ("float", "int", "bool", "index")
INT_RANGE = 8  # "int" inputs hold -8..8: small enough that sums and products stay exact in int32


@dataclasses.dataclass(frozen=True)
class InputSpec:
    shape: tuple
    dtype: str  # a torch dtype name: float32, int32, int64, bool
    kind: str  # one of KINDS
    bound: int = 0  # "index": values lie in [0, bound); "float": a scale

    def __repr__(self):
        return f"InputSpec({self.shape!r}, {self.dtype!r}, {self.kind!r}, {self.bound})"


@dataclasses.dataclass
class Program:
    inputs: list  # InputSpec per argument x0, x1, ...
    lines: list  # "v3 = torch.add(x0, v2)"
    outputs: list  # value names returned, in order
    seed: int = 0  # input values
    bf16_inputs: bool = False  # float inputs rounded to bfloat16 (so eager and the device start equal)
    grad: bool = False  # float inputs require grad: the backward graph is compiled and its gradients compared

    def source(self) -> str:
        args = ", ".join(f"x{i}" for i in range(len(self.inputs)))
        body = [f"    {line}" for line in self.lines] + [f"    return ({', '.join(self.outputs)},)"]
        return "\n".join([f"def program({args}):", *body]) + "\n"

    def function(self):
        namespace = {"torch": torch, "F": F}
        exec(compile(self.source(), "<fuzz program>", "exec"), namespace)
        return namespace["program"]

    def make_inputs(self) -> list:
        return [make_input(spec, i, self.seed, self.bf16_inputs) for i, spec in enumerate(self.inputs)]


def make_input(spec: InputSpec, index: int, seed: int, bf16: bool) -> torch.Tensor:
    gen = torch.Generator().manual_seed(seed * 7919 + index)
    dtype = getattr(torch, spec.dtype)
    if spec.kind == "float":
        values = torch.randn(spec.shape, generator=gen) * (spec.bound or 1)
        return values.bfloat16().float() if bf16 else values
    if spec.kind == "int":
        return torch.randint(-INT_RANGE, INT_RANGE + 1, spec.shape, generator=gen, dtype=dtype)
    if spec.kind == "index":
        return torch.randint(0, max(spec.bound, 1), spec.shape, generator=gen, dtype=dtype)
    return torch.rand(spec.shape, generator=gen) < 0.5
