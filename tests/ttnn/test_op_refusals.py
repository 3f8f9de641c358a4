"""What TT-NN refuses, this device refuses: every op of the audit (cpp/ttnn/src/ops/refusals.cpp) called with its
first tensor in a refused layout raises an error that code catching TT-NN's RuntimeError catches, naming the op,
the argument, the value and TT-NN's reason; and the table in docs/ttnn_ops.md lists each of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import ttnn

from tests.ttnn import op_samples
from tests.ttnn.op_harness import to_device

REGISTRY = {entry["name"]: entry for entry in ttnn.operations.registry()}
SAMPLES, _, _ = op_samples.load()
AUDITED = sorted(name for name, entry in REGISTRY.items() if entry["refusal"])
LAYOUTS = (ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT)


def op_function(name: str):
    target = ttnn
    for part in name.split("."):
        target = getattr(target, part)
    return target


def test_the_audit_covers_the_ops_tt_nn_refuses_a_layout():
    assert {"matmul", "linear", "softmax", "layer_norm", "rms_norm", "tilize", "untilize"} <= set(AUDITED)
    for name in AUDITED:
        assert len(REGISTRY[name]["layouts"]) == 1, f"{name}: the audit refuses a layout, the entry keeps both"


@pytest.mark.parametrize("name", AUDITED)
def test_op_refuses_what_tt_nn_refuses(name, device):
    entry = REGISTRY[name]
    accepted = entry["layouts"][0]
    refused = next(layout for layout in LAYOUTS if layout != accepted)
    sample = SAMPLES[name][0]
    first = to_device(sample.args[0], ttnn.bfloat16, refused, device, sample.int_dtype)
    rest = [to_device(a, ttnn.bfloat16, accepted, device, sample.int_dtype) for a in sample.args[1:]]
    kwargs = {k: to_device(v, ttnn.bfloat16, accepted, device, sample.int_dtype) for k, v in sample.kwargs.items()}
    argument = entry["params"][0]["name"]
    message = rf"ttnn.{re.escape(name)}: unsupported layout for '{argument}'.*got {refused.name}.*TT-NN: "
    try:
        with pytest.raises(RuntimeError, match=message) as raised:
            op_function(name)(first, *rest, **kwargs)
        assert isinstance(raised.value, TypeError)
        assert entry["refusal"] in str(raised.value)
    finally:
        for value in [first, *rest, *kwargs.values()]:
            if isinstance(value, ttnn.Tensor):
                ttnn.deallocate(value)


def test_the_refusal_table_is_in_the_docs():
    text = (Path(__file__).parents[2] / "docs" / "ttnn_ops.md").read_text()
    table = text.split("## What each op refuses", 1)[1]
    for name in AUDITED:
        assert f"| `ttnn.{name}` |" in table and REGISTRY[name]["refusal"] in table, name
    # Integer-only and float-only ops list the dtypes they refuse.
    assert re.search(r"\| `ttnn.gcd` \| bfloat16, float32, bfloat8_b, bfloat4_b \| - \|", table)


def test_in_place_ops_write_into_their_first_operand(device):
    import torch

    a = ttnn.from_torch(torch.ones(45, 65), dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    b = ttnn.from_torch(torch.full((65,), 3.0), dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    try:
        ttnn.multiply_(a, b)
        ttnn.subtract_(a, 1.0)
        ttnn.gt_(a, 1.5)
        assert torch.equal(ttnn.to_torch(a).float(), torch.ones(45, 65))
        with pytest.raises(RuntimeError, match=r"ttnn.add_: the result must fit input_tensor_a.*got \[45, 65\]"):
            ttnn.add_(b, a)
    finally:
        ttnn.deallocate(a)
        ttnn.deallocate(b)
