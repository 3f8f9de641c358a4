"""Shared fixtures.

`device` hands each test the session's device and fails the test if the device holds more memory when the
test ends than when it began (every test must free what it allocates). One device serves the whole session
because opening one per test (thread pool start and join, plus a full garbage collection) dominated the run
time of the op tests; a test that closes its device gets a fresh one for the tests after it.
`isa` runs a test once per kernel set (portable scalar, and AVX2 where the CPU has it).
"""

import gc

import pytest
import ttnn

_session_device = None


def _shared_device():
    global _session_device
    if _session_device is None or not _session_device.is_open():
        _session_device = ttnn.open_device(device_id=0)
    return _session_device


def _in_use(dev) -> dict:
    return {kind: s["in_use"] for kind, s in dev.memory_stats().items()}


@pytest.fixture
def device():
    dev = _shared_device()
    before = _in_use(dev)
    yield dev
    if not dev.is_open():
        return
    after = _in_use(dev)
    if after != before:
        gc.collect()  # only when needed: tensors caught in reference cycles are freed by a collection
        after = _in_use(dev)
    if after != before:
        leaked = {kind: after[kind] - before[kind] for kind in after if after[kind] != before[kind]}
        ttnn.close_device(dev)  # free it so the next test starts from an empty device
        pytest.fail(f"device memory not returned to its starting value after the test: leaked bytes {leaked}")


@pytest.fixture
def no_open_device():
    """For tests that open device 0 themselves (it can be open once): closes the session's device first."""
    if _session_device is not None and _session_device.is_open():
        ttnn.close_device(_session_device)
    yield


def pytest_sessionfinish(session, exitstatus):
    if _session_device is not None and _session_device.is_open():
        ttnn.close_device(_session_device)


@pytest.fixture(params=["scalar", "avx2"])
def isa(request):
    if not ttnn.isa_available(request.param):
        pytest.skip(f"{request.param} kernels are not available on this CPU")
    previous = ttnn.get_isa()
    ttnn.set_isa(request.param)
    yield request.param
    ttnn.set_isa(previous)
