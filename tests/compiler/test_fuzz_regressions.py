"""Programs the differential fuzzer (`torch-ttnn fuzz`, python/torch_ttnn/fuzz) found failing, as it shrank
them. A fixed defect keeps its case here so it stays fixed; one not fixed yet is listed in XFAIL with what was
seen (strict: a case that starts passing fails until its entry is removed). To add one: paste the Program
from the case file the fuzzer wrote, with the mode it ran in."""

import pytest
import ttnn
from torch_ttnn.fuzz import InputSpec, Program, check_program

INT32_SCALAR = InputSpec((), "int32", "int", 0)
INT = InputSpec((7, 33), "int64", "int", 0)
FLOAT = InputSpec((7, 33), "float32", "float", 3)
BOOL = InputSpec((7, 33), "bool", "bool", 0)


def program(inputs, lines, outputs, mode="float32"):
    return mode, Program(inputs, lines, outputs, seed=1, bf16_inputs=mode == "bfloat16")


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
    # The four below were found by the fuzzer's oracle on hand-written programs (the grammar then learnt their
    # forms: int ops with fractional numbers, int/float mixes, negative indices), each fixed in the lowering.
    # int.clamp(-2.5, 3.5) is float: the clamp ran in integers (cpp/compiler/lowering/eltwise.cpp clamp's to_float).
    "clamp-int-fractional-bounds": program([INT], ["v1 = x0.clamp(-2.5, 3.5)"], ["v1"]),
    # where(c, int, float) is float: ttnn.where refused the mix (eltwise.cpp where's to_float).
    "where-int-float": program([BOOL, INT, FLOAT], ["v1 = torch.where(x0, x1, x2)"], ["v1"], "bfloat16"),
    # 2.5 - int tensor is float: ttnn.rsub refused the fraction (the rules' to_float, eltwise.cpp; pow the same).
    "rsub-int-fraction": program([INT], ["v1 = torch.rsub(x0, 2.5)", "v2 = x0 ** 0.5"], ["v1", "v2"]),
    # rsub(float, int tensor) cast only self, and ttnn.rsub refused the mix: the rule's to_float names both.
    "rsub-tensor-int-other": program([FLOAT, INT], ["v1 = torch.rsub(x0, x1)"], ["v1"], "bfloat16"),
    # int > 1.5 compares in float: ttnn.gt refused the fraction with an int tensor (rule_flags.cpp: a number
    # with a fraction among a rule's to_float operands promotes them).
    "compare-int-fraction": program([INT], ["v1 = x0 > 1.5", "v2 = x0 != 0.5"], ["v1", "v2"]),
    # x[idx - 7] counts from the end: ttnn.embedding refused the negative index (indexing.cpp: ttnn.index).
    "index-negative": program([FLOAT, InputSpec((5,), "int64", "index", 7)], ["v1 = x0[x1 - 7]"], ["v1"], "bfloat16"),
    # Training a layer norm without weight and bias: ttnn.layer_norm_backward returns the (unread) weight and
    # bias gradients in the normalized shape where aten's outputs are empty; the run failed "returned shape
    # [45]; expected [0]". Fixed in cpp/compiler/lowering/training.cpp (the op's values take its shape).
    "layer-norm-backward-no-affine": (
        "float32",
        Program([InputSpec((45,), "float32", "float", 1)], ["v1 = F.layer_norm(x0, [45])"], ["v1"], grad=True),
    ),
    # A fully masked softmax row filled with float32's lowest: bfloat16 cannot hold it, the fill became -inf
    # and the row NaN where eager gives 1/4.
    "masked-softmax-finfo-min-bf16": program(
        [InputSpec((3, 3, 3, 96), "float32", "float", 1), InputSpec((1, 1, 1, 96), "bool", "bool", 0)],
        [
            "v1 = x0[2:]",
            "v5 = torch.cat([x0, v1], 0)",
            "v12 = F.softmax(v5.masked_fill(x1, -3.4028234663852886e38), -4)",
        ],
        ["v12"],
        "bfloat16",
    ),
}
# case name -> what was seen (a defect not fixed on this branch)
XFAIL: dict = {}


def cases():
    for name in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", list(cases()))
def test_fuzz_regression(name, device):
    mode, program = CASES[name]
    check_program(program, getattr(ttnn, mode), device)
