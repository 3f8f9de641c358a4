"""Memory configs, sharding and the program cache: sharded results equal interleaved ones on every op that takes
a memory config, shards are accounted per core in L1, bad shard specs are clear errors, and the program
cache counts distinct op configurations."""

import pytest
import torch
import ttnn

from tests.ttnn import op_samples
from tests.ttnn.op_harness import to_device

REGISTRY = {entry["name"]: entry for entry in ttnn.operations.registry()}
SAMPLES, _, _ = op_samples.load()
SHARDED_SAMPLE_OPS = [
    name
    for name, entry in REGISTRY.items()
    if any(p["name"] == "memory_config" for p in entry["params"])
    and name in SAMPLES
    # to_memory_config takes the config itself; empty's values are unspecified
    and name not in ("to_memory_config", "empty")
]


def _op(name):
    target = ttnn
    for part in name.split("."):
        target = getattr(target, part)
    return target


def _outputs(result):
    return list(result) if isinstance(result, list | tuple) else [result]


def height_sharded(t):
    """A HEIGHT_SHARDED L1 config over up to 64 cores that fits tensor t."""
    shape = list(t.padded_shape) if len(t.shape) else [1]  # TILE shards hold the tile padding too
    return ttnn.create_sharded_memory_config(
        shape, ttnn.CoreGrid(x=8, y=8), ttnn.ShardStrategy.HEIGHT, tile_layout=t.layout == ttnn.TILE_LAYOUT
    )


@pytest.mark.parametrize("name", SHARDED_SAMPLE_OPS)
def test_sharded_output_equals_interleaved(name, device):
    entry = REGISTRY[name]
    sample = SAMPLES[name][0]
    dtype = (
        sample.dtypes[0]
        if sample.dtypes
        else (ttnn.bfloat16 if ttnn.bfloat16 in entry["dtypes"] else entry["dtypes"][0])
    )
    layout = (sample.layouts or entry["layouts"])[-1]
    args = [to_device(a, dtype, layout, device, sample.int_dtype) for a in sample.args]
    kwargs = {k: to_device(v, dtype, layout, device, sample.int_dtype) for k, v in sample.kwargs.items()}
    kwargs.pop("memory_config", None)
    interleaved = _outputs(_op(name)(*args, **kwargs))
    sharded = []
    try:
        first = interleaved[0]
        assert first.shape.volume() > 0 and ttnn.is_tensor_storage_on_device(first), "samples[0] gives a device tensor"
        config = height_sharded(first)
        sharded = _outputs(_op(name)(*args, memory_config=config, **kwargs))
        assert sharded[0].memory_config() == config, sharded[0].memory_config()
        for ours, reference in zip(sharded, interleaved, strict=True):
            assert torch.equal(ttnn.to_torch(ours), ttnn.to_torch(reference)), name
    finally:
        for t in [*interleaved, *sharded, *args, *kwargs.values()]:
            if isinstance(t, ttnn.Tensor):
                ttnn.deallocate(t)


