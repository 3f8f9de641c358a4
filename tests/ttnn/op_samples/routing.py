"""Samples of the routing family: sort (floats, ints, ties, NaN, every dim, one element, empty), histc (given and
data bounds, values on the edges and outside, int32 counts) and grouped_matmul (empty groups, rows past the last
group, transpose_b, odd sizes)."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample, Tolerance

torch.manual_seed(0)

INT32 = {"dtypes": (ttnn.int32,), "int_dtype": ttnn.int32}


def _ties(*shape):
    return torch.randint(0, 4, shape).float()


_nan = torch.tensor([[1.0, float("nan"), -2.0, 3.0, float("nan"), 0.5]])
_offsets = torch.tensor([3, 3, 10, 24], dtype=torch.int32)

SAMPLES = {
    "sort": [
        Sample("45x65", (torch.randn(45, 65),)),
        Sample("descending-dim0", (torch.randn(33, 7),), {"dim": 0, "descending": True}),
        Sample("rank3-dim1-ties", (_ties(2, 9, 5),), {"dim": 1}),
        Sample("ties-descending", (_ties(3, 40),), {"descending": True, "stable": True}),
        Sample("nan", (_nan,)),
        Sample("nan-descending", (_nan,), {"descending": True}),
        Sample("one", (torch.randn(1),)),
        Sample("empty", (torch.randn(0, 5),), layouts=(ttnn.ROW_MAJOR_LAYOUT,)),
        Sample("expert-ids-int32", (torch.randint(0, 8, (48,)),), **INT32),
        Sample("uint32-past-2^31", (torch.tensor([3, 2**31 + 5, 7, 2**32 - 1, 0]),), dtypes=(ttnn.uint32,),
               int_dtype=ttnn.uint32),
        Sample("int32-descending-rank2", (torch.randint(-(2**30), 2**30, (5, 33)),), {"descending": True}, **INT32),
    ],
    "histc": [
        Sample("expert-ids-4-bins", (torch.randint(0, 4, (24,)).float(),), {"bins": 4, "min": 0, "max": 3}),
        Sample("randn-data-bounds", (torch.randn(33, 7),), {"bins": 10}),
        Sample("outside-and-edges", (torch.tensor([-1.0, 0.0, 0.25, 0.5, 1.0, 1.5, 0.999]),),
               {"bins": 4, "min": 0, "max": 1}),
        Sample("int32-counts", (torch.randint(0, 64, (1000,)).float(),), {"bins": 64, "min": 0, "max": 63,
                                                                        "dtype": ttnn.int32}),
        Sample("one-value", (torch.full((5,), 2.0),), {"bins": 3}),
        Sample("int-input", (torch.randint(0, 5, (40,)),), {"bins": 5, "min": 0, "max": 4}, **INT32),
    ],
    "floor_div": [
        Sample("token-rows-int32-by-2", (torch.arange(0, 2048), 2), **INT32),
        Sample("negative-int32-by-3", (torch.randint(-1000, 1000, (33, 7)), 3), **INT32),
        Sample("int32-by-negative-tensor", (torch.randint(-50, 50, (45,)), -torch.randint(1, 9, (45,))), **INT32),
        Sample("float-by-scalar", (torch.randn(45, 65) * 10, 2.5)),
        Sample("float-by-tensor", (torch.randn(7, 33) * 10, torch.rand(7, 33) + 0.5)),
    ],
    "grouped_matmul": [
        Sample("24x64-4x64x96-empty-group", (torch.randn(24, 64), torch.randn(4, 64, 96) / 8, _offsets)),
        Sample("transpose-b", (torch.randn(24, 33), torch.randn(4, 17, 33) / 6, _offsets), {"transpose_b": True}),
        Sample("rows-past-last-group", (torch.randn(30, 7), torch.randn(4, 7, 5) / 3, _offsets)),
        Sample("one-group-odd", (torch.randn(45, 65), torch.randn(1, 65, 33) / 8,
                                 torch.tensor([45], dtype=torch.int32))),
        Sample("all-empty", (torch.randn(6, 8), torch.randn(3, 8, 4), torch.tensor([0, 0, 0], dtype=torch.int32))),
    ],
}  # fmt: skip

ERRORS = {
    "sort": [ErrorSample("dim", (torch.randn(4, 5),), {"dim": 2}, ValueError, r"ttnn.sort: dim out of range")],
    "histc": [
        ErrorSample("bins", (torch.randn(4),), {"bins": 0}, ValueError, r"ttnn.histc: bins must be positive"),
        ErrorSample("min-max", (torch.randn(4),), {"min": 2, "max": 1}, ValueError, r"ttnn.histc: min must not exceed"),
    ],
    "floor_div": [
        ErrorSample("int-zero", (torch.ones(4, dtype=torch.int32), 0), {}, ValueError,
                    r"ttnn.floor_div: integer division by zero"),
        ErrorSample("shape", (torch.ones(4, 5), torch.ones(5)), {}, ValueError,
                    r"ttnn.floor_div: input_tensor_b must be a number or a tensor of input_tensor_a's shape"),
    ],
    "grouped_matmul": [
        ErrorSample("k-mismatch", (torch.randn(6, 8), torch.randn(2, 7, 4), torch.tensor([3, 6], dtype=torch.int32)),
                    {}, ValueError, r"ttnn.grouped_matmul: expected a as \[S, K\] and b as \[E, K, N\]"),
        ErrorSample("offsets-decrease", (torch.randn(6, 8), torch.randn(2, 8, 4),
                                         torch.tensor([4, 3], dtype=torch.int32)),
                    {}, ValueError, r"ttnn.grouped_matmul: offsets must be non-decreasing"),
        ErrorSample("offsets-count", (torch.randn(6, 8), torch.randn(2, 8, 4), torch.tensor([6], dtype=torch.int32)),
                    {}, ValueError, r"ttnn.grouped_matmul: offsets must hold one running total per group"),
    ],
}  # fmt: skip

TOLERANCES = {"grouped_matmul": Tolerance(rtol=1.6e-2, atol=1e-3, pcc=0.999)}
