"""Samples of the indexing ops (embedding, gather, index_select, index, index_put, scatter).

Integer tensors (indices, and int data) are stored as int32 unless a sample sets int_dtype. Samples that write
without accumulating use distinct positions: with duplicates the winner is unspecified in torch.
Error cases of index and index_put (tensor-list arguments) are in tests/ttnn/test_indexing.py.
"""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample

torch.manual_seed(0)


def _ri(high, shape):
    return torch.randint(0, high, shape)


def _perm_rows(rows, size, keep):
    """Distinct positions per row: `keep` of `size`, for scatter without reduce."""
    return torch.rand(rows, size).argsort(1)[:, :keep]


SAMPLES = {
    "embedding": [
        Sample("7-tokens-33x45", (_ri(33, (7,)), torch.randn(33, 45))),
        Sample("2x9-tokens-50x64", (_ri(50, (2, 9)), torch.randn(50, 64))),
        Sample("duplicates", (torch.tensor([[0, 0, 3, 3, 1]]), torch.randn(5, 7))),
        Sample("scalar-index", (torch.tensor(3), torch.randn(5, 33))),
        Sample("empty", (torch.zeros(0, dtype=torch.long), torch.randn(10, 8))),
        Sample("uint32", (_ri(33, (3, 5)), torch.randn(33, 16)), int_dtype=ttnn.uint32),
        Sample("tile-output", (_ri(20, (2, 7)), torch.randn(20, 33)), {"layout": ttnn.TILE_LAYOUT}),
        Sample("padding-idx", (torch.tensor([0, 2, 0]), torch.randn(4, 6)), {"padding_idx": 0}),
        Sample(
            "padded-type",
            (torch.tensor([[0, 2, 0], [1, 3, 0]]), torch.randn(4, 33)),
            {"padding_idx": 0, "embeddings_type": ttnn.EmbeddingsType.PADDED},
        ),
        Sample(
            "padded-type-tile",
            (_ri(20, (2, 7)), torch.randn(20, 33)),
            {"padding_idx": 3, "embeddings_type": ttnn.EmbeddingsType.PADDED, "layout": ttnn.TILE_LAYOUT},
        ),
        Sample("binary-type", (_ri(2, (3, 9)), torch.randn(2, 16)), {"embeddings_type": ttnn.EmbeddingsType.BINARY}),
        Sample("large-4x128-1000x256", (_ri(1000, (4, 128)), torch.randn(1000, 256))),
    ],
    "gather": [
        Sample("7-dim0", (torch.randn(7), 0, _ri(7, (5,)))),
        Sample("45x65-dim1", (torch.randn(45, 65), 1, _ri(65, (45, 30)))),
        Sample("45x65-dim0", (torch.randn(45, 65), 0, _ri(45, (20, 65)))),
        Sample("smaller-index", (torch.randn(5, 9), 1, _ri(9, (3, 4)))),
        Sample("2x3x33x7-dim2", (torch.randn(2, 3, 33, 7), 2, _ri(33, (2, 3, 10, 7)))),
        Sample("2x3x33x7-dim-1", (torch.randn(2, 3, 33, 7), -1, _ri(7, (2, 3, 33, 7)))),
        Sample("empty-index", (torch.randn(4, 5), 1, torch.zeros(4, 0, dtype=torch.long))),
        Sample("int-data", (_ri(1000, (6, 9)), 0, _ri(6, (6, 9)))),
        Sample("large-64x512", (torch.randn(64, 512), 1, _ri(512, (64, 512)))),
    ],
    "index_select": [
        Sample("7-dim0", (torch.randn(7), 0, torch.tensor([6, 0, 0, 3]))),
        Sample("45x65-dim1", (torch.randn(45, 65), 1, _ri(65, (10,)))),
        Sample("45x65-dim0", (torch.randn(45, 65), 0, _ri(45, (33,)))),
        Sample("2x3x33x7-dim2", (torch.randn(2, 3, 33, 7), 2, _ri(33, (5,)))),
        Sample("dim-1", (torch.randn(3, 8), -1, torch.tensor([7, 1]))),
        Sample("scalar-index", (torch.randn(5, 6), 0, torch.tensor(4))),
        Sample("empty-index", (torch.randn(5, 6), 1, torch.zeros(0, dtype=torch.long))),
        Sample("int-data", (_ri(100, (4, 6)), 1, torch.tensor([5, 5, 0]))),
    ],
    "index": [
        Sample("10x7-rows", (torch.randn(10, 7), [_ri(10, (5,))], [0])),
        Sample("negative", (torch.randn(10, 7), [torch.tensor([-1, -10, 3])], [0])),
        Sample("2d-index", (torch.randn(10, 7), [_ri(10, (2, 3))], [0])),
        Sample("middle-dim", (torch.randn(4, 5, 6), [_ri(5, (3,))], [1])),
        Sample("consecutive-broadcast", (torch.randn(4, 5, 6), [_ri(4, (3, 1)), _ri(5, (1, 2))], [0, 1])),
        Sample("separated-dims", (torch.randn(4, 5, 6), [_ri(4, (3, 1)), _ri(6, (2,))], [0, 2])),
        Sample("middle-pair", (torch.randn(2, 4, 5, 7), [_ri(4, (3,)), _ri(5, (3,))], [1, 2])),
        Sample("every-dim", (torch.randn(4, 5), [_ri(4, (6,)), _ri(5, (6,))], [0, 1])),
        Sample("scalar-index", (torch.randn(7), [torch.tensor(2)], [0])),
        Sample("empty-index", (torch.randn(6, 3), [torch.zeros(0, dtype=torch.long)], [0])),
        Sample(
            "upsample-nearest",
            (
                torch.randn(1, 3, 8, 8),
                [torch.arange(16).div(2, rounding_mode="floor")[:, None], torch.arange(16) // 2],
                [2, 3],
            ),
        ),
        Sample("int-data", (_ri(100, (5, 4)), [torch.tensor([4, 0])], [0])),
    ],
    "index_put": [
        Sample("rows", (torch.randn(10, 7), [torch.tensor([0, 3, 5])], [0], torch.randn(3, 7))),
        Sample(
            "accumulate-duplicates",
            (torch.randn(10, 7), [torch.tensor([1, 1, 1, 4, 4])], [0], torch.randn(5, 7)),
            {"accumulate": True},
        ),
        Sample("broadcast-values", (torch.randn(10, 7), [torch.tensor([2, 9])], [0], torch.randn(7))),
        Sample("one-value", (torch.randn(6, 5), [torch.tensor([1, 4]), torch.tensor([0, 2])], [0, 1], torch.randn(1))),
        Sample(
            "separated-accumulate",
            (torch.randn(4, 5, 6), [torch.tensor([0, 0, 3]), torch.tensor([5, 5, 1])], [0, 2], torch.randn(3, 5)),
            {"accumulate": True},
        ),
        Sample("empty-index", (torch.randn(6, 3), [torch.zeros(0, dtype=torch.long)], [0], torch.randn(0, 3))),
        Sample(
            "embedding-grad",
            (torch.zeros(50, 16), [_ri(20, (2, 9))], [0], torch.randn(2, 9, 16)),
            {"accumulate": True},
        ),
        Sample("int-accumulate", (_ri(9, (5, 3)), [torch.tensor([1, 1])], [0], _ri(9, (2, 3))), {"accumulate": True}),
    ],
    "scatter": [
        Sample("7-dim0", (torch.randn(7), 0, torch.randperm(7)[:5], torch.randn(5))),
        Sample("45x65-dim1", (torch.randn(45, 65), 1, _perm_rows(45, 65, 30), torch.randn(45, 30))),
        Sample("5x9-dim0", (torch.randn(5, 9), 0, torch.rand(5, 9).argsort(0)[:3], torch.randn(3, 9))),
        Sample("src-larger", (torch.randn(4, 12), 1, _perm_rows(3, 12, 4), torch.randn(6, 12))),
        Sample("3d-dim1", (torch.randn(2, 6, 5), 1, torch.rand(2, 6, 5).argsort(1)[:, :4], torch.randn(2, 4, 5))),
        Sample("add-duplicates", (torch.zeros(4, 5), 1, _ri(5, (4, 20)), torch.randn(4, 20)), {"reduce": "add"}),
        Sample("scalar-src", (torch.randn(4, 6), 1, _perm_rows(4, 6, 2), 2.5)),
        Sample("empty-index", (torch.randn(4, 5), 0, torch.zeros(0, 5, dtype=torch.long), torch.randn(0, 5))),
        Sample("int-add", (_ri(9, (3, 4)), 1, _ri(4, (3, 6)), _ri(9, (3, 6))), {"reduce": "add"}),
    ],
}

_IDX = torch.tensor([0, 40]).int()

ERRORS = {
    "embedding": [
        ErrorSample(
            "out-of-range",
            (_IDX, torch.randn(10, 4)),
            {},
            IndexError,
            r"ttnn.embedding: index 40 is out of bounds for dim 0 with size 10",
        ),
        ErrorSample(
            "negative", (torch.tensor([-1]).int(), torch.randn(10, 4)), {}, IndexError, r"index -1 is out of bounds"
        ),
        ErrorSample("weight-rank", (_IDX, torch.randn(2, 10, 4)), {}, ValueError, r"ttnn.embedding: weight must be"),
    ],
    "gather": [
        ErrorSample(
            "out-of-range",
            (torch.randn(3, 4), 1, torch.tensor([[0, 4]]).int()),
            {},
            IndexError,
            r"ttnn.gather: index 4 is out of bounds for dim 1 with size 4",
        ),
        ErrorSample(
            "rank",
            (torch.randn(3, 4), 1, torch.tensor([0]).int()),
            {},
            ValueError,
            r"ttnn.gather: index must have the rank of input",
        ),
        ErrorSample(
            "bad-dim",
            (torch.randn(3, 4), 2, torch.tensor([[0]]).int()),
            {},
            IndexError,
            r"ttnn.gather: dim out of range",
        ),
    ],
    "index_select": [
        ErrorSample(
            "out-of-range",
            (torch.randn(3, 4), 0, torch.tensor([3]).int()),
            {},
            IndexError,
            r"ttnn.index_select: index 3 is out of bounds for dim 0 with size 3",
        ),
        ErrorSample(
            "negative", (torch.randn(3, 4), 0, torch.tensor([-1]).int()), {}, IndexError, r"index -1 is out of bounds"
        ),
        ErrorSample(
            "2d-index", (torch.randn(3, 4), 0, torch.tensor([[1]]).int()), {}, ValueError, r"index must be 1-D"
        ),
    ],
    "scatter": [
        ErrorSample(
            "out-of-range",
            (torch.randn(3, 4), 1, torch.tensor([[7]]).int(), torch.randn(1, 1)),
            {},
            IndexError,
            r"ttnn.scatter: index 7 is out of bounds for dim 1 with size 4",
        ),
        ErrorSample(
            "bad-reduce",
            (torch.randn(3, 4), 1, torch.tensor([[0]]).int(), torch.randn(1, 1)),
            {"reduce": "max"},
            ValueError,
            r"unsupported reduce",
        ),
        ErrorSample(
            "src-smaller",
            (torch.randn(3, 4), 1, torch.tensor([[0, 1]]).int(), torch.randn(1, 1)),
            {},
            ValueError,
            r"index is larger than src",
        ),
    ],
}
