"""`torch-ttnn profile MODEL`: the per-op time of one compiled model of the suite, next to eager."""

from torch_ttnn.cli import main
from torch_ttnn.report.profile import by_op


def test_profile_prints_compiled_and_eager_breakdowns(no_open_device, capsys):
    assert main(["profile", "Mnist (Eval)", "--size", "test", "--runs", "1", "--eager", "--top", "5"]) == 0
    out = capsys.readouterr().out
    assert "Mnist (Eval) (test): eager" in out
    for title in ("Compiled, by op", "Compiled, slowest instructions", "Eager, by aten op"):
        assert title in out
    assert "| conv2d |" in out and "aten::" in out


def test_profile_times_a_whole_training_step(no_open_device, capsys):
    # A training case is profiled as SGD steps: the backward graph's instructions show up next to the forward's.
    assert main(["profile", "Mnist (Train)", "--size", "test", "--runs", "1", "--top", "40"]) == 0
    out = capsys.readouterr().out
    assert "Mnist (Train) (test): eager" in out
    assert "| backward_" in out and "| forward_" in out
    assert "conv2d_backward_weight" in out


def test_by_op_sums_instructions_per_op_per_call():
    rows = [
        {"kind": "ttnn", "op": "matmul", "ns": 4_000_000, "calls": 2},
        {"kind": "ttnn", "op": "matmul", "ns": 2_000_000, "calls": 2},
        {"kind": "to_device", "op": "", "ns": 1_000_000, "calls": 2},
        {"kind": "host", "op": "aten.cumsum.default", "ns": 6_000_000, "calls": 2},
    ]
    assert by_op(rows) == [("matmul", 2, 3.0), ("host aten.cumsum.default", 1, 3.0), ("to_device", 1, 0.5)]
