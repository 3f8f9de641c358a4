"""The runtime of a compiled graph: parameter weights are read as stored (no per-call transpose) and packed
into GEMM panels once per upload, and TorchTtnnOption(profile=True) times every instruction."""

import torch
from ttnn import _ttnn

from tests.compiler.conftest import check, compile_fn


def mlp():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(48, 96), torch.nn.GELU(), torch.nn.Linear(96, 40, bias=False)).eval()


def test_linear_weights_are_read_transposed_and_packed_once(device):
    model, x = mlp(), torch.randn(5, 48)
    compiled, option = compile_fn(model, device)
    packed_before = _ttnn._prepared_weight_count()
    try:
        with torch.no_grad():
            for _ in range(3):
                check(compiled(x), model(x))
        (m,) = option.metrics()
        assert m["fusions"].get("matmul_transpose_b") == 2, m["fusions"]
        # nn.Linear's [out, in] weights reach the GEMM as stored: no transpose runs on the device.
        assert "transpose" not in m["program_ops"] and "permute" not in m["program_ops"], m["program_ops"]
        assert _ttnn._prepared_weight_count() == packed_before + 2
        assert m["runtime"]["param_uploads"] == 3  # two weights and one bias, on the first call only
    finally:
        option.release()
    assert _ttnn._prepared_weight_count() == packed_before  # released weights drop their packed copies


def test_conv_weights_are_prepared_once(device):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(8, 4, 1)).eval()
    x = torch.randn(1, 3, 10, 9)
    compiled, option = compile_fn(model, device)
    before = _ttnn._prepared_conv_weight_count()
    try:
        with torch.no_grad():
            for _ in range(2):
                check(compiled(x), model(x))
        assert _ttnn._prepared_conv_weight_count() == before + 2
    finally:
        option.release()
    assert _ttnn._prepared_conv_weight_count() == before


def test_updated_weight_is_repacked(device):
    model, x = mlp(), torch.randn(5, 48)
    compiled, option = compile_fn(model, device)
    try:
        with torch.no_grad():
            compiled(x)
            model[0].weight.mul_(-1.0)  # a new version: uploaded and packed again
            check(compiled(x), model(x))
    finally:
        option.release()


def profile_of_mlp(device, calls: int, **option_fields) -> list[dict]:
    model, x = mlp(), torch.randn(5, 48)
    compiled, option = compile_fn(model, device, **option_fields)
    try:
        with torch.no_grad():
            for _ in range(calls):
                compiled(x)
        return option.profile_rows()
    finally:
        option.release()


def test_profile_times_every_instruction(device):
    rows = profile_of_mlp(device, 2, profile=True)
    assert rows and all(r["calls"] == 2 and r["graph"] == "inference_0" for r in rows)
    ops = {r["op"] for r in rows if r["kind"] == "ttnn"}
    assert {"linear", "matmul"} <= ops, ops  # the MLP's exact gelu runs in the first linear's epilogue
    assert sum(r["ns"] for r in rows) > 0
    assert {r["kind"] for r in rows} >= {"to_device", "from_device"}


def test_profile_is_off_by_default(device):
    assert profile_of_mlp(device, 1) == []


class ScaledLinear(torch.nn.Module):
    """A weight computed from parameters on every call (weight * scale): the runtime keeps the product."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.weight = torch.nn.Parameter(torch.randn(24, 40))
        self.scale = torch.nn.Parameter(torch.rand(24, 1) + 0.5)

    def forward(self, x):
        return torch.nn.functional.linear(x, self.weight * self.scale)


def test_values_derived_from_parameters_are_kept_until_a_parameter_changes(device):
    model, x = ScaledLinear().eval(), torch.randn(6, 40)
    compiled, option = compile_fn(model, device)
    try:
        with torch.no_grad():
            check(compiled(x), model(x))
            check(compiled(x), model(x))
            runtime = option.metrics()[0]["runtime"]
            assert runtime["derived_hits"] >= 1, runtime  # the product ran once, then was reused
            hits = runtime["derived_hits"]
            model.scale.mul_(-2.0)  # a new version: the product is computed again
            check(compiled(x), model(x))
            assert option.metrics()[0]["runtime"]["derived_hits"] == hits
    finally:
        option.release()
    # release() frees the derived values with the parameters, while the compiled program lives on.
    assert device.memory_stats()["DRAM"]["in_use"] == 0
