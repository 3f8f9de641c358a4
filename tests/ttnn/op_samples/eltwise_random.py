"""Samples of experimental.dropout: the golden draws the same mask (golden/eltwise_random.py), so each case
checks every element; test_fidelity_ops.py checks the mask's statistics and its dependence on the seed."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)


def _dropout(name, shape, probability, seed=124, **extra):
    kwargs = {"seed": seed, "probability": probability, "scale": 1.0 / (1.0 - probability) if probability < 1 else 1.0}
    return Sample(name, (torch.randn(shape),), kwargs, **extra)


SAMPLES = {
    "experimental.dropout": [
        _dropout("45x65-p0.2", (45, 65), 0.2),
        _dropout("2x3x33x7-p0.5", (2, 3, 33, 7), 0.5, seed=7),
        _dropout("7-p0", (7,), 0.0),
        _dropout("33-p1", (33,), 1.0),
        _dropout("empty", (0, 5), 0.3),
        _dropout("bfloat8_b", (2, 45, 65), 0.1, dtypes=(ttnn.bfloat8_b,), layouts=(ttnn.TILE_LAYOUT,)),
    ],
}

ERRORS = {
    "experimental.dropout": [
        ErrorSample(
            "probability",
            (torch.randn(4),),
            {"seed": 1, "probability": 1.5, "scale": 1.0},
            ValueError,
            r"ttnn.experimental.dropout: probability must lie in \[0, 1\]",
        ),
        ErrorSample(
            "seed",
            (torch.randn(4),),
            {"seed": -1, "probability": 0.5, "scale": 2.0},
            ValueError,
            r"ttnn.experimental.dropout: seed must be a uint32",
        ),
    ]
}
