"""Goldens of the data-movement ops: the PyTorch op each one mirrors (values never change)."""

import torch

from ttnn.golden import golden


@golden("permute")
def permute(input_tensor, dims, pad_value=None, memory_config=None):
    return input_tensor.permute(list(dims)).contiguous()


@golden("transpose")
def transpose(input_tensor, dim0, dim1, memory_config=None):
    return input_tensor.transpose(dim0, dim1).contiguous()


@golden("concat")
def concat(tensors, dim=0, memory_config=None):
    return torch.cat(tensors, dim)


@golden("stack")
def stack(tensors, dim=0, memory_config=None):
    return torch.stack(tensors, dim)


@golden("slice")
def slice_(input_tensor, starts, ends, steps=None, memory_config=None):
    steps = steps or [1] * len(starts)
    return input_tensor[tuple(slice(s, e, k) for s, e, k in zip(starts, ends, steps, strict=True))].contiguous()


@golden("split")
def split(input_tensor, split_size, dim=0, memory_config=None):
    # A one-element list means a chunk size, as an int does (the registry cannot tell [k] from k).
    if isinstance(split_size, list | tuple) and len(split_size) == 1:
        split_size = split_size[0]
    return [piece.contiguous() for piece in torch.split(input_tensor, split_size, dim)]


@golden("repeat")
def repeat(input_tensor, repeats, memory_config=None):
    return input_tensor.repeat(*repeats)


@golden("expand")
def expand(input_tensor, shape, memory_config=None):
    return input_tensor.expand(*shape).contiguous()


@golden("repeat_interleave")
def repeat_interleave(input_tensor, repeats, dim, memory_config=None):
    return torch.repeat_interleave(input_tensor, repeats, dim)


@golden("experimental.broadcast_to")
def broadcast_to(input, sizes, memory_config=None, output=None):
    return torch.broadcast_to(input, tuple(sizes)).contiguous()


@golden("pad")
def pad(input_tensor, padding, value=0.0, use_multicore=None, memory_config=None):
    """TT-NN's padding: one (front, back) pair per dim, first dim first (torch's order is last dim first)."""
    flat = [int(p) for pair in padding for p in (pair if isinstance(pair, list | tuple) else [pair])]
    torch_order = [p for dim in reversed(range(len(flat) // 2)) for p in flat[2 * dim : 2 * dim + 2]]
    return torch.nn.functional.pad(input_tensor, torch_order, mode="constant", value=value)


@golden("chunk")
def chunk(input_tensor, chunks, dim=0, memory_config=None):
    return list(torch.chunk(input_tensor, chunks, dim))


@golden("squeeze")
def squeeze(input_tensor, dim=None):
    if dim is None:
        return input_tensor.squeeze()
    return input_tensor.squeeze(tuple(dim) if isinstance(dim, list | tuple) else dim)


@golden("unsqueeze")
def unsqueeze(input_tensor, dim):
    return input_tensor.unsqueeze(dim)


@golden("roll")
def roll(input_tensor, shifts, dims=None, memory_config=None):
    return torch.roll(input_tensor, shifts, dims)


@golden("tril")
def tril(input_tensor, diagonal=0, memory_config=None):
    return torch.tril(input_tensor, diagonal)


@golden("triu")
def triu(input_tensor, diagonal=0, memory_config=None):
    return torch.triu(input_tensor, diagonal)
