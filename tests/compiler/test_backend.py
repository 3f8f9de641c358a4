"""The backend end to end: the quickstart, every TorchTtnnOption field, host fallback, whole-graph eager
fallback, parameter caching and device memory. These hold whichever ttnn ops are registered: with an op
missing its node runs on the host, and the assertions here are about the flow, not the op set."""

import gc
import json
import warnings

import pytest
import torch
import torch_ttnn
import ttnn

from tests.compiler.conftest import check, compile_fn


def tiny_mlp():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))


def test_quickstart_inference_and_training_step(device):
    # The seed's quickstart, as README shows it.
    module = tiny_mlp()
    reference = tiny_mlp()
    input_data = torch.randn(3, 4)
    option = torch_ttnn.TorchTtnnOption(device=device)
    module = torch.compile(module, backend=torch_ttnn.backend, options=option)
    with torch.no_grad():
        out = module(input_data)  # inference
    check(out, reference(input_data).detach())

    optimizer = torch.optim.SGD(module.parameters(), lr=0.1)
    ref_optimizer = torch.optim.SGD(reference.parameters(), lr=0.1)
    loss = module(input_data).square().sum()
    loss.backward()
    optimizer.step()  # training: forward and backward graphs both compiled
    ref_loss = reference(input_data).square().sum()
    ref_loss.backward()
    ref_optimizer.step()
    check(loss.detach(), ref_loss.detach(), min_pcc=0)
    for p, r in zip(module.parameters(), reference.parameters(), strict=True):
        check(p.detach(), r.detach())
    graphs = [m["graph"] for m in option.metrics()]
    assert any(g.startswith("forward") for g in graphs) and any(g.startswith("backward") for g in graphs)
    for m in option.metrics():
        assert set(m) >= {"graph", "ops_before", "ops_remaining", "transfers_per_call", "fusions", "peak_device_bytes"}
    option.release()


def test_parameters_uploaded_once_and_again_after_optimizer_step(device):
    module = tiny_mlp()
    compiled, option = compile_fn(module, device)
    x = torch.randn(3, 4)
    with torch.no_grad():
        for _ in range(3):
            compiled(x)
    runtime = option.metrics()[0]["runtime"]
    uploaded = runtime["param_uploads"]
    assert uploaded <= 4 and runtime["param_hits"] == 2 * uploaded  # first call uploads, the next two reuse
    with torch.no_grad():
        for p in module.parameters():
            p.add_(1.0)  # what optimizer.step() does: bumps each parameter's version
        out = compiled(x)
    assert option.metrics()[0]["runtime"]["param_uploads"] == 2 * uploaded
    check(out, module(x).detach())
    option.release()


def test_device_memory_returns_to_zero_after_release(device):
    compiled, option = compile_fn(tiny_mlp(), device)
    with torch.no_grad():
        compiled(torch.randn(3, 4))
    option.release()
    gc.collect()
    assert device.memory_stats()["DRAM"]["in_use"] == 0


def test_host_fallback_is_correct_and_counted(device):
    # cumprod has no lowering rule: it runs in PyTorch through the host callback.
    def fn(x):
        return torch.cumprod(x, dim=1) + 1

    compiled, option = compile_fn(fn, device)
    x = torch.rand(3, 5) + 0.5
    check(compiled(x), fn(x))
    m = option.metrics()[0]
    assert m["ops_remaining"]["aten.cumprod.default"] == 1
    assert any(k.startswith("aten.cumprod.default(f32[3, 5]") for k in m["host_variations"])
    assert m["runtime"]["host_calls"] >= 1


def test_fallback_error_names_the_op(device):
    compiled, _ = compile_fn(lambda x: torch.cumprod(x, dim=0), device, fallback="error")
    with pytest.raises(Exception, match=r"aten\.cumprod\.default.*would run on the host"):
        compiled(torch.rand(4))


def test_errors_keep_node_context(device):
    # x[idx] lowers to a device op when ttnn.index is registered, else runs on the host; an out-of-range
    # index fails either way, and the error names the graph node it came from.
    def fn(x, idx):
        return torch.cumprod(x, 0)[idx]

    compiled, _ = compile_fn(fn, device)
    with pytest.raises(Exception, match=r"node \d+ \(.*\) failed"):
        compiled(torch.rand(4), torch.tensor([7]))


def _data_dependent(x):
    # With dynamic output shapes captured, nonzero's length is a size no call argument gives.
    return torch.nonzero(x > 0).float() * 2


def test_uncompilable_graph_runs_in_eager_with_one_warning(device):
    option = torch_ttnn.TorchTtnnOption(device=device)
    compiled = torch.compile(_data_dependent, backend=torch_ttnn.backend, options=option, dynamic=False)
    capture = torch._dynamo.config.patch(capture_dynamic_output_shape_ops=True)
    with capture, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        x = torch.randn(6)
        out = compiled(x)
    torch.testing.assert_close(out, _data_dependent(x))
    messages = [str(w.message) for w in caught if "torch_ttnn" in str(w.message)]
    assert len(messages) == 1 and "do not determine" in messages[0], messages
    assert option.metrics()[0]["eager_fallback"]


def test_uncompilable_graph_raises_with_fallback_error(device):
    option = torch_ttnn.TorchTtnnOption(device=device, fallback="error")
    compiled = torch.compile(_data_dependent, backend=torch_ttnn.backend, options=option, dynamic=False)
    capture = torch._dynamo.config.patch(capture_dynamic_output_shape_ops=True)
    with capture, pytest.raises(Exception, match="do not determine"):
        compiled(torch.randn(6))


def test_bypass_compile_runs_the_aten_graph(device):
    compiled, option = compile_fn(lambda x: torch.cumprod(x, 0), device, bypass_compile=True)
    x = torch.rand(6)
    check(compiled(x), torch.cumprod(x, 0))
    assert option.metrics() == []


def test_metrics_path_and_graphviz_write_files(device, tmp_path, capsys):
    compiled, option = compile_fn(
        lambda x: x.view(2, 3).clone(), device, metrics_path=str(tmp_path), gen_graphviz=True, verbose=True
    )
    compiled(torch.randn(6))
    written = json.loads((tmp_path / "metrics.json").read_text())
    assert written[0]["graph"] == option.metrics()[0]["graph"]
    assert sorted(p.name for p in tmp_path.glob("*.dot"))[0].startswith(written[0]["graph"])
    assert "after lower" in capsys.readouterr().out


def test_float32_option_is_exact_for_a_copy(device):
    compiled, option = compile_fn(lambda x: x.view(3, 2).clone().view(6), device, dtype=ttnn.float32)
    x = torch.randn(6)
    assert torch.equal(compiled(x), x)
    m = option.metrics()[0]
    assert m["ops_remaining"] == {} and m["transfers_per_call"] == 2  # one upload, one download


def test_option_validates_fields():
    with pytest.raises(ValueError, match="fallback"):
        torch_ttnn.TorchTtnnOption(fallback="sometimes")
    with pytest.raises(ValueError, match="dtype"):
        torch_ttnn.TorchTtnnOption(dtype=ttnn.int32)
