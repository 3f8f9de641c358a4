"""TT-NN's Python-level helpers around the ops: ``to_dtype``, ``as_tensor`` with its cache file,
``dump_tensor``/``load_tensor``, golden functions, ``pearson_correlation_coefficient`` and
``init_device_compute_kernel_config``.

>>> import torch, ttnn
>>> golden = ttnn.get_golden_function(ttnn.add)
>>> golden(torch.tensor([1.0]), torch.tensor([2.0]))
tensor([3.])
"""

from __future__ import annotations

import os
from collections.abc import Callable

import ttnn
from ttnn._ttnn import ROW_MAJOR_LAYOUT, TILE_LAYOUT, MathFidelity, Tensor, WormholeComputeKernelConfig

_BLOCK_FLOATS = ("BFLOAT8_B", "BFLOAT4_B")
_ATTACHED: dict[str, Callable] = {}


def to_dtype(tensor: Tensor, dtype) -> Tensor:
    """``tensor`` converted to ``dtype`` where it lives; a block-float target also tilizes (it exists only in TILE)."""
    if dtype.name in _BLOCK_FLOATS and tensor.layout != TILE_LAYOUT:
        return ttnn.to_layout(tensor, TILE_LAYOUT, dtype=dtype)
    return ttnn.typecast(tensor, dtype)


def dump_tensor(file_name, tensor: Tensor) -> None:
    """Writes the tensor's values, dtype and layout to ``file_name`` (read back by ``load_tensor``)."""
    import torch

    record = {"dtype": tensor.dtype.name, "layout": tensor.layout.name, "values": ttnn.to_torch(tensor)}
    torch.save(record, file_name)


def load_tensor(file_name, *, device=None) -> Tensor:
    """The tensor ``dump_tensor`` wrote, on ``device`` if given."""
    import torch

    record = torch.load(file_name, weights_only=True)
    dtype = getattr(ttnn.DataType, record["dtype"])
    layout = getattr(ttnn.Layout, record["layout"])
    return ttnn.from_torch(record["values"], dtype, layout=layout, device=device)


def as_tensor(
    tensor,
    dtype=None,
    *,
    layout=ROW_MAJOR_LAYOUT,
    device=None,
    memory_config=None,
    cache_file_name=None,
    preprocess=None,
    mesh_mapper=None,
    use_device_tilizer=False,
) -> Tensor:
    """``from_torch`` that, given ``cache_file_name``, loads the converted tensor from its cache file when it
    exists and writes it there otherwise (one file per dtype and layout, named as TT-NN names them)."""
    if cache_file_name is None:
        source = preprocess(tensor) if preprocess else tensor
        return ttnn.from_torch(
            source, dtype, layout=layout, device=device, memory_config=memory_config, mesh_mapper=mesh_mapper
        )
    dtype_name = dtype.name if dtype is not None else "NONE"
    path = f"{cache_file_name}_dtype_{dtype_name}_layout_{layout.name}.bin"
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        source = preprocess(tensor) if preprocess else tensor
        dump_tensor(path, ttnn.from_torch(source, dtype, layout=layout, mesh_mapper=mesh_mapper))
    loaded = load_tensor(path)
    if device is None:
        return loaded
    return ttnn.to_device(loaded, device, memory_config=memory_config or ttnn.DRAM_MEMORY_CONFIG)


def _op_name(operation) -> str:
    entry = getattr(operation, "registry_entry", None)
    return entry["name"] if entry else getattr(operation, "__name__", str(operation))


def attach_golden_function(
    operation,
    golden_function: Callable,
    *,
    preprocess_golden_function_inputs=None,
    postprocess_golden_function_outputs=None,
) -> None:
    """Makes ``golden_function`` the one ``get_golden_function(operation)`` returns (TT-NN's hook)."""
    _ATTACHED[_op_name(operation)] = golden_function
    operation.golden_function = golden_function


def get_golden_function(operation) -> Callable:
    """The PyTorch function that defines what ``operation`` computes; its float results come back in the
    dtype of the first float torch input, as TT-NN's goldens (torch ops) return them."""
    name = _op_name(operation)
    if name in _ATTACHED:
        return _ATTACHED[name]
    entry = getattr(operation, "registry_entry", None)
    if entry is None or not entry["golden"]:
        raise RuntimeError(
            f"get_golden_function: {name} has no golden function; attach one with attach_golden_function"
        )
    from ttnn.golden import get_golden_function as lookup

    golden = lookup(entry["golden"])

    def golden_function(*args, **kwargs):
        import torch

        floats = [a for a in (*args, *kwargs.values()) if isinstance(a, torch.Tensor) and a.is_floating_point()]
        result = golden(*args, **kwargs)
        if not floats:
            return result

        def restore(t):
            return t.to(floats[0].dtype) if isinstance(t, torch.Tensor) and t.is_floating_point() else t

        return type(result)(restore(t) for t in result) if isinstance(result, tuple | list) else restore(result)

    golden_function.__name__ = f"{name}_golden"
    return golden_function


def pearson_correlation_coefficient(expected, actual) -> float:
    """Pearson correlation of two tensors (torch or ttnn), flattened, in float64; 1.0 when both are equal."""
    import torch

    a, b = (ttnn.to_torch(t) if isinstance(t, Tensor) else torch.as_tensor(t) for t in (expected, actual))
    a, b = a.detach().flatten().double(), b.detach().flatten().double()
    if a.shape != b.shape:
        raise ValueError(f"pearson_correlation_coefficient: sizes differ; expected {a.numel()}, got {b.numel()}")
    if torch.equal(a, b) or (a.numel() and torch.isnan(a).all() and torch.isnan(b).all()):
        return 1.0
    if torch.isnan(a).any() != torch.isnan(b).any() or a.numel() < 2:
        return 0.0
    pcc = torch.corrcoef(torch.stack([a.nan_to_num(), b.nan_to_num()]))[0, 1].item()
    return 1.0 if pcc != pcc and torch.allclose(a, b) else pcc


def init_device_compute_kernel_config(
    arch=None,
    config=None,
    math_fidelity=MathFidelity.LoFi,
    math_approx_mode=True,
    fp32_dest_acc_en=False,
    packer_l1_acc=False,
    dst_full_sync_en=False,
    throttle_level=None,
) -> WormholeComputeKernelConfig:
    """``config`` when given, else a compute config with TT-NN's defaults (LoFi, approximate math, bf16
    accumulation). ``dst_full_sync_en`` and throttling pick a card's register use and give the same values."""
    if config is not None:
        return config
    return WormholeComputeKernelConfig(
        math_fidelity=math_fidelity,
        math_approx_mode=math_approx_mode,
        fp32_dest_acc_en=fp32_dest_acc_en,
        packer_l1_acc=packer_l1_acc,
    )