@pytest.mark.parametrize(
    "strategy, grid, shard, cores",
    [
        (ttnn.ShardStrategy.HEIGHT, ttnn.CoreGrid(x=4, y=2), [32, 96], 8),
        (ttnn.ShardStrategy.WIDTH, ttnn.CoreGrid(x=3, y=1), [256, 32], 3),
        (ttnn.ShardStrategy.BLOCK, ttnn.CoreGrid(x=3, y=2), [128, 32], 6),
    ],
    ids=["height", "width", "block"],
)
def test_shards_are_accounted_per_core(device, strategy, grid, shard, cores):
    x = torch.randn(2, 128, 96)
    t = ttnn.from_torch(x, dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    config = ttnn.create_sharded_memory_config(list(x.shape), grid, strategy)
    assert config.shard_spec.shape == shard and config.memory_layout.name == strategy.name + "_SHARDED"
    before = device.memory_stats()["L1"]
    sharded = ttnn.to_memory_config(t, config)
    torch.testing.assert_close(ttnn.to_torch(sharded), x.bfloat16())
    after = device.memory_stats()["L1"]
    shard_bytes = shard[0] * shard[1] * 2
    grown = [a - b for a, b in zip(after["banks_in_use"], before["banks_in_use"], strict=True)]
    used = [b for b, g in enumerate(grown) if g]
    assert len(used) == cores and all(grown[b] == shard_bytes for b in used)
    assert all(b % 8 < grid.x and b // 8 < grid.y for b in used), used  # the grid's own cores
    assert after["in_use"] - before["in_use"] == cores * shard_bytes
    back = ttnn.sharded_to_interleaved(sharded, ttnn.L1_MEMORY_CONFIG)
    assert not back.memory_config().is_sharded() and torch.equal(ttnn.to_torch(back), ttnn.to_torch(sharded))
    ttnn.deallocate(sharded)
    ttnn.deallocate(back)
    assert device.memory_stats()["L1"]["banks_in_use"] == before["banks_in_use"]


def _spec(x0, y0, x1, y1, shape, orientation=ttnn.ShardOrientation.ROW_MAJOR):
    grid = ttnn.CoreRangeSet({ttnn.CoreRange(ttnn.CoreCoord(x0, y0), ttnn.CoreCoord(x1, y1))})
    return ttnn.ShardSpec(grid, shape, orientation)


def _sharded(layout, spec, buffer_type=ttnn.BufferType.L1):
    return ttnn.MemoryConfig(layout, buffer_type, spec)


def test_bad_shard_specs_are_clear_errors(device):
    t = ttnn.from_torch(torch.randn(256, 96), dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    height = ttnn.TensorMemoryLayout.HEIGHT_SHARDED
    cases = [
        (_sharded(height, _spec(0, 0, 1, 0, [64, 96])), r"needs 4 shards of \[64, 96\]; expected at most one per core"),
        (_sharded(height, _spec(0, 0, 7, 0, [32, 64])), r"HEIGHT_SHARDED shard spans the tensor's whole width"),
        (_sharded(height, _spec(0, 0, 7, 0, [40, 96])), r"shards must be whole tiles"),
        (_sharded(height, _spec(6, 0, 9, 1, [32, 96])), r"core \(8, 0\) is outside the L1 grid"),
        (
            _sharded(ttnn.TensorMemoryLayout.BLOCK_SHARDED, _spec(0, 0, 1, 1, [64, 32])),
            r"needs a 4 x 3 block of cores; expected it within the grid's 2 x 2",
        ),
    ]
    for config, message in cases:
        with pytest.raises(ValueError, match=message):
            ttnn.to_memory_config(t, config)
    with pytest.raises(ValueError, match="HEIGHT_SHARDED needs a shard_spec"):
        ttnn.MemoryConfig(height, ttnn.BufferType.L1)
    with pytest.raises(ValueError, match="INTERLEAVED takes no shard_spec"):
        ttnn.MemoryConfig(ttnn.TensorMemoryLayout.INTERLEAVED, ttnn.BufferType.L1, _spec(0, 0, 0, 0, [32, 32]))
    big = ttnn.from_torch(torch.randn(2048, 512), dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device)
    one_core = _sharded(height, _spec(0, 0, 0, 0, [2048, 512]))  # 4 MiB on one core of 1.5 MiB
    with pytest.raises(RuntimeError, match=r"out of L1 memory on core \(0, 0\) for one shard"):
        ttnn.to_memory_config(big, one_core)
    assert device.memory_stats()["L1"]["in_use"] == 0


def test_sharded_inputs_compute_as_interleaved(device):
    torch.manual_seed(0)
    a, w = torch.randn(256, 64), torch.randn(64, 96)
    ta = ttnn.from_torch(a, dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    tw = ttnn.from_torch(w, dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    config = ttnn.create_sharded_memory_config([256, 64], ttnn.CoreGrid(x=8, y=1), ttnn.ShardStrategy.HEIGHT)
    sa = ttnn.interleaved_to_sharded(ta, config)
    schedule = dict(in0_block_w=2, out_subblock_h=1, out_subblock_w=3, per_core_M=1, per_core_N=3, mcast_in0=False)
    relu = ttnn.UnaryWithParam(ttnn.UnaryOpType.RELU)
    program = ttnn.MatmulMultiCoreReuseMultiCast1DProgramConfig(fused_activation=relu, fuse_batch=True, **schedule)
    with pytest.raises(TypeError, match=r"unexpected fields \['per_core_K'\]"):
        ttnn.MatmulMultiCoreReuseMultiCast1DProgramConfig(per_core_K=2)
    out = ttnn.matmul(sa, tw, program_config=program, memory_config=height_sharded(ttnn.matmul(ta, tw)))
    reference = ttnn.relu(ttnn.matmul(ta, tw))
    assert torch.equal(ttnn.to_torch(out), ttnn.to_torch(reference))
    with pytest.raises(ValueError, match=r"core_grid must fit the device's 8 x 8 grid; got 9 x 1"):
        ttnn.linear(ta, tw, core_grid=ttnn.CoreGrid(x=9, y=1))
    with pytest.raises(ValueError, match="activation and the program config's fused_activation differ"):
        ttnn.linear(ta, tw, activation="gelu", program_config=program)
    softmax = ttnn.softmax(sa, dim=-1, program_config=ttnn.SoftmaxDefaultProgramConfig())
    assert torch.equal(ttnn.to_torch(softmax), ttnn.to_torch(ttnn.softmax(ta, dim=-1)))


def test_program_cache_counts_distinct_configurations(device):
    t = ttnn.from_torch(torch.randn(33, 65), dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    u = ttnn.from_torch(torch.randn(33, 65), dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device)
    ttnn.add(t, t)
    assert device.num_program_cache_entries() == 0  # not enabled yet
    device.enable_program_cache()
    for _ in range(3):
        ttnn.add(t, t)
        ttnn.mul(t, 2.0)
        ttnn.mul(t, 3.0)  # a number is a runtime argument: the same program
    assert device.num_program_cache_entries() == 2
    ttnn.add(u, u)  # another dtype
    ttnn.softmax(t, dim=-1)
    ttnn.softmax(t, dim=0)  # another attribute
    ttnn.add(t, t, memory_config=ttnn.L1_MEMORY_CONFIG)  # another output memory config
    assert device.num_program_cache_entries() == 6
    ttnn.synchronize_device(device)
    device.disable_and_clear_program_cache()
    assert device.num_program_cache_entries() == 0
