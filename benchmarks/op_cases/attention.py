"""Attention benchmark cases: transformer.scaled_dot_product_attention on BERT, GPT-2 and Llama shapes."""

from __future__ import annotations

import torch
import torch.nn.functional as F
import ttnn

from benchmarks.op_cases import OpCase, Setup, on_device


def _sdpa(b, h, hkv, s, d, causal):
    def setup(device, dtype):
        q, k, v = torch.randn(b, h, s, d), torch.randn(b, hkv, s, d), torch.randn(b, hkv, s, d)
        tq, tk, tv = (on_device(t, dtype, device) for t in (q, k, v))
        gqa = {"enable_gqa": True} if hkv != h else {}
        return Setup(
            ttnn=lambda: ttnn.transformer.scaled_dot_product_attention(tq, tk, tv, is_causal=causal),
            torch=lambda: F.scaled_dot_product_attention(q, k, v, is_causal=causal, **gqa),
            free=[tq, tk, tv],
        )

    return setup


def _case(label, b, h, hkv, s, d, causal, quick=False):
    pairs = s * (s + 1) // 2 if causal else s * s
    kv = f"/{hkv}kv" if hkv != h else ""
    return OpCase(
        "sdpa",
        f"{label} {b}x{h}{kv}x{s}x{d}{' causal' if causal else ''}",
        _sdpa(b, h, hkv, s, d, causal),
        flops=4 * b * h * pairs * d,
        bytes=2 * b * (2 * h + 2 * hkv) * s * d,
        quick=quick,
    )


CASES = [
    _case("bert-base", 1, 12, 12, 128, 64, False, quick=True),
    _case("gpt2", 1, 12, 12, 1024, 64, True, quick=True),
    _case("llama", 1, 32, 32, 512, 128, True),
    _case("llama3-gqa", 1, 32, 8, 512, 128, True),
]
