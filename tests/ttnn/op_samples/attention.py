"""Samples of the attention family (transformer.scaled_dot_product_attention)."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)


def _qkv(b, h, hkv, sq, sk, d, dv=None):
    return torch.randn(b, h, sq, d), torch.randn(b, hkv, sk, d), torch.randn(b, hkv, sk, dv or d)


SAMPLES = {
    "transformer.scaled_dot_product_attention": [
        Sample("1x2x7x9-d5", _qkv(1, 2, 2, 7, 9, 5)),
        Sample("causal-2x2x45-d32", _qkv(2, 2, 2, 45, 45, 32), {"is_causal": True}),
        Sample("causal-sq<sk", _qkv(1, 2, 2, 33, 65, 16), {"is_causal": True}),
        Sample("mask-1x1x33x45", _qkv(1, 3, 3, 33, 45, 16), {"attn_mask": torch.randn(1, 1, 33, 45)}),
        Sample(
            "mask-row-broadcast",
            _qkv(2, 2, 2, 7, 33, 16),
            {"attn_mask": torch.where(torch.rand(2, 1, 1, 33) > 0.2, 0.0, -1e9)},
        ),
        Sample("gqa-4q-2kv", _qkv(1, 4, 2, 33, 45, 16)),
        Sample("rank3", (torch.randn(2, 33, 16), torch.randn(2, 45, 16), torch.randn(2, 45, 24))),
        Sample("scale-0.3-dv24", _qkv(1, 2, 2, 7, 9, 16, 24), {"scale": 0.3}),
        Sample("decode-sq1-sk300", _qkv(1, 2, 2, 1, 300, 64)),
        # Several key blocks and no mask: the scale goes into the softmax step's exponent.
        Sample("blocks-scale-0.4-1x2x200x300", _qkv(1, 2, 2, 200, 300, 32), {"scale": 0.4}),
        Sample("large-1x4x256-d64-causal", _qkv(1, 4, 4, 256, 256, 64), {"is_causal": True}),
        # Three key blocks, the last one short, and -inf mask entries (exactly 0 after the exp).
        Sample(
            "mask-inf-1x2x70x600",
            _qkv(1, 2, 2, 70, 600, 64),
            {"attn_mask": torch.where(torch.rand(1, 1, 70, 600) > 0.3, 0.0, -float("inf"))},
        ),
        Sample("bfp8", _qkv(1, 2, 2, 64, 64, 32), dtypes=(ttnn.bfloat8_b,), layouts=(ttnn.TILE_LAYOUT,)),
    ],
}

ERRORS = {
    "transformer.scaled_dot_product_attention": [
        ErrorSample(
            "head-dim",
            (torch.randn(1, 2, 7, 16), torch.randn(1, 2, 9, 8), torch.randn(1, 2, 9, 8)),
            {},
            ValueError,
            r"ttnn.transformer.scaled_dot_product_attention: head dims must match.*got q "
            r"\[1, 2, 7, 16\], k \[1, 2, 9, 8\], v \[1, 2, 9, 8\]",
        ),
        ErrorSample(
            "heads",
            (torch.randn(1, 3, 7, 16), torch.randn(1, 2, 9, 16), torch.randn(1, 2, 9, 16)),
            {},
            ValueError,
            r"scaled_dot_product_attention: leading dims of q must equal those of k and v",
        ),
    ],
}
