"""Goldens of the indexing ops: torch's own indexing functions on the stored values."""

import torch

from ttnn.golden import golden


def _index_list(input_tensor, indices, dims):
    """aten's index list: a tensor at each indexed dim, None elsewhere (trailing Nones dropped)."""
    rank = input_tensor.dim()
    by_dim = {d % rank: t.long() for d, t in zip(dims, indices, strict=True)}
    return [by_dim.get(d) for d in range(max(by_dim) + 1)]


@golden("embedding")
def embedding(
    input_tensor,
    weight,
    padding_idx=None,
    layout=None,
    dtype=None,
    memory_config=None,
    embeddings_type=None,
    output_tensor=None,
    queue_id=None,
):
    """torch's lookup; TT-NN's PADDED type also gives zero rows for ids equal to padding_idx."""
    out = torch.nn.functional.embedding(input_tensor.long(), weight)
    if str(embeddings_type) == "padded":
        out = out.masked_fill((input_tensor == padding_idx).unsqueeze(-1), 0.0)
    return out


@golden("gather")
def gather(input_tensor, dim, index, sparse_grad=None, memory_config=None):
    return torch.gather(input_tensor, dim, index.long())


@golden("index_select")
def index_select(input_tensor, dim, index, memory_config=None):
    return torch.index_select(input_tensor, dim, index.long().reshape(-1))


@golden("index")
def index(input_tensor, indices, dims, memory_config=None):
    return torch.ops.aten.index.Tensor(input_tensor, _index_list(input_tensor, indices, dims))


@golden("index_put")
def index_put(input_tensor, indices, dims, values, accumulate=False, memory_config=None):
    positions = _index_list(input_tensor, indices, dims)
    return torch.ops.aten.index_put(input_tensor, positions, values.to(input_tensor.dtype), bool(accumulate))


@golden("scatter")
def scatter(input_tensor, dim, index, src, reduce=None, memory_config=None):
    index = index.long()
    if not isinstance(src, torch.Tensor):
        src = torch.full(index.shape, src, dtype=input_tensor.dtype)
    if reduce in ("add", "sum"):
        return torch.scatter_add(input_tensor, dim, index, src.to(input_tensor.dtype))
    return torch.scatter(input_tensor, dim, index, src.to(input_tensor.dtype))
