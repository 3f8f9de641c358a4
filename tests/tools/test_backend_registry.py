"""`torch.compile(model, backend="ttnn", options=...)` through torch's backend registry (the
torch_dynamo_backends entry point), with options as a dict or a TorchTtnnOption."""

import textwrap

import pytest
import torch
import ttnn
from torch_ttnn import TorchTtnnOption
from torch_ttnn.dynamo_backend import make_option, option_for, ttnn_backend

from tests.tools.installed import entry_points, run_python

SCRIPT = """
import torch, torch_ttnn
from torch_ttnn.dynamo_backend import option_for

assert "ttnn" in torch._dynamo.list_backends()
model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.GELU(), torch.nn.Linear(16, 4)).eval()
x = torch.randn(3, 8)
options = {"dtype": "float32", "math_fidelity": "HiFi4"}
with torch.no_grad():
    out = torch.compile(model, backend="ttnn", options=options)(x)
    torch.testing.assert_close(out, model(x), rtol=1e-4, atol=1e-4)
    metrics = option_for(options).metrics()
    print("graphs", len(metrics), "host", sum(len(m["ops_remaining"]) for m in metrics))
    option = torch_ttnn.TorchTtnnOption()
    torch._dynamo.reset()
    bf16 = torch.compile(model, backend="ttnn", options=option)(x)
    print("bf16 close", torch.allclose(bf16, model(x), rtol=3e-2, atol=3e-2), option.device is not None)
"""


def test_pyproject_declares_the_backend_and_the_plugin():
    points = entry_points()
    assert points["torch_dynamo_backends"] == {"ttnn": "torch_ttnn.dynamo_backend:ttnn_backend"}
    assert points["pytest11"] == {"torch_ttnn.pytest_plugin": "torch_ttnn.pytest_plugin"}


def test_backend_by_name_from_an_installed_package(tmp_path):
    result = run_python(["-c", textwrap.dedent(SCRIPT)], tmp_path / "site", tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "graphs 1 host 0" in result.stdout and "bf16 close True True" in result.stdout


def test_dict_options_share_one_option_per_compile(device):
    options = {"device": device, "dtype": "float32"}
    model = torch.nn.Linear(4, 2)
    with torch.no_grad():
        torch._dynamo.reset()
        out = torch.compile(model, backend=ttnn_backend, options=options)(torch.ones(2, 4))
        torch.testing.assert_close(out, model(torch.ones(2, 4)), rtol=1e-5, atol=1e-5)
    option = option_for(options)
    assert option is option_for(options) and option.dtype == ttnn.float32 and len(option.metrics()) == 1
    option.release()
    torch._dynamo.reset()


def test_options_are_checked_by_name():
    with pytest.raises(ValueError, match=r"unknown option\(s\) \['dtipe'\]"):
        make_option({"dtipe": "float32", "device": object()})
    with pytest.raises(ValueError, match="unknown dtype 'float8'"):
        make_option({"dtype": "float8", "device": object()})
    with pytest.raises(TypeError, match="options must be a dict or TorchTtnnOption"):
        make_option(["float32"])
    option = TorchTtnnOption(device="given")
    assert make_option(option) is option and make_option({"math_fidelity": "lofi", "device": 1}).math_fidelity == (
        ttnn.MathFidelity.LoFi
    )
