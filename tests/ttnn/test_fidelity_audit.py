"""The audit of issue 21 ("code written for TT-NN runs here unchanged"): every name and keyword the issue lists
exists with TT-NN's parameter names, each registry op among them has a golden and samples, and each has a line
in docs/ttnn_ops.md; README's API table covers the Tensor methods, the memory-config API and the device API.

How to add a name: a row in REGISTRY_OPS (a registry op and the TT-NN parameters it must take, in TT-NN's
order) or in PYTHON_NAMES (a function or type of python/ttnn). Behaviours are tested beside the ops (op
samples, test_fidelity_ops.py, test_sharding.py, test_tensor_api.py, tests/compiler/test_masked_constants.py).
"""

from pathlib import Path

import pytest
import ttnn
from ttnn.golden import names as golden_names

from tests.ttnn import op_samples

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs" / "ttnn_ops.md").read_text()
README = (ROOT / "README.md").read_text()
REGISTRY = {entry["name"]: entry for entry in ttnn.operations.registry()}
SAMPLES, _, _ = op_samples.load()

_UNARY_KEYWORDS = ("memory_config", "output_tensor", "queue_id")
_BINARY_KEYWORDS = ("input_tensor_a", "input_tensor_b", "memory_config", "dtype", "use_legacy", "output_tensor")
_APPROX = ("input_tensor", "fast_and_approximate_mode", "memory_config")
_ACCUMULATION = ("input_tensor", "dim", "memory_config", "dtype", "reverse_order", "out")
_CONFIGURED = ("memory_config", "program_config", "core_grid")

