"""Samples of the matmul family (matmul, linear, prepare_linear_weight).

Most inputs are multiples of 1/4 (``_q``): every product and sum is then exact in fp32, so the float32
cases compare exactly and the bf16 cases differ from the golden only by the one output rounding. The math
fidelity cases use full bf16 mantissas (randn) so the truncation is exercised.
"""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)


def _q(*shape):
    return torch.round(torch.randn(*shape) * 4) / 4


def _config(fidelity, fp32_acc=True):
    return ttnn.WormholeComputeKernelConfig(math_fidelity=fidelity, fp32_dest_acc_en=fp32_acc)


_BF16 = (ttnn.bfloat16,)
_BFP8 = dict(dtypes=(ttnn.bfloat8_b,), layouts=(ttnn.TILE_LAYOUT,))

SAMPLES = {
    "matmul": [
        Sample("7x33@33x45", (_q(7, 33), _q(33, 45))),
        Sample("1x1@1x1", (_q(1, 1), _q(1, 1))),
        Sample("rank1-a", (_q(33), _q(33, 45))),
        Sample("rank1-b", (_q(2, 7, 33), _q(33))),
        Sample("rank1-both", (_q(33), _q(33))),
        Sample("batched-a-2d-b", (_q(2, 3, 45, 65), _q(65, 33))),
        Sample("batched-a-2d-b-aligned", (_q(2, 64, 65), _q(65, 33))),
        Sample("broadcast-batch", (_q(2, 1, 7, 33), _q(3, 33, 45))),
        Sample("bmm", (_q(4, 33, 20), _q(4, 20, 45))),
        Sample("2d-a-batched-b", (_q(7, 33), _q(3, 33, 45))),
        Sample("transpose-a", (_q(33, 7), _q(33, 45)), {"transpose_a": True}),
        Sample("transpose-b", (_q(2, 7, 33), _q(45, 33)), {"transpose_b": True}),
        Sample("activation-relu", (_q(7, 33), _q(33, 45)), {"activation": "relu"}),
        Sample(
            "activation-unary-with-param",
            (_q(2, 7, 33), _q(33, 45)),
            {"activation": ttnn.UnaryWithParam(ttnn.UnaryOpType.SILU)},
        ),
        Sample("k0-zeros", (_q(7, 0), _q(0, 45))),
        Sample("m0-empty", (_q(0, 33), _q(33, 45))),
        Sample("large-256x1024x512", (_q(256, 1024), _q(1024, 512))),
        Sample("out-dtype-fp32", (_q(7, 33), _q(33, 45)), {"dtype": ttnn.float32}, dtypes=_BF16),
        Sample("bfp8-weights", (torch.randn(64, 96), torch.randn(96, 64)), {"dtype": ttnn.bfloat16}, **_BFP8),
        Sample("bfp8-odd", (torch.randn(45, 65), torch.randn(65, 33)), {"dtype": ttnn.float32}, **_BFP8),
        Sample(
            "lofi",
            (torch.randn(33, 64), torch.randn(64, 45)),
            {"compute_kernel_config": _config(ttnn.MathFidelity.LoFi)},
            dtypes=_BF16,
        ),
        Sample(
            "hifi2",
            (torch.randn(33, 64), torch.randn(64, 45)),
            {"compute_kernel_config": _config(ttnn.MathFidelity.HiFi2)},
            dtypes=_BF16,
        ),
        Sample(
            "hifi3",
            (torch.randn(2, 33, 64), torch.randn(64, 45)),
            {"compute_kernel_config": _config(ttnn.MathFidelity.HiFi3)},
            dtypes=_BF16,
        ),
        Sample(
            "hifi4-fp32",
            (_q(33, 64), _q(64, 45)),
            {"compute_kernel_config": _config(ttnn.MathFidelity.HiFi4)},
            dtypes=(ttnn.float32,),
        ),
        Sample(
            "bf16-partials",
            (_q(45, 100), _q(100, 33)),
            {"compute_kernel_config": _config(ttnn.MathFidelity.HiFi4, fp32_acc=False)},
        ),
    ],
    "linear": [
        Sample("bias", (_q(7, 33), _q(33, 45)), {"bias": _q(45)}),
        Sample("bias-1xN-batched", (_q(2, 7, 33), _q(33, 45)), {"bias": _q(1, 45)}),
        Sample("no-bias", (_q(45, 65), _q(65, 33))),
        Sample("relu", (_q(7, 33), _q(33, 45)), {"bias": _q(45), "activation": "relu"}),
        Sample("gelu", (_q(33, 64), _q(64, 70) / 8), {"bias": _q(70), "activation": "gelu"}),
        Sample("silu", (_q(33, 64), _q(64, 70) / 8), {"bias": _q(70), "activation": "silu"}),
        Sample("sigmoid", (_q(33, 64), _q(64, 70) / 8), {"activation": "sigmoid"}),
        Sample("transpose-b", (_q(7, 33), _q(45, 33)), {"bias": _q(45), "transpose_b": True}),
        Sample("k0-bias-only", (_q(7, 0), _q(0, 45)), {"bias": _q(45)}),
        Sample(
            "bfp8-weights",
            (torch.randn(64, 96), torch.randn(96, 64)),
            {"bias": torch.randn(64), "dtype": ttnn.bfloat16},
            **_BFP8,
        ),
    ],
    "prepare_linear_weight": [
        Sample("45x65", (_q(45, 65),)),
        Sample("transposed", (_q(45, 65),), {"transpose_b": True}),
    ],
}

ERRORS = {
    "matmul": [
        ErrorSample(
            "inner-dims",
            (torch.randn(4, 5), torch.randn(6, 7)),
            {},
            ValueError,
            r"ttnn.matmul: inner dimensions must match; expected a's K \(5\) to equal b's K \(6\), got a "
            r"\[4, 5\] float32, b \[6, 7\] float32",
        ),
        ErrorSample(
            "batch-broadcast",
            (torch.randn(2, 4, 5), torch.randn(3, 5, 6)),
            {},
            ValueError,
            r"ttnn.matmul: batch dims do not broadcast",
        ),
        ErrorSample(
            "int-dtype",
            (torch.ones(4, 5, dtype=torch.int32), torch.randn(5, 6)),
            {},
            TypeError,
            r"ttnn.matmul: unsupported dtype for 'input_tensor_a'.*got int32",
        ),
    ],
    "linear": [
        ErrorSample(
            "activation",
            (torch.randn(4, 5), torch.randn(5, 6)),
            {"activation": "swish"},
            ValueError,
            r"ttnn.linear: unknown activation; .* got 'swish'",
        ),
        ErrorSample(
            "bias-size",
            (torch.randn(4, 5), torch.randn(5, 6), torch.randn(5)),
            {},
            ValueError,
            r"ttnn.linear: bias must hold one value per output column; expected shape \[6\]",
        ),
    ],
}

# Every fp32 case is exact (multiples of 1/4) and every bf16 case has one output rounding, so the defaults
# hold; the randn fidelity cases differ from the double-precision golden by fp32 accumulation only.
TOLERANCES = {}
