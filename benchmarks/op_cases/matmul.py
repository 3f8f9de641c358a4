"""Matmul-family benchmark cases: BERT-base (seq 128, batch 1) and BERT-large (seq 128, batch 2) projections
and FFN as ttnn.linear with a prepared constant weight, plus the attention-score and context bmms."""

from __future__ import annotations

import torch
import torch.nn.functional as F
import ttnn

from benchmarks.op_cases import OpCase, Setup, on_device


def _linear(m, k, n, activation=None):
    def setup(device, dtype):
        torch.manual_seed(0)
        x, w, b = torch.randn(m, k), torch.randn(k, n) / k**0.5, torch.randn(n)
        w_t = w.t().contiguous()  # torch's Linear stores [out, in]
        tt_x, tt_w, tt_b = (on_device(t, dtype, device) for t in (x, w, b))
        ttnn.prepare_linear_weight(tt_w)
        act = {"gelu": F.gelu, None: lambda t: t}[activation]
        return Setup(
            ttnn=lambda: ttnn.linear(tt_x, tt_w, bias=tt_b, activation=activation),
            torch=lambda: act(F.linear(x, w_t, b)),
            free=[tt_x, tt_w, tt_b],
        )

    return setup


def _bmm(batch, m, k, n):
    def setup(device, dtype):
        a, b = torch.randn(batch, m, k), torch.randn(batch, k, n)
        tt_a, tt_b = on_device(a, dtype, device), on_device(b, dtype, device)
        return Setup(ttnn=lambda: ttnn.matmul(tt_a, tt_b), torch=lambda: torch.matmul(a, b), free=[tt_a, tt_b])

    return setup


def _case(label, m, k, n, activation=None, quick=False):
    op = "linear" + (f"+{activation}" if activation else "")
    return OpCase(
        op,
        f"{label} {m}x{k}x{n}",
        _linear(m, k, n, activation),
        flops=2 * m * k * n,
        bytes=2 * (m * k + k * n + m * n),
        quick=quick,
    )


CASES = [
    _case("bert-base attn-proj", 128, 768, 768, quick=True),
    _case("bert-base ffn-up", 128, 768, 3072, "gelu"),
    _case("bert-base ffn-down", 128, 3072, 768),
    _case("bert-large attn-proj", 256, 1024, 1024),
    _case("bert-large ffn-up", 256, 1024, 4096, "gelu", quick=True),
    _case("bert-large ffn-down", 256, 4096, 1024),
    OpCase(
        "matmul",
        "bert-base scores 12x128x64x128",
        _bmm(12, 128, 64, 128),
        flops=2 * 12 * 128 * 64 * 128,
        bytes=2 * 12 * (128 * 64 * 2 + 128 * 128),
    ),
    OpCase(
        "matmul",
        "bert-base context 12x128x128x64",
        _bmm(12, 128, 128, 64),
        flops=2 * 12 * 128 * 128 * 64,
        bytes=2 * 12 * (128 * 128 + 128 * 64 * 2),
    ),
]
