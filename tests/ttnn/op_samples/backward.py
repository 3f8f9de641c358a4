"""Samples of the backward ops: inputs shaped as aot_autograd passes them (forward outputs computed here).

Targets and indices are int32 unless a sample sets int_dtype; nll_loss samples include ignore_index.
"""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)
aten = torch.ops.aten
_ODD = [(1,), (7,), (33,), (45, 65), (2, 3, 33, 7)]


def _name(shape) -> str:
    return "x".join(map(str, shape))


def _pointwise(forward):
    return [Sample(_name(s), (torch.randn(s), forward(torch.randn(s)))) for s in _ODD] + [
        Sample("empty", (torch.randn(0, 5), forward(torch.randn(0, 5)))),
        Sample("large-256x1024", (torch.randn(256, 1024), forward(torch.randn(256, 1024)))),
    ]


def _softmax(forward, shape, dim, name=None):
    return Sample(name or f"{_name(shape)}-dim{dim}", (torch.randn(shape), forward(torch.randn(shape), dim), dim))


def _softmax_samples(forward):
    return [
        _softmax(forward, (7,), 0),
        _softmax(forward, (45, 65), -1),
        _softmax(forward, (45, 65), 0),
        _softmax(forward, (2, 3, 33, 7), 1),
        _softmax(forward, (1, 1), -1),
        _softmax(forward, (0, 5), -1, "empty"),
        _softmax(forward, (64, 1024), -1, "large-64x1024"),
    ]


def _layer_norm(shape, normalized, affine=True, name=None):
    x = torch.randn(shape) * 2 + 0.5
    weight = torch.randn(normalized) if affine else None
    bias = torch.randn(normalized) if affine else None
    _, mean, rstd = aten.native_layer_norm(x, list(normalized), weight, bias, 1e-5)
    kwargs = {"weight": weight, "bias": bias} if affine else {}
    return Sample(name or _name(shape), (torch.randn(shape), x, list(normalized), mean, rstd), kwargs)


def _log_probs(n, c):
    return torch.randn(n, c).log_softmax(-1)


def _targets_with_ignored(n, c, ignore=-100):
    t = torch.randint(0, c, (n,))
    t[::3] = ignore
    return t


def _nll_backward(n, c, reduction, weight=None, ignore_index=-100, name=None):
    x, t = _log_probs(n, c), _targets_with_ignored(n, c, ignore_index)
    _, total = aten.nll_loss_forward(x, t, weight, {"none": 0, "mean": 1, "sum": 2}[reduction], ignore_index)
    grad = torch.randn(n) if reduction == "none" else torch.randn(())
    kwargs = {"reduction": reduction, "ignore_index": ignore_index, "weight": weight}
    return Sample(name or f"{n}x{c}-{reduction}", (grad, x, t, total), kwargs)


