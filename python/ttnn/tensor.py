"""TT-NN's ``ttnn.Tensor`` methods: constructors, ``to``, ``to_list``, ``item``, indexing and operators.

Each method is a line over a registry op or a conversion (the work is C++); they are attached to the C++
class when ``ttnn`` is imported, as TT-NN's own Python attaches them to its bound class.

>>> import torch, ttnn
>>> t = ttnn.Tensor(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), ttnn.bfloat16)
>>> (t * 2 + 1)[1].to_list(), (-t)[0, 1:].shape, t[1, 1:].item()
([7.0, 9.0], Shape([1]), 4.0)
"""

from __future__ import annotations

import ttnn
from ttnn import _ttnn
from ttnn._ttnn import ROW_MAJOR_LAYOUT, Device, Layout, StorageType, Tensor


def _construct(data, *args, **kwargs) -> Tensor:
    """The tensor ``ttnn.Tensor(...)`` builds, from either of TT-NN's argument lists."""
    import torch

    if isinstance(data, torch.Tensor):
        return _from_torch_tensor(data, *args, **kwargs)
    if isinstance(data, list | tuple):
        return _from_values(data, *args, **kwargs)
    raise TypeError(
        f"ttnn.Tensor: expected a torch.Tensor or a flat list of numbers and a shape, got {type(data).__name__}"
    )


def _from_torch_tensor(
    tensor,
    data_type=None,
    device=None,
    layout=ROW_MAJOR_LAYOUT,
    mem_config=None,
    tile=None,
    cq_id=None,
    pad_value=None,
    mesh_mapper=None,
    *,
    dtype=None,
    memory_config=None,
):
    return ttnn.from_torch(
        tensor,
        data_type if data_type is not None else dtype,
        layout=layout,
        device=device,
        memory_config=mem_config if mem_config is not None else memory_config,
        tile=tile,
        pad_value=pad_value,
        mesh_mapper=mesh_mapper,
        cq_id=cq_id,
    )


def _from_values(data, shape, data_type=None, layout=ROW_MAJOR_LAYOUT, device=None, tile=None, *, dtype=None, **kw):
    import torch

    shape = list(shape)
    volume = 1
    for d in shape:
        volume *= d
    if len(data) != volume:
        raise ValueError(
            f"ttnn.Tensor: data must hold one value per element of {shape}; expected {volume}, got {len(data)}"
        )
    values = torch.tensor(list(data), dtype=torch.float32).reshape(shape)
    target = data_type if data_type is not None else dtype
    return _from_torch_tensor(values, target, device, layout, kw.pop("memory_config", None), tile)


def _to(self, target, memory_config=None):
    """``Tensor.to(device, mem_config)`` copies to a device; ``Tensor.to(layout)`` converts the layout."""
    if isinstance(target, Device):
        return ttnn.to_device(self, target, memory_config=memory_config or ttnn.DRAM_MEMORY_CONFIG)
    if isinstance(target, Layout):
        return ttnn.to_layout(self, target)
    raise TypeError(f"ttnn.Tensor.to: expected a ttnn.Device or a ttnn.Layout, got {type(target).__name__}")


def _to_list(self) -> list:
    return ttnn.to_torch(self).tolist()


def _item(self):
    if self.shape.volume() != 1:
        raise ValueError(f"ttnn.Tensor.item: the tensor must hold one element; got shape {list(self.shape)}")
    return ttnn.to_torch(self).item()


def _index_bounds(key, shape) -> tuple[list[int], list[int], list[int], list[int]]:
    """Python indexing (ints, slices with positive steps, one Ellipsis) as slice bounds and the dims ints drop."""
    key = key if isinstance(key, tuple) else (key,)
    rank = len(shape)
    if sum(k is Ellipsis for k in key) > 1:
        raise IndexError("ttnn.Tensor.__getitem__: only one ellipsis ('...') is allowed")
    if Ellipsis in key:
        at = key.index(Ellipsis)
        key = key[:at] + (slice(None),) * (rank - len(key) + 1) + key[at + 1 :]
    if len(key) > rank:
        raise IndexError(f"ttnn.Tensor.__getitem__: too many indices; expected at most {rank}, got {len(key)}")
    key = key + (slice(None),) * (rank - len(key))
    starts, ends, steps, dropped = [], [], [], []
    for dim, (k, n) in enumerate(zip(key, shape, strict=True)):
        if isinstance(k, int) and not isinstance(k, bool):
            i = k + n if k < 0 else k
            if not 0 <= i < n:
                raise IndexError(f"ttnn.Tensor.__getitem__: index {k} is out of range for dim {dim} of size {n}")
            starts.append(i), ends.append(i + 1), steps.append(1), dropped.append(dim)
        elif isinstance(k, slice):
            start, stop, step = k.indices(n)
            if step <= 0:
                raise ValueError(f"ttnn.Tensor.__getitem__: slice steps must be positive; got {step}")
            starts.append(start), ends.append(max(start, stop)), steps.append(step)
        else:
            raise TypeError(f"ttnn.Tensor.__getitem__: expected ints, slices or '...', got {type(k).__name__}")
    return starts, ends, steps, dropped


