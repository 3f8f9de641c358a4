"""Cases of the ops real models brought (issue 16): wav2vec2's group norm in its lowered form (a layer norm of
each channel's waveform row, then the per-channel affine) against torch's group_norm, a UNet decoder's
transposed convolution, and a Mixtral-sized grouped matmul of tokens sorted by expert."""

from __future__ import annotations

import torch
import torch.nn.functional as F
import ttnn

from benchmarks.op_cases import OpCase, Setup, on_device


def _group_norm_rows(channels, length):
    def setup(device, dtype):
        x, w, b = torch.randn(1, channels, length), torch.randn(channels), torch.randn(channels)
        tt_x = on_device(x, dtype, device)
        tt_w, tt_b = (on_device(t.reshape(channels, 1), dtype, device) for t in (w, b))

        def lowered():
            y = ttnn.layer_norm(tt_x, epsilon=1e-5)
            z = ttnn.add(ttnn.mul(y, tt_w), tt_b)
            ttnn.deallocate(y)
            return z

        return Setup(ttnn=lowered, torch=lambda: F.group_norm(x, channels, w, b, 1e-5), free=[tt_x, tt_w, tt_b])

    return setup


def _conv_transpose(n, c, h, w, o, k, s):
    def setup(device, dtype):
        x, wt, b = torch.randn(n, c, h, w), torch.randn(c, o, k, k) / (c * k) ** 0.5, torch.randn(o)
        tt_x = on_device(x.permute(0, 2, 3, 1).contiguous(), dtype, device, ttnn.ROW_MAJOR_LAYOUT)
        tt_w, tt_b = (on_device(t, dtype, device, ttnn.ROW_MAJOR_LAYOUT) for t in (wt, b))
        return Setup(
            ttnn=lambda: ttnn.conv_transpose2d(tt_x, tt_w, bias_tensor=tt_b, stride=[s, s]),
            torch=lambda: F.conv_transpose2d(x, wt, b, s).permute(0, 2, 3, 1),
            free=[tt_x, tt_w, tt_b],
        )

    return setup


def _grouped_matmul(tokens, experts, k, n):
    def setup(device, dtype):
        counts = torch.full((experts,), tokens // experts)
        counts[-1] += tokens - counts.sum()
        offsets = torch.cumsum(counts, 0).to(torch.int32)
        a, b = torch.randn(tokens, k), torch.randn(experts, n, k) / k**0.5
        tt_a, tt_b = on_device(a, dtype, device), on_device(b, dtype, device)
        tt_o = ttnn.from_torch(offsets, dtype=ttnn.int32, device=device)

        def eager():
            out, start = torch.empty(tokens, n), 0
            for e, end in enumerate(offsets.tolist()):
                torch.mm(a[start:end], b[e].t(), out=out[start:end])
                start = end
            return out

        return Setup(
            ttnn=lambda: ttnn.grouped_matmul(tt_a, tt_b, tt_o, transpose_b=True), torch=eager, free=[tt_a, tt_b, tt_o]
        )

    return setup


CASES = [
    OpCase("group_norm (layer_norm rows)", "wav2vec2 1x512x16000 G=512", _group_norm_rows(512, 16000),
           bytes=2 * 2 * 512 * 16000),
    OpCase("conv_transpose2d", "unet-up 1x64x64x64 k2 s2", _conv_transpose(1, 64, 64, 64, 32, 2, 2),
           flops=2 * 64 * 64 * 64 * 32 * 4, bytes=2 * (64 * 64 * 64 + 128 * 128 * 32)),
    OpCase("grouped_matmul", "mixtral-ish 512x1024 8 experts -> 2048", _grouped_matmul(512, 8, 1024, 2048),
           flops=2 * 512 * 1024 * 2048, bytes=2 * (512 * 1024 + 8 * 2048 * 1024 + 512 * 2048)),
]  # fmt: skip
