"""TT-NN's API on the CPU.

The device library is C++ (``cpp/ttnn``); this package mirrors TT-NN's Python names. It imports without
torch; ``from_torch`` and ``to_torch`` import it when called.

>>> import torch, ttnn
>>> with ttnn.open_device(device_id=0) as device:
...     t = ttnn.from_torch(torch.ones(2, 3), dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
...     (t.shape, t.padded_shape, t.dtype == ttnn.bfloat16)
...     ttnn.to_torch(t).sum().item()
(Shape([2, 3]), Shape([32, 32]), True)
6.0
"""

from ttnn import operations
from ttnn._ttnn import (
    DRAM_MEMORY_CONFIG,
    L1_MEMORY_CONFIG,
    ROW_MAJOR_LAYOUT,
    TILE_LAYOUT,
    TILE_SIZE,
    BufferType,
    CoreCoord,
    CoreGrid,
    CoreRange,
    CoreRangeSet,
    DataType,
    Device,
    GetNumAvailableDevices,
    Layout,
    MathFidelity,
    MemoryConfig,
    Shape,
    ShardOrientation,
    ShardSpec,
    ShardStrategy,
    StorageType,
    Tensor,
    TensorMemoryLayout,
    TTNNIndexError,
    TTNNTypeError,
    TTNNValueError,
    WormholeComputeKernelConfig,
    available_isas,
    bfloat4_b,
    bfloat8_b,
    bfloat16,
    close_device,
    create_sharded_memory_config,
    deallocate,
    float32,
    from_device,
    get_isa,
    int32,
    isa_available,
    open_device,
    set_isa,
    synchronize_device,
    to_device,
    uint8,
    uint16,
    uint32,
)
from ttnn.device import manage_device
from ttnn.enums import EmbeddingsType, LossReductionMode, UnaryOpType, UnaryWithParam
from ttnn.program_configs import (
    Conv2dConfig,
    LayerNormDefaultProgramConfig,
    LayerNormShardedMultiCoreProgramConfig,
    MatmulMultiCoreReuseMultiCast1DProgramConfig,
    MatmulMultiCoreReuseMultiCastDRAMShardedProgramConfig,
    MatmulMultiCoreReuseMultiCastProgramConfig,
    MatmulMultiCoreReuseProgramConfig,
    SoftmaxDefaultProgramConfig,
    SoftmaxShardedMultiCoreProgramConfig,
)
from ttnn.torch_interop import from_torch, to_torch

# Every op of the C++ registry becomes ttnn.<name> (ttnn.transformer.<name> for dotted names).
_OP_NAMES = operations._install(globals(), __name__)

from ttnn import tensor as _tensor_methods  # noqa: E402  (its methods call the ops installed above)
from ttnn.core import (  # noqa: E402
    as_tensor,
    attach_golden_function,
    dump_tensor,
    get_golden_function,
    init_device_compute_kernel_config,
    load_tensor,
    pearson_correlation_coefficient,
    to_dtype,
)
from ttnn.tensor import is_tensor_storage_on_device  # noqa: E402

_tensor_methods._install()

# The Python-level API beside the registry ops (docs/ttnn_ops.md lists it from here).
PYTHON_API = (
    "from_torch",
    "to_torch",
    "as_tensor",
    "dump_tensor",
    "load_tensor",
    "to_dtype",
    "is_tensor_storage_on_device",
    "get_golden_function",
    "attach_golden_function",
    "pearson_correlation_coefficient",
    "init_device_compute_kernel_config",
    "manage_device",
    "UnaryOpType",
    "UnaryWithParam",
    "EmbeddingsType",
    "LossReductionMode",
    "Conv2dConfig",
    "MatmulMultiCoreReuseProgramConfig",
    "MatmulMultiCoreReuseMultiCastProgramConfig",
    "MatmulMultiCoreReuseMultiCast1DProgramConfig",
    "MatmulMultiCoreReuseMultiCastDRAMShardedProgramConfig",
    "SoftmaxDefaultProgramConfig",
    "SoftmaxShardedMultiCoreProgramConfig",
    "LayerNormDefaultProgramConfig",
    "LayerNormShardedMultiCoreProgramConfig",
    "CoreGrid",
    "CoreRange",
    "CoreRangeSet",
    "ShardSpec",
    "ShardOrientation",
    "ShardStrategy",
    "TensorMemoryLayout",
    "CoreCoord",
    "MemoryConfig",
    "BufferType",
    "create_sharded_memory_config",
    "synchronize_device",
    "TTNNValueError",
    "TTNNTypeError",
    "TTNNIndexError",
)
