"""CI's slice of the differential fuzzer: a fixed seed and a fixed number of random programs, each compiled
through torch_ttnn.backend in float32 and bfloat16 mode and compared with eager (python/torch_ttnn/fuzz). A
new failure fails the test with the shrunk program; add it to test_fuzz_regressions.py (fixed, or as an
xfail with its reason). The long run is a user command: `torch-ttnn fuzz --minutes 60 --seed 1`."""

import warnings

from torch_ttnn.fuzz import command, runner
from torch_ttnn.fuzz.generate import Draw, draw_program

PROGRAMS = 60  # both modes together; about a minute on 2 cores
SECONDS = 110  # a cap on slow machines: CI's budget for the slice is two minutes
# Defects kept as xfail cases in test_fuzz_regressions.py, by the signature the fuzzer gives them.
KNOWN: set = set()


def test_fixed_seed_slice_finds_no_new_failure(device):
    warnings.filterwarnings("ignore")
    modes = ("float32", "bfloat16")
    stats = runner.fuzz(SECONDS, seed=0, modes=modes, device=device, max_programs=PROGRAMS, known=KNOWN)
    assert sum(stats.programs.values()) >= PROGRAMS, stats.programs
    assert not stats.failures, command.report(stats, ["(not written)"] * len(stats.failures), 0, 0)


def test_programs_are_valid_and_varied():
    """The generator draws programs eager PyTorch runs, over many ops, with several inputs and outputs."""
    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis import strategies as st

    programs = []

    @seed(3)
    @settings(max_examples=60, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def draw(data):
        programs.append(draw_program(Draw(data), bf16=False))

    draw()
    for program in programs:
        program.function()(*program.make_inputs())
    lines = [line for p in programs for line in p.lines]
    assert len({line.split(" = ", 1)[1].split("(")[0] for line in lines}) > 30
    assert any(len(p.outputs) > 1 for p in programs) and any(len(p.inputs) > 2 for p in programs)
