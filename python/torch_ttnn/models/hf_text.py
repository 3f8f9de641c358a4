"""Language models from ``transformers``, built from their published configurations (no hub access).

Published figures are copied from each model's config.json on the Hugging Face hub; the ``test`` size keeps
the architecture (same classes, activation, norm, attention kind) with two layers and a small width.
"""

from __future__ import annotations

from torch_ttnn.models import ModelCase, register
from torch_ttnn.models.sizes import dims, hf_config


def _ids(vocab: int, seq: int, batch: int = 1):
    import torch

    generator = torch.Generator().manual_seed(1)
    return torch.randint(0, vocab, (batch, seq), generator=generator)


def _text_inputs(vocab: int, seq: int, mask: bool = True) -> dict:
    import torch

    ids = _ids(vocab, seq)
    return {"input_ids": ids, "attention_mask": torch.ones_like(ids)} if mask else {"input_ids": ids}


def _logits(*names: str):
    return lambda out: [getattr(out, n) for n in names]


@register("BERT")
def bert(size: str) -> ModelCase:
    from transformers import BertConfig, BertForQuestionAnswering

    # bert-large-uncased
    d = dims(size, {"vocab": 30522, "hidden": 1024, "layers": 24, "heads": 16, "intermediate": 4096, "seq": 256})
    config = hf_config(BertConfig, d)
    model = BertForQuestionAnswering(config)
    return ModelCase(
        model, (), _text_inputs(config.vocab_size, d["seq"]), outputs=_logits("start_logits", "end_logits")
    )


@register("Bloom")
def bloom(size: str) -> ModelCase:
    from transformers import BloomConfig, BloomForCausalLM

    d = dims(size, {"vocab": 250880, "hidden": 1536, "layers": 24, "heads": 16})  # bigscience/bloom-1b1
    config = hf_config(BloomConfig, d, {"layers": "n_layer", "heads": "n_head"})
    config.use_cache = False
    model = BloomForCausalLM(config)
    return ModelCase(model, (), _text_inputs(config.vocab_size, 32), outputs=_logits("logits"))


@register("Falcon")
def falcon(size: str) -> ModelCase:
    from transformers import FalconConfig, FalconForCausalLM

    # tiiuae/falcon-7b-instruct: 4544 wide, 71 heads with one shared key/value head, parallel attention+MLP.
    arch = {
        "new_decoder_architecture": False,
        "multi_query": True,
        "parallel_attn": True,
        "bias": False,
        "alibi": False,
    }
    config = hf_config(FalconConfig, dims(size, {"vocab": 65024, "hidden": 4544, "layers": 4, "heads": 71}), **arch)
    note = "falcon-7b-instruct architecture with 4 of its 32 layers (the full model needs 28 GB in fp32)"
    note = note if size == "report" else ""
    config.use_cache = False
    model = FalconForCausalLM(config)
    return ModelCase(model, (), _text_inputs(config.vocab_size, 32), note=note, outputs=_logits("logits"))


@register("GPT-2")
def gpt2(size: str) -> ModelCase:
    from transformers import GPT2Config, GPT2ForSequenceClassification

    d = dims(size, {"hidden": 768, "layers": 12, "heads": 12, "vocab": 50257, "seq": 128})  # gpt2
    last = d["vocab"] - 1  # gpt2's special token id, 50256: the last of its vocabulary (of the small one too)
    names = {"hidden": "n_embd", "layers": "n_layer", "heads": "n_head"}
    config = hf_config(GPT2Config, d, names, bos_token_id=last, eos_token_id=last)
    seq = d["seq"]
    config.pad_token_id = config.eos_token_id
    config.use_cache = False
    model = GPT2ForSequenceClassification(config)
    return ModelCase(model, (), _text_inputs(config.vocab_size, seq), outputs=_logits("logits"))


@register("Llama")
def llama(size: str) -> ModelCase:
    from transformers import LlamaConfig, LlamaForCausalLM

    # huggyllama/llama-7b
    d = dims(size, {"vocab": 32000, "hidden": 4096, "intermediate": 11008, "layers": 2, "heads": 32})
    config = hf_config(LlamaConfig, d, num_key_value_heads=d["heads"], rms_norm_eps=1e-6)
    note = "llama-7b architecture with 2 of its 32 layers (the full model needs 27 GB in fp32)"
    note = note if size == "report" else ""
    config.use_cache = False
    model = LlamaForCausalLM(config)
    return ModelCase(model, (), _text_inputs(config.vocab_size, 32), note=note, outputs=_logits("logits"))


# albert-*-v2 configs: (hidden, layers, heads, intermediate); all share embedding size 128 and gelu_new.
_ALBERT = {
    "base": (768, 12, 12, 3072),
    "large": (1024, 24, 16, 4096),
    "xlarge": (2048, 24, 16, 8192),
    "xxlarge": (4096, 12, 64, 16384),
}


def _albert_dims(variant: str, size: str) -> dict:
    hidden, layers, heads, intermediate = _ALBERT[variant]
    published = {"vocab": 30000, "hidden": hidden, "layers": layers, "heads": heads, "intermediate": intermediate}
    return dims(size, {**published, "seq": 128})


def _albert_config(variant: str, size: str):
    from transformers import AlbertConfig

    d = _albert_dims(variant, size)
    return hf_config(
        AlbertConfig,
        d,
        embedding_size=min(128, d["hidden"]),
        hidden_act="gelu_new",
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )


def _albert_mlm(variant: str):
    def builder(size: str) -> ModelCase:
        from transformers import AlbertForMaskedLM

        config = _albert_config(variant, size)
        seq = _albert_dims(variant, size)["seq"]
        return ModelCase(AlbertForMaskedLM(config), (), _text_inputs(config.vocab_size, seq), outputs=_logits("logits"))

    return builder


for _variant in _ALBERT:
    register(f"albert/albert-{_variant}-v2")(_albert_mlm(_variant))


@register("distilbert-base-uncased")
def distilbert(size: str) -> ModelCase:
    from transformers import DistilBertConfig, DistilBertForMaskedLM

    d = dims(size, {"vocab": 30522, "hidden": 768, "layers": 6, "heads": 12, "intermediate": 3072, "seq": 128})
    names = {"hidden": "dim", "layers": "n_layers", "heads": "n_heads", "intermediate": "hidden_dim"}
    config = hf_config(DistilBertConfig, d, names)
    return ModelCase(
        DistilBertForMaskedLM(config), (), _text_inputs(config.vocab_size, d["seq"]), outputs=_logits("logits")
    )


@register("textattack/albert-base-v2-imdb")
def albert_imdb(size: str) -> ModelCase:
    from transformers import AlbertForSequenceClassification

    config = _albert_config("base", size)
    config.num_labels = 2
    seq = _albert_dims("base", size)["seq"]
    return ModelCase(
        AlbertForSequenceClassification(config), (), _text_inputs(config.vocab_size, seq), outputs=_logits("logits")
    )
