"""The zoo's decoder language models (see models.zoo): multi-head, multi-query and grouped-query attention,
rotary and ALiBi-free learned positions, sliding windows, soft-capping, and mixture-of-experts layers.

Models past ~2 B parameters keep their architecture with 2 of their layers at report size (the note says
so), so they fit this machine.
"""

from __future__ import annotations

from torch_ttnn.models.zoo import TEXT_TEST, Spec, register_table

_NO_CACHE = {"use_cache": False}
_LLAMA_TEST = TEXT_TEST | {"num_key_value_heads": 2}  # grouped-query: 4 query heads over 2 key/value heads
# Llama 3's frequency-dependent rotary scaling.
_LLAMA3_ROPE = {"rope_type": "llama3", "rope_theta": 500000.0, "factor": 32.0, "low_freq_factor": 1.0}
_LLAMA3_ROPE |= {"high_freq_factor": 4.0, "original_max_position_embeddings": 8192}
_GPT_TEST = {"vocab_size": 512, "n_embd": 64, "n_layer": 2, "n_head": 4}


def _causal(arch: str, published: dict, test: dict, note: str = "") -> Spec:
    """A row whose transformers classes are ``<arch>Config`` and ``<arch>ForCausalLM``."""
    config, model = f"{arch}Config", f"{arch}ForCausalLM"
    return Spec(config, model, published | _NO_CACHE, test, "causal", 32, 16, note, extra=_NO_CACHE)


def _sizes(hidden: int, intermediate: int, layers: int, heads: int) -> dict:
    """The published sizes most decoders' configs name as Llama's does."""
    sizes = {"hidden_size": hidden, "intermediate_size": intermediate}
    return sizes | {"num_hidden_layers": layers, "num_attention_heads": heads}


def _cut(name: str, layers: int, of: int) -> str:
    return f"{name}'s architecture with {layers} of its {of} layers"


