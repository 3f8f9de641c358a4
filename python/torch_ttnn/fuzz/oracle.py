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


def run_eager(fn, inputs: list):
    args = [t.clone() for t in inputs]
    with torch.no_grad():
        outs = fn(*args)
    return [o.clone() for o in outs], args


def run_compiled(fn, inputs: list, device, dtype, backend=None):
    """Outputs and inputs after the call (mutated in place), from a compiled run; the option is released.
    ``backend`` another torch.compile backend instead (the aot_eager control)."""
    option = None if backend else torch_ttnn.TorchTtnnOption(device=device, dtype=dtype, verify=True)
    compiled = torch.compile(
        fn, backend=backend or torch_ttnn.backend, options=None if backend else option, fullgraph=True, dynamic=False
    )
    args = [t.clone() for t in inputs]
    try:
        with torch.no_grad():
            outs = compiled(*args)
        return [o.clone() for o in outs], args
    finally:
        if option is not None:
            option.release()
        del compiled
        torch._dynamo.reset()


def emulate_bf16(fn, inputs: list):
    """Eager PyTorch with bfloat16 float inputs: each op output rounds to bf16; None where an op lacks bf16."""
    try:
        outs, _ = run_eager(fn, [t.bfloat16() if t.is_floating_point() else t for t in inputs])
        return [o.float() if o.is_floating_point() else o for o in outs]
    except Exception:
        return None


def compare(name: str, actual: torch.Tensor, expected: torch.Tensor, emulated, bf16: bool) -> str | None:
    """What is wrong with one output, or None."""
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
        allowed = allowed + 2 * (emulated.double() - ref).abs()
    bad = ~((got - ref).abs() <= allowed) & ~(got.isnan() & ref.isnan())
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
    expected, expected_args = run_eager(fn, inputs)
    baseline = device.memory_stats()["DRAM"]["in_use"]
    try:
        actual, actual_args = run_compiled(fn, inputs, device, dtype)
    except Exception as error:
        raise FuzzFailure(signature_of_error(error), f"{type(error).__name__}: {error}") from error
    emulated = emulate_bf16(fn, inputs) if bf16 else None
    problems = []
    for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
        problem = compare(f"output {i}", a, e, emulated[i] if emulated else None, bf16)
        if problem:
            problems.append(problem)
    for i, (a, e) in enumerate(zip(actual_args, expected_args, strict=True)):
        problem = compare(f"input x{i} after the call", a, e, None, bf16)
        if problem:
            problems.append(problem)
    if problems:
        raise FuzzFailure("mismatch: " + _mismatch_key(program, problems[0]), "\n".join(problems))
    gc.collect()
    left = device.memory_stats()["DRAM"]["in_use"] - baseline
    if left:
        raise FuzzFailure("leak: device memory", f"{left} bytes of device memory held after the program was freed")


def _mismatch_key(program: Program, problem: str) -> str:
    """Which output kind differs and the ops of the line that made it: same key, likely the same defect."""
    name, detail = problem.split(": ", 1)
    if name.startswith("input"):
        return "input mutated in place"
    target = program.outputs[int(name.split()[-1])]
    line = next((ln for ln in program.lines if target in ln.split(" = ")[0].split(", ")), "")
    calls = sorted(set(re.findall(r"(\w+)\(", line.split(" = ", 1)[-1]))) or ["input"]
    kind = "shape/dtype" if detail.startswith("expected") else "values"
    return f"{kind} of {'+'.join(calls)}"
