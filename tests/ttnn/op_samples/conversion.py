"""Samples of the conversion ops (to_layout, typecast, reshape, clone, tilize and its padding forms)."""

import torch
import ttnn

from tests.ttnn.op_samples import ErrorSample, Sample, Sharded

torch.manual_seed(0)
_ODD = [(1,), (7,), (33,), (45, 65), (2, 3, 33, 7)]


_RM, _TILE = (ttnn.ROW_MAJOR_LAYOUT,), (ttnn.TILE_LAYOUT,)
_HEIGHT_4 = ttnn.create_sharded_memory_config([128, 64], ttnn.CoreGrid(x=4, y=1), ttnn.ShardStrategy.HEIGHT)
_BLOCK_2X2 = ttnn.create_sharded_memory_config([64, 64], ttnn.CoreGrid(x=2, y=2), ttnn.ShardStrategy.BLOCK)


def _shape_name(shape) -> str:
    return "x".join(map(str, shape))


_FLOATS = {"bf16": ttnn.bfloat16, "fp32": ttnn.float32, "bfp8": ttnn.bfloat8_b}
_INTS = {"int32": ttnn.int32, "uint32": ttnn.uint32, "uint16": ttnn.uint16, "uint8": ttnn.uint8}
# Integer sources span each dtype's range (the harness passes them through int32, which wraps into uint32).
_INT_VALUES = {
    "int32": lambda s: torch.randint(-(2**31), 2**31 - 1, s),
    "uint32": lambda s: torch.randint(0, 2**32 - 1, s),
    "uint16": lambda s: torch.randint(0, 2**16, s),
    "uint8": lambda s: torch.randint(0, 2**8, s),
}


def _typecast_pairs():
    """Every pair of the seven dtypes, both layouts (TILE only with bfloat8_b); floats span +-70000 so every
    integer target sees truncation, negatives and wrapping; one sample adds NaN, inf and out-of-range values."""
    cases = []
    for src_name, src in {**_FLOATS, **_INTS}.items():
        for dst_name, dst in {**_FLOATS, **_INTS}.items():
            tile_only = ttnn.bfloat8_b in (src, dst)
            layouts = (ttnn.TILE_LAYOUT,) if tile_only else None
            if src_name in _FLOATS:
                values = torch.randn(3, 45, 65) * (300.0 if dst_name == "uint8" else 70000.0)
                cases.append(Sample(f"{src_name}-to-{dst_name}", (values, dst), dtypes=(src,), layouts=layouts))
            else:
                values = _INT_VALUES[src_name]((3, 45, 65))
                cases.append(
                    Sample(
                        f"{src_name}-to-{dst_name}", (values, dst), dtypes=(ttnn.int32,), layouts=layouts, int_dtype=src
                    )
                )
    special = torch.tensor([float("nan"), float("inf"), -float("inf"), 3e9, -3e9, 1e10, -0.7, 255.5, 65535.9, 2.0**31])
    for dst_name in ("int32", "uint16", "uint8"):
        cases.append(Sample(f"special-fp32-to-{dst_name}", (special, _INTS[dst_name]), dtypes=(ttnn.float32,)))
    cases.append(Sample("fp32-to-uint32-large", (torch.tensor([3e9, 2.0**31, 4e9, -5.5, 0.9]), ttnn.uint32)))
    return cases


