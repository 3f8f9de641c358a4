"""The differential oracle: a program compiled through torch_ttnn.backend against eager PyTorch.

float32 mode (``TorchTtnnOption(dtype=ttnn.float32)``) must match eager to float32 rounding. bfloat16 mode
rounds every op output to bf16, so its tolerance is what bf16 explains: a few bf16 ulps of each value plus
twice the distance between eager float32 and eager PyTorch run in bfloat16 (which rounds every op output to
bf16 as the device does), so error carried down a chain of ops is allowed where PyTorch's own bf16 run shows
it. Integer and bool outputs must be equal. Inputs mutated in place must end equal too, and the device must
hold no memory once the compiled program is gone.
"""

from __future__ import annotations

import gc
import re

import torch
import ttnn

import torch_ttnn
from torch_ttnn.fuzz.program import Program

FLOAT32_TOL = (2e-5, 1e-5)  # rtol, atol (atol scales with the output's largest magnitude)
BF16_TOL = (2.0**-7, 2.0**-7)


class FuzzFailure(AssertionError):
    """The compiled program differs from eager; ``signature`` names the kind of failure for deduplication."""

    def __init__(self, signature: str, message: str):
        super().__init__(f"{signature}\n{message}")
        self.signature, self.message = signature, message


def signature_of_error(error: BaseException) -> str:
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    first = re.sub(r"0x[0-9a-f]+", "A", first)
    first = re.sub(r"\d+", "N", first)[:160]
    return f"error: {type(error).__name__}: {first}"


def run(fn, inputs: list, grad: bool = False):
    """Outputs, the inputs after the call (mutated in place), and with ``grad`` each input's gradient of a
    fixed weighted sum of the float outputs (through the backward graph when ``fn`` is compiled)."""
    args = [t.clone().requires_grad_(grad and t.is_floating_point()) for t in inputs]
    with torch.set_grad_enabled(grad):
        outs = fn(*args)
        grads = []
        if grad:
            floats = [o for o in outs if o.requires_grad]
            if floats:
                sum(_weighted(o, i) for i, o in enumerate(floats)).backward()
            grads = [a.grad for a in args]
    return [o.detach().clone() for o in outs], [a.detach() for a in args], grads


def _weighted(output: torch.Tensor, index: int) -> torch.Tensor:
    weights = torch.randn(output.shape, generator=torch.Generator().manual_seed(index))
    return (output * weights.to(output.dtype)).sum()


def run_compiled(fn, inputs: list, device, dtype, backend=None, grad: bool = False):
    """``run`` of fn compiled with torch_ttnn.backend (the option is released after), or with ``backend``
    (the aot_eager control)."""
    option = None if backend else torch_ttnn.TorchTtnnOption(device=device, dtype=dtype, verify=True)
    compiled = torch.compile(
        fn, backend=backend or torch_ttnn.backend, options=None if backend else option, fullgraph=True, dynamic=False
    )
    try:
        return run(compiled, inputs, grad)
    finally:
        if option is not None:
            option.release()
        del compiled
        torch._dynamo.reset()


def emulate_bf16(fn, inputs: list, grad: bool):
    """Eager PyTorch with bfloat16 float inputs: each op output rounds to bf16. Outputs and gradients back in
    float32; None where an op has no bf16 kernel."""
    try:
        outs, _, grads = run(fn, [t.bfloat16() if t.is_floating_point() else t for t in inputs], grad)
    except Exception:
        return None
    return [t.float() if t is not None and t.is_floating_point() else t for t in outs + grads]


