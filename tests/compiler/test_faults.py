"""Faults leave the device usable: out of device memory in the middle of a graph, an exception in a host
fallback, a keyboard interrupt during a run, a closed device under a compiled model. Each time every buffer
of the failed call is released, the error names the node and the cause, and the next call works (or, for the
closed device, says why it cannot). Host faults are injected through a custom op that no rule lowers, so it
runs as a host fallback node between device ops."""

import gc
import pathlib
import re

import pytest
import torch
import torch_ttnn
import ttnn

from tests.compiler.conftest import check, compile_fn

DRAM = 12884901888  # the n150's DRAM; trace_region_size reserves all but a few MiB of it
FAULT = {"mode": None}


@torch.library.custom_op("torch_ttnn_faults::hook", mutates_args=())
def hook(x: torch.Tensor) -> torch.Tensor:
    if FAULT["mode"] == "raise":
        raise ValueError("injected failure")
    if FAULT["mode"] == "interrupt":
        # Ctrl-C while the host op's Python runs, raised here: a simulated signal (_thread.interrupt_main) is
        # handled at the next bytecode check, which can fall inside an unrelated weakref callback that swallows
        # it (CI saw the test not raise once).
        raise KeyboardInterrupt
    return x.clone()


@hook.register_fake
def _(x):
    return torch.empty_like(x)


def with_host_op(x, w):
    y = torch.relu(x @ w)
    return (hook(y) * 2).sum(1)


def in_use(device) -> int:
    gc.collect()
    return device.memory_stats()["DRAM"]["in_use"]


@pytest.mark.parametrize("mode", ["raise", "interrupt"])
def test_host_fallback_fault_releases_buffers_and_next_call_works(device, mode):
    compiled, option = compile_fn(with_host_op, device)
    x, w = torch.randn(64, 64), torch.randn(64, 64)
    with torch.no_grad():
        check(compiled(x, w), with_host_op(x, w), {"atol": 0.5, "rtol": 0.05}, min_pcc=0.99)
        before = in_use(device)
        FAULT["mode"] = mode
        try:
            if mode == "raise":
                named = r"host fallback node \d+ \(torch_ttnn_faults.hook.default\) failed: injected failure"
                with pytest.raises(RuntimeError, match=named):
                    compiled(x, w)
            else:
                with pytest.raises(KeyboardInterrupt):
                    compiled(x, w)
        finally:
            FAULT["mode"] = None
        assert in_use(device) == before
        check(compiled(x, w), with_host_op(x, w), {"atol": 0.5, "rtol": 0.05}, min_pcc=0.99)
    option.release()


def grows(x):
    a = torch.relu(x)
    b = torch.cat([a, a, a, a], 0)
    return torch.cat([b, b], 0).sum(0)


def test_out_of_device_memory_mid_graph_names_the_node_and_frees_everything(no_open_device):
    small = ttnn.open_device(device_id=0, trace_region_size=DRAM - (3 << 20))  # 3 MiB of DRAM
    try:
        compiled, option = compile_fn(grows, small)
        with torch.no_grad():
            with pytest.raises(RuntimeError, match=r"node \d+ \(concat\) failed: allocate: out of DRAM memory"):
                compiled(torch.randn(512, 512))  # the second concat's 4 MiB output does not fit
            assert in_use(small) == 0
            x = torch.randn(512, 64)  # the same graph at a size that fits (a recompile) runs
            check(compiled(x), grows(x), {"atol": 0.5, "rtol": 0.05})
        option.release()
        torch._dynamo.reset()
        assert in_use(small) == 0
    finally:
        ttnn.close_device(small)


def test_closed_device_under_a_compiled_model_says_so(no_open_device):
    dev = ttnn.open_device(device_id=0)
    compiled, _ = compile_fn(lambda x: torch.relu(x) + 1, dev)
    with torch.no_grad():
        compiled(torch.randn(4, 4))
        ttnn.close_device(dev)
        with pytest.raises(Exception, match=r"device 0 is closed; expected an open device") as info:
            compiled(torch.randn(4, 4))
    assert "node -1" not in str(info.value)


def test_weights_load_only_through_safe_loaders():
    """torch.load unpickles arbitrary code; the package loads weights with weights_only=True or safetensors."""
    root = pathlib.Path(torch_ttnn.__file__).parent
    unsafe = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"torch\.load\(", line) and "weights_only=True" not in line
    ]
    assert not unsafe, f"torch.load without weights_only=True: {unsafe}"
