"""Generation rows: ``model.generate`` through the compiled model, one per cache kind the issue tracker asked
for (a decoder LM with transformers' default dynamic cache, one with its static cache, an encoder-decoder).

Report sizes are published configurations (gpt2, TinyLlama-1.1B's architecture with 2 of its 22 layers,
t5-small) with seeded weights; test sizes keep the classes with two narrow layers. Each generates greedily
(``do_sample=False``) from a fixed prompt, so eager and compiled runs can be compared token by token.
"""

from __future__ import annotations

from torch_ttnn.models import ModelCase, register
from torch_ttnn.models.hf_text import _ids
from torch_ttnn.models.sizes import TEST as _TEST

# New tokens per generate call, and the prompt length, by size.
_NEW = {"report": 32, "test": 8}
_PROMPT = {"report": 32, "test": 7}


def _case(model, size: str, note: str = "", **generate) -> ModelCase:
    ids = _ids(model.config.vocab_size, _PROMPT[size])
    kwargs = {"max_new_tokens": _NEW[size], "min_new_tokens": _NEW[size], "do_sample": False} | generate
    return ModelCase(model, (), {"input_ids": ids}, note=note, generate=kwargs)


@register("GPT-2 (generate)")
def gpt2_generate(size: str) -> ModelCase:
    from transformers import GPT2Config, GPT2LMHeadModel

    t = _TEST
    config = (
        GPT2Config()  # gpt2 (124 M)
        if size == "report"
        else GPT2Config(n_embd=t["hidden"], n_layer=t["layers"], n_head=t["heads"], vocab_size=t["vocab"])
    )
    return _case(GPT2LMHeadModel(config), size, "dynamic key/value cache (transformers' default)")


@register("Llama (generate, static cache)")
def llama_generate(size: str) -> ModelCase:
    from transformers import LlamaConfig, LlamaForCausalLM

    t = _TEST
    if size == "report":  # TinyLlama-1.1B: grouped-query attention, 32 query heads over 4 key/value heads
        config = LlamaConfig(
            vocab_size=32000,
            hidden_size=2048,
            intermediate_size=5632,
            num_hidden_layers=2,
            num_attention_heads=32,
            num_key_value_heads=4,
        )
        note = "TinyLlama-1.1B's architecture with 2 of its 22 layers; static key/value cache"
    else:
        config = LlamaConfig(
            vocab_size=t["vocab"],
            hidden_size=t["hidden"],
            intermediate_size=t["intermediate"],
            num_hidden_layers=t["layers"],
            num_attention_heads=t["heads"],
            num_key_value_heads=2,
        )
        note = "static key/value cache"
    return _case(LlamaForCausalLM(config), size, note, cache_implementation="static")


@register("T5 (generate)")
def t5_generate(size: str) -> ModelCase:
    from transformers import T5Config, T5ForConditionalGeneration

    t = _TEST
    config = (
        T5Config(decoder_start_token_id=0)  # t5-small
        if size == "report"
        else T5Config(
            vocab_size=t["vocab"],
            d_model=t["hidden"],
            d_kv=t["hidden"] // t["heads"],
            d_ff=t["intermediate"],
            num_layers=t["layers"],
            num_heads=t["heads"],
            decoder_start_token_id=0,
        )
    )
    return _case(T5ForConditionalGeneration(config), size, "encoder-decoder; dynamic key/value cache")
