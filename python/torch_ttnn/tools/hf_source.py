"""transformers models for ``torch-ttnn run``: a ``save_pretrained`` folder, or a model type built from its
default configuration with seeded weights.

Inputs come from the folder's tokenizer (a real sentence) or image processor (a real image: digits of
scikit-learn's digits set, scaled up) when it has one, else from a seeded generator. transformers' image
processors cannot load without PIL or torchvision, which do not import beside torch's CPU build here, so the
processor's settings in preprocessor_config.json (rescale, normalize, mean, std) are applied in torch.
"""

from __future__ import annotations

import json
from pathlib import Path

from torch_ttnn import models

# task -> transformers auto class; a generation task runs model.generate.
TASKS = {
    "feature-extraction": "AutoModel",
    "fill-mask": "AutoModelForMaskedLM",
    "text-classification": "AutoModelForSequenceClassification",
    "token-classification": "AutoModelForTokenClassification",
    "question-answering": "AutoModelForQuestionAnswering",
    "text-generation": "AutoModelForCausalLM",
    "text2text-generation": "AutoModelForSeq2SeqLM",
    "image-classification": "AutoModelForImageClassification",
    "object-detection": "AutoModelForObjectDetection",
}
GENERATION = ("text-generation", "text2text-generation")
# --small: the suite's test width, applied to the config keys a model has.
SMALL = {
    "num_hidden_layers": 2,
    "hidden_size": 64,
    "num_attention_heads": 4,
    "num_key_value_heads": 4,
    "head_dim": 16,
    "intermediate_size": 128,
    # encoder-decoders' names for the same (Whisper, BART, Speech2Text)
    "encoder_layers": 2,
    "decoder_layers": 2,
    "encoder_attention_heads": 4,
    "decoder_attention_heads": 4,
    "encoder_ffn_dim": 128,
    "decoder_ffn_dim": 128,
}
SMALL_VOCAB = 512
SENTENCE = "The quick brown fox jumps over the lazy dog while the cat sleeps on a warm mat by the door. "


def from_type(name: str, opts) -> models.ModelCase:
    """A model of transformers type ``name`` ("roberta") or config class ("RobertaConfig"), seeded weights."""
    import torch
    import transformers

    config_cls = getattr(transformers, name, None) if name.endswith("Config") else None
    mapping = transformers.models.auto.configuration_auto.CONFIG_MAPPING_NAMES
    if config_cls is None and name not in mapping:
        raise ValueError(
            f"{name!r} is not a folder, a file.py:function, a suite model, a torchvision name or a "
            "transformers model type (e.g. bert, roberta, gpt2, vit) or config class (e.g. BertConfig)"
        )
    build = config_cls or (lambda **kw: transformers.AutoConfig.for_model(name, **kw))
    config = build(**_overrides(build(), opts))
    torch.manual_seed(0)
    model = _auto_class(opts.task, config).from_config(config)
    return _case(model, config, opts, note=f"{type(model).__name__} from its default config, seeded weights")


def from_folder(folder: Path, opts) -> models.ModelCase:
    """The model saved in ``folder`` with its real weights, and its tokenizer or image processor."""
    import transformers

    if not (folder / "config.json").exists():
        raise FileNotFoundError(f"{folder} has no config.json; expected a folder written by save_pretrained")
    config = transformers.AutoConfig.from_pretrained(folder)
    if opts.task is None and getattr(config, "architectures", None):
        model_cls = getattr(transformers, config.architectures[0])
    else:
        model_cls = _auto_class(opts.task, config)
    model = model_cls.from_pretrained(folder)
    return _case(model, model.config, opts, folder=folder, note=f"{type(model).__name__} from {folder.name}")


def _overrides(config, opts) -> dict:
    values = {}
    if opts.small:
        # A hierarchical model's per-stage lists (PVT's num_attention_heads) keep their published values.
        values = {
            k: v for k, v in SMALL.items() if hasattr(config, k) and not isinstance(getattr(config, k), (list, tuple))
        }
        if hasattr(config, "vocab_size"):
            values["vocab_size"] = SMALL_VOCAB
            for key in ("bos_token_id", "eos_token_id", "pad_token_id", "decoder_start_token_id"):
                if isinstance(getattr(config, key, None), int):
                    values[key] = min(getattr(config, key), SMALL_VOCAB - 1)
    if opts.image and hasattr(config, "image_size"):
        values["image_size"] = opts.image
    values.update(opts.config)
    unknown = [k for k in opts.config if not hasattr(config, k)]
    if unknown:
        raise ValueError(f"--config keys {unknown} are not fields of {type(config).__name__}")
    return values


def _auto_class(task: str | None, config):
    import transformers

    if task is not None and task not in TASKS:
        raise ValueError(f"unknown --task {task!r}; expected one of {sorted(TASKS)}")
    return getattr(transformers, TASKS[task or "feature-extraction"])