SAMPLES = {
    "threshold_bw": [Sample(s.name, (*s.args, 0.0, 0.0)) for s in _pointwise(lambda x: x)]
    + [Sample("threshold-0.5", (torch.randn(7, 33), torch.tensor([0.5, -1.0, 2.0]).repeat(7, 11), 0.5, 1.0))],
    "gelu_bw": _pointwise(lambda x: x)
    + [Sample("tanh-45x65", (torch.randn(45, 65), torch.randn(45, 65)), {"approximate": "tanh"})],
    "tanh_backward": _pointwise(torch.tanh),
    "sigmoid_backward": _pointwise(torch.sigmoid),
    "softmax_backward": _softmax_samples(torch.softmax),
    "log_softmax_backward": _softmax_samples(torch.log_softmax),
    "layer_norm_backward": [
        _layer_norm((7, 33), (33,)),
        _layer_norm((2, 3, 45), (45,), affine=False, name="2x3x45-no-affine"),
        _layer_norm((2, 7, 5, 6), (5, 6)),
        _layer_norm((1, 65), (65,)),
        _layer_norm((64, 768), (768,), name="large-64x768"),
    ],
    # Channels with a large mean against their spread (x = 4 + 0.05 * noise) are the case where statistics
    # rounded to bf16 would leave the gradient as rounding error.
    "batch_norm_backward": [
        Sample("4x3x7x9", (torch.randn(4, 3, 7, 9), torch.randn(4, 3, 7, 9) * 2 + 1), {"weight": torch.randn(3)}),
        Sample("5x33-no-weight", (torch.randn(5, 33), torch.randn(5, 33)), {"eps": 1e-3}),
        Sample("2x5x17", (torch.randn(2, 5, 17), torch.randn(2, 5, 17)), {"weight": torch.rand(5) + 0.5}),
        Sample("empty-batch", (torch.randn(0, 3, 4), torch.randn(0, 3, 4))),
        Sample(
            "offset-2x8x6x6", (torch.randn(2, 8, 6, 6), 4 + 0.05 * torch.randn(2, 8, 6, 6)), {"weight": torch.ones(8)}
        ),
    ],
    "embedding_backward": [
        Sample("2x9x16-duplicates", (torch.randn(2, 9, 16), torch.randint(0, 6, (2, 9)), 20)),
        Sample("padding-idx", (torch.randn(7, 33), torch.tensor([0, 1, 0, 2, 3, 1, 0]), 5), {"padding_idx": 0}),
        Sample("scale-by-freq", (torch.randn(6, 5), torch.tensor([1, 1, 1, 4, 2, 4]), 7), {"scale_grad_by_freq": True}),
        Sample("scalar-index", (torch.randn(8), torch.tensor(3), 4)),
        Sample("empty", (torch.randn(0, 8), torch.zeros(0, dtype=torch.long), 10)),
        Sample("uint32", (torch.randn(3, 5, 16), torch.randint(0, 9, (3, 5)), 9), int_dtype=ttnn.uint32),
        Sample("large-4x128x256", (torch.randn(4, 128, 256), torch.randint(0, 1000, (4, 128)), 1000)),
    ],
    "nll_loss": [
        Sample("7x10-mean", (_log_probs(7, 10), torch.randint(0, 10, (7,)))),
        Sample("7x10-sum", (_log_probs(7, 10), torch.randint(0, 10, (7,))), {"reduction": "sum"}),
        Sample("7x10-none", (_log_probs(7, 10), torch.randint(0, 10, (7,))), {"reduction": "none"}),
        Sample("ignored-mean", (_log_probs(33, 5), _targets_with_ignored(33, 5))),
        Sample("ignore-index-1", (_log_probs(9, 4), torch.tensor([1, 0, 1, 3, 2, 1, 0, 0, 3])), {"ignore_index": 1}),
        Sample("weighted", (_log_probs(45, 65), _targets_with_ignored(45, 65)), {"weight": torch.rand(65)}),
        Sample(
            "weighted-none",
            (_log_probs(8, 3), torch.randint(0, 3, (8,))),
            {"weight": torch.rand(3), "reduction": "none"},
        ),
        Sample("one-sample", (_log_probs(1, 7)[0], torch.tensor(4))),
        Sample("all-ignored", (_log_probs(3, 4), torch.full((3,), -100))),
        Sample("large-256x1000", (_log_probs(256, 1000), torch.randint(0, 1000, (256,)))),
    ],
    "nll_loss_backward": [
        _nll_backward(7, 10, "mean"),
        _nll_backward(7, 10, "sum"),
        _nll_backward(7, 10, "none"),
        _nll_backward(45, 65, "mean", weight=torch.rand(65), name="weighted"),
        _nll_backward(9, 4, "mean", ignore_index=1, name="ignore-index-1"),
        _nll_backward(256, 1000, "mean", name="large-256x1000"),
    ],
}

ERRORS = {
    "threshold_bw": [
        ErrorSample(
            "shape",
            (torch.randn(3, 4), torch.randn(4, 3), 0.0, 0.0),
            {},
            ValueError,
            r"ttnn.threshold_bw: input_tensor must have the shape of grad",
        ),
    ],
    "gelu_bw": [
        ErrorSample(
            "approximate",
            (torch.randn(3), torch.randn(3)),
            {"approximate": "erf"},
            ValueError,
            r"ttnn.gelu_bw: unknown approximate",
        ),
    ],
    "softmax_backward": [
        ErrorSample(
            "dim", (torch.randn(3, 4), torch.randn(3, 4), 2), {}, IndexError, r"ttnn.softmax_backward: dim out of range"
        ),
    ],
    "layer_norm_backward": [
        ErrorSample(
            "normalized-shape",
            (torch.randn(3, 4), torch.randn(3, 4), [3], torch.randn(3, 1), torch.randn(3, 1)),
            {},
            ValueError,
            r"normalized_shape must be the input's last dims",
        ),
        ErrorSample(
            "mean-volume",
            (torch.randn(3, 4), torch.randn(3, 4), [4], torch.randn(2, 1), torch.randn(3, 1)),
            {},
            ValueError,
            r"mean must hold 3 values",
        ),
    ],
    "embedding_backward": [
        ErrorSample(
            "out-of-range",
            (torch.randn(2, 4), torch.tensor([0, 5]).int(), 5),
            {},
            IndexError,
            r"ttnn.embedding_backward: index 5 is out of bounds",
        ),
        ErrorSample(
            "grad-shape",
            (torch.randn(3, 4), torch.tensor([0, 1]).int(), 5),
            {},
            ValueError,
            r"grad_output must be indices' shape plus hidden",
        ),
    ],
    "nll_loss": [
        ErrorSample(
            "target",
            (torch.randn(2, 3), torch.tensor([0, 3]).int()),
            {},
            IndexError,
            r"ttnn.nll_loss: target 3 is out of bounds for 3 classes",
        ),
        ErrorSample(
            "reduction",
            (torch.randn(2, 3), torch.tensor([0, 1]).int()),
            {"reduction": "avg"},
            ValueError,
            r"unknown reduction",
        ),
        ErrorSample(
            "rank", (torch.randn(2, 3, 4), torch.tensor([0, 1]).int()), {}, ValueError, r"expected rank 1 or 2"
        ),
    ],
}
