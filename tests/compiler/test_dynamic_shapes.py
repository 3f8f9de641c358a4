"""Changing input sizes and generate(): graphs with symbolic sizes run on the device, compiled per set of
call sizes (torch_ttnn.dynamic), and transformers' generate() with the dynamic and the static KV cache gives
eager's tokens. Models are tiny configs with seeded weights; add a generation case to GENERATE."""

import pytest
import torch
import torch_ttnn
import transformers
import ttnn

from tests.compiler.conftest import check, pcc


def _all_on_device(option):
    for m in option.metrics():
        assert m["eager_fallback"] is None, (m["graph"], m["eager_fallback"])
        assert not m["ops_remaining"], (m["graph"], m["host_reasons"])


def _tiny_bert():
    torch.manual_seed(0)
    config = transformers.BertConfig(
        num_hidden_layers=2, hidden_size=64, num_attention_heads=2, intermediate_size=128, vocab_size=500
    )
    return transformers.BertModel(config).eval()


def test_encoder_at_three_lengths_runs_every_call_on_device(device):
    model = _tiny_bert()
    option = torch_ttnn.TorchTtnnOption(device=device)
    compiled = torch.compile(model, backend=torch_ttnn.backend, options=option)  # torch.compile's defaults
    with torch.no_grad():
        for length in (9, 17, 33, 17):
            ids = torch.randint(0, 500, (1, length))
            actual, expected = compiled(ids).last_hidden_state, model(ids).last_hidden_state
            assert pcc(actual, expected) >= 0.99
    _all_on_device(option)
    sized = [m for m in option.metrics() if m.get("sizes")]
    # The first length compiles static; dynamo then hands over one dynamic graph, compiled once per length.
    assert sorted(set(next(iter(m["sizes"].values())) for m in sized)) == [17, 33]
    assert len(sized) == 2, [m["graph"] for m in sized]
    option.release()


def test_size_cache_keeps_the_latest_programs_and_their_metrics(device):
    def fn(x):
        return torch.relu(x.view(x.shape[0] * x.shape[1], -1)) * 2

    option = torch_ttnn.TorchTtnnOption(device=device, size_cache=2, verify=True)
    compiled = torch.compile(fn, backend=torch_ttnn.backend, options=option, dynamic=True, fullgraph=True)
    with torch.no_grad():
        for rows in (3, 5, 7, 3):
            x = torch.randn(rows, 4, 33)
            check(compiled(x), fn(x))
    _all_on_device(option)
    # Rows 3, 5, 7 compile; 7 evicts 3 (least recently used), so 3 compiles again. Metrics keep all four.
    rows_seen = [sorted(m["sizes"].values()) for m in option.metrics()]
    assert rows_seen == [[3, 4, 33], [4, 5, 33], [4, 7, 33], [3, 4, 33]]
    assert [r.compiled is not None for r in option._records] == [False, False, True, True]
    option.release()


def test_symbolic_graph_under_fallback_error_still_compiles(device):
    option = torch_ttnn.TorchTtnnOption(device=device, fallback="error", verify=True)
    compiled = torch.compile(
        lambda x: x.sum(-1) + x.shape[-1], backend=torch_ttnn.backend, options=option, dynamic=True
    )
    with torch.no_grad():
        for n in (5, 40):
            x = torch.randn(2, n)
            check(compiled(x), x.sum(-1) + n)
    _all_on_device(option)
    option.release()


def test_a_size_the_graph_returns_is_a_plain_int(device):
    # A returned size goes back into Python state (a sliding-window cache's length) that dynamo traces on the
    # next call: it must be an int, not the recorder's SizeInt, whichever translation the program came from.
    option = torch_ttnn.TorchTtnnOption(device=device, verify=True)
    compiled = torch.compile(
        lambda x: (x * 2, x.shape[-1] + 1), backend=torch_ttnn.backend, options=option, dynamic=True
    )
    with torch.no_grad():
        for n in (5, 9, 5):
            out, size = compiled(torch.randn(2, n))
            assert type(size) is int and size == n + 1, (type(size), size)
    option.release()


def _gpt2():
    config = transformers.GPT2Config(n_layer=2, n_head=2, n_embd=64, vocab_size=500, n_positions=128)
    return transformers.GPT2LMHeadModel(config)


