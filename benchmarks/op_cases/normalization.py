"""Normalization-family benchmark cases: BERT's attention softmax and layer_norm, Llama's rms_norm."""

from __future__ import annotations

import torch
import torch.nn.functional as F
import ttnn

from benchmarks.op_cases import OpCase, Setup, on_device


def _softmax(shape):
    def setup(device, dtype):
        x = torch.randn(*shape)
        tt_x = on_device(x, dtype, device)
        return Setup(ttnn=lambda: ttnn.softmax(tt_x, dim=-1), torch=lambda: torch.softmax(x, -1), free=[tt_x])

    return setup


def _layer_norm(rows, width):
    def setup(device, dtype):
        x, w, b = torch.randn(rows, width), torch.randn(width), torch.randn(width)
        tt_x, tt_w, tt_b = (on_device(t, dtype, device) for t in (x, w, b))
        return Setup(
            ttnn=lambda: ttnn.layer_norm(tt_x, epsilon=1e-12, weight=tt_w, bias=tt_b),
            torch=lambda: F.layer_norm(x, (width,), w, b, 1e-12),
            free=[tt_x, tt_w, tt_b],
        )

    return setup


def _rms_norm(rows, width):
    def setup(device, dtype):
        x, w = torch.randn(rows, width), torch.randn(width)
        tt_x, tt_w = (on_device(t, dtype, device) for t in (x, w))
        return Setup(
            ttnn=lambda: ttnn.rms_norm(tt_x, epsilon=1e-6, weight=tt_w),
            torch=lambda: F.rms_norm(x, (width,), w, 1e-6),
            free=[tt_x, tt_w],
        )

    return setup


def _volume(shape):
    out = 1
    for d in shape:
        out *= d
    return out


CASES = [
    OpCase(
        "softmax",
        "bert-base probs 1x12x128x128",
        _softmax((1, 12, 128, 128)),
        bytes=2 * 2 * _volume((1, 12, 128, 128)),
        quick=True,
    ),
    OpCase(
        "softmax",
        "bert-large probs 2x16x128x128",
        _softmax((2, 16, 128, 128)),
        bytes=2 * 2 * _volume((2, 16, 128, 128)),
    ),
    OpCase("layer_norm", "bert-base 128x768", _layer_norm(128, 768), bytes=2 * 2 * 128 * 768, quick=True),
    OpCase("layer_norm", "bert-large 256x1024", _layer_norm(256, 1024), bytes=2 * 2 * 256 * 1024),
    OpCase("rms_norm", "llama 128x4096", _rms_norm(128, 4096), bytes=2 * 2 * 128 * 4096),
]
