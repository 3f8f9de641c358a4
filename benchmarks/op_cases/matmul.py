"""Matmul-family benchmark cases: BERT-base (seq 128, batch 1) and BERT-large (seq 128, batch 2) projections
and FFN as ttnn.linear with a prepared constant weight, plus the attention-score and context bmms (BERT-base
12 heads x seq 128, BERT-large 16 heads x seq 256, and GPT-2's q @ k^T as matmul(transpose_b=True))."""

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


def _bmm(batch, m, k, n, transpose_b=False):
    """Activation x activation: nothing prepared. transpose_b: b stored [batch, n, k] (k of attention, as the
    compiler's matmul_transpose_b fusion passes q @ k^T)."""

    def setup(device, dtype):
        a, b = torch.randn(batch, m, k), torch.randn(batch, n, k) if transpose_b else torch.randn(batch, k, n)
        tt_a, tt_b = on_device(a, dtype, device), on_device(b, dtype, device)
        ref = (lambda: torch.matmul(a, b.transpose(-1, -2))) if transpose_b else (lambda: torch.matmul(a, b))
        return Setup(ttnn=lambda: ttnn.matmul(tt_a, tt_b, transpose_b=transpose_b), torch=ref, free=[tt_a, tt_b])

    return setup


def _bmm_case(label, batch, m, k, n, transpose_b=False):
    return OpCase(
        "matmul",
        f"{label} {batch}x{m}x{k}x{n}" + (" b^T" if transpose_b else ""),
        _bmm(batch, m, k, n, transpose_b),
        flops=2 * batch * m * k * n,
        bytes=2 * batch * (m * k + k * n + m * n),
    )


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
    _bmm_case("bert-base scores", 12, 128, 64, 128),
    _bmm_case("bert-base context", 12, 128, 128, 64),
    _bmm_case("bert-large scores", 16, 256, 64, 256),
    _bmm_case("bert-large context", 16, 256, 256, 64),
    _bmm_case("gpt2 scores", 12, 128, 64, 128, transpose_b=True),
]
