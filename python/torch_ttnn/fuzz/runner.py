"""``torch-ttnn fuzz``: draws programs for a time budget, checks each, shrinks each new failure and writes it
out as a pytest case.

hypothesis draws the programs (``generate.draw_program``) in runs of a few dozen examples, each run seeded
from the user's seed; the first failure of a run is shrunk by hypothesis (only toward the same kind of
failure, so shrinking never wanders onto another defect) and written out. A failure whose kind was already
found, or that the same program also shows compiled with PyTorch's own ``aot_eager`` backend (a PyTorch
defect, not ours), is counted and not chased again.
"""

from __future__ import annotations

import collections
import hashlib
import os
import time

import torch
import ttnn
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from torch_ttnn.fuzz.generate import Draw, draw_program
from torch_ttnn.fuzz.oracle import FuzzFailure, check_program, compare, run, run_compiled
from torch_ttnn.fuzz.program import Program

MODES = {"float32": ttnn.float32, "bfloat16": ttnn.bfloat16}
PROGRAMS_PER_RUN = 40


class Stats:
    def __init__(self, known=()):
        self.known = set(known)  # signatures of defects already filed (an xfail regression case): not chased
        self.programs = collections.Counter()  # mode -> programs checked
        self.failures: dict = {}  # signature -> (mode, Program, message)
        self.repeats = collections.Counter()  # signature -> times found again
        self.torch_side = collections.Counter()  # signature -> also fails under aot_eager
        self.torch_side_programs: dict = {}  # signature -> the first such program


def fails_under_aot_eager(program: Program) -> bool:
    fn = program.function()
    inputs = program.make_inputs()
    try:
        expected = run(fn, inputs, program.grad)
        actual = run_compiled(fn, inputs, None, None, backend="aot_eager", grad=program.grad)
    except Exception:
        return True
    pairs = zip(actual[0] + actual[2], expected[0] + expected[2], strict=True)
    return any(compare("", a, e, None, True) for a, e in pairs)


def hunt(run_seed: int, mode: str, device, stats: Stats, max_lines: int, examples: int = PROGRAMS_PER_RUN) -> None:
    """One hypothesis run of ``examples`` programs; records the shrunk first new failure."""
    dtype, chased = MODES[mode], {}

    @hypothesis_seed(run_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        report_multiple_bugs=False,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @given(st.data())
    def one_program(data):
        program = draw_program(Draw(data), bf16=mode != "float32", max_lines=max_lines)
        stats.programs[mode] += 1
        try:
            check_program(program, dtype, device)
        except FuzzFailure as failure:
            kind = failure.signature.split(":")[0]
            if "signature" not in chased:
                known = failure.signature in stats.failures or failure.signature in stats.known
                if known or fails_under_aot_eager(program):
                    (stats.repeats if known else stats.torch_side)[failure.signature] += 1
                    if not known:
                        stats.torch_side_programs.setdefault(failure.signature, program)
                    return
                chased["signature"] = kind
            elif kind != chased["signature"]:
                return  # another defect: not this shrink's
            chased["last"] = (program, failure)
            raise

    try:
        one_program()
    except Exception as error:
        if "last" not in chased:
            raise
        program, failure = chased["last"]
        if failure.signature in stats.failures:
            stats.repeats[failure.signature] += 1
        else:
            stats.failures[failure.signature] = (mode, program, failure.message)
            if not isinstance(error, FuzzFailure):  # hypothesis' Flaky: the failure did not replay
                stats.failures[failure.signature] += (f"did not replay: {error}",)


def digest(program: Program) -> str:
    return hashlib.sha1(program.source().encode()).hexdigest()[:10]


def case_text(signature: str, mode: str, program: Program, message: str) -> str:
    quoted = "\n".join(f"#   {line}" for line in message.splitlines()[:6])
    return f'''"""Found by `torch-ttnn fuzz` ({mode} mode); shrunk by hypothesis.

{signature}
"""

import torch
import torch.nn.functional as F  # noqa: F401 (the program may call it)
import ttnn

from torch_ttnn.fuzz import InputSpec, Program, check_program

# What the fuzzer saw:
{quoted}
PROGRAM = Program(
    inputs={program.inputs!r},
    lines={program.lines!r},
    outputs={program.outputs!r},
    seed={program.seed},
    bf16_inputs={program.bf16_inputs},
    grad={program.grad},
)
# {program.source().replace(chr(10), chr(10) + "# ").rstrip("# ").rstrip()}


def test_fuzz_{digest(program)}(device):
    check_program(PROGRAM, ttnn.{mode}, device)
'''


def write_cases(stats: Stats, out_dir: str) -> list[str]:
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for signature, (mode, program, message, *_) in stats.failures.items():
        path = os.path.join(out_dir, f"test_fuzz_{digest(program)}.py")
        with open(path, "w") as f:
            f.write(case_text(signature, mode, program, message))
        paths.append(path)
    return paths


def fuzz(seconds: float, seed: int, modes, device, max_lines: int = 8, max_programs: int = 0, known=()) -> Stats:
    """Checks programs until the time (or program count) is spent; returns what was found. ``known``:
    failure signatures not to chase (defects already kept as xfail cases)."""
    stats, deadline, run = Stats(known), time.monotonic() + seconds, 0
    torch.manual_seed(seed)
    per_run = min(PROGRAMS_PER_RUN, max(1, max_programs // len(modes))) if max_programs else PROGRAMS_PER_RUN
    while time.monotonic() < deadline:
        for mode in modes:
            hunt(seed * 100_003 + run, mode, device, stats, max_lines, per_run)
        run += 1
        if max_programs and sum(stats.programs.values()) >= max_programs:
            break
    return stats