# name -> TT-NN parameters the registry op takes, in this order (other parameters may sit between them).
REGISTRY_OPS = {
    # 1. conversions and the tilize family
    "tilize": ("input_tensor", "memory_config", "dtype", "use_multicore"),
    "untilize": ("input_tensor", "memory_config", "use_multicore"),
    "tilize_with_val_padding": ("input_tensor", "output_tensor_shape", "pad_value", "use_multicore"),
    "tilize_with_zero_padding": ("input_tensor", "memory_config", "use_multicore"),
    "untilize_with_unpadding": ("input_tensor", "output_tensor_end", "use_multicore"),
    "fill_implicit_tile_padding": ("input_tensor", "fill_value"),
    "chunk": ("input_tensor", "chunks", "dim"),
    # 2. ops and aliases
    "divide": (*_BINARY_KEYWORDS[:2], "round_mode", "memory_config", "use_legacy", "output_tensor", "queue_id"),
    "experimental.broadcast_to": ("input", "sizes", "memory_config", "output"),
    "repeat_interleave": ("input_tensor", "repeats", "dim", "memory_config"),
    "logit": ("input_tensor", "eps", "memory_config"),
    "prelu": ("input_tensor", "weight", "memory_config"),
    "addalpha": ("input_tensor_a", "input_tensor_b", "alpha", "memory_config"),
    "subalpha": ("input_tensor_a", "input_tensor_b", "alpha", "memory_config"),
    "bias_gelu": _BINARY_KEYWORDS,
    "squared_difference": _BINARY_KEYWORDS,
    "logaddexp": _BINARY_KEYWORDS,
    "logaddexp2": _BINARY_KEYWORDS,
    "embedding": ("input_tensor", "weight", "padding_idx", "layout", "dtype", "memory_config", "embeddings_type"),
    "polygamma": ("input_tensor", "k", "memory_config"),
    "cumsum": _ACCUMULATION,
    "cumprod": _ACCUMULATION,
    "experimental.dropout": ("input_tensor", "seed", "probability", "scale", "use_per_device_seed", "memory_config"),
    "rdiv": ("input_tensor", "value", "round_mode", "memory_config", *_UNARY_KEYWORDS[1:]),
    "where": ("condition", "true_value", "false_value", "memory_config", "output_tensor"),
    "permute": ("input_tensor", "dims", "pad_value", "memory_config"),
    "pad": ("input_tensor", "padding", "value", "use_multicore", "memory_config"),
    "batch_norm": ("input", "running_mean", "running_var", "training", "eps", "momentum", "weight", "bias"),
    # relational and binary ops: use_legacy, output_tensor, queue_id, sub_core_grids
    **{op: (*_BINARY_KEYWORDS, "queue_id", "sub_core_grids") for op in ("add", "sub", "mul", "eq", "ne", "gt", "le")},
    **{op: ("input_tensor", *_UNARY_KEYWORDS, "sub_core_grids") for op in ("relu", "sigmoid", "tanh", "neg")},
    # fast_and_approximate_mode, on the ops TT-NN gives it
    **{op: _APPROX for op in ("exp", "gelu", "erf", "erfc", "sqrt", "rsqrt", "log", "log10", "log2", "log1p")},
    # 3. memory configs, program configs and core grids
    "to_memory_config": ("input_tensor", "memory_config", "dtype"),
    "interleaved_to_sharded": ("input_tensor", "sharded_memory_config", "output_dtype"),
    "sharded_to_interleaved": ("input_tensor", "memory_config", "output_dtype"),
    "matmul": ("input_tensor_a", "input_tensor_b", "memory_config", "dtype", "compute_kernel_config", *_CONFIGURED[1:]),
    "linear": ("input_tensor_a", "input_tensor_b", "bias", "memory_config", "dtype", *_CONFIGURED[1:]),
    "softmax": ("input_tensor", "dim", *_CONFIGURED),
    "layer_norm": ("input_tensor", "epsilon", "weight", "bias", *_CONFIGURED),
    "rms_norm": ("input_tensor", "epsilon", "weight", "bias", *_CONFIGURED),
    "group_norm": ("input_tensor", "num_groups", "epsilon", "weight", "bias", *_CONFIGURED),
    "conv2d": (
        "input_tensor",
        "weight_tensor",
        "device",
        "bias_tensor",
        "compute_config",
        "memory_config",
        "conv_config",
    ),
    **{
        op: ("input_tensor", "batch_size", "input_h", "input_w", "channels", "kernel_size", "applied_shard_scheme")
        for op in ("max_pool2d", "avg_pool2d")
    },
    # the *_bw family: a list of gradients
    **{op: ("grad_tensor", "input_tensor", "memory_config") for op in ("exp_bw", "relu_bw", "gelu_bw", "abs_bw")},
    **{op: ("grad_tensor", "input_tensor_a", "input_tensor_b") for op in ("add_bw", "mul_bw", "sub_bw", "div_bw")},
}

# Functions and types of python/ttnn the issue names (each must be in ttnn.PYTHON_API, so docs list it).
PYTHON_NAMES = [
    "as_tensor",
    "attach_golden_function",
    "BufferType",
    "CoreCoord",
    "CoreGrid",
    "CoreRange",
    "CoreRangeSet",
    "create_sharded_memory_config",
    "EmbeddingsType",
    "from_torch",
    "get_golden_function",
    "init_device_compute_kernel_config",
    "is_tensor_storage_on_device",
    "LayerNormShardedMultiCoreProgramConfig",
    "MatmulMultiCoreReuseMultiCast1DProgramConfig",
    "MatmulMultiCoreReuseMultiCastProgramConfig",
    "MatmulMultiCoreReuseProgramConfig",
    "MemoryConfig",
    "pearson_correlation_coefficient",
    "ShardOrientation",
    "ShardSpec",
    "ShardStrategy",
    "SoftmaxShardedMultiCoreProgramConfig",
    "synchronize_device",
    "TensorMemoryLayout",
    "to_dtype",
    "to_torch",
    "TTNNIndexError",
    "TTNNTypeError",
    "TTNNValueError",
    "UnaryOpType",
    "UnaryWithParam",
]

