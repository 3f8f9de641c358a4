"""Moving tensors between PyTorch and the device: ``from_torch`` and ``to_torch``.

Tensors cross through DLPack: a host ROW_MAJOR tensor borrows torch's memory, and ``to_torch`` of a host
ROW_MAJOR tensor hands its memory back without copying. torch is imported on first use only.
"""

from ttnn import _ttnn
from ttnn._ttnn import DRAM_MEMORY_CONFIG, ROW_MAJOR_LAYOUT, DataType

# torch dtypes the C++ side reads directly, and the TT-NN dtype each becomes when from_torch is not told.
_DIRECT = {
    "torch.float32": DataType.FLOAT32,
    "torch.bfloat16": DataType.BFLOAT16,
    "torch.int32": DataType.INT32,
    "torch.uint8": DataType.UINT8,
    "torch.uint16": DataType.UINT16,
    "torch.uint32": DataType.UINT32,
}
# Other torch dtypes are converted on the host first: floats to float32, integers and bool to int32.
_WIDENED_FLOATS = ("torch.float64", "torch.float16")
_NARROWED_INTS = ("torch.int64", "torch.int16", "torch.int8", "torch.bool")


def _as_direct(tensor):
    import torch

    key = str(tensor.dtype)
    if key in _DIRECT:
        return tensor
    if key in _WIDENED_FLOATS:
        return tensor.to(torch.float32)
    if key in _NARROWED_INTS:
        return tensor.to(torch.int32)
    raise TypeError(
        f"from_torch: unsupported torch dtype; expected a real float, integer or bool tensor, got {tensor.dtype}"
    )


def from_torch(
    tensor,
    dtype=None,
    *,
    layout=ROW_MAJOR_LAYOUT,
    device=None,
    memory_config=None,
    pad_value=None,
    tile=None,
    mesh_mapper=None,
    cq_id=None,
):
    """Creates a ttnn tensor from a torch tensor, in ``dtype`` and ``layout``, on ``device`` if given.

    With no device, no dtype change and ROW_MAJOR layout, the result shares the torch tensor's memory.
    ``pad_value`` fills a TILE tensor's tile padding (zeros otherwise). ``tile`` may only be the 32x32 tile;
    ``cq_id`` (a command queue) changes nothing on this device; ``mesh_mapper`` must be None (one device).

    >>> import torch, ttnn
    >>> t = ttnn.from_torch(torch.arange(6, dtype=torch.float32).reshape(2, 3))
    >>> t.shape, t.dtype == ttnn.float32, t.layout == ttnn.ROW_MAJOR_LAYOUT
    (Shape([2, 3]), True, True)
    """
    import torch

    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"from_torch: expected a torch.Tensor, got {type(tensor).__name__}")
    if tensor.is_complex():
        raise TypeError(f"from_torch: complex tensors are not supported; got {tensor.dtype}")
    source = _as_direct(tensor.detach().cpu()).contiguous()
    host = _ttnn._tensor_from_array(source)
    target = host.dtype if dtype is None else dtype
    if not isinstance(target, DataType):
        raise TypeError(f"from_torch: dtype must be a ttnn data type such as ttnn.bfloat16; got {dtype!r}")
    _check_tile(tile)
    if mesh_mapper is not None:
        raise ValueError("from_torch: mesh_mapper needs a mesh device; expected None on a single device")
    result = _ttnn._from_host(host, target, layout, device, memory_config or DRAM_MEMORY_CONFIG)
    if pad_value is not None and pad_value != 0 and layout == _ttnn.TILE_LAYOUT:
        from ttnn import fill_implicit_tile_padding

        result = fill_implicit_tile_padding(result, float(pad_value))
    return result


def _check_tile(tile) -> None:
    shape = getattr(tile, "tile_shape", tile)
    if tile is not None and list(shape) != [32, 32]:
        raise ValueError(f"from_torch: only the 32x32 tile is supported; expected tile=None or [32, 32], got {shape}")


def to_torch(tensor, dtype=None):
    """Returns the tensor's values as a torch tensor of its logical shape (host, unpadded).

    bfloat8_b and bfloat4_b come back as float32, uint16 and uint32 as int16 and int32 (as TT-NN does);
    ``dtype`` converts the result further.

    >>> import torch, ttnn
    >>> ttnn.to_torch(ttnn.from_torch(torch.tensor([1.5, -2.0]), dtype=ttnn.bfloat16))
    tensor([ 1.5000, -2.0000], dtype=torch.bfloat16)
    """
    import torch

    if not isinstance(tensor, _ttnn.Tensor):
        raise TypeError(f"to_torch: expected a ttnn.Tensor, got {type(tensor).__name__}")
    result = torch.from_dlpack(_ttnn._array_from_tensor(tensor))
    return result if dtype is None else result.to(dtype)
