"""TT-NN's Tensor API against torch: constructors, to/to_list/item, indexing, operators, storage queries, the
explicit layout ops' preconditions and padding, as_tensor's cache file, golden functions and error types."""

import pytest
import torch
import ttnn

from tests.ttnn.test_tile_padding import stored_padding


def test_constructors(device):
    x = torch.randn(3, 45, 65)
    t = ttnn.Tensor(x, ttnn.bfloat16)
    assert t.dtype == ttnn.bfloat16 and t.layout == ttnn.ROW_MAJOR_LAYOUT and t.storage_type() == ttnn.StorageType.HOST
    torch.testing.assert_close(ttnn.to_torch(t), x.bfloat16())
    on_device = ttnn.Tensor(x, ttnn.float32, device, ttnn.TILE_LAYOUT)
    assert ttnn.is_tensor_storage_on_device(on_device) and not ttnn.is_tensor_storage_on_device(t)
    torch.testing.assert_close(ttnn.to_torch(on_device), x)
    inferred = ttnn.Tensor(torch.arange(6, dtype=torch.int32).reshape(2, 3))
    assert inferred.dtype == ttnn.int32 and inferred.to_list() == [[0, 1, 2], [3, 4, 5]]
    listed = ttnn.Tensor([1.5, 2.0, 3.0, 4.0, 5.0, 6.0], [2, 3], ttnn.bfloat16, ttnn.TILE_LAYOUT, device)
    assert listed.shape == [2, 3] and listed.layout == ttnn.TILE_LAYOUT
    assert listed.to_list() == [[1.5, 2.0, 3.0], [4.0, 5.0, 6.0]]
    with pytest.raises(ValueError, match="one value per element"):
        ttnn.Tensor([1.0, 2.0], [2, 3], ttnn.float32, ttnn.ROW_MAJOR_LAYOUT)
    with pytest.raises(TypeError, match="ttnn.Tensor: expected a torch.Tensor"):
        ttnn.Tensor("abc")


def test_to_and_scalar_access(device):
    t = ttnn.from_torch(torch.tensor([[2.5]]), dtype=ttnn.float32)
    on_device = t.to(device)
    assert on_device.storage_type() == ttnn.StorageType.DEVICE
    assert on_device.to(ttnn.TILE_LAYOUT).layout == ttnn.TILE_LAYOUT
    assert on_device.item() == 2.5 and ttnn.from_device(on_device).to_torch().item() == 2.5
    with pytest.raises(ValueError, match="must hold one element"):
        ttnn.from_torch(torch.ones(2)).item()
    with pytest.raises(TypeError, match="expected a ttnn.Device or a ttnn.Layout"):
        t.to("cpu")


@pytest.mark.parametrize(
    "key",
    [1, -1, (slice(None), 2), (0, slice(3, 40, 2)), (Ellipsis, slice(5, 9)), slice(1, None), (1, Ellipsis, 64)],
    ids=str,
)
@pytest.mark.parametrize("layout", [ttnn.ROW_MAJOR_LAYOUT, ttnn.TILE_LAYOUT], ids=["rm", "tile"])
def test_getitem_matches_torch(device, key, layout):
    x = torch.randn(3, 45, 65)
    t = ttnn.from_torch(x, dtype=ttnn.float32, layout=layout, device=device)
    torch.testing.assert_close(ttnn.to_torch(t[key]), x[key])


def test_getitem_errors(device):
    t = ttnn.from_torch(torch.randn(4, 5), device=device)
    with pytest.raises(IndexError, match="index 4 is out of range for dim 0"):
        t[4]
    with pytest.raises(RuntimeError, match="cannot return a scalar"):
        t[1, 2]
    with pytest.raises(ValueError, match="steps must be positive"):
        t[::-1]
    with pytest.raises(IndexError, match="too many indices"):
        t[0, 0, 0]


@pytest.mark.parametrize("dtype", [ttnn.bfloat16, ttnn.float32], ids=["bf16", "fp32"])
def test_operators_match_torch(device, dtype):
    torch.manual_seed(0)
    a, b = torch.randn(7, 33), torch.rand(7, 33) + 0.5
    ta, tb = (ttnn.from_torch(v, dtype=dtype, layout=ttnn.TILE_LAYOUT, device=device) for v in (a, b))
    a, b = (ttnn.to_torch(v).float() for v in (ta, tb))
    cases = {
        "a+b": (ta + tb, a + b),
        "a-2": (ta - 2, a - 2),
        "3-a": (3 - ta, 3 - a),
        "a*b": (ta * tb, a * b),
        "2*a": (2 * ta, 2 * a),
        "a/b": (ta / tb, a / b),
        "1/b": (1 / tb, 1 / b),
        "b**2": (tb**2, b**2),
        "-a": (-ta, -a),
        "a@bT": (ta @ ttnn.permute(tb, [1, 0]), a @ b.T),
        "a<b": (ta < tb, (a < b).float()),
        "a>=0": (ta >= 0, (a >= 0).float()),
        "a==a": (ta == ta, torch.ones_like(a)),
        "a!=b": (ta != tb, (a != b).float()),
    }
    for name, (ours, expected) in cases.items():
        torch.testing.assert_close(ttnn.to_torch(ours).float(), expected, rtol=2e-2, atol=2e-2, msg=name)
    assert len({ta, tb}) == 2  # still hashable with __eq__ an op


