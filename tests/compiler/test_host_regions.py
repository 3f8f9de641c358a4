"""Host regions (torch_ttnn/host_regions.py): nodes on values the device cannot hold (complex numbers) run
on the host as one call, between device ops, with eager's result."""

import pytest
import torch

from tests.compiler.conftest import check, compile_fn


def fnet_mixing(x, w):
    """FNet's token mixing: the real part of a 2-D FFT, between a linear layer and a layer norm."""
    mixed = torch.fft.fftn(x @ w, dim=(-1, -2)).real
    return torch.nn.functional.layer_norm(mixed + x, (x.shape[-1],))


def two_regions(x):
    a = torch.fft.fft(x).abs()
    b = torch.fft.ifft(torch.fft.fft(x * 2)).real
    return a.relu() + b


def test_fft_runs_on_the_host_between_device_ops(device):
    x, w = torch.randn(1, 20, 48), torch.randn(48, 48) / 7
    compiled, option = compile_fn(fnet_mixing, device)
    try:
        with torch.no_grad():
            check(compiled(x, w), fnet_mixing(x, w), min_pcc=0.999)
        m = option.metrics()[-1]
        assert m["eager_fallback"] is None
        assert list(m["ops_remaining"]) == ["python.host_region_0"], m["ops_remaining"]
        assert "aten._fft_c2c.default" in m["ops_before"], m["ops_before"]  # the region counts the ops it holds
        assert {"matmul", "layer_norm"} <= set(m["ttnn_ops"]), m["ttnn_ops"]
    finally:
        option.release()


def test_separate_regions_are_separate_calls(device):
    x = torch.randn(3, 40)
    compiled, option = compile_fn(two_regions, device)
    try:
        with torch.no_grad():
            check(compiled(x), two_regions(x))
        m = option.metrics()[-1]
        assert set(m["ops_remaining"]) == {"python.host_region_0", "python.host_region_1"}, m["ops_remaining"]
    finally:
        option.release()


def test_a_complex_graph_output_runs_in_eager(device):
    x = torch.randn(4, 16)
    compiled, option = compile_fn(lambda t: torch.fft.fft(t * 2), device)
    try:
        with pytest.warns(UserWarning, match="dtype the device cannot hold"), torch.no_grad():
            out = compiled(x)
        torch.testing.assert_close(out, torch.fft.fft(x * 2))
        assert "cannot hold" in option.metrics()[-1]["eager_fallback"]
    finally:
        option.release()
