"""Samples of where (masked_fill is where(mask, value, input)): broadcasting of all three, numbers as values."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)


def _mask(shape) -> torch.Tensor:
    return (torch.rand(shape) > 0.5).float()


SAMPLES = {
    "where": [
        Sample("7", (_mask((7,)), torch.randn(7), torch.randn(7))),
        Sample("45x65", (_mask((45, 65)), torch.randn(45, 65), torch.randn(45, 65))),
        Sample("2x3x33x7", (_mask((2, 3, 33, 7)), torch.randn(2, 3, 33, 7), torch.randn(2, 3, 33, 7))),
        Sample("mask-row", (_mask((65,)), torch.randn(45, 65), torch.randn(45, 65))),
        Sample("all-broadcast", (_mask((45, 1)), torch.randn(1, 65), torch.randn(65))),
        Sample("masked-fill", (_mask((2, 1, 33, 7)), -1e4, torch.randn(2, 3, 33, 7))),
        Sample("numbers", (_mask((45, 65)), 1.5, -2.0)),
        Sample("nonzero-mask", (torch.randn(45, 65), torch.randn(45, 65), 0.0)),
        Sample("empty", (_mask((0, 5)), torch.randn(0, 5), torch.randn(5))),
        Sample("large", (_mask((8, 1, 128, 128)), torch.randn(8, 12, 128, 128), -1e9)),
        Sample(
            "bfloat8_b",
            (_mask((2, 45, 65)), torch.randn(2, 45, 65), torch.randn(45, 65)),
            dtypes=(ttnn.bfloat8_b,),
            layouts=(ttnn.TILE_LAYOUT,),
        ),
        Sample("int32", (torch.randint(0, 2, (45, 65)), torch.randint(-9, 9, (45, 65)), 5), dtypes=(ttnn.int32,)),
        Sample("int32-float-mask", (_mask((45, 65)), torch.randint(-9, 9, (45, 65)), torch.randint(-9, 9, (65,)))),
    ],
}

ERRORS = {
    "where": [
        ErrorSample("no-broadcast", (torch.randn(4, 5), torch.randn(4, 6), 0.0), {}, ValueError, r"ttnn.where: shapes"),
        ErrorSample(
            "int-float",
            (torch.randn(4), torch.arange(4, dtype=torch.int32), torch.randn(4)),
            {},
            TypeError,
            r"ttnn.where: true_value and false_value",
        ),
    ],
}
