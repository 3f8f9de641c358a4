"""The numeric options of TorchTtnnOption: `dtype=ttnn.bfloat8_b` (matmul weights in TT's block float, the
rest bfloat16) and `math_fidelity` (the compute config of matmul-like ops). Each is checked where it acts (the
placed graph and the emitted program, as `verbose` prints them) and by what it does to the numbers."""

import re

import pytest
import torch
import ttnn

from tests.compiler.conftest import check, compile_fn, pcc


def mlp():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(256, 96), torch.nn.ReLU(), torch.nn.Linear(96, 32)).eval()


def run(model, x, device, **fields):
    compiled, option = compile_fn(model, device, verbose=True, **fields)
    try:
        with torch.no_grad():
            return compiled(x), option.metrics()[-1]
    finally:
        option.release()


def section(text: str, title: str) -> str:
    """One block of the verbose output: the graph after a pass, or the program."""
    return text.split(f"inference_0 {title}\n", 1)[1].split("\n---", 1)[0]


def value_forms(graph: str) -> dict:
    """%id -> its device form ("TILE,bfloat8_b") in a printed placed graph."""
    return dict(re.findall(r"(%\d+): \w+\[[\d, ]*\] dev\(([\w,]+)\)", graph))


def products(graph: str) -> list[str]:
    return [line for line in graph.splitlines() if re.search(r"ttnn (linear|matmul)\(", line)]


def test_bfloat8_b_keeps_matmul_weights_in_block_float(device, capsys):
    model, x = mlp(), torch.randn(8, 256)
    bf8, m = run(model, x, device, dtype=ttnn.bfloat8_b)
    placed = section(capsys.readouterr().out, "after place")
    forms, lines = value_forms(placed), products(placed)
    assert len(lines) == 2 and m["ops_remaining"] == {}, placed
    for line in lines:
        weight = re.search(r"input_tensor_b=(%\d+)", line).group(1)
        activation = re.search(r"input_tensor_a=(%\d+)", line).group(1)
        assert forms[weight] == "TILE,bfloat8_b", line
        assert forms[activation] == "TILE,bfloat16", line
    bf16, _ = run(model, x, device)
    with torch.no_grad():
        expected = model(x)
    # bfloat8_b keeps 7 mantissa bits per value with one exponent per 16: within a few percent of eager.
    check(bf8, expected, {"atol": 6e-2, "rtol": 6e-2}, min_pcc=0.999)
    assert not torch.equal(bf8, bf16), "bfloat8_b weights must change the result (they did not reach the matmul)"
    assert (bf8 - expected).abs().max() > (bf16 - expected).abs().max()


def test_math_fidelity_reaches_the_matmul_and_lofi_is_less_accurate(device, capsys):
    model, x = mlp(), torch.randn(16, 256)
    with torch.no_grad():
        reference = model.double()(x.double()).float()
        model.float()
    errors, outs = {}, {}
    for fidelity in (ttnn.MathFidelity.LoFi, ttnn.MathFidelity.HiFi4):
        out, m = run(model, x, device, math_fidelity=fidelity)
        program = section(capsys.readouterr().out, "program")
        lines = products(program)
        assert len(lines) == 2 and m["ops_remaining"] == {}, program
        name = str(fidelity).rsplit(".", 1)[-1]
        assert all(f"<compute {name}>" in line for line in lines), lines
        errors[name], outs[name] = (out - reference).abs().mean().item(), out
        assert pcc(out, reference) >= 0.999
    # LoFi drops the low mantissa bits of both operands in the product (TT's single pass): larger error than
    # HiFi4, which is exact for bfloat16 inputs, but still close to the reference.
    assert errors["LoFi"] > 1.5 * errors["HiFi4"], errors
    check(outs["LoFi"], reference, {"atol": 0.1, "rtol": 0.1})


def test_compile_options_cross_into_cpp_by_name(device):
    options = ttnn._ttnn.compiler.CompileOptions(device=device, math_fidelity=ttnn.MathFidelity.LoFi)
    assert options.compute_dtype == ttnn.bfloat16 and options.allow_fallback and not options.verify
    assert options.math_fidelity == ttnn.MathFidelity.LoFi
    with pytest.raises(TypeError):  # keywords only: eight positional flags were easy to swap
        ttnn._ttnn.compiler.CompileOptions(device, ttnn.float32)
