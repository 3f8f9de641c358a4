"""Samples of the reductions: odd sizes, ranks 0..4, every dim form (None, int, negative, list) with and
without keepdim, empty tensors, a BERT-base sized case, bfloat8_b in TILE, and ties/NaN for the index ops.
int32/uint32 samples (sum, max, min, argmax, argmin, cumsum) use values above 2^24, where a float
accumulator would round, and sums past 2^31 that wrap."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample, Tolerance

torch.manual_seed(0)
BFP8 = {"dtypes": (ttnn.bfloat8_b,), "layouts": (ttnn.TILE_LAYOUT,)}


def _near1(*shape):
    """Factors near 1, so a running product over 65 of them stays in range and its relative error small."""
    return 1.0 + 0.05 * torch.randn(*shape)


def _r(*shape):
    return torch.randn(*shape)


def _dim_cases(make=_r):
    """Shapes x dim forms shared by the folding reductions."""
    return [
        Sample("1-all", (make(1),)),
        Sample("7-dim0", (make(7),), {"dim": 0}),
        Sample("33-keep", (make(33),), {"dim": -1, "keepdim": True}),
        Sample("45x65-last", (make(45, 65),), {"dim": -1}),
        Sample("45x65-rows", (make(45, 65),), {"dim": 0}),
        Sample("45x65-all-keep", (make(45, 65),), {"keepdim": True}),
        Sample("2x3x33x7-01", (make(2, 3, 33, 7),), {"dim": [0, 1]}),
        Sample("2x3x33x7-13-keep", (make(2, 3, 33, 7),), {"dim": [1, -1], "keepdim": True}),
        Sample("2x3x33x7-last2", (make(2, 3, 33, 7),), {"dim": [-2, -1]}),
        Sample("bfp8-45x65-last", (make(45, 65),), {"dim": -1}, **BFP8),
    ]


SUMS = [
    *_dim_cases(),
    Sample("scalar", (torch.tensor(2.5),)),
    Sample("empty-fold", (_r(0, 5),), {"dim": 0}),
    Sample("empty-out", (_r(0, 5),), {"dim": 1}),
    Sample("bert-last", (_r(8, 128, 768),), {"dim": -1}),
]
LOOSE = Tolerance(rtol=2e-2, atol=3e-2, pcc=0.999)
_ties = torch.tensor([[1.0, 3.0, 3.0, -2.0, 3.0], [0.0, -2.0, 5.0, -2.0, 5.0]])
_nan = torch.tensor([[1.0, float("nan"), 7.0], [2.0, 2.0, -1.0]])
_pos = lambda *s: torch.rand(*s) + 0.5  # noqa: E731 (products of values near 1 stay finite)
_sparse = lambda *s: (torch.rand(*s) > 0.3).float() * torch.randn(*s)  # noqa: E731

INT32 = {"dtypes": (ttnn.int32,)}
UINT32 = {"dtypes": (ttnn.uint32,), "int_dtype": ttnn.uint32}
_big = lambda *s: torch.randint(-(2**28), 2**28, s)  # noqa: E731 (exact only in integer arithmetic)
_close = torch.tensor([[2**24, 2**24 + 1, 2**24 - 1], [-(2**24) - 1, -(2**24), 7]])  # equal as fp32
_int_ties = torch.tensor([[3, 9, 9, -2, 9], [0, -5, 5, -5, 5]])


def _int_cases():
    """Integer shapes x dim forms shared by sum, max and min; 45x65 sums pass 2^31 and wrap."""
    return [
        Sample("int-1-all", (_big(1),), **INT32),
        Sample("int-7-dim0", (_big(7),), {"dim": 0}, **INT32),
        Sample("int-33-keep", (_big(33),), {"dim": -1, "keepdim": True}, **INT32),
        Sample("int-45x65-last", (_big(45, 65),), {"dim": -1}, **INT32),
        Sample("int-45x65-rows", (_big(45, 65),), {"dim": 0}, **INT32),
        Sample("int-2x3x33x7-13-keep", (_big(2, 3, 33, 7),), {"dim": [1, -1], "keepdim": True}, **INT32),
        Sample("int-2x3x33x7-all", (_big(2, 3, 33, 7),), **INT32),
        Sample("int-64x96x40-01", (_big(64, 96, 40),), {"dim": [0, 1]}, **INT32),  # folded in parts
        Sample("int-close", (_close,), {"dim": 1}, **INT32),
        Sample("uint-33x7-rows", (torch.randint(0, 2**25, (33, 7)),), {"dim": 0}, **UINT32),
    ]


SAMPLES = {
    "sum": [
        *SUMS,
        *_int_cases(),
        Sample("int-wrap", (torch.tensor([2**31 - 1, 1, 5]),), **INT32),
        Sample("int-empty-fold", (torch.zeros(0, 5, dtype=torch.int64),), {"dim": 0}, **INT32),
        Sample("int-scalar", (torch.tensor(-(2**30)),), **INT32),
    ],
    "mean": [
        *SUMS[:-4],
        Sample("bert-last", (_r(8, 128, 768),), {"dim": -1}),
        Sample("empty-out", (_r(0, 5),), {"dim": 1}),
    ],
    "max": [
        *_dim_cases(),
        Sample("nan", (_nan,), {"dim": 1}),
        Sample("scalar", (torch.tensor(-1.5),)),
        *_int_cases(),
        Sample("uint-high", (torch.tensor([5, 2**32 - 1, 2**31]),), **UINT32),
    ],
    "min": [
        *_dim_cases(),
        Sample("nan", (_nan,), {"dim": 1}),
        *_int_cases(),
        Sample("int-extremes", (torch.tensor([[2**31 - 1, -(2**31)], [0, 1]]),), {"dim": -1}, **INT32),
    ],
    "prod": [*_dim_cases(_pos)[:-1], Sample("empty-fold", (_r(0, 5),), {"dim": 0})],
    "all": [*_dim_cases(_sparse), Sample("ones", (torch.ones(3, 4),), {"dim": 1}), Sample("nan", (_nan,), {"dim": 1})],
    "any": [*_dim_cases(_sparse), Sample("zeros", (torch.zeros(3, 4),), {"dim": 1})],
    "var": [
        *_dim_cases()[1:],
        Sample("correction0", (_r(45, 65),), {"dim": 1, "correction": 0}),
        Sample("tt-bool", (_r(45, 65),), {"dim": 1, "correction": False}),
        Sample("unbiased", (_r(2, 3, 33, 7),), {"dim": [2], "unbiased": True}),
    ],
    "std": [*_dim_cases()[1:], Sample("correction2", (_r(33, 7),), {"dim": 0, "correction": 2})],
    "argmax": [
        Sample("45x65-last", (_r(45, 65),), {"dim": -1}),
        Sample("45x65-rows-keep", (_r(45, 65),), {"dim": 0, "keepdim": True}),
        Sample("flat", (_r(2, 3, 33, 7),)),
        Sample("flat-keep", (_r(3, 7),), {"keepdim": True}),
        Sample("ties", (_ties,), {"dim": 1}),
        Sample("nan", (_nan,), {"dim": 1}),
        Sample("rank1", (_r(33),), {"dim": 0}),
        Sample("bfp8", (_r(45, 65),), {"dim": 1}, **BFP8),
        Sample("int-45x65-last", (_big(45, 65),), {"dim": -1}, **INT32),
        Sample("int-rows-keep", (_big(33, 7),), {"dim": 0, "keepdim": True}, **INT32),
        Sample("int-flat", (_big(2, 3, 33, 7),), **INT32),
        Sample("int-ties", (_int_ties,), {"dim": 1}, **INT32),
        Sample("int-close", (_close,), {"dim": -1}, **INT32),
        Sample("uint-high", (torch.tensor([[5, 2**32 - 1, 2**31, 2**32 - 1]]),), {"dim": 1}, **UINT32),
    ],
    "argmin": [
        Sample("45x65-last", (_r(45, 65),), {"dim": -1}),
        Sample("2x3x33x7-dim1", (_r(2, 3, 33, 7),), {"dim": 1}),
        Sample("flat", (_r(45, 65),)),
        Sample("ties", (_ties,), {"dim": 1}),
        Sample("nan", (_nan,), {"dim": 1}),
        Sample("int-ties", (_int_ties,), {"dim": 1}, **INT32),
        Sample("int-close", (_close,), {"dim": 1}, **INT32),
        Sample("uint-33x7", (torch.randint(0, 2**32, (33, 7)),), {"dim": 0}, **UINT32),
    ],
    "cumsum": [
        Sample("7", (_r(7),), {"dim": 0}),
        Sample("45x65-last", (_r(45, 65),), {"dim": -1}),
        Sample("45x65-rows", (_r(45, 65),), {"dim": 0}),
        Sample("2x3x33x7-dim1", (_r(2, 3, 33, 7),), {"dim": 1}),
        Sample("3x5x4100-dim1", (_r(3, 5, 4100),), {"dim": 1}),  # rows wider than one task's span
        Sample("empty", (_r(0, 5),), {"dim": 1}),
        Sample("empty-rows", (_r(0, 5),), {"dim": 0}),
        Sample("bfp8", (_r(45, 65),), {"dim": 1}, **BFP8),
        Sample("int-7", (_big(7),), {"dim": 0}, **INT32),
        Sample("dtype-fp32", (_r(45, 65),), {"dim": 1, "dtype": ttnn.float32}, dtypes=(ttnn.bfloat16,)),
        Sample("int-45x65-last", (_big(45, 65),), {"dim": -1}, **INT32),
        Sample("int-45x65-rows", (_big(45, 65),), {"dim": 0}, **INT32),
        Sample("int-2x3x33x7-neg3", (_big(2, 3, 33, 7),), {"dim": -3}, **INT32),
        Sample("int-close", (_close,), {"dim": 1}, **INT32),
        Sample("int-wrap", (torch.tensor([2**31 - 1, 1, 5]),), {"dim": 0}, **INT32),
        Sample("int-empty", (torch.zeros(0, 5, dtype=torch.int64),), {"dim": 1}, **INT32),
        Sample("int-scalar", (torch.tensor(2**30),), {"dim": 0}, **INT32),
        Sample("uint-33", (torch.randint(0, 2**25, (33,)),), {"dim": 0}, **UINT32),
        Sample("reverse-last", (_r(45, 65),), {"dim": -1, "reverse_order": True}),
        Sample("reverse-rows", (_r(3, 45, 7),), {"dim": 1, "reverse_order": True}),
        Sample("int-reverse", (_big(3, 45, 7),), {"dim": 0, "reverse_order": True}, **INT32),
    ],
    "cumprod": [
        Sample("7", (_r(7),), {"dim": 0}),
        Sample("45x65-last", (_near1(45, 65),), {"dim": -1}),
        Sample("45x65-rows", (_near1(45, 65),), {"dim": 0}),
        Sample("2x3x33x7-dim1", (_r(2, 3, 33, 7),), {"dim": 1}),
        Sample("reverse-last", (_near1(33, 45),), {"dim": 1, "reverse_order": True}),
        Sample("reverse-rows", (_near1(3, 45, 7),), {"dim": 1, "reverse_order": True}),
        Sample("zeros", (torch.tensor([[2.0, 0.0, 3.0], [-1.0, 4.0, 0.5]]),), {"dim": 1}),
        Sample("empty", (_r(0, 5),), {"dim": 1}),
        Sample("bfp8", (_near1(45, 65),), {"dim": 1}, **BFP8),
        Sample("dtype-fp32", (_near1(45, 65),), {"dim": 1, "dtype": ttnn.float32}, dtypes=(ttnn.bfloat16,)),
        Sample("int-3x45x7", (torch.randint(-3, 4, (3, 45, 7)),), {"dim": 1}, **INT32),
        Sample("int-wrap", (torch.tensor([65536, 65536, 3]),), {"dim": 0}, **INT32),
        Sample("uint-33", (torch.randint(0, 3, (33,)),), {"dim": 0}, **UINT32),
    ],
    "topk": [
        Sample("45x65-k5", (_r(45, 65), 5)),
        Sample("smallest", (_r(45, 65), 7), {"largest": False}),
        Sample("dim0", (_r(33, 7), 3), {"dim": 0}),
        Sample("rank4-dim1", (_r(2, 3, 33, 7), 2), {"dim": 1}),
        Sample("ties", (_ties, 3)),
        Sample("ties-smallest", (_ties, 2), {"largest": False}),
        Sample("nan", (_nan, 2)),
        Sample("k-all", (_r(7), 7)),
        Sample("k-half", (_r(6, 80), 40)),  # a k too large to select by insertion: sorted
        Sample("k0", (_r(4, 7), 0)),
        Sample("bert-vocab", (_r(8, 30522), 10)),
        Sample("bfp8", (_r(45, 65), 4), **BFP8),
    ],
    "sum_to_shape": [
        Sample("bias-grad", (_r(8, 33, 65), [65])),
        Sample("keep-ones", (_r(2, 3, 33, 7), [3, 1, 7])),
        Sample("lead-and-one", (_r(4, 5, 6), [1, 6])),
        Sample("same", (_r(45, 65), [45, 65])),
        Sample("drop-lead-ones", (_r(1, 45, 65), [45, 65])),
        Sample("bfp8", (_r(4, 45, 65), [1, 65]), **BFP8),
    ],
}

TOLERANCES = {name: LOOSE for name in ("sum", "mean", "var", "std", "prod", "cumsum", "cumprod", "sum_to_shape")}

ERRORS = {
    "sum": [
        ErrorSample("dim-range", (_r(4, 5),), {"dim": 2}, IndexError, r"ttnn.sum: dim out of range"),
        ErrorSample("dim-twice", (_r(4, 5),), {"dim": [1, -1]}, ValueError, r"ttnn.sum: dim 1 appears more than once"),
    ],
    "max": [
        ErrorSample("empty", (_r(0, 5),), {"dim": 0}, ValueError, r"ttnn.max: cannot reduce over a zero-size dim"),
        ErrorSample(
            "int-empty",
            (torch.zeros(0, 5, dtype=torch.int32),),
            {"dim": 0},
            ValueError,
            r"ttnn.max: cannot reduce over a zero-size dim",
        ),
    ],
    "mean": [
        ErrorSample("int", (torch.ones(4, 5, dtype=torch.int32),), {}, TypeError, r"ttnn.mean: unsupported dtype")
    ],
    "argmax": [ErrorSample("two-dims", (_r(4, 5),), {"dim": [0, 1]}, ValueError, r"dim must be None or a single dim")],
    "topk": [ErrorSample("k", (_r(4, 5), 6), {}, ValueError, r"ttnn.topk: k out of range; expected 0 <= k <= 5")],
    "var": [
        ErrorSample("both", (_r(4, 5),), {"correction": 1, "unbiased": True}, ValueError, r"not both"),
    ],
    "cumsum": [
        ErrorSample("no-dim", (_r(4, 5),), {}, TypeError, r"missing required argument 'dim'"),
        ErrorSample("int-dim-range", (torch.ones(4, 5, dtype=torch.int32),), {"dim": 2}, IndexError, r"out of range"),
    ],
    "cumprod": [
        ErrorSample("dim-range", (_r(4, 5),), {"dim": 2}, IndexError, r"ttnn.cumprod: dim out of range"),
    ],
    "sum_to_shape": [
        ErrorSample("mismatch", (_r(4, 5),), {"shape": [3]}, ValueError, r"expected 5 or 1 at target dim 0")
    ],
}