SAMPLES = {
    "to_layout": [Sample(_shape_name(s), (torch.randn(s), ttnn.TILE_LAYOUT)) for s in _ODD]
    + [Sample(f"{_shape_name(s)}-to-rm", (torch.randn(s), ttnn.ROW_MAJOR_LAYOUT)) for s in _ODD[-2:]],
    "typecast": [
        Sample("45x65-to-fp32", (torch.randn(45, 65), ttnn.float32)),
        Sample("45x65-to-bf16", (torch.randn(45, 65), ttnn.bfloat16)),
        Sample("7x33-to-int32", (torch.randn(7, 33) * 100, ttnn.int32), golden_kwargs=None),
    ]
    + _typecast_pairs(),
    "reshape": [
        Sample("45x65-flat", (torch.randn(45, 65), [-1])),
        Sample("2x3x33x7-merge", (torch.randn(2, 3, 33, 7), [6, 231])),
        Sample("empty", (torch.randn(0, 5), [5, 0])),
        # TILE rows moving between planes (the one-pass gather): attention's head split and merge, and rows that
        # start mid-way through a source row.
        Sample("head-split-2x45x96", (torch.randn(2, 45, 96), [2, 45, 3, 32])),
        Sample("head-merge-1x45x3x40", (torch.randn(1, 45, 3, 40), [1, 45, 120])),
        Sample("2x33x7-to-7x33x2", (torch.randn(2, 33, 7), [7, 33, 2])),
    ],
    "clone": [Sample(_shape_name(s), (torch.randn(s),)) for s in _ODD],
    # TT-NN's explicit layout ops: tilize takes ROW_MAJOR, untilize TILE.
    "tilize": [
        Sample("2x64x32", (torch.randn(2, 64, 32),), layouts=_RM),
        Sample("1x1x16x64", (torch.randn(1, 1, 16, 64),), {"use_multicore": True}, layouts=_RM),
        Sample("to-bfp8", (torch.randn(3, 32, 96),), {"dtype": ttnn.bfloat8_b}, dtypes=(ttnn.float32,), layouts=_RM),
    ],
    "untilize": [Sample(_shape_name(s), (torch.randn(s),), layouts=_TILE) for s in _ODD],
    "tilize_with_val_padding": [
        Sample("tile-padding", (torch.randn(3, 45, 65), [3, 64, 96], 2.5), layouts=_RM),
        Sample("grow-every-dim", (torch.randn(2, 33, 7), [3, 64, 32], -1.0), layouts=_RM),
        Sample("same", (torch.randn(64, 32), [64, 32], 0.0), layouts=_RM),
    ],
    "tilize_with_zero_padding": [Sample(_shape_name(s), (torch.randn(s),), layouts=_RM) for s in _ODD],
    "untilize_with_unpadding": [
        Sample("45x65-to-40x64", (torch.randn(45, 65), [39, 63]), layouts=_TILE),
        Sample("2x3x33x7-first", (torch.randn(2, 3, 33, 7), [0, 2, 32, 0]), layouts=_TILE),
    ],
    # Sharded configs move where bytes are accounted; the values stay.
    "to_memory_config": [
        Sample("45x65-to-l1", (torch.randn(45, 65), ttnn.L1_MEMORY_CONFIG)),
        Sample("2x3x33x7-to-bf16", (torch.randn(2, 3, 33, 7), ttnn.DRAM_MEMORY_CONFIG), {"dtype": ttnn.bfloat16}),
        Sample("sharded-to-dram", (Sharded(torch.randn(3, 64, 64)), ttnn.DRAM_MEMORY_CONFIG)),
    ],
    "interleaved_to_sharded": [
        Sample(
            "height-4-cores",
            (torch.randn(4, 32, 64), _HEIGHT_4),
            {"output_dtype": ttnn.float32},
            layouts=_TILE,
        ),
        Sample("block-2x2", (torch.randn(64, 64), _BLOCK_2X2), layouts=_TILE),
    ],
    "sharded_to_interleaved": [
        Sample("height", (Sharded(torch.randn(2, 45, 65)),)),
        Sample("to-l1", (Sharded(torch.randn(128, 33), cores=8), ttnn.L1_MEMORY_CONFIG)),
    ],
    "fill_implicit_tile_padding": [Sample(_shape_name(s), (torch.randn(s), 7.0), layouts=_TILE) for s in _ODD],
}

ERRORS = {
    "sharded_to_interleaved": [
        ErrorSample("interleaved-input", (torch.randn(4, 32),), {}, ValueError, r"expected a sharded input"),
    ],
    "interleaved_to_sharded": [
        ErrorSample("not-sharded", (torch.randn(4, 32), ttnn.L1_MEMORY_CONFIG), {}, ValueError, r"expected a sharded"),
    ],
    "tilize": [
        ErrorSample(
            "tile-input",
            (torch.randn(3, 32, 32),),
            {},
            TypeError,
            r"ttnn.tilize: unsupported layout for 'input_tensor'; expected one of \[ROW_MAJOR\], got TILE",
        ),
    ],
    "untilize_with_unpadding": [
        ErrorSample("past-end", (torch.randn(4, 5), [4, 4]), {}, ValueError, r"output_tensor_end\[0\] is outside"),
    ],
    "tilize_with_val_padding": [
        ErrorSample("tile-input", (torch.randn(4, 5), [32, 32], 0.0), {}, TypeError, r"can only tilize row major data"),
    ],
    "reshape": [
        ErrorSample("bad-volume", (torch.randn(4, 5), [3, 7]), {}, ValueError, r"reshape"),
    ],
    "typecast": [
        ErrorSample("not-a-dtype", (torch.randn(4, 5), "float32"), {}, TypeError, r"ttnn.typecast: argument 'dtype'"),
    ],
}
