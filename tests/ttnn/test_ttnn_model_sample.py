"""A BERT encoder layer written in TT-NN's own style (the shape of tt-metal's functional BERT and its tutorials):
weights converted once with ttnn.as_tensor into a cache, the Tensor API (operators, indexing, .to, to_list),
block-sharded activations in L1 with matmul/softmax/layer-norm program configs, fused activations, the
program cache, padded-batch masking with finfo.min, and TT-NN's test idiom (golden function, PCC). It runs here
unchanged and matches the same layer in torch."""

import torch
import ttnn

HIDDEN, HEADS, FFN = 64, 4, 128


def torch_layer(x, mask, p):
    b, s, _ = x.shape
    heads = lambda t: t.reshape(b, s, HEADS, HIDDEN // HEADS).permute(0, 2, 1, 3)  # noqa: E731
    q, k, v = (heads(x @ p[f"{n}.weight"].T + p[f"{n}.bias"]) for n in ("query", "key", "value"))
    scores = q @ k.transpose(-1, -2) / (HIDDEN // HEADS) ** 0.5 + mask
    context = (torch.softmax(scores, -1) @ v).permute(0, 2, 1, 3).reshape(b, s, HIDDEN)
    x = torch.nn.functional.layer_norm(
        x + context @ p["output.weight"].T + p["output.bias"], (HIDDEN,), p["ln1.weight"], p["ln1.bias"]
    )
    ffn = torch.nn.functional.gelu(x @ p["ffn1.weight"].T + p["ffn1.bias"]) @ p["ffn2.weight"].T + p["ffn2.bias"]
    return torch.nn.functional.layer_norm(x + ffn, (HIDDEN,), p["ln2.weight"], p["ln2.bias"])


def preprocess(torch_parameters, device, cache_dir):
    parameters = {}
    for name, value in torch_parameters.items():
        weight = name.endswith(".weight") and value.dim() == 2
        parameters[name] = ttnn.as_tensor(
            value.T.contiguous() if weight else value.reshape(1, -1),
            dtype=ttnn.bfloat16,
            layout=ttnn.TILE_LAYOUT,
            device=device,
            memory_config=ttnn.DRAM_MEMORY_CONFIG,
            cache_file_name=cache_dir / name,
        )
    return parameters


GRID = ttnn.CoreGrid(y=2, x=2)


def program_configs():
    grid = ttnn.CoreCoord(GRID.x, GRID.y)
    return {
        "ffn1": ttnn.MatmulMultiCoreReuseMultiCastProgramConfig(
            compute_with_storage_grid_size=grid,
            in0_block_w=1,
            out_subblock_h=1,
            out_subblock_w=2,
            per_core_M=2,
            per_core_N=2,
            transpose_mcast=False,
            fused_activation=ttnn.UnaryWithParam(ttnn.UnaryOpType.GELU),
        ),
        "softmax": ttnn.SoftmaxShardedMultiCoreProgramConfig(
            compute_with_storage_grid_size=grid, subblock_w=1, block_h=1, block_w=2
        ),
        "layer_norm": ttnn.LayerNormShardedMultiCoreProgramConfig(
            compute_with_storage_grid_size=grid, subblock_w=1, block_h=2, block_w=1, inplace=False
        ),
    }


def ttnn_layer(hidden_states, attention_mask, parameters):
    batch_size, sequence_size, hidden_size = hidden_states.shape
    head_size = hidden_size // HEADS
    configs = program_configs()
    sharded = ttnn.create_sharded_memory_config(
        (batch_size * 64, hidden_size), GRID, ttnn.ShardStrategy.BLOCK, ttnn.ShardOrientation.ROW_MAJOR
    )

    def heads(t):
        t = ttnn.reshape(t, (batch_size, sequence_size, HEADS, head_size))
        return ttnn.permute(t, (0, 2, 1, 3))

    query, key, value = (
        heads(hidden_states @ parameters[f"{n}.weight"] + parameters[f"{n}.bias"]) for n in ("query", "key", "value")
    )
    scores = ttnn.matmul(query, ttnn.permute(key, (0, 1, 3, 2))) * (1 / head_size**0.5) + attention_mask
    probs = ttnn.softmax(scores, dim=-1, program_config=configs["softmax"])
    context = ttnn.permute(probs @ value, (0, 2, 1, 3))
    context = ttnn.reshape(context, (batch_size, sequence_size, hidden_size))
    attention = ttnn.linear(context, parameters["output.weight"], bias=parameters["output.bias"])
    residual = ttnn.to_memory_config(hidden_states + attention, sharded)
    hidden_states = ttnn.layer_norm(
        residual,
        weight=parameters["ln1.weight"],
        bias=parameters["ln1.bias"],
        epsilon=1e-5,
        memory_config=sharded,
        program_config=configs["layer_norm"],
    )
    ffn = ttnn.linear(
        hidden_states,
        parameters["ffn1.weight"],
        bias=parameters["ffn1.bias"],
        program_config=configs["ffn1"],
        memory_config=ttnn.L1_MEMORY_CONFIG,
    )
    ffn = ttnn.linear(ffn, parameters["ffn2.weight"], bias=parameters["ffn2.bias"], memory_config=sharded)
    output = ttnn.layer_norm(
        ttnn.add(hidden_states, ffn, memory_config=sharded),
        weight=parameters["ln2.weight"],
        bias=parameters["ln2.bias"],
        epsilon=1e-5,
        program_config=configs["layer_norm"],
    )
    return ttnn.sharded_to_interleaved(ttnn.to_memory_config(output, sharded), ttnn.DRAM_MEMORY_CONFIG)


def test_bert_layer_in_ttnn_style_matches_torch(device, tmp_path):
    torch.manual_seed(0)
    shapes = {"query": (HIDDEN, HIDDEN), "key": (HIDDEN, HIDDEN), "value": (HIDDEN, HIDDEN)}
    shapes |= {"output": (HIDDEN, HIDDEN), "ffn1": (FFN, HIDDEN), "ffn2": (HIDDEN, FFN)}
    params = {}
    for name, shape in shapes.items():
        params[f"{name}.weight"] = torch.randn(shape) / shape[1] ** 0.5
        params[f"{name}.bias"] = torch.randn(shape[0]) * 0.1
    for ln in ("ln1", "ln2"):
        params[f"{ln}.weight"], params[f"{ln}.bias"] = torch.rand(HIDDEN) + 0.5, torch.randn(HIDDEN) * 0.1
    params = {k: v.bfloat16().float() for k, v in params.items()}

    x = torch.randn(2, 40, HIDDEN).bfloat16().float()
    padding = torch.ones(2, 40)
    padding[1, 25:] = 0
    mask = ((1 - padding) * torch.finfo(torch.float32).min)[:, None, None, :]
    expected = torch_layer(x, mask, params)

    parameters = preprocess(params, device, tmp_path)
    hidden_states = ttnn.Tensor(x, ttnn.bfloat16).to(ttnn.TILE_LAYOUT).to(device)
    attention_mask = ttnn.from_torch(mask, dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    device.enable_program_cache()
    output = ttnn_layer(hidden_states, attention_mask, parameters)
    assert ttnn.is_tensor_storage_on_device(output) and output.shape == [2, 40, HIDDEN]

    # TT-NN's test idiom: PCC against torch, plus allclose at bfloat16's precision.
    assert ttnn.pearson_correlation_coefficient(expected, output) > 0.999
    torch.testing.assert_close(ttnn.to_torch(output).float(), expected, atol=0.1, rtol=0.05)
    first_token = output[1, 0, :8].to_list()
    torch.testing.assert_close(torch.tensor(first_token), expected[1, 0, :8], atol=0.1, rtol=0.05)
    # A second run reads every weight from its cache file.
    assert len(list(tmp_path.iterdir())) == len(params)
    programs = device.num_program_cache_entries()
    again = ttnn_layer(hidden_states, attention_mask, preprocess(params, device, tmp_path))
    assert torch.equal(ttnn.to_torch(again), ttnn.to_torch(output))
    assert programs > 10 and device.num_program_cache_entries() == programs  # the second run reuses every program
    device.disable_and_clear_program_cache()
    golden = ttnn.get_golden_function(ttnn.layer_norm)
    torch.testing.assert_close(golden(x, epsilon=1e-5), torch.nn.functional.layer_norm(x, (HIDDEN,), eps=1e-5))


def ttnn_llama_mlp(x, parameters):
    """A Llama decoder's MLP as tt-metal's Llama code writes it: RMS norm, w1/w3 into width-sharded L1, silu fused
    into ttnn.multiply as an input activation with a narrower output dtype, w2, and the residual."""
    batch_size, sequence_size, hidden_size = x.shape
    width_sharded = ttnn.create_sharded_memory_config(
        (batch_size * sequence_size, FFN), ttnn.CoreGrid(y=1, x=4), ttnn.ShardStrategy.WIDTH
    )
    normed = ttnn.rms_norm(x, epsilon=1e-6, weight=parameters["norm.weight"])
    w1_out = ttnn.linear(normed, parameters["w1"], memory_config=width_sharded)
    w3_out = ttnn.linear(normed, parameters["w3"], memory_config=width_sharded)
    gated = ttnn.multiply(
        w1_out,
        w3_out,
        input_tensor_a_activations=[ttnn.UnaryOpType.SILU],
        dtype=ttnn.bfloat8_b,
        memory_config=ttnn.L1_MEMORY_CONFIG,
        use_legacy=False,
    )
    ttnn.deallocate(w1_out)
    ttnn.deallocate(w3_out)
    down = ttnn.linear(gated, parameters["w2"], memory_config=ttnn.DRAM_MEMORY_CONFIG)
    return ttnn.add(x, down, output_tensor=ttnn.zeros_like(x))


def test_llama_mlp_in_ttnn_style_matches_torch(device):
    torch.manual_seed(1)
    w1, w3 = (torch.randn(FFN, HIDDEN) / HIDDEN**0.5 for _ in range(2))
    w2, norm = torch.randn(HIDDEN, FFN) / FFN**0.5, torch.rand(HIDDEN) + 0.5
    x = torch.randn(1, 32, HIDDEN).bfloat16().float()
    normed = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * norm
    expected = x + (torch.nn.functional.silu(normed @ w1.T) * (normed @ w3.T)) @ w2.T

    def weight(t):
        return ttnn.from_torch(t, dtype=ttnn.bfloat8_b, layout=ttnn.TILE_LAYOUT, device=device)

    parameters = {"w1": weight(w1.T), "w3": weight(w3.T), "w2": weight(w2.T)}
    parameters["norm.weight"] = ttnn.from_torch(norm, dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    hidden = ttnn.from_torch(x, dtype=ttnn.bfloat16, layout=ttnn.TILE_LAYOUT, device=device)
    output = ttnn_llama_mlp(hidden, parameters)
    assert output.shape == [1, 32, HIDDEN] and output.dtype == ttnn.bfloat16
    assert ttnn.pearson_correlation_coefficient(expected, output) > 0.995
    torch.testing.assert_close(ttnn.to_torch(output).float(), expected, atol=0.15, rtol=0.05)
    # A ROW_MAJOR activation is refused where TT-NN refuses it, with TT-NN's exception type.
    row_major = ttnn.to_layout(hidden, ttnn.ROW_MAJOR_LAYOUT)
    try:
        ttnn.linear(row_major, parameters["w1"])
    except RuntimeError as error:
        assert "inputs to matmul must be tilized" in str(error)
    else:
        raise AssertionError("ttnn.linear took a ROW_MAJOR input")
