"""Golden of the attention family: scaled dot-product attention in fp64 on the stored inputs (the harness
rounds the output to its dtype), with torch's conventions for is_causal (top-left) and the default scale."""

from __future__ import annotations

import math

import torch

from ttnn.golden import golden


@golden("transformer.scaled_dot_product_attention")
def scaled_dot_product_attention(
    input_tensor_q,
    input_tensor_k,
    input_tensor_v,
    attn_mask=None,
    is_causal=False,
    scale=None,
    memory_config=None,
    compute_kernel_config=None,
):
    q, k, v = input_tensor_q.double(), input_tensor_k.double(), input_tensor_v.double()
    if q.dim() >= 3 and k.shape[-3] != q.shape[-3]:  # grouped-query attention
        repeat = q.shape[-3] // k.shape[-3]
        k = k.repeat_interleave(repeat, dim=-3)
        v = v.repeat_interleave(repeat, dim=-3)
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    scores = torch.matmul(q, k.transpose(-1, -2)) * scale
    if attn_mask is not None:
        scores = scores + attn_mask.double()
    if is_causal:
        sq, sk = scores.shape[-2], scores.shape[-1]
        keep = torch.ones(sq, sk, dtype=torch.bool).tril()
        scores = scores.masked_fill(~keep, float("-inf"))
    return torch.matmul(torch.softmax(scores, dim=-1), v).float()
