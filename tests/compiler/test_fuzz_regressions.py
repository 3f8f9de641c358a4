"""Programs the differential fuzzer (`torch-ttnn fuzz`, python/torch_ttnn/fuzz) found failing, as it shrank
them. A fixed defect keeps its case here so it stays fixed; one not fixed yet is listed in XFAIL with what was
seen (strict: a case that starts passing fails until its entry is removed). To add one: paste the Program
from the case file the fuzzer wrote, with the mode it ran in."""

import pytest
import ttnn
from torch_ttnn.fuzz import InputSpec, Program, check_program

INT32_SCALAR = InputSpec((), "int32", "int", 0)
CASES = {
    # masked_fill of an int tensor with -1.5: torch fills -1; ttnn.where refused the fraction.
    # Fixed in cpp/compiler/lowering/eltwise.cpp (masked_fill truncates the number like torch).
    "masked_fill-int-fraction": (
        "bfloat16",
        Program(
            inputs=[INT32_SCALAR, INT32_SCALAR],
            lines=["v1 = x0 + 2", "v4 = torch.lt(v1, x1)", "v9 = v1.masked_fill(v4, -1.5)"],
            outputs=["v9"],
            seed=2,
            bf16_inputs=True,
        ),
    ),
}
XFAIL: dict = {}  # case name -> what was seen (a defect not fixed yet)


def cases():
    for name in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", list(cases()))
def test_fuzz_regression(name, device):
    mode, program = CASES[name]
    check_program(program, getattr(ttnn, mode), device)
