"""The zoo's encoder-decoders (see models.zoo): one teacher-forced forward of encoder and decoder."""

from __future__ import annotations

from torch_ttnn.models.zoo import Spec, register_table

_NO_CACHE = {"use_cache": False}
_T5_TEST = {"vocab_size": 512, "d_model": 64, "d_kv": 16, "d_ff": 128, "num_layers": 2, "num_heads": 4}
# BART-family width fields; published values by model, test values shared.
_BART_TEST = {"vocab_size": 512, "d_model": 64, "encoder_layers": 2, "decoder_layers": 2}
_BART_TEST |= {"encoder_attention_heads": 4, "decoder_attention_heads": 4, "encoder_ffn_dim": 128}
_BART_TEST |= {"decoder_ffn_dim": 128, "max_position_embeddings": 64}


def _bart(d_model: int, layers: int, heads: int, ffn: int, vocab: int, **rest) -> dict:
    return {
        "d_model": d_model,
        "encoder_layers": layers,
        "decoder_layers": layers,
        "encoder_attention_heads": heads,
        "decoder_attention_heads": heads,
        "encoder_ffn_dim": ffn,
        "decoder_ffn_dim": ffn,
        "vocab_size": vocab,
        "dropout": 0.0,
        "attention_dropout": 0.0,
        "activation_dropout": 0.0,
        **rest,
        **_NO_CACHE,
    }


def _seq2seq(config: str, model: str, published: dict, test: dict) -> Spec:
    return Spec(config, model, published, test, "seq2seq", 64, 16, extra=_NO_CACHE)


TABLE = {
    "t5-small": _seq2seq(
        "T5Config",
        "T5ForConditionalGeneration",
        {"d_model": 512, "d_kv": 64, "d_ff": 2048, "num_layers": 6, "num_heads": 8, "vocab_size": 32128}
        | {"dropout_rate": 0.0, "decoder_start_token_id": 0},
        _T5_TEST,
    ),
    "google/flan-t5-small": _seq2seq(
        "T5Config",
        "T5ForConditionalGeneration",
        {"d_model": 512, "d_kv": 64, "d_ff": 1024, "num_layers": 8, "num_heads": 6, "vocab_size": 32128}
        | {"feed_forward_proj": "gated-gelu", "tie_word_embeddings": False, "dropout_rate": 0.0}
        | {"decoder_start_token_id": 0},
        _T5_TEST,
    ),
    "facebook/bart-base": _seq2seq(
        "BartConfig", "BartForConditionalGeneration", _bart(768, 6, 12, 3072, 50265), _BART_TEST
    ),
    "facebook/mbart-large-cc25": _seq2seq(
        "MBartConfig",
        "MBartForConditionalGeneration",
        _bart(1024, 12, 16, 4096, 250027, scale_embedding=True),
        _BART_TEST,
    ),
    "google/pegasus-xsum": _seq2seq(
        "PegasusConfig",
        "PegasusForConditionalGeneration",
        _bart(1024, 16, 16, 4096, 96103, scale_embedding=True),
        _BART_TEST,
    ),
    "Helsinki-NLP/opus-mt-en-de": _seq2seq(
        "MarianConfig",
        "MarianMTModel",
        _bart(512, 6, 8, 2048, 58101, scale_embedding=True, activation_function="swish")
        | {"decoder_start_token_id": 58100, "pad_token_id": 58100},
        _BART_TEST | {"decoder_start_token_id": 511, "pad_token_id": 511},
    ),
}

register_table(__name__, TABLE)