def compare(name: str, actual: torch.Tensor, expected: torch.Tensor, emulated, bf16: bool) -> str | None:
    """What is wrong with one output (or gradient: None where the input got none), or None."""
    if actual is None or expected is None:
        return None if actual is None and expected is None else f"{name}: expected {expected}, got {actual}"
    if actual.shape != expected.shape or actual.dtype != expected.dtype:
        return f"{name}: expected {expected.dtype}{list(expected.shape)}, got {actual.dtype}{list(actual.shape)}"
    if not expected.is_floating_point():
        if torch.equal(actual, expected):
            return None
        where = (actual != expected).nonzero()[0].tolist()
        return f"{name}: differs at {where}: expected {expected[tuple(where)]}, got {actual[tuple(where)]}"
    if expected.numel() == 0:
        return None
    rtol, atol = BF16_TOL if bf16 else FLOAT32_TOL
    ref, got = expected.double(), actual.double()
    allowed = atol * max(1.0, float(ref.abs().max())) + rtol * ref.abs()
    if emulated is not None and emulated.shape == ref.shape:
        allowed = allowed + 2 * (emulated.double() - ref).abs().nan_to_num(0.0)
    finite = torch.isfinite(ref)
    allowed = torch.where(finite, allowed, torch.zeros_like(allowed)).nan_to_num(0.0)
    bad = ~((got - ref).abs() <= allowed) & ~(got.isnan() & ref.isnan()) & ~(got == ref)
    if not bad.any():
        return None
    where = bad.nonzero()[0].tolist()
    err = float(((got - ref).abs() - allowed)[bad].max())
    return (
        f"{name}: {int(bad.sum())} of {ref.numel()} values beyond tolerance (worst excess {err:.3g}); first at "
        f"{where}: expected {float(ref[tuple(where)]):.6g}, got {float(got[tuple(where)]):.6g}"
    )


def check_program(program: Program, dtype, device, fn=None) -> None:
    """Raises FuzzFailure when the compiled program differs from eager, errors, or leaves device memory."""
    fn = fn or program.function()
    bf16 = dtype != ttnn.float32
    inputs = program.make_inputs()
    expected = run(fn, inputs, program.grad)
    gc.collect()  # what an earlier program left to the collector is not this one's
    baseline = device.memory_stats()["DRAM"]["in_use"]
    try:
        actual = run_compiled(fn, inputs, device, dtype, grad=program.grad)
    except Exception as error:
        raise FuzzFailure(signature_of_error(error), f"{type(error).__name__}: {error}") from error
    emulated = emulate_bf16(fn, inputs, program.grad) if bf16 else None
    names = [f"output {i}" for i in range(len(expected[0]))] + [f"gradient of x{i}" for i in range(len(expected[2]))]
    problems = [
        compare(name, a, e, emulated[i] if emulated else None, bf16)
        for i, (name, a, e) in enumerate(zip(names, actual[0] + actual[2], expected[0] + expected[2], strict=True))
    ]
    problems += [
        compare(f"input x{i} after the call", a, e, None, bf16)
        for i, (a, e) in enumerate(zip(actual[1], expected[1], strict=True))
    ]
    problems = [p for p in problems if p]
    if problems:
        raise FuzzFailure("mismatch: " + _mismatch_key(program, problems[0]), "\n".join(problems))
    gc.collect()
    left = device.memory_stats()["DRAM"]["in_use"] - baseline
    if left > 0:
        raise FuzzFailure("leak: device memory", f"{left} bytes of device memory held after the program was freed")


def _mismatch_key(program: Program, problem: str) -> str:
    """Which output kind differs and the ops of the line that made it: same key, likely the same defect."""
    name, detail = problem.split(": ", 1)
    if name.startswith("input"):
        return "input mutated in place"
    if name.startswith("gradient"):
        return "gradient"
    target = program.outputs[int(name.split()[-1])]
    line = next((ln for ln in program.lines if target in ln.split(" = ")[0].split(", ")), "")
    calls = sorted(set(re.findall(r"(\w+)\(", line.split(" = ", 1)[-1]))) or ["input"]
    kind = "shape/dtype" if detail.startswith("expected") else "values"
    return f"{kind} of {'+'.join(calls)}"
