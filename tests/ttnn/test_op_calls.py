"""How a `ttnn.<op>` call maps its Python arguments onto the registry entry's parameters.

The arguments go from Python straight into the entry's parameter slots in C++; these tests pin what that
mapping accepts (positional, keyword, None for a default, mixes) and the typed errors for everything it
refuses, each naming the op and the argument.
"""

from __future__ import annotations

import re

import pytest
import torch
import ttnn


@pytest.fixture
def pair(device):
    a = ttnn.from_torch(torch.randn(4, 5), dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    b = ttnn.from_torch(torch.randn(4, 5), dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    yield a, b
    ttnn.deallocate(a)
    ttnn.deallocate(b)


def same(x: ttnn.Tensor, y: ttnn.Tensor) -> bool:
    return torch.equal(ttnn.to_torch(x), ttnn.to_torch(y))


def test_positional_keyword_and_mixed_calls_agree(pair):
    a, b = pair
    outs = [
        ttnn.add(a, b),
        ttnn.add(input_tensor_a=a, input_tensor_b=b),
        ttnn.add(a, input_tensor_b=b),
        ttnn.add(input_tensor_b=b, input_tensor_a=a),
        ttnn.add(a, b, memory_config=None),  # None is the parameter's default
        ttnn.add(a, b, None),
    ]
    assert all(same(outs[0], o) for o in outs[1:])
    for o in outs:
        ttnn.deallocate(o)


def test_numbers_and_lists_convert(pair):
    a, _ = pair
    for scalar in (2, 2.0, True):
        out = ttnn.mul(a, scalar)
        expected = ttnn.to_torch(a).float() * float(scalar)
        assert torch.allclose(ttnn.to_torch(out).float(), expected.bfloat16().float())
        ttnn.deallocate(out)
    for dims in ([1, 0], (1, 0), [-1, -2]):
        out = ttnn.permute(a, dims)
        assert list(out.shape) == [5, 4]
        ttnn.deallocate(out)


def test_output_kinds(pair):
    a, _ = pair
    single = ttnn.relu(a)
    assert isinstance(single, ttnn.Tensor)
    pieces = ttnn.split(a, 2, -1)
    assert isinstance(pieces, list) and [list(p.shape) for p in pieces] == [[4, 2], [4, 2], [4, 1]]
    values, indices = ttnn.topk(a, 2)
    assert list(values.shape) == [4, 2] and list(indices.shape) == [4, 2]
    for t in (single, *pieces, values, indices):
        ttnn.deallocate(t)


def test_too_many_positional_arguments(pair):
    a, _ = pair
    count = len(ttnn.relu.registry_entry["params"])
    with pytest.raises(TypeError, match=rf"ttnn.relu: takes at most {count} positional arguments; got {count + 1}"):
        ttnn.relu(a, *([None] * count))


def test_argument_given_twice(pair):
    a, b = pair
    with pytest.raises(TypeError, match=r"ttnn.add: got argument 'input_tensor_a' twice"):
        ttnn.add(a, b, input_tensor_a=a)


def test_unexpected_keyword(pair):
    a, b = pair
    with pytest.raises(TypeError, match=r"ttnn.add: unexpected argument 'bogus'"):
        ttnn.add(a, b, bogus=1)


def test_missing_required_argument(pair):
    a, _ = pair
    with pytest.raises(TypeError, match=r"ttnn.add: missing required argument 'input_tensor_b'"):
        ttnn.add(a)
    with pytest.raises(TypeError, match=r"ttnn.add: missing required argument 'input_tensor_b'"):
        ttnn.add(a, None)


def test_wrong_kind_names_op_and_argument(pair):
    a, _ = pair
    with pytest.raises(TypeError, match=r"ttnn.add: argument 'input_tensor_b' must be Tensor or a number; got str"):
        ttnn.add(a, "two")
    with pytest.raises(TypeError, match=r"ttnn.permute: argument 'dims' must be list\[int\]; got list\[float\]"):
        ttnn.permute(a, [1.0, 0.0])
    with pytest.raises(TypeError, match=r"ttnn.softmax: argument 'dim' must be int; got float"):
        ttnn.softmax(a, dim=1.5)


def test_unsupported_python_type(pair):
    a, _ = pair
    with pytest.raises(
        TypeError, match=re.escape("ttnn.add: argument 'input_tensor_b' has an unsupported type; got object")
    ):
        ttnn.add(a, object())
    with pytest.raises(TypeError, match=r"ttnn.add: argument 'memory_config' has an unsupported type; got dict"):
        ttnn.add(a, a, memory_config={})


def test_functions_keep_their_registry_facets():
    entry = ttnn.add.registry_entry
    assert entry["name"] == "add"
    assert ttnn.add.__name__ == "add"
    assert ttnn.add.__doc__.startswith("add(input_tensor_a, input_tensor_b")
    assert ttnn.transformer.scaled_dot_product_attention.__name__ == "scaled_dot_product_attention"
