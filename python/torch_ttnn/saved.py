"""Tensors a training forward saves for its backward stay on the device between the two programs.

aot_autograd splits a training graph into a forward, which returns the user's outputs and then the tensors the
backward needs, and a backward, which takes those back as inputs. Each saved tensor used to leave the device at
the end of the forward (untilized, downloaded) and come back at the start of the backward (uploaded, tilized).
Now the forward's program returns them as device tensors, in the form it computed them in
(``Graph::device_outputs``), and torch holds a placeholder in each one's place: a tensor of the right shape and
dtype whose strides are all zero over one element (NaN for a float) that owns the device tensor
(``cpp/bindings/saved.cpp``). aot_autograd saves it with ``ctx.save_for_backward`` (detaching a view keeps its
storage, and so its address); the backward finds the device tensor by the placeholder's ``data_ptr()`` and its
program reads it where it is. When torch frees the placeholder (the autograd graph is released after the
backward, or dropped unused), the device tensor goes with it.
"""

from __future__ import annotations

import torch
from ttnn import _ttnn

_compiler = _ttnn.compiler
_DEVICE = _ttnn.StorageType.DEVICE

# torch dtype -> (DLPack type code, bits): 0 int, 1 uint, 2 float, 4 bfloat, 6 bool.
_DLPACK = {
    torch.float32: (2, 32),
    torch.bfloat16: (4, 16),
    torch.float16: (2, 16),
    torch.float64: (2, 64),
    torch.int64: (0, 64),
    torch.int32: (0, 32),
    torch.int16: (0, 16),
    torch.int8: (0, 8),
    torch.uint8: (1, 8),
    torch.bool: (6, 8),
}


def saved_outputs(metadata, gm: torch.fx.GraphModule) -> frozenset:
    """The forward graph's output positions that hold tensors saved for the backward, from aot_autograd's
    forward metadata: after the mutated inputs, the user's outputs and their intermediate bases. Empty where
    the metadata does not say (outside aot_autograd) or where effect tokens would shift the positions."""
    if metadata is None or getattr(metadata, "tokens", None):
        return frozenset()
    try:
        span = metadata.tensors_saved_for_backwards_slice
    except (AttributeError, AssertionError):
        return frozenset()
    output = next(n for n in gm.graph.nodes if n.op == "output")
    count = len(list(torch.fx.node.map_aggregate(output.args[0], lambda x: x) or ()))
    return frozenset(range(*span.indices(count)))


def is_on_device(tensor) -> bool:
    return tensor.storage_type() == _DEVICE


def placeable(dtype: torch.dtype) -> bool:
    """Whether a placeholder can stand for a tensor of this dtype."""
    return dtype in _DLPACK


def parking() -> bool:
    """Whether saved tensors may be placeholders on this call: not while saved-tensor hooks are set
    (``torch.autograd.graph.save_on_cpu`` would copy the placeholder's one element, not the values)."""
    return torch._C._autograd._top_saved_tensors_default_hooks(False) is None


def park(tensor, dtype: torch.dtype) -> torch.Tensor:
    """A placeholder of dtype `dtype` (``placeable``) holding the device tensor `tensor`."""
    return torch.from_dlpack(_compiler.park(tensor, list(tensor.shape), *_DLPACK[dtype]))


def device_tensor(tensor: torch.Tensor):
    """The device tensor a placeholder holds; None for any other tensor."""
    return _compiler.parked(tensor.data_ptr())


def materialized(args: list) -> list:
    """The arguments with each placeholder replaced by its values on the host: for a backward that runs in
    eager PyTorch (a graph torch_ttnn could not compile)."""
    out = []
    for a in args:
        held = device_tensor(a) if isinstance(a, torch.Tensor) else None
        if held is None:
            out.append(a)
        else:
            host = torch.from_dlpack(_ttnn._array_from_tensor(held))
            out.append(host if host.dtype == a.dtype else host.to(a.dtype))
    return out
