"""The zoo's speech encoders (see models.zoo): convolutional front ends on raw audio (wav2vec 2.0 family),
log-mel transformers (Whisper's encoder, AST). Report size: one second of 16 kHz audio, or the published
number of frames."""

from __future__ import annotations

from torch_ttnn.models.zoo import Spec, register_table

_NO_DROPOUT = {"hidden_dropout": 0.0, "attention_dropout": 0.0, "activation_dropout": 0.0, "feat_proj_dropout": 0.0}
# wav2vec 2.0 family at test size: narrow front end and transformer; the convolution strides stay.
_W2V_TEST = {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128}
_W2V_TEST |= {"conv_dim": (32,) * 7, "num_conv_pos_embeddings": 16, "num_conv_pos_embedding_groups": 4}


def _audio(config: str, model: str, published: dict | None = None, test: dict | None = None) -> Spec:
    # The configs' defaults are the published base models (768 wide, 12 layers, 7 convolutions).
    return Spec(config, model, _NO_DROPOUT | (published or {}), _W2V_TEST | (test or {}), "audio", 16000, 3200)


TABLE = {
    "facebook/wav2vec2-base": _audio("Wav2Vec2Config", "Wav2Vec2Model"),
    "facebook/hubert-base-ls960": _audio("HubertConfig", "HubertModel"),
    "microsoft/wavlm-base": _audio("WavLMConfig", "WavLMModel", test={"num_buckets": 32, "max_bucket_distance": 64}),
    "facebook/data2vec-audio-base": _audio(
        "Data2VecAudioConfig", "Data2VecAudioModel", test={"conv_pos_kernel_size": 5, "num_conv_pos_embeddings": 2}
    ),
    # Whisper's encoder with a classification head (openai/whisper-tiny's encoder).
    "openai/whisper-tiny (encoder)": Spec(
        "WhisperConfig",
        "WhisperForAudioClassification",
        {"d_model": 384, "encoder_layers": 4, "encoder_attention_heads": 6, "encoder_ffn_dim": 1536}
        | {"num_mel_bins": 80, "max_source_positions": 1500, "vocab_size": 51865, "dropout": 0.0},
        {"d_model": 64, "encoder_layers": 2, "encoder_attention_heads": 4, "encoder_ffn_dim": 128}
        | {"num_mel_bins": 16, "max_source_positions": 16, "vocab_size": 512},
        "features",
    ),
    "MIT/ast-finetuned-audioset-10-10-0.4593": Spec(
        "ASTConfig",
        "ASTForAudioClassification",
        {"max_length": 1024, "num_mel_bins": 128, "num_labels": 527, "hidden_dropout_prob": 0.0},
        {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128}
        | {"max_length": 64, "num_mel_bins": 32, "num_labels": 10},
        "spectrogram",
    ),
}

register_table(__name__, TABLE)