def _llama():  # grouped-query attention: 4 query heads share 2 key/value heads
    config = transformers.LlamaConfig(
        num_hidden_layers=2,
        hidden_size=64,
        num_attention_heads=4,
        num_key_value_heads=2,
        intermediate_size=128,
        vocab_size=500,
    )
    return transformers.LlamaForCausalLM(config)


def _mistral():  # a sliding-window cache, whose length the graph returns as a size
    config = transformers.MistralConfig(
        vocab_size=500,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        sliding_window=16,
    )
    return transformers.MistralForCausalLM(config)


def _t5():
    config = transformers.T5Config(
        num_layers=2, d_model=64, num_heads=2, d_kv=32, d_ff=128, vocab_size=500, decoder_start_token_id=0
    )
    return transformers.T5ForConditionalGeneration(config)


def _bart():
    config = transformers.BartConfig(
        encoder_layers=2,
        decoder_layers=2,
        d_model=64,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        vocab_size=500,
        max_position_embeddings=128,
    )
    return transformers.BartForConditionalGeneration(config)


def _bloom():  # ALiBi positions, fused query/key/value
    return transformers.BloomForCausalLM(transformers.BloomConfig(vocab_size=500, hidden_size=64, n_layer=2, n_head=2))


def _falcon():  # multi-query attention: one key/value head
    config = transformers.FalconConfig(
        vocab_size=500, hidden_size=64, num_hidden_layers=2, num_attention_heads=4, multi_query=True
    )
    return transformers.FalconForCausalLM(config)


def _opt():
    config = transformers.OPTConfig(
        vocab_size=500,
        hidden_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        ffn_dim=128,
        word_embed_proj_dim=64,
        max_position_embeddings=128,
    )
    return transformers.OPTForCausalLM(config)


def _whisper():  # an encoder-decoder on audio features: a conv front end, then cross-attention while decoding
    config = transformers.WhisperConfig(
        vocab_size=500,
        d_model=64,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        num_mel_bins=16,
        max_source_positions=32,
        max_target_positions=64,
        decoder_start_token_id=1,
        pad_token_id=0,
        eos_token_id=2,
        bos_token_id=1,
        suppress_tokens=[],
        begin_suppress_tokens=[],
    )
    return transformers.WhisperForConditionalGeneration(config)


# (builder, cache implementation or None for the default DynamicCache, new tokens)
GENERATE = {
    "gpt2-dynamic": (_gpt2, None, 32),
    "llama-gqa-dynamic": (_llama, None, 32),
    "gpt2-static": (_gpt2, "static", 32),
    "llama-static": (_llama, "static", 16),
    "mistral-sliding-dynamic": (_mistral, None, 24),
    "t5-dynamic": (_t5, None, 12),
    "bart-dynamic": (_bart, None, 12),
    "bloom-dynamic": (_bloom, None, 12),
    "falcon-mqa-dynamic": (_falcon, None, 12),
    "opt-dynamic": (_opt, None, 12),
    "whisper-dynamic": (_whisper, None, 12),
}


@pytest.mark.parametrize("name", list(GENERATE))
def test_generate_gives_eager_tokens_with_every_op_on_device(device, name):
    build, cache, new_tokens = GENERATE[name]
    torch.manual_seed(0)
    model = build().eval()
    # Token ids, or a speech model's features (2 x the encoder's positions frames of num_mel_bins each).
    prompt = (
        {"input_features": torch.randn(1, model.config.num_mel_bins, 2 * model.config.max_source_positions)}
        if model.main_input_name == "input_features"
        else {"input_ids": torch.randint(3, 500, (1, 7))}
    )
    kwargs = {"max_new_tokens": new_tokens, "min_new_tokens": new_tokens, "do_sample": False}
    if cache:
        kwargs["cache_implementation"] = cache
    option = torch_ttnn.TorchTtnnOption(device=device, dtype=ttnn.float32, verify=True)
    with torch.no_grad():
        expected = model.generate(**prompt, **kwargs)
        if name.startswith("llama"):  # nn.Module.compile: in place, so generate's self(...) runs compiled
            model.compile(backend=torch_ttnn.backend, options=option)
        else:
            model.forward = torch.compile(model.forward, backend=torch_ttnn.backend, options=option)
        actual = model.generate(**prompt, **kwargs)
    assert torch.equal(actual, expected), (actual, expected)
    _all_on_device(option)
    if cache == "static":  # fixed shapes: the prefill and the decode step each compile once
        assert len(option.metrics()) == 2, [m["graph"] for m in option.metrics()]
        _cache_stays_on_device(option.metrics()[1]["runtime"], layers=build().config.num_hidden_layers)
    option.release()


