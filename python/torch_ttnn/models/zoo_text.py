"""The zoo's text encoders (see models.zoo): published configurations from each model's config.json."""

from __future__ import annotations

from torch_ttnn.models.zoo import NO_DROPOUT, TEXT_TEST, Spec, register_table

_BASE = {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072}
_ROBERTA = _BASE | {"max_position_embeddings": 514, "type_vocab_size": 1, "pad_token_id": 1, "layer_norm_eps": 1e-5}
_CLASSES = {"num_labels": 2} | NO_DROPOUT

TABLE = {
    "bert-base-uncased": Spec("BertConfig", "BertForSequenceClassification", _BASE | _CLASSES, TEXT_TEST),
    "sentence-transformers/all-MiniLM-L6-v2": Spec(
        "BertConfig",
        "BertModel",
        {"hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 12, "intermediate_size": 1536},
        TEXT_TEST,
    ),
    "roberta-base": Spec("RobertaConfig", "RobertaForSequenceClassification", _ROBERTA | _CLASSES, TEXT_TEST),
    "xlm-roberta-base": Spec(
        "XLMRobertaConfig",
        "XLMRobertaForSequenceClassification",
        _ROBERTA | _CLASSES | {"vocab_size": 250002},
        TEXT_TEST,
    ),
    "google/electra-small-discriminator": Spec(
        "ElectraConfig",
        "ElectraForSequenceClassification",
        {"embedding_size": 128, "hidden_size": 256, "num_hidden_layers": 12, "num_attention_heads": 4}
        | {"intermediate_size": 1024}
        | _CLASSES,
        TEXT_TEST | {"embedding_size": 32},
    ),
    "microsoft/deberta-v3-base": Spec(
        "DebertaV2Config",
        "DebertaV2ForSequenceClassification",
        _BASE
        | _CLASSES
        | {"vocab_size": 128100, "relative_attention": True, "max_relative_positions": -1, "position_buckets": 256}
        | {"norm_rel_ebd": "layer_norm", "share_att_key": True, "pos_att_type": ["p2c", "c2p"]}
        | {"position_biased_input": False, "layer_norm_eps": 1e-7, "type_vocab_size": 0},
        TEXT_TEST,
    ),
    "microsoft/deberta-base": Spec(
        "DebertaConfig",
        "DebertaForSequenceClassification",
        _BASE
        | _CLASSES
        | {"vocab_size": 50265, "relative_attention": True, "max_relative_positions": -1}
        | {"pos_att_type": ["c2p", "p2c"], "position_biased_input": False, "type_vocab_size": 0},
        TEXT_TEST,
        # compute_attention_span returns torch.tensor(int) and the relative embeddings are sliced with it: without
        # this, dynamo breaks each layer's graph at that .item() (13 graphs, the disentangled attention's
        # projections, gathers and matmuls left to eager fp32 between them); with it the constant folds and the
        # model is one graph.
        dynamo={"capture_scalar_outputs": True},
    ),
    "microsoft/mpnet-base": Spec(
        "MPNetConfig",
        "MPNetForSequenceClassification",
        _BASE | _CLASSES | {"vocab_size": 30527, "max_position_embeddings": 514, "layer_norm_eps": 1e-5},
        TEXT_TEST,
    ),
    # MobileBertConfig's defaults are google/mobilebert-uncased: bottlenecks, four FFNs, NoNorm.
    "google/mobilebert-uncased": Spec(
        "MobileBertConfig",
        "MobileBertForSequenceClassification",
        _CLASSES,
        TEXT_TEST | {"embedding_size": 32, "intra_bottleneck_size": 32, "intermediate_size": 64},
    ),
    # ConvBertConfig's defaults are YituTech/conv-bert-base: span-based dynamic convolution beside attention.
    "YituTech/conv-bert-base": Spec(
        "ConvBertConfig", "ConvBertForSequenceClassification", _CLASSES, TEXT_TEST | {"embedding_size": 64}
    ),
    # SqueezeBertConfig's defaults are squeezebert/squeezebert-uncased: grouped 1-d convolutions for the
    # projections.
    "squeezebert/squeezebert-uncased": Spec(
        "SqueezeBertConfig", "SqueezeBertForSequenceClassification", _CLASSES, TEXT_TEST | {"embedding_size": 64}
    ),
    # A training row: one step of fine-tuning (forward, loss, backward, SGD).
    "bert-base-uncased (Train)": Spec(
        "BertConfig", "BertForSequenceClassification", _BASE | _CLASSES, TEXT_TEST, train=True
    ),
}

register_table(__name__, TABLE)
