"""Shared fixtures. `device` opens a fresh device per test and fails the test if any device memory is still
held when the test ends; `isa` runs a test once per kernel set (portable scalar, and AVX2 where the CPU has it)."""

import gc

import pytest
import ttnn


@pytest.fixture
def device():
    dev = ttnn.open_device(device_id=0)
    try:
        yield dev
        gc.collect()
        stats = dev.memory_stats()
        leaked = {kind: s for kind, s in stats.items() if s["in_use"] != 0}
        assert not leaked, f"device memory not returned to its starting value (0) after the test: {leaked}"
    finally:
        ttnn.close_device(dev)


@pytest.fixture(params=["scalar", "avx2"])
def isa(request):
    if not ttnn.isa_available(request.param):
        pytest.skip(f"{request.param} kernels are not available on this CPU")
    previous = ttnn.get_isa()
    ttnn.set_isa(request.param)
    yield request.param
    ttnn.set_isa(previous)
