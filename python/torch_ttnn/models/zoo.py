"""The zoo: architectures beyond the seed's 19, one table row each (see zoo_text, zoo_decoder, zoo_seq2seq,
zoo_vision, zoo_speech, zoo_cnn).

A row names a ``transformers`` configuration and model class, the published configuration's architecture
fields (copied from the model's config.json on the hub; the ``report`` size), and the fields that cut it to
the ``test`` size (same classes, activation, norm and attention kind; two narrow layers). Weights are seeded
(``models.build`` seeds torch), never downloaded. Dropout is off in every config: eval rows ignore it, and
training rows would otherwise draw masks the compiled run cannot reproduce.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from torch_ttnn.models import ModelCase, register

# The narrow, shallow width of test-size transformers (the seed's test width).
TEXT_TEST = {
    "vocab_size": 512,
    "hidden_size": 64,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "intermediate_size": 128,
}
NO_DROPOUT = {"hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0}


KINDS = ("text", "causal", "seq2seq", "image", "audio", "features", "spectrogram")


@dataclass(frozen=True)
class Spec:
    config: str  # transformers configuration class
    model: str  # transformers model class
    published: dict  # the published config's architecture fields: the report size
    test: dict  # what the test size replaces
    inputs: str = "text"  # one of KINDS
    report_len: int = 128  # sequence length, image side or audio samples at report size
    test_len: int = 16
    note: str = ""  # anything that differs from the published model at report size
    train: bool = False  # a training row: forward, cross-entropy loss on the logits, backward, SGD step
    extra: dict = field(default_factory=dict)  # model kwargs beyond the inputs (e.g. use_cache=False)
    dynamo: dict = field(default_factory=dict)  # torch._dynamo.config settings of compiled runs (ModelCase.dynamo)


def _ids(vocab: int, seq: int, seed: int = 1):
    import torch

    return torch.randint(0, vocab, (1, seq), generator=torch.Generator().manual_seed(seed))


def _inputs(kind: str, config, length: int) -> dict:
    """The keyword inputs of one call: seeded token ids, images or audio of ``length``."""
    import torch

    generator = torch.Generator().manual_seed(1)
    vocab = getattr(config, "vocab_size", 512)
    if kind in ("text", "causal"):
        ids = _ids(vocab, length)
        return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}
    if kind == "seq2seq":
        ids = _ids(vocab, length)
        return {"input_ids": ids, "attention_mask": torch.ones_like(ids), "decoder_input_ids": _ids(vocab, length, 2)}
    if kind == "image":
        channels = getattr(config, "num_channels", 3)
        return {"pixel_values": torch.randn(1, channels, length, length, generator=generator)}
    if kind == "audio":  # raw 16 kHz samples
        return {"input_values": torch.randn(1, length, generator=generator)}
    if kind == "features":  # Whisper's log-mel frames: twice the encoder's positions
        frames = 2 * config.max_source_positions
        return {"input_features": torch.randn(1, config.num_mel_bins, frames, generator=generator)}
    if kind == "spectrogram":  # AST: [time, mel bins]
        return {"input_values": torch.randn(1, config.max_length, config.num_mel_bins, generator=generator)}
    raise ValueError(f"zoo: unknown input kind; expected one of {KINDS}, got '{kind}'")


def _first(out) -> list:
    """The model's main output: logits, or the last hidden state of a bare encoder."""
    return [out[0]]


def _loss(out, targets):
    import torch.nn.functional as F

    return F.cross_entropy(out[0], targets)


def build(spec: Spec, size: str) -> ModelCase:
    import transformers

    fields = spec.published if size == "report" else spec.published | spec.test
    config = getattr(transformers, spec.config)(**fields)
    model = getattr(transformers, spec.model)(config)
    kwargs = _inputs(spec.inputs, config, spec.report_len if size == "report" else spec.test_len) | spec.extra
    note = spec.note if size == "report" else ""
    if not spec.train:
        return ModelCase(model, (), kwargs, note=note, outputs=_first, dynamo=spec.dynamo)
    model.train()
    targets = _ids(config.num_labels, 1, 3)[0]  # one class label: training rows are classifiers
    return ModelCase(
        model, (), kwargs, note=note, train=True, targets=targets, loss=_loss, outputs=_first, dynamo=spec.dynamo
    )


def register_table(module: str, table: dict[str, Spec]) -> None:
    """Registers every row of ``module``'s table (pass the zoo module's ``__name__``)."""
    for name, spec in table.items():
        register(name, zoo=module)(partial(build, spec))