def _cache_stays_on_device(decode: dict, layers: int) -> None:
    # Every step writes each layer's keys and values in place: the device keeps the new cache, so the cache
    # is uploaded once (the prefill's, on the first step), like the parameters, and later steps only read
    # cached copies; the host cache gets the same writes from the new token's rows.
    steps = decode["calls"]
    assert steps > 1 and decode["updates_kept"] == 2 * layers * steps, decode
    reads_per_step = (decode["param_uploads"] + decode["param_hits"]) // steps
    assert decode["param_uploads"] <= reads_per_step, decode  # no step after the first uploaded anything cached


def test_a_replayed_graph_is_the_graph_a_fresh_translation_builds():
    from torch.fx.experimental.proxy_tensor import make_fx
    from torch_ttnn import dynamic, frontend

    def fn(x, y):
        z = torch.cat([x, y], dim=1)  # sizes s0 + s1 downstream: replaced nodes beside unchanged ones
        # flatten: a size s1 * s2 (not a sum of symbols), evaluated through sympy on replay
        return ((z.softmax(-1) @ z.transpose(1, 2)).relu() + 1, x * 2, x.flatten(1).sum(-1))  # a tuple, as aot's

    gm = make_fx(fn, tracing_mode="symbolic")(torch.randn(2, 5, 8), torch.randn(2, 1, 8))
    symbols = frontend.size_symbols(gm)
    recording = dynamic.Recording()
    _, info = frontend.translate(
        gm, set(), frontend.bind_sizes(symbols, [torch.randn(2, 5, 8), torch.randn(2, 1, 8)]), recording
    )
    assert recording.sized  # the calls that hold a size: redone on replay, the rest copied in C++
    for rows in (7, 40):
        args = [torch.randn(2, rows, 8), torch.randn(2, 1, 8)]
        replayed, _ = recording.replay(info, frontend.bind_sizes(symbols, args))
        fresh, _ = frontend.translate(gm, set(), frontend.bind_sizes(symbols, args))
        assert str(replayed) == str(fresh)
    assert str(recording.graph) != str(replayed)  # replaying copies the recorded graph, never changes it


def test_replay_evaluates_a_size_as_sympy_does():
    import sympy
    from torch_ttnn import dynamic, sizes

    s0, s1 = sympy.symbols("s0 s1", integer=True, positive=True)
    bindings = {s0: 7, s1: 3}
    for expr in (s0, s0 + 1, 2 * s0 + 3 * s1 - 4, s0 * s1, s0 * s1 + s0, sympy.floor(s0 / 2), sympy.Integer(5)):
        assert dynamic._evaluator(expr)(bindings) == sizes.evaluate(expr, bindings, "test"), expr
    with pytest.raises(sizes.Unsupported, match="s1"):
        dynamic._evaluator(s0 + s1)({s0: 7})  # a symbol the call does not bind


def test_graph_resizing_rejects_a_node_or_value_it_does_not_have():
    graph = torch_ttnn.frontend.compiler.Graph()
    x = graph.add_input([2, 3], torch_ttnn.frontend.compiler.ScalarType.float32)
    graph.add_node(
        "aten.relu.default",
        [("self", torch_ttnn.frontend.compiler.Ref(x))],
        [([2, 3], torch_ttnn.frontend.compiler.ScalarType.float32)],
        0,
    )
    with pytest.raises(IndexError, match="replace_node"):
        graph.replace_node(1, "aten.relu.default", [], [([2, 3], torch_ttnn.frontend.compiler.ScalarType.float32)], 0)
    with pytest.raises(IndexError, match="no value"):
        graph.set_input_shape(99, [4, 3])


def test_metrics_say_where_each_compile_spent_its_time(device):
    option = torch_ttnn.TorchTtnnOption(device=device)
    compiled = torch.compile(lambda x: x.relu() * 2, backend=torch_ttnn.backend, options=option)
    with torch.no_grad():
        compiled(torch.randn(4, 8))
    (metrics,) = option.metrics()
    stages = metrics["compile_ms"]
    # The verifier's time (after each stage, when verify is on) is one entry of its own.
    assert [s for s in stages if s != "verify"][:4] == ["translate", "frontend", "dce", "lower"]
    assert {"plan_memory", "emit"} <= set(stages) and all(ms >= 0 for ms in stages.values())
    option.release()