def test_to_dtype_on_host():
    x = torch.randn(3, 40, 33)
    t = ttnn.from_torch(x)
    assert ttnn.to_dtype(t, ttnn.bfloat16).dtype == ttnn.bfloat16
    block = ttnn.to_dtype(t, ttnn.bfloat8_b)
    assert block.dtype == ttnn.bfloat8_b and block.layout == ttnn.TILE_LAYOUT
    torch.testing.assert_close(ttnn.to_torch(block), x, rtol=0.05, atol=0.05)


def test_tilize_preconditions(device):
    rm = ttnn.from_torch(torch.randn(3, 33, 7), device=device)
    with pytest.raises(ValueError, match=r"ttnn.tilize: the input must fill whole tiles.*\[3, 33, 7\]"):
        ttnn.tilize(rm)
    with pytest.raises(ValueError, match="cannot be smaller than the input; expected dim 1 >= 33, got 32"):
        ttnn.tilize_with_val_padding(rm, [3, 32, 32], 0.0)


@pytest.mark.parametrize("dtype", [ttnn.bfloat16, ttnn.float32], ids=["bf16", "fp32"])
def test_padding_values_reach_the_tile_padding(device, dtype):
    torch_dtype = torch.bfloat16 if dtype == ttnn.bfloat16 else torch.float32
    x = torch.randn(2, 45, 65)
    padded = ttnn.tilize_with_val_padding(ttnn.from_torch(x, dtype=dtype, device=device), [2, 64, 96], -3.0)
    from_torch_padded = ttnn.from_torch(x, dtype=dtype, layout=ttnn.TILE_LAYOUT, device=device, pad_value=-3.0)
    filled = ttnn.fill_implicit_tile_padding(ttnn.from_torch(x, dtype=dtype, layout=ttnn.TILE_LAYOUT), -3.0)
    for t in (padded, from_torch_padded, filled):
        assert t.shape == [2, 45, 65] and t.padded_shape == [2, 64, 96]
        torch.testing.assert_close(ttnn.to_torch(t), x.to(torch_dtype))
        bits = stored_padding(ttnn.from_device(t) if ttnn.is_tensor_storage_on_device(t) else t, torch_dtype)
        assert (bits.view(torch_dtype) == -3.0).all()
    # Ops read logical values only, so padding that is not zero changes no result.
    torch.testing.assert_close(
        ttnn.to_torch(ttnn.sum(from_torch_padded, dim=-1)).float(),
        x.to(torch_dtype).float().sum(-1),
        rtol=2e-2,
        atol=0.5,
    )


def test_as_tensor_writes_then_reads_its_cache_file(device, tmp_path):
    x = torch.randn(33, 65)
    name = tmp_path / "weights" / "w"
    first = ttnn.as_tensor(x, ttnn.bfloat8_b, layout=ttnn.TILE_LAYOUT, device=device, cache_file_name=name)
    files = list((tmp_path / "weights").iterdir())
    assert [f.name for f in files] == ["w_dtype_BFLOAT8_B_layout_TILE.bin"]
    # Read back from the file alone: a different torch tensor would give other values if it were used.
    second = ttnn.as_tensor(
        torch.zeros(33, 65), ttnn.bfloat8_b, layout=ttnn.TILE_LAYOUT, device=device, cache_file_name=name
    )
    assert second.dtype == ttnn.bfloat8_b and ttnn.is_tensor_storage_on_device(second)
    torch.testing.assert_close(ttnn.to_torch(second), ttnn.to_torch(first))
    plain = ttnn.as_tensor(x, ttnn.float32, preprocess=lambda t: t * 2)
    torch.testing.assert_close(ttnn.to_torch(plain), x * 2)


def test_golden_functions():
    add = ttnn.get_golden_function(ttnn.add)
    a = torch.tensor([1.5, 2.25], dtype=torch.bfloat16)
    out = add(a, a)
    assert out.dtype == torch.bfloat16 and out.tolist() == [3.0, 4.5]
    softmax = ttnn.get_golden_function(ttnn.softmax)
    torch.testing.assert_close(softmax(torch.zeros(2, 4), dim=-1), torch.full((2, 4), 0.25))

    def custom(x):
        return x + 1

    ttnn.attach_golden_function(ttnn.relu, custom)
    try:
        assert ttnn.get_golden_function(ttnn.relu) is custom
    finally:
        from ttnn.core import _ATTACHED

        _ATTACHED.pop("relu")


def test_errors_are_runtime_errors_too(device):
    t = ttnn.from_torch(torch.randn(4, 5), device=device)
    for call, finer in [
        (lambda: ttnn.reshape(t, [3, 7]), ValueError),
        (lambda: ttnn.softmax(t, dim="x"), TypeError),
        (lambda: ttnn.permute(t, [0, 2]), IndexError),
    ]:
        with pytest.raises(RuntimeError) as info:
            call()
        assert isinstance(info.value, finer), type(info.value).__mro__


def test_pearson_correlation_coefficient():
    x = torch.randn(100)
    assert ttnn.pearson_correlation_coefficient(x, x) == 1.0
    assert ttnn.pearson_correlation_coefficient(x, -x) == pytest.approx(-1.0)
    assert ttnn.pearson_correlation_coefficient(x, ttnn.from_torch(x * 3 + 1)) == pytest.approx(1.0)


def test_init_device_compute_kernel_config(device):
    config = ttnn.init_device_compute_kernel_config(device.arch(), math_fidelity=ttnn.MathFidelity.HiFi2)
    assert config.math_fidelity == ttnn.MathFidelity.HiFi2 and config.math_approx_mode and not config.fp32_dest_acc_en
    assert ttnn.init_device_compute_kernel_config(device.arch(), config) is config
