"""TT-NN's keyword arguments that act here: output_tensor= (written in place), fused activations, embeddings_type;
and the ones accepted because they change nothing on this device (queue_id, use_legacy, use_multicore)."""

import pytest
import torch
import ttnn


def test_output_tensor_is_written_in_place(device):
    a, b = torch.randn(45, 65), torch.randn(45, 65)
    ta, tb = (ttnn.from_torch(v, dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device) for v in (a, b))
    out = ttnn.zeros([45, 65], dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device)
    result = ttnn.add(ta, tb, output_tensor=out, queue_id=0, use_legacy=None)
    assert result.buffer_address() == out.buffer_address()
    torch.testing.assert_close(ttnn.to_torch(out), a + b)
    ttnn.exp(ta, output_tensor=out)
    torch.testing.assert_close(ttnn.to_torch(out), a.exp())
    wrong = ttnn.zeros([45, 64], dtype=ttnn.float32, layout=ttnn.TILE_LAYOUT, device=device)
    with pytest.raises(ValueError, match=r"ttnn.add: output_tensor must match the result"):
        ttnn.add(ta, tb, output_tensor=wrong)


def test_fused_activations_match_the_unfused_ops(device):
    a = ttnn.from_torch(torch.randn(33, 65), dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    fused = ttnn.mul(a, 3.0, activations=[ttnn.UnaryWithParam(ttnn.UnaryOpType.LEAKY_RELU, 0.1), "exp"])
    unfused = ttnn.exp(ttnn.leaky_relu(ttnn.mul(a, 3.0), negative_slope=0.1))
    assert torch.equal(ttnn.to_torch(fused), ttnn.to_torch(unfused))
    with pytest.raises(ValueError, match="activation 'relu' takes no parameter"):
        ttnn.add(a, a, activations=["relu:1.0"])


def test_embedding_types_check_their_inputs(device):
    ids = ttnn.from_torch(torch.tensor([[0, 1, 2]]), dtype=ttnn.uint32, device=device)
    weight = ttnn.from_torch(torch.randn(4, 8), dtype=ttnn.bfloat16, device=device)
    with pytest.raises(ValueError, match="BINARY embedding needs a two-row weight"):
        ttnn.embedding(ids, weight, embeddings_type=ttnn.EmbeddingsType.BINARY)
    with pytest.raises(ValueError, match="PADDED embedding needs padding_idx"):
        ttnn.embedding(ids, weight, embeddings_type=ttnn.EmbeddingsType.PADDED)
    with pytest.raises(ValueError, match="unknown embeddings_type"):
        ttnn.embedding(ids, weight, embeddings_type="sparse")


def test_accepted_keywords_change_nothing(device):
    x = torch.randn(2, 33, 40)
    t = ttnn.from_torch(x, dtype=ttnn.float32, device=device)
    padded = ttnn.pad(t, [(0, 0), (1, 0), (0, 24)], value=0.0, use_multicore=True)
    torch.testing.assert_close(ttnn.to_torch(padded), torch.nn.functional.pad(x, [0, 24, 1, 0]))
    cores = ttnn.CoreRangeSet({ttnn.CoreRange(ttnn.CoreCoord(0, 0), ttnn.CoreCoord(3, 1))})
    torch.testing.assert_close(ttnn.to_torch(ttnn.exp(t, sub_core_grids=cores, queue_id=0)), x.exp())
    torch.testing.assert_close(ttnn.to_torch(ttnn.sub(t, 1.0, sub_core_grids=cores)), x - 1)
    tiled = ttnn.tilize(ttnn.from_torch(torch.randn(64, 32), device=device), use_multicore=False)
    assert ttnn.untilize(tiled, use_multicore=True, use_pack_untilize=False).layout == ttnn.ROW_MAJOR_LAYOUT


def test_conv2d_config_fields_that_would_change_values_are_refused():
    with pytest.raises(NotImplementedError, match="weights_dtype"):
        ttnn.Conv2dConfig(weights_dtype=ttnn.bfloat8_b)
    with pytest.raises(NotImplementedError, match="output_layout must be TILE_LAYOUT"):
        ttnn.Conv2dConfig(output_layout=ttnn.ROW_MAJOR_LAYOUT)
    with pytest.raises(TypeError, match=r"unexpected fields \['act_block_q'\]"):
        ttnn.Conv2dConfig(act_block_q=32)
    assert ttnn.Conv2dConfig(activation="relu", shard_layout=None)._ttnn_arg() == "relu"
