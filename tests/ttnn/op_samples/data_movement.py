"""Samples of the data-movement ops. Every op runs on bf16 and fp32 in both layouts (the default), on
bfloat8_b in TILE, and on each integer dtype; the float cases cover odd sizes, ranks 1..4, empty tensors
and one large (BERT-base) case."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)
INT_DTYPES = (ttnn.int32, ttnn.uint32, ttnn.uint16, ttnn.uint8)


def _r(*shape):
    return torch.randn(*shape)


def _every_dtype(name, make_args, kwargs=None):
    """The case in bf16/fp32 (both layouts), bfloat8_b (TILE) and every integer dtype (both layouts)."""
    kwargs = kwargs or {}
    cases = [
        Sample(name, make_args(torch.randn), kwargs),
        Sample(f"{name}-bfp8", make_args(torch.randn), kwargs, dtypes=(ttnn.bfloat8_b,), layouts=(ttnn.TILE_LAYOUT,)),
    ]
    ints = lambda *shape: torch.randint(0, 200, shape, dtype=torch.int32)  # noqa: E731
    for dtype in INT_DTYPES:
        suffix = str(dtype).rsplit(".", 1)[-1].lower()
        cases.append(Sample(f"{name}-{suffix}", make_args(ints), kwargs, dtypes=(dtype,), int_dtype=dtype))
    return cases


SAMPLES = {
    "permute": [
        *_every_dtype("2x3x33x7-0231", lambda t: (t(2, 3, 33, 7), [0, 2, 3, 1])),
        Sample("45x65-10", (_r(45, 65), [1, 0])),
        Sample("pad-value", (_r(3, 45, 7), [0, 2, 1]), {"pad_value": 3.0}),
        Sample("7-0", (_r(7), [0])),
        Sample("3x5x7-neg", (_r(3, 5, 7), [-1, 0, -2])),
        Sample("empty", (_r(0, 5, 3), [2, 0, 1])),
        Sample("bert-0213", (_r(8, 128, 12, 64), [0, 2, 1, 3])),
    ],
    "transpose": [
        *_every_dtype("2x3x33x7-last2", lambda t: (t(2, 3, 33, 7), -2, -1)),
        Sample("45x65", (_r(45, 65), 0, 1)),
        Sample("1x33x1", (_r(1, 33, 1), 0, 2)),
        Sample("3x5x7-02", (_r(3, 5, 7), 0, 2)),
        Sample("same-dim", (_r(3, 5), 1, 1)),
        Sample("bert-last2", (_r(8, 12, 128, 64), -2, -1)),
    ],
    "concat": [
        *_every_dtype("last-dim", lambda t: ([t(2, 33, 7), t(2, 33, 5), t(2, 33, 1)], -1)),
        Sample("dim0-rank1", ([_r(7), _r(33), _r(1)], 0)),
        Sample("45x65-rows", ([_r(45, 65), _r(3, 65)], 0)),
        Sample("rank4-dim1", ([_r(2, 3, 5, 7), _r(2, 1, 5, 7)],), {"dim": 1}),
        Sample("with-empty", ([_r(3, 0), _r(3, 4)], 1)),
        Sample("one-tensor", ([_r(5, 6)], 0)),
        Sample("bert-heads", ([_r(8, 12, 128, 64), _r(8, 12, 128, 64)], -1)),
    ],
    "stack": [
        *_every_dtype("dim1", lambda t: ([t(3, 33), t(3, 33)], 1)),
        Sample("new-last", ([_r(7), _r(7), _r(7)], -1)),
        Sample("rank3-dim0", ([_r(2, 5, 7), _r(2, 5, 7)],)),
        Sample("empty", ([_r(0, 4), _r(0, 4)], 0)),
    ],
    "slice": [
        *_every_dtype("steps", lambda t: (t(2, 3, 33, 45), [0, 1, 3, 0], [2, 3, 30, 45], [1, 1, 2, 3])),
        Sample("negative", (_r(45, 65), [-40, -1], [-2, 65])),
        Sample(
            "clamped",
            (
                _r(
                    7,
                ),
                [-100],
                [100],
            ),
        ),
        Sample("empty-range", (_r(5, 6), [3, 0], [2, 6])),
        Sample("rank3", (_r(4, 5, 6), [1, 0, 2], [4, 5, 5], [2, 2, 1])),
    ],
    "split": [
        *_every_dtype("chunks-last", lambda t: (t(2, 33, 45), 16, -1)),
        Sample("sizes-dim0", (_r(7, 5), [2, 0, 5], 0)),
        Sample("one-piece", (_r(7, 5), 7, 0)),
        Sample("rank1", (_r(33), 10)),
        Sample("bert-qkv", (_r(8, 128, 2304), 768, -1)),
    ],
    "repeat": [
        *_every_dtype("2x3x7", lambda t: (t(2, 3, 7), [2, 1, 3])),
        Sample("new-dims", (_r(3, 5), [2, 2, 1, 3])),
        Sample("rank1", (_r(33), [4])),
        Sample("zero", (_r(3, 5), [0, 2])),
    ],
    "expand": [
        *_every_dtype("1x33-to-5x33", lambda t: (t(1, 33), [5, 33])),
        Sample("new-lead", (_r(3, 1, 7), [2, -1, 4, 7])),
        Sample("scalar-like", (_r(1), [45, 65])),
        Sample("same", (_r(4, 5), [4, 5])),
    ],
    "repeat_interleave": [
        *_every_dtype("2x3x33x7-dim1", lambda t: (t(2, 3, 33, 7), 2, 1)),
        Sample("45x65-last", (_r(45, 65), 3, -1)),
        Sample("7-dim0", (_r(7), 4, 0)),
        Sample("zero-repeats", (_r(3, 5), 0, 0)),
        Sample("empty", (_r(0, 5), 2, 1)),
    ],
    "experimental.broadcast_to": [
        *_every_dtype("1x33-to-5x33", lambda t: (t(1, 33), [5, 33])),
        Sample("rows-cols", (_r(2, 1, 7), [2, 45, 7])),
        Sample("new-lead", (_r(33, 1), [3, 33, 65])),
        Sample("to-empty", (_r(1, 5), [0, 5])),
    ],
    "pad": [
        *_every_dtype("last2", lambda t: (t(2, 33, 7), [(0, 0), (3, 0), (1, 2)]), {"value": 1.0}),
        Sample("crop", (_r(5, 45, 65), [(1, 1), (0, -10), (-3, 2)])),
        Sample("rank1", (_r(7), [(2, 5)], -2.5)),
        Sample("flat-pairs", (_r(3, 4), [0, 1, 2, 0])),
        Sample("none", (_r(3, 4), [(0, 0), (0, 0)]), {"use_multicore": True}),
        Sample("front-first-dim", (_r(2, 3, 4, 5), [(1, 0), (0, 0), (0, 0), (0, 27)])),
    ],
    "chunk": [
        *_every_dtype("3-of-7-dim0", lambda t: (t(7, 33), 3)),
        Sample("uneven-last", (_r(2, 45, 65), 4, -1)),
        Sample("more-than-size", (_r(3, 5), 8, 0)),
        Sample("one", (_r(4, 6), 1, 1)),
    ],
    "squeeze": [
        *_every_dtype("all", lambda t: (t(1, 33, 1, 7),)),
        Sample("dim", (_r(1, 33, 1, 7), 2)),
        Sample("dims", (_r(1, 33, 1, 7), [0, -2])),
        Sample("not-one", (_r(3, 4), 0)),
        Sample("last", (_r(5, 1), -1)),
    ],
    "unsqueeze": [
        *_every_dtype("front", lambda t: (t(33, 7), 0)),
        Sample("back", (_r(2, 3, 5), -1)),
        Sample("middle", (_r(45, 65), 1)),
        Sample("rank1", (_r(7), 1)),
    ],
    "roll": [
        *_every_dtype("two-dims", lambda t: (t(2, 33, 7), [5, -2], [1, 2])),
        Sample("flat", (_r(3, 5), 4)),
        Sample("same-dim-twice", (_r(45, 65), [3, 70], [1, 1])),
        Sample("rank1", (_r(33), [-100], [0])),
    ],
    "tril": [
        *_every_dtype("45x65", lambda t: (t(45, 65),)),
        Sample("batched-diag", (_r(2, 3, 33, 7), 2)),
        Sample("neg-diag", (_r(7, 7), -3)),
    ],
    "triu": [
        *_every_dtype("45x65", lambda t: (t(45, 65),)),
        Sample("batched-diag", (_r(2, 3, 33, 7), -1)),
        Sample("big-diag", (_r(7, 9), 20)),
    ],
}

ERRORS = {
    "permute": [
        ErrorSample("repeated", (_r(2, 3), [0, 0]), {}, ValueError, r"ttnn.permute: dims must name every dim once"),
        ErrorSample("out-of-range", (_r(2, 3), [0, 2]), {}, IndexError, r"ttnn.permute: dim out of range"),
    ],
    "transpose": [ErrorSample("out-of-range", (_r(2, 3), 0, -3), {}, IndexError, r"expected a value in \[-2, 1\]")],
    "slice": [
        ErrorSample("step", (_r(4, 5), [0, 0], [4, 5], [1, 0]), {}, ValueError, r"steps must be positive"),
        ErrorSample("rank", (_r(4, 5), [0], [4]), {}, ValueError, r"one entry per dim; expected 2"),
    ],
    "split": [ErrorSample("sum", (_r(4, 5), [1, 2], 0), {}, ValueError, r"must sum to the size of dim 0; expected 4")],
    "repeat": [ErrorSample("short", (_r(4, 5), [2]), {}, ValueError, r"ttnn.repeat: repeats needs at least")],
    "repeat_interleave": [
        ErrorSample("negative", (_r(4, 5), -1, 0), {}, ValueError, r"ttnn.repeat_interleave: repeats must be"),
        ErrorSample("dim", (_r(4, 5), 2, 2), {}, IndexError, r"ttnn.repeat_interleave: dim out of range"),
    ],
    "experimental.broadcast_to": [
        ErrorSample("grow", (_r(4, 5), [4, 6]), {}, ValueError, r"only size-1 dims can grow")
    ],
    "expand": [ErrorSample("grow", (_r(4, 5), [4, 6]), {}, ValueError, r"only size-1 dims can grow")],
    "pad": [
        ErrorSample("odd", (_r(4, 5), [1, 2, 3]), {}, ValueError, r"ttnn.pad: padding must be"),
        ErrorSample("torch-order", (_r(2, 4, 5), [1, 2]), {}, RuntimeError, r"ttnn.pad: .*expected 3 pairs, got 2"),
    ],
    "chunk": [ErrorSample("zero", (_r(4, 5), 0), {}, ValueError, r"ttnn.chunk: chunks must be positive")],
    "roll": [ErrorSample("lengths", (_r(4, 5), [1, 2], [0]), {}, ValueError, r"ttnn.roll: shifts and dims")],
    "tril": [ErrorSample("rank1", (_r(5),), {}, ValueError, r"ttnn.tril: input must have at least 2 dims")],
    "unsqueeze": [ErrorSample("range", (_r(4, 5), 4), {}, IndexError, r"ttnn.unsqueeze: dim out of range")],
}
