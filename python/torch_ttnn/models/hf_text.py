"""Language models from ``transformers``, built from their published configurations (no hub access).

Published figures are copied from each model's config.json on the Hugging Face hub; the ``test`` size keeps
the architecture (same classes, activation, norm, attention kind) with two layers and a small width.
"""

from __future__ import annotations

from torch_ttnn.models import ModelCase, register

# The reduced width every test-size language model uses.
_TEST = {"hidden": 64, "heads": 4, "intermediate": 128, "layers": 2, "vocab": 512, "seq": 16}


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

    if size == "report":  # bert-large-uncased
        config = BertConfig(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16, intermediate_size=4096)
        seq = 256
    else:
        t = _TEST
        config = BertConfig(
            vocab_size=t["vocab"],
            hidden_size=t["hidden"],
            num_hidden_layers=t["layers"],
            num_attention_heads=t["heads"],
            intermediate_size=t["intermediate"],
        )
        seq = t["seq"]
    model = BertForQuestionAnswering(config)
    return ModelCase(model, (), _text_inputs(config.vocab_size, seq), outputs=_logits("start_logits", "end_logits"))


@register("Bloom")
def bloom(size: str) -> ModelCase:
    from transformers import BloomConfig, BloomForCausalLM

    if size == "report":  # bigscience/bloom-1b1
        config = BloomConfig(vocab_size=250880, hidden_size=1536, n_layer=24, n_head=16)
    else:
        t = _TEST
        config = BloomConfig(vocab_size=t["vocab"], hidden_size=t["hidden"], n_layer=t["layers"], n_head=t["heads"])
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
    if size == "report":
        config = FalconConfig(vocab_size=65024, hidden_size=4544, num_hidden_layers=4, num_attention_heads=71, **arch)
        note = "falcon-7b-instruct architecture with 4 of its 32 layers (the full model needs 28 GB in fp32)"
    else:
        t = _TEST
        config = FalconConfig(
            vocab_size=t["vocab"],
            hidden_size=t["hidden"],
            num_hidden_layers=t["layers"],
            num_attention_heads=t["heads"],
            **arch,
        )
        note = ""
    config.use_cache = False
    model = FalconForCausalLM(config)
    return ModelCase(model, (), _text_inputs(config.vocab_size, 32), note=note, outputs=_logits("logits"))


@register("GPT-2")
def gpt2(size: str) -> ModelCase:
    from transformers import GPT2Config, GPT2ForSequenceClassification

    if size == "report":  # gpt2
        config = GPT2Config(n_embd=768, n_layer=12, n_head=12, vocab_size=50257)
        seq = 128
    else:
        t = _TEST
        last = t["vocab"] - 1  # gpt2's special token id 50256 is outside the small vocabulary
        config = GPT2Config(
            n_embd=t["hidden"],
            n_layer=t["layers"],
            n_head=t["heads"],
            vocab_size=t["vocab"],
            bos_token_id=last,
            eos_token_id=last,
        )
        seq = t["seq"]
    config.pad_token_id = config.eos_token_id
    config.use_cache = False
    model = GPT2ForSequenceClassification(config)
    return ModelCase(model, (), _text_inputs(config.vocab_size, seq), outputs=_logits("logits"))


@register("Llama")
def llama(size: str) -> ModelCase:
    from transformers import LlamaConfig, LlamaForCausalLM

    if size == "report":  # huggyllama/llama-7b
        config = LlamaConfig(
            vocab_size=32000,
            hidden_size=4096,
            intermediate_size=11008,
            num_hidden_layers=2,
            num_attention_heads=32,
            num_key_value_heads=32,
            rms_norm_eps=1e-6,
        )
        note = "llama-7b architecture with 2 of its 32 layers (the full model needs 27 GB in fp32)"
    else:
        t = _TEST
        config = LlamaConfig(
            vocab_size=t["vocab"],
            hidden_size=t["hidden"],
            intermediate_size=t["intermediate"],
            num_hidden_layers=t["layers"],
            num_attention_heads=t["heads"],
            num_key_value_heads=t["heads"],
            rms_norm_eps=1e-6,
        )
        note = ""
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


def _albert_config(variant: str, size: str):
    from transformers import AlbertConfig

    if size == "report":
        hidden, layers, heads, intermediate = _ALBERT[variant]
        vocab = 30000
    else:
        t = _TEST
        hidden, layers, heads, intermediate, vocab = t["hidden"], t["layers"], t["heads"], t["intermediate"], t["vocab"]
    return AlbertConfig(
        vocab_size=vocab,
        embedding_size=min(128, hidden),
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=intermediate,
        hidden_act="gelu_new",
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )


def _albert_mlm(variant: str):
    def builder(size: str) -> ModelCase:
        from transformers import AlbertForMaskedLM

        config = _albert_config(variant, size)
        seq = 128 if size == "report" else _TEST["seq"]
        return ModelCase(AlbertForMaskedLM(config), (), _text_inputs(config.vocab_size, seq), outputs=_logits("logits"))

    return builder


for _variant in _ALBERT:
    register(f"albert/albert-{_variant}-v2")(_albert_mlm(_variant))


@register("distilbert-base-uncased")
def distilbert(size: str) -> ModelCase:
    from transformers import DistilBertConfig, DistilBertForMaskedLM

    if size == "report":
        config = DistilBertConfig(vocab_size=30522, dim=768, n_layers=6, n_heads=12, hidden_dim=3072)
        seq = 128
    else:
        t = _TEST
        config = DistilBertConfig(
            vocab_size=t["vocab"],
            dim=t["hidden"],
            n_layers=t["layers"],
            n_heads=t["heads"],
            hidden_dim=t["intermediate"],
        )
        seq = t["seq"]
    return ModelCase(DistilBertForMaskedLM(config), (), _text_inputs(config.vocab_size, seq), outputs=_logits("logits"))


@register("textattack/albert-base-v2-imdb")
def albert_imdb(size: str) -> ModelCase:
    from transformers import AlbertForSequenceClassification

    config = _albert_config("base", size)
    config.num_labels = 2
    seq = 128 if size == "report" else _TEST["seq"]
    return ModelCase(
        AlbertForSequenceClassification(config), (), _text_inputs(config.vocab_size, seq), outputs=_logits("logits")
    )