def _getitem(self, key):
    """torch's basic indexing: slices keep a dim, an int drops it (a result of rank 0 is refused, as TT-NN)."""
    shape = list(self.shape)
    starts, ends, steps, dropped = _index_bounds(key, shape)
    if len(dropped) == len(shape):
        raise RuntimeError("ttnn.Tensor.__getitem__: cannot return a scalar; use a slice, or .item()")
    out = ttnn.slice(self, starts, ends, steps)
    if dropped:
        out = ttnn.reshape(out, [n for d, n in enumerate(out.shape) if d not in dropped])
    return out


def _binary(op, reflected=False):
    def method(self, other):
        if not isinstance(other, Tensor | int | float):
            return NotImplemented
        return op(other, self) if reflected else op(self, other)

    method.__name__ = f"__{'r' if reflected else ''}{op.__name__}__"
    return method


# Tensor methods: name -> (function, what it does); the docs' catalogue lists them from here.
METHODS = {
    "to": (_to, "`to(device, memory_config=None)` copies to a device; `to(layout)` converts the layout"),
    "to_list": (_to_list, "the values as nested Python lists"),
    "item": (_item, "the value of a one-element tensor as a Python number"),
    "to_torch": (lambda self, dtype=None: ttnn.to_torch(self, dtype=dtype), "`ttnn.to_torch(self)`"),
    "reshape": (
        lambda self, *shape: ttnn.reshape(self, list(shape[0] if len(shape) == 1 else shape)),
        "`ttnn.reshape`, the shape as one list or as arguments",
    ),
    "get_dtype": (lambda self: self.dtype, "the dtype"),
    "get_layout": (lambda self: self.layout, "the layout"),
    "logical_shape": (lambda self: self.shape, "the shape without tile padding"),
    "volume": (lambda self: self.padded_shape.volume(), "elements of the padded shape"),
    "logical_volume": (lambda self: self.shape.volume(), "elements of the logical shape"),
    "is_sharded": (lambda self: False, "False: tensors here are interleaved"),
    "__getitem__": (_getitem, "torch's basic indexing through `ttnn.slice` (ints drop a dim, a scalar is refused)"),
    "__neg__": (lambda self: ttnn.neg(self), "`-t` is `ttnn.neg`"),
    "__matmul__": (lambda self, other: ttnn.matmul(self, other), "`a @ b` is `ttnn.matmul`"),
}
_OPERATORS = {"add": "+", "sub": "-", "mul": "*", "truediv": "/", "pow": "**"}
_COMPARISONS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def _install() -> None:
    methods = {name: function for name, (function, _) in METHODS.items()}
    ops = {"add": ttnn.add, "sub": ttnn.sub, "mul": ttnn.mul, "truediv": ttnn.div, "pow": ttnn.pow}
    for name, op in ops.items():
        methods[f"__{name}__"] = _binary(op)
        methods[f"__r{name}__"] = _binary(op, reflected=True)
    for name in _COMPARISONS:
        methods[f"__{name}__"] = _binary(getattr(ttnn, name))
    methods["__hash__"] = object.__hash__  # tensors stay usable as dict keys with __eq__ an op, as in TT-NN
    for name, method in methods.items():
        setattr(Tensor, name, method)


def method_docs() -> list[tuple[str, str]]:
    """(method, what it does) for every Tensor method added here, operators included."""
    rows = [(name, doc) for name, (_, doc) in METHODS.items()]
    rows.append(
        (
            "+ - * / ** (and reflected)",
            "with tensors and numbers: "
            + ", ".join(f"`{s}` `ttnn.{n}`" for n, s in _OPERATORS.items()).replace("truediv", "div"),
        )
    )
    rows.append(("== != < <= > >=", "`ttnn.eq` ... `ttnn.ge`: 1 or 0 in the input's dtype"))
    return rows


def is_tensor_storage_on_device(tensor: Tensor) -> bool:
    """True for a tensor whose storage is on a device (TT-NN's ``ttnn.is_tensor_storage_on_device``)."""
    return tensor.storage_type() == StorageType.DEVICE


__all__ = ["_ttnn", "is_tensor_storage_on_device"]