# What README's API table must mention: the Tensor API, the memory-config API and the device API.
README_MENTIONS = [
    "ttnn.Tensor(",
    "t.to(device)",
    "t.to(layout)",
    "t.to_list()",
    "t.item()",
    "t.storage_type()",
    "is_tensor_storage_on_device",
    "a @ b",
    "`-a`",
    "TensorMemoryLayout.HEIGHT_SHARDED",
    "WIDTH_SHARDED",
    "BLOCK_SHARDED",
    "ShardSpec(",
    "CoreRangeSet(",
    "CoreRange(",
    "CoreCoord",
    "ShardOrientation",
    "create_sharded_memory_config",
    "CoreGrid(",
    "ShardStrategy.HEIGHT",
    "ttnn.to_memory_config",
    "ttnn.interleaved_to_sharded",
    "ttnn.sharded_to_interleaved",
    "program_config=",
    "core_grid=",
    "device.core_grid",
    "device.enable_program_cache()",
    "device.num_program_cache_entries()",
    "ttnn.synchronize_device(device)",
    "MatmulMultiCoreReuseMultiCastProgramConfig",
    "get_golden_function",
    "attach_golden_function",
    "ttnn.as_tensor",
]


def _params(name):
    return [p["name"] for p in REGISTRY[name]["params"]]


@pytest.mark.parametrize("name", sorted(REGISTRY_OPS))
def test_registry_op_has_ttnn_signature_golden_samples_and_docs(name):
    assert name in REGISTRY, f"ttnn.{name} is not a registry op"
    params = _params(name)
    positions = [params.index(p) if p in params else -1 for p in REGISTRY_OPS[name]]
    missing = [p for p, i in zip(REGISTRY_OPS[name], positions, strict=True) if i < 0]
    assert not missing, f"ttnn.{name} lacks TT-NN's parameters {missing}; has {params}"
    assert positions == sorted(positions), f"ttnn.{name}: parameters out of TT-NN's order; has {params}"
    assert REGISTRY[name]["golden"] in golden_names(), f"ttnn.{name} has no golden"
    assert SAMPLES.get(name), f"ttnn.{name} has no samples"
    assert f"| `ttnn.{name}` |" in DOCS, f"docs/ttnn_ops.md has no line for ttnn.{name}"


def test_issue_op_families_are_whole():
    """The families the issue names are present whole: the *_bw family, the relational ops, the composites."""
    for op in ("eq", "ne", "gt", "ge", "lt", "le", "logical_and", "logical_or", "logical_xor"):
        assert op in REGISTRY, f"relational op ttnn.{op} is missing"
    backward = [n for n in REGISTRY if n.endswith("_bw")]
    assert len(backward) >= 60, f"the *_bw family has {len(backward)} ops"
    for name in backward:
        assert REGISTRY[name]["num_outputs"] == -1, f"ttnn.{name} must return a list of gradients"


@pytest.mark.parametrize("name", PYTHON_NAMES)
def test_python_name_exists_and_is_documented(name):
    value = getattr(ttnn, name)
    assert name in ttnn.PYTHON_API, f"ttnn.{name} is not in ttnn.PYTHON_API, so docs/ttnn_ops.md omits it"
    line = next((x for x in DOCS.splitlines() if x.startswith(f"| `ttnn.{name}")), None)
    assert line is not None, f"docs/ttnn_ops.md has no line for ttnn.{name}"
    assert not line.endswith("|  |") and "Create a collection of name/value pairs" not in line, f"ttnn.{name}: no doc"
    assert value is not None


def test_readme_api_table_covers_tensor_memory_config_and_device_api():
    missing = [m for m in README_MENTIONS if m not in README]
    assert not missing, f"README's API table does not mention {missing}"


def test_device_and_tensor_api(device):
    assert device.core_grid == ttnn.CoreGrid(x=8, y=8)
    assert (device.compute_with_storage_grid_size().x, device.compute_with_storage_grid_size().y) == (8, 8)
    for method in ("to", "to_list", "item", "storage_type", "__getitem__", "__matmul__", "__neg__", "__truediv__"):
        assert callable(getattr(ttnn.Tensor, method)), f"ttnn.Tensor.{method} is missing"
    for name in ("enable_program_cache", "num_program_cache_entries"):
        assert callable(getattr(device, name)), f"device.{name} is missing"