def _case(model, config, opts, *, folder: Path | None = None, note: str = "") -> models.ModelCase:
    model.eval()
    batch = opts.batch or 1
    name = model.main_input_name
    if name == "input_ids":
        kwargs, source = _text_inputs(config, batch, opts.seq or 32, folder)
    elif name == "pixel_values":
        pixels, source = _image_inputs(config, batch, opts.image, folder)
        kwargs = {"pixel_values": pixels}
    elif name in ("input_values", "input_features"):
        kwargs, source = {name: _audio_inputs(name, config, batch, opts.seq)}, "seeded noise"
    else:
        raise ValueError(
            f"{type(model).__name__} takes {name!r}; inputs are made only for input_ids, pixel_values, "
            "input_values and input_features; write a file.py:function returning (model, inputs) instead"
        )
    generate = None
    if opts.task in GENERATION:
        generate = {"max_new_tokens": opts.max_new_tokens, "do_sample": False}
        if getattr(config, "is_encoder_decoder", False) and model.generation_config.decoder_start_token_id is None:
            # a default config (t5) leaves it unset; its published checkpoints start decoding at the pad token
            model.generation_config.decoder_start_token_id = config.pad_token_id or 0
    elif getattr(config, "is_encoder_decoder", False):
        start = getattr(config, "decoder_start_token_id", None) or 0
        kwargs["decoder_input_ids"] = kwargs.get("input_ids", _start_ids(batch, start))
    if generate is None and hasattr(config, "use_cache"):
        config.use_cache = False  # one forward call: its key/value cache is not an output to compare
    note = f"{note}; inputs: {source}"
    return models.ModelCase(model, (), kwargs, note=note, outputs=_main_outputs, generate=generate)


def _start_ids(batch: int, start: int):
    """A speech encoder-decoder's decoder ids: four steps from its start token."""
    import torch

    return torch.full((batch, 4), start, dtype=torch.long)


def _main_outputs(output) -> list:
    for names in (("logits", "pred_boxes"), ("logits",), ("start_logits", "end_logits"), ("last_hidden_state",)):
        if all(getattr(output, n, None) is not None for n in names):
            return [getattr(output, n) for n in names]
    return models.output_tensors(models.ModelCase(None, ()), output)


def _text_inputs(config, batch: int, seq: int, folder: Path | None) -> dict:
    import torch

    tokenizer = None
    if folder is not None and any(
        (folder / f).exists() for f in ("tokenizer.json", "vocab.txt", "tokenizer_config.json")
    ):
        import transformers

        tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    if tokenizer is None:
        # A model without a vocabulary (CANINE reads Unicode code points) takes ids below SMALL_VOCAB.
        vocab = getattr(config, "vocab_size", SMALL_VOCAB)
        ids = torch.randint(0, vocab, (batch, seq), generator=torch.Generator().manual_seed(1))
        return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}, "seeded random token ids"
    text = SENTENCE * (1 + seq // 8)
    encoded = tokenizer([text] * batch, truncation=True, max_length=seq, padding="max_length", return_tensors="pt")
    inputs = {"input_ids": encoded["input_ids"], "attention_mask": encoded["attention_mask"]}
    return inputs, f"a sentence through its tokenizer ({type(tokenizer).__name__})"


def _image_inputs(config, batch: int, size: int | None, folder: Path | None):
    import torch

    size = size or _config_size(config)
    channels = getattr(config, "num_channels", 3)
    processor = _processor_settings(folder)
    if processor is None:
        return torch.randn(batch, channels, size, size, generator=torch.Generator().manual_seed(1)), "seeded noise"
    from sklearn.datasets import load_digits

    images = torch.tensor(load_digits().images[:batch], dtype=torch.float32).unsqueeze(1) / 16.0  # [0, 1]
    image = torch.nn.functional.interpolate(images, size=(size, size), mode="bilinear")
    image = image.expand(-1, channels, -1, -1) * processor.get("rescale", 1.0) * 255
    mean = torch.tensor(processor.get("image_mean", [0.0] * channels)).view(1, -1, 1, 1)
    std = torch.tensor(processor.get("image_std", [1.0] * channels)).view(1, -1, 1, 1)
    return ((image - mean) / std).contiguous(), "scikit-learn digits through its preprocessor_config.json"


def _audio_inputs(name: str, config, batch: int, length: int | None):
    """Speech models' inputs: raw 16 kHz samples (``length`` of them, default one second), an audio
    spectrogram transformer's [time, mel] patches, or log-mel frames (Whisper's [mel, frames], Speech2Text's
    [frames, features])."""
    import torch

    generator = torch.Generator().manual_seed(1)
    mel = getattr(config, "num_mel_bins", None)
    if name == "input_values":
        if mel is not None and hasattr(config, "max_length"):
            return torch.randn(batch, config.max_length, mel, generator=generator)
        return torch.randn(batch, length or 16000, generator=generator)
    if hasattr(config, "max_source_positions") and mel is not None:
        return torch.randn(batch, mel, 2 * config.max_source_positions, generator=generator)
    features = getattr(config, "input_feat_per_channel", mel or 80) * getattr(config, "input_channels", 1)
    return torch.randn(batch, length or 100, features, generator=generator)


def _config_size(config) -> int:
    size = getattr(config, "image_size", 224)
    return size[0] if isinstance(size, (list, tuple)) else int(size)


def _processor_settings(folder: Path | None) -> dict | None:
    path = None if folder is None else folder / "preprocessor_config.json"
    if path is None or not path.exists():
        return None
    settings = json.loads(path.read_text())
    settings["rescale"] = settings.get("rescale_factor", 1 / 255) if settings.get("do_rescale", True) else 1.0
    if not settings.get("do_normalize", True):
        settings.pop("image_mean", None), settings.pop("image_std", None)
    return settings