TABLE = {
    "EleutherAI/gpt-neo-125m": _causal(
        "GPTNeo",
        {"hidden_size": 768, "num_layers": 12, "num_heads": 12, "attention_types": [[["global", "local"], 6]]}
        | {"window_size": 256, "vocab_size": 50257},
        {"vocab_size": 512, "hidden_size": 64, "num_layers": 2, "num_heads": 4, "window_size": 8}
        | {"attention_types": [[["global", "local"], 1]]},
    ),
    "EleutherAI/gpt-j-6b": _causal(
        "GPTJ",
        {"n_embd": 4096, "n_layer": 2, "n_head": 16, "rotary_dim": 64, "vocab_size": 50400},
        _GPT_TEST | {"rotary_dim": 8},
        _cut("gpt-j-6b", 2, 28),
    ),
    "facebook/opt-125m": _causal(
        "OPT",
        {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "ffn_dim": 3072}
        | {"vocab_size": 50272, "word_embed_proj_dim": 768},
        TEXT_TEST | {"ffn_dim": 128, "word_embed_proj_dim": 64},
    ),
    "EleutherAI/pythia-160m": _causal(
        "GPTNeoX",
        {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072}
        | {"rotary_pct": 0.25, "vocab_size": 50304, "use_parallel_residual": True},
        TEXT_TEST,
    ),
    "bigcode/gpt_bigcode-santacoder": _causal(
        "GPTBigCode",
        {"n_embd": 2048, "n_layer": 24, "n_head": 16, "multi_query": True, "vocab_size": 49280},
        _GPT_TEST,
    ),
    "Salesforce/codegen-350M-mono": _causal(
        "CodeGen",
        {"n_embd": 1024, "n_layer": 20, "n_head": 16, "rotary_dim": 32, "vocab_size": 51200},
        _GPT_TEST | {"rotary_dim": 8},
    ),
    "mistralai/Mistral-7B-v0.1": _causal(
        "Mistral",
        _sizes(4096, 14336, 2, 32) | {"num_key_value_heads": 8, "sliding_window": 4096, "vocab_size": 32000},
        _LLAMA_TEST | {"sliding_window": 8},
        _cut("Mistral-7B", 2, 32),
    ),
    "meta-llama/Llama-3.2-1B": _causal(
        "Llama",
        _sizes(2048, 8192, 16, 32)
        | {"num_key_value_heads": 8, "vocab_size": 128256, "tie_word_embeddings": True}
        | {"max_position_embeddings": 131072, "rope_parameters": _LLAMA3_ROPE},
        _LLAMA_TEST,
    ),
    "Qwen/Qwen2-0.5B": _causal(
        "Qwen2",
        _sizes(896, 4864, 24, 14)
        | {"num_key_value_heads": 2, "vocab_size": 151936, "tie_word_embeddings": True}
        | {"rope_parameters": {"rope_type": "default", "rope_theta": 1e6}},
        _LLAMA_TEST,
    ),
    "Qwen/Qwen3-0.6B": _causal(
        "Qwen3",
        _sizes(1024, 3072, 28, 16)
        | {"num_key_value_heads": 8, "head_dim": 128, "vocab_size": 151936, "tie_word_embeddings": True},
        _LLAMA_TEST | {"head_dim": 16},
    ),
    "microsoft/phi-2": _causal(
        "Phi",
        _sizes(2560, 10240, 2, 32) | {"partial_rotary_factor": 0.4, "vocab_size": 51200},
        TEXT_TEST,
        _cut("phi-2", 2, 32),
    ),
    "microsoft/Phi-3-mini-4k-instruct": _causal(
        "Phi3",
        _sizes(3072, 8192, 2, 32) | {"num_key_value_heads": 32, "vocab_size": 32064, "pad_token_id": 32000},
        TEXT_TEST | {"num_key_value_heads": 4, "pad_token_id": 0},
        _cut("Phi-3-mini", 2, 32),
    ),
    "stabilityai/stablelm-2-1_6b": _causal(
        "StableLm",
        _sizes(2048, 5632, 24, 32)
        | {"num_key_value_heads": 32, "partial_rotary_factor": 0.25, "vocab_size": 100352, "use_qkv_bias": True},
        TEXT_TEST | {"num_key_value_heads": 4},
    ),
    "allenai/OLMo-1B-hf": _causal(
        "Olmo",
        _sizes(2048, 8192, 16, 16)
        | {"num_key_value_heads": 16, "vocab_size": 50304, "pad_token_id": 1, "tie_word_embeddings": True},
        TEXT_TEST | {"num_key_value_heads": 4},
    ),
    "google/gemma-2b": _causal(
        "Gemma",
        _sizes(2048, 16384, 2, 8) | {"num_key_value_heads": 1, "head_dim": 256, "vocab_size": 256000},
        TEXT_TEST | {"num_key_value_heads": 1, "head_dim": 16},
        _cut("gemma-2b", 2, 18),
    ),
    "google/gemma-2-2b": _causal(
        "Gemma2",
        _sizes(2304, 9216, 2, 8)
        | {"num_key_value_heads": 4, "head_dim": 256, "vocab_size": 256000, "sliding_window": 4096}
        | {"final_logit_softcapping": 30.0, "attn_logit_softcapping": 50.0, "query_pre_attn_scalar": 256},
        _LLAMA_TEST | {"head_dim": 16, "sliding_window": 8, "query_pre_attn_scalar": 16},
        _cut("gemma-2-2b", 2, 26),
    ),
    "mistralai/Mixtral-8x7B-v0.1": _causal(
        "Mixtral",
        _sizes(4096, 14336, 1, 32)
        | {"num_key_value_heads": 8, "num_local_experts": 8, "num_experts_per_tok": 2, "vocab_size": 32000},
        _LLAMA_TEST | {"num_local_experts": 4},
        _cut("Mixtral-8x7B", 1, 32) + " (8 experts, 2 per token)",
    ),
    "allenai/OLMoE-1B-7B-0924": _causal(
        "Olmoe",
        _sizes(2048, 1024, 2, 16)
        | {"num_key_value_heads": 16, "num_experts": 64, "num_experts_per_tok": 8, "vocab_size": 50304}
        | {"pad_token_id": 1},
        TEXT_TEST | {"num_key_value_heads": 4, "num_experts": 8, "num_experts_per_tok": 2, "intermediate_size": 32},
        _cut("OLMoE-1B-7B", 2, 16) + " (64 experts, 8 per token)",
    ),
}

register_table(__name__, TABLE)
