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

A saved activation of a conv is a permute: conv2d computes NHWC, torch's value is NCHW, and the backward's conv
permutes it back. A static forward returns such a tensor before that permute (passes/saved_order.cpp) and
publishes which ones (by FX node name) for its backward, whose compile runs under the same TracingContext; the
backward takes those inputs in the raw order and starts with the permute, which meets its inverse there.
"""

from __future__ import annotations

import weakref

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


def park(tensor, dtype: torch.dtype, dims=None) -> torch.Tensor:
    """A placeholder of dtype `dtype` (``placeable``) holding the device tensor `tensor`, whose torch value is
    ``tensor.permute(dims)`` where dims are given (a raw output)."""
    shape = list(tensor.shape)
    shape = shape if dims is None else [shape[d] for d in dims]
    return torch.from_dlpack(_compiler.park(tensor, shape, *_DLPACK[dtype]))


# aot_autograd's TracingContext of a forward -> {FX name of a saved output returned raw: its permute dims}.
_ORDERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def publish_order(output_names: list, permutes: dict) -> None:
    """Tells the forward's backward which saved tensors come raw (``permutes``: graph output index -> dims)."""
    context = torch._guards.TracingContext.try_get()
    if context is not None and permutes:
        _ORDERS[context] = {output_names[int(k)]: list(dims) for k, dims in permutes.items()}


def take_raw(gm: torch.fx.GraphModule) -> dict:
    """Rewrites a backward graph to take the saved tensors its forward returns raw as they come, each followed by
    its permute; returns {input position: dims}. Empty (and the graph unchanged) for any other backward."""
    context = torch._guards.TracingContext.try_get()
    order = _ORDERS.get(context) if context is not None else None
    if not order:
        return {}
    placeholders = [n for n in gm.graph.nodes if n.op == "placeholder"]
    raw = {}
    for position, node in enumerate(placeholders):
        dims = order.get(node.name)
        val = node.meta.get("val")
        if dims is None or not isinstance(val, torch.Tensor) or val.dim() != len(dims):
            continue
        with gm.graph.inserting_after(placeholders[-1]):
            permuted = gm.graph.call_function(torch.ops.aten.permute.default, (node, dims))
        node.replace_all_uses_with(permuted, delete_user_cb=lambda user, p=permuted: user is not p)
        permuted.meta["val"] = val
        node.meta["val"] = val.permute(_inverse(dims))
        raw[position] = dims
    if raw:
        gm.recompile()
    return raw


def _inverse(dims: list) -> list:
    inverse = [0] * len(dims)
    for i, d in enumerate(dims):
        inverse[d] = i
    return inverse


def raw_args(args: list, raw: dict) -> list:
    """The arguments of a backward that takes some saved tensors raw (``take_raw``): a host tensor there (saved
    while saved-tensor hooks were set) is put in the raw order; a placeholder already holds it so."""
    if raw:
        args = list(args)
        for position, dims in raw.items():
            if device_tensor(args[position]) is None:
                args[position] = args[position].permute(_inverse(dims))
    return args


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
