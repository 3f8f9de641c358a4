"""Shape, reduction and creation lowering rules (views, permutes, slices, concat, reductions, softmax,
arange/full): each lowers with no host op and matches eager. Add a case by appending to CASES."""

import pytest
import torch
import torch.nn.functional as F

from tests.compiler.conftest import Case, randn, run_case


def setitem_select(x):
    y = x * 1
    y[:, 2] = x[:, 0] * 2  # select_scatter
    return y


def setitem_slice(x):
    y = x * 1
    y[1:3] = x[:2] * -1  # slice_scatter
    return y


def setitem_ints(i):
    # BEiT's relative position index: integer writes into a fresh table (slice_scatter, select_scatter, fill)
    table = torch.zeros(5, 5, dtype=torch.int64)
    table[1:, 1:] = i
    table[0, :] = 7
    table[:, 0] = i[0, 0]
    return table


CASES = [
    Case("view", lambda x: x.view(6, 11) + 1, randn(3, 22), ["reshape", "add"]),
    Case("unsqueeze_squeeze", lambda x: x.unsqueeze(0).squeeze(0) * 2, randn(3, 5), ["mul"]),
    Case("permute", lambda x: x.permute(2, 0, 1) + 0, randn(2, 3, 4), ["permute"]),
    Case("transpose", lambda x: x.transpose(0, 1) * 1.5, randn(3, 33), ["transpose"]),
    Case("t", lambda x: x.t() * 1.5, randn(3, 33), ["transpose"]),
    Case("expand", lambda x: x.expand(4, 3, 5) * 1, randn(3, 1), [("expand", "repeat"), "mul"]),
    Case("repeat", lambda x: x.repeat(2, 3) + 0, randn(3, 5), ["repeat"]),
    Case("cat", lambda a, b: torch.cat([a, b], dim=1), lambda: (torch.randn(3, 5), torch.randn(3, 7)), ["concat"]),
    Case(
        "cat_with_empty",
        lambda a, e, b: torch.cat([a, e, b], dim=1) * 2,
        lambda: (torch.randn(3, 5), torch.randn(3, 0), torch.randn(3, 7)),
        ["concat", "mul"],
    ),
    # A concat with an empty tensor is the identity: no concat runs (the KV cache's first step).
    Case(
        "cat_empty_is_identity",
        lambda e, x: torch.cat([e, x], dim=-2) + 1,
        lambda: (torch.randn(1, 2, 0, 8), torch.randn(1, 2, 5, 8)),
        ["add"],
    ),
    Case("slice", lambda x: x[:, 2:9] + 0, randn(4, 33), ["slice"]),
    Case("select", lambda x: x[:, 3] + 0, randn(4, 33), ["slice"]),
    Case("split", lambda x: [t * 2 for t in torch.split(x, 3, dim=1)], randn(4, 7), ["slice"]),
    Case("stack", lambda a, b: torch.stack([a, b], dim=1), lambda: (torch.randn(3, 5), torch.randn(3, 5)), ["stack"]),
    Case("unbind", lambda x: [t + 1 for t in x.unbind(1)], randn(3, 4), ["slice"]),
    Case("upsample_index", lambda x: torch.nn.functional.interpolate(x, scale_factor=2), randn(1, 2, 3, 3), ["index"]),
    Case("constant_pad", lambda x: F.pad(x, (1, 2, 0, 3), value=0.5) * 2, randn(2, 5, 7), ["pad"]),
    Case("constant_pad_negative", lambda x: F.pad(x, (-1, 2, 1, -2)) + 1, randn(3, 6, 9), ["pad"]),
    Case("constant_pad_zero", lambda x: F.pad(x, (0, 0)) * 3, randn(3, 33), ["mul"]),
    Case("roll", lambda x: torch.roll(x, shifts=(2, -5), dims=(0, 2)) + 0, randn(3, 4, 33), ["roll"]),
    Case("roll_flat", lambda x: torch.roll(x, 7) * 1, randn(5, 6), ["roll"]),
    Case("tril", lambda x: torch.tril(x, diagonal=-1), randn(2, 37, 35), ["tril"]),
    Case("triu", lambda x: torch.triu(x, 2), randn(40, 33), ["triu"]),
    Case("flip", lambda x: torch.flip(x, (1, 3)), randn(1, 37, 2, 33), ["index_select", "arange"]),
    Case("flip_one_long", lambda x: torch.flip(x, (0,)) * 2, randn(256, 7), ["index_select", "arange", "mul"]),
    Case("sum_dim", lambda x: x.sum(dim=1), randn(3, 33), ["sum"]),
    Case("sum_keepdim", lambda x: x.sum(dim=-1, keepdim=True), randn(2, 3, 33), ["sum"]),
    Case("mean_dim", lambda x: x.mean(dim=-1), randn(3, 33), ["mean"]),
    Case("amax", lambda x: x.amax(dim=1), randn(3, 33), ["max"]),
    Case("max_dim_values", lambda x: x.max(dim=1).values, randn(3, 33), ["max"]),
    Case("min_all", lambda x: x.min(), randn(3, 33), ["min"]),
    Case("argmax", lambda x: x.argmax(dim=1), randn(3, 33), ["argmax"]),
    Case("all_dim", lambda x: (x > -5).all(dim=1), randn(3, 8), ["min"]),
    Case("any", lambda x: (x > 1).any(), randn(3, 8), ["max"]),
    Case("softmax", lambda x: torch.softmax(x, dim=-1), randn(3, 33), ["softmax"]),
    Case("log_softmax", lambda x: torch.log_softmax(x, dim=-1), randn(3, 33), [("log_softmax", "softmax")]),
    Case(
        "safe_softmax_masked_rows",
        lambda x, m: torch.ops.aten._safe_softmax(x + m, -1),
        lambda: (torch.randn(2, 5, 7), torch.zeros(2, 5, 7).index_fill_(1, torch.tensor([2]), float("-inf"))),
        ["softmax", "where"],
    ),
    Case("cumsum", lambda x: torch.cumsum(x, dim=1), randn(3, 9), ["cumsum"]),
    # Integer reductions stay exact on the device (values above 2^24 would round in a float accumulator).
    Case(
        "cumsum_int", lambda x: torch.cumsum(x, dim=-1), lambda: (torch.randint(-(2**26), 2**26, (1, 33)),), ["cumsum"]
    ),
    Case("cumsum_mask", lambda m: torch.cumsum(m, dim=1) * m - 1, lambda: (torch.randint(0, 2, (3, 32)),), ["cumsum"]),
    Case("sum_int", lambda x: x.sum(dim=[-1]), lambda: (torch.randint(-(2**26), 2**26, (16, 16, 2)),), ["sum"]),
    Case("sum_int_all", lambda x: x.sum(), lambda: (torch.randint(-(2**20), 2**20, (7, 33)),), ["sum"]),
    Case("amax_int", lambda x: x.amax(dim=0), lambda: (torch.randint(-(2**30), 2**30, (5, 9)),), ["max"]),
    Case(
        "argmax_int32",
        lambda x: x.argmax(dim=-1),
        lambda: (torch.randint(-50, 50, (1, 16), dtype=torch.int32),),
        ["argmax"],
    ),
    Case("argmax_int", lambda x: x.argmax(dim=0), lambda: (torch.randint(0, 3, (7, 5)),), ["argmax"]),
    Case(
        "cat_mixed_dtypes_on_host",
        lambda a, b: torch.cat([a, b]) * 2,
        lambda: (torch.randn(2, 3), torch.arange(3).reshape(1, 3)),
        ["mul"],
        host=["aten.cat.default"],
    ),
    Case("setitem_select", setitem_select, randn(4, 7), ["concat"]),
    Case("setitem_slice", setitem_slice, randn(5, 33), ["concat"]),
    Case("setitem_ints", setitem_ints, lambda: (torch.arange(16).reshape(4, 4),), ["concat", "expand"]),
    Case(
        "fill_tensor", lambda x, v: x.clone().fill_(v) + x, lambda: (torch.randn(3, 5), torch.tensor(2.5)), ["expand"]
    ),
    Case(
        "copy_broadcast",
        lambda x, s: torch.zeros_like(x).copy_(s) * x,
        lambda: (torch.randn(3, 5), torch.randn(5)),
        ["expand"],
    ),
    Case("arange", lambda x: x + torch.arange(8, dtype=torch.float32), randn(3, 8), ["arange", "add"]),
    Case("full", lambda x: x + torch.full((3, 8), 2.0), randn(3, 8), ["full", "add"]),
]


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_shape_and_reduction_lowering(case, device):
    run_case(case, device)


def test_concat_with_an_empty_tensor_is_the_identity(device):
    (case,) = [c for c in CASES if c.name == "cat_empty_is_identity"]
    m = run_case(case, device)
    assert "concat" not in m["ttnn_ops"], m["ttnn_ops"]
