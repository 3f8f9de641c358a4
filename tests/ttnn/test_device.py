"""The device: opening and closing, the Wormhole n150 figures, memory accounting in TT-NN's interleaved
model, and the errors a user meets. Tests that open devices themselves do not use the `device` fixture."""

import gc
import os
import subprocess
import sys

import pytest
import torch
import ttnn


def test_open_close_and_context_manager(no_open_device):
    with ttnn.open_device(device_id=0) as device:
        assert device.is_open() and device.id() == 0 and device.arch() == "wormhole_b0"
        grid = device.compute_with_storage_grid_size()
        assert (grid.x, grid.y) == (8, 8)
    assert not device.is_open()
    with ttnn.manage_device(device_id=0) as device:
        assert device.is_open()
    assert not device.is_open()
    assert ttnn.GetNumAvailableDevices() == 1


def test_capacities_model_an_n150(device):
    stats = device.memory_stats()
    assert stats["DRAM"]["capacity"] == 12 * 2**30
    assert stats["L1"]["capacity"] == 64 * 1536 * 2**10


def test_allocations_follow_the_interleaved_bank_model(device):
    # The shared device's peak would otherwise hold whatever an earlier test allocated (test order varies with -k).
    device.reset_peak_memory()
    # 18 bfloat16 tiles over 12 DRAM banks: ceil(18 / 12) = 2 pages of 2048 B in every bank.
    t = ttnn.from_torch(torch.ones(3, 45, 65), dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    assert device.memory_stats()["DRAM"] == {
        "capacity": 12 * 2**30,
        "in_use": 2 * 2048 * 12,
        "peak": 49152,
        "buffers": 1,
        "banks_in_use": [2 * 2048] * 12,
    }
    # ROW_MAJOR pages are rows: 10 rows of 7 float32 (28 B, aligned to 32) -> 1 page per bank.
    r = ttnn.from_torch(torch.ones(10, 7), device=device)
    assert device.memory_stats()["DRAM"]["in_use"] == 49152 + 12 * 32
    # L1: 64 banks, 16 B alignment; one bfloat8_b tile of 1088 B -> one page in each bank.
    l1 = ttnn.from_torch(
        torch.ones(8, 8),
        dtype=ttnn.bfloat8_b,
        layout=ttnn.TILE_LAYOUT,
        device=device,
        memory_config=ttnn.L1_MEMORY_CONFIG,
    )
    assert device.memory_stats()["L1"]["in_use"] == 64 * 1088
    ttnn.deallocate(t)
    assert device.memory_stats()["DRAM"]["in_use"] == 12 * 32
    assert device.memory_stats()["DRAM"]["peak"] == 49152 + 12 * 32
    del r, l1
    gc.collect()
    assert device.memory_stats()["DRAM"]["in_use"] == 0 and device.memory_stats()["L1"]["in_use"] == 0


def test_out_of_memory_names_the_holders(device):
    keep = [
        ttnn.from_torch(
            torch.zeros(2048, 2048),
            dtype=ttnn.float32,
            layout=ttnn.TILE_LAYOUT,
            device=device,
            memory_config=ttnn.L1_MEMORY_CONFIG,
        )
        for _ in range(6)
    ]
    with pytest.raises(
        RuntimeError,
        match=r"allocate: out of L1 memory; requested 16.00 MiB for float32 TILE "
        r"\[2048, 2048\], but 96.00 MiB of 96.00 MiB is held by 6 buffers(.|\n)*buffer \d+: 16.00 MiB",
    ):
        ttnn.from_torch(
            torch.zeros(2048, 2048),
            dtype=ttnn.float32,
            layout=ttnn.TILE_LAYOUT,
            device=device,
            memory_config=ttnn.L1_MEMORY_CONFIG,
        )
    assert device.memory_stats()["L1"]["buffers"] == 6
    del keep


def test_closing_frees_buffers_and_later_use_fails(no_open_device):
    device = ttnn.open_device(device_id=0)
    t = ttnn.from_torch(torch.ones(4, 4), layout=ttnn.TILE_LAYOUT, device=device)
    ttnn.close_device(device)
    assert not t.is_allocated()
    with pytest.raises(RuntimeError, match=r"to_torch: device 0 is closed"):
        ttnn.to_torch(t)
    with pytest.raises(RuntimeError, match=r"to_device: device 0 is closed"):
        ttnn.to_device(ttnn.from_torch(torch.ones(2)), device)


def test_open_errors(device):
    with pytest.raises(RuntimeError, match=r"open_device: device 0 is already open"):
        ttnn.open_device(device_id=0)
    with pytest.raises(ValueError, match=r"open_device: no such device; expected device_id in \[0, 1\), got 3"):
        ttnn.open_device(device_id=3)


def test_open_options(no_open_device):
    with pytest.raises(ValueError, match=r"open_device: num_threads must be positive"):
        ttnn.open_device(device_id=0, num_threads=0)
    with pytest.raises(ValueError, match=r"open_device: l1_small_size must leave L1 for buffers"):
        ttnn.open_device(device_id=0, l1_small_size=2**21)
    with ttnn.open_device(device_id=0, num_threads=3, l1_small_size=1024, trace_region_size=2**20) as device:
        assert device.num_threads() == 3
        assert device.memory_stats()["L1"]["capacity"] == 64 * (1536 * 1024 - 1024)
        assert device.memory_stats()["DRAM"]["capacity"] == 12 * 2**30 - 2**20


def test_thread_count_from_environment(no_open_device):
    code = "import ttnn; d = ttnn.open_device(device_id=0); print(d.num_threads())"
    env = {**os.environ, "TTNN_NUM_THREADS": "5"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "5"
    env["TTNN_NUM_THREADS"] = "zero"
    bad = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert bad.returncode != 0 and "TTNN_NUM_THREADS: expected an integer from 1 to 1024, got 'zero'" in bad.stderr


def test_ttnn_imports_without_torch():
    code = "import sys; import ttnn; assert 'torch' not in sys.modules, 'ttnn imported torch'; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_device_to_host_and_back(device):
    values = torch.randn(5, 70)
    host = ttnn.from_torch(values, dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT)
    on_device = ttnn.to_device(host, device, memory_config=ttnn.L1_MEMORY_CONFIG)
    assert on_device.device().id() == 0 and on_device.memory_config() == ttnn.L1_MEMORY_CONFIG
    assert (
        ttnn.to_device(on_device, device, memory_config=ttnn.L1_MEMORY_CONFIG).buffer_address()
        == on_device.buffer_address()
    )
    back = ttnn.from_device(on_device)
    assert back.storage_type() == ttnn.StorageType.HOST and back.device() is None
    assert torch.equal(ttnn.to_torch(back), values)
    assert torch.equal(ttnn.to_torch(on_device.cpu()), values)
