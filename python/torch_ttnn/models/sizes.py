"""The two sizes of the transformers models in one table.

A builder names its published dimensions once (``dims(size, {...})``); at ``test`` size the same keys take the
reduced figures below, so both sizes set the same config fields and no builder writes the branch itself.
``hf_config`` puts the dimensions under the config's field names (transformers' usual ones unless the model
names them otherwise: GPT-2's ``n_embd``, DistilBERT's ``dim``).
"""

from __future__ import annotations

from torch_ttnn.models import SIZES

# The test size: the same architecture, two layers, 64 wide, a short sequence or a small image.
TEST = {
    "hidden": 64,
    "heads": 4,
    "intermediate": 128,
    "layers": 2,
    "vocab": 512,
    "seq": 16,
    "image": 32,
    "patch": 8,
    "labels": 10,
}
HF_NAMES = {
    "hidden": "hidden_size",
    "layers": "num_hidden_layers",
    "heads": "num_attention_heads",
    "intermediate": "intermediate_size",
    "vocab": "vocab_size",
    "image": "image_size",
    "patch": "patch_size",
    "labels": "num_labels",
}


def dims(size: str, published: dict) -> dict:
    """``published`` (the model's own figures) at report size; the test figures of the same keys at test size.

    >>> dims("test", {"hidden": 768, "layers": 12})
    {'hidden': 64, 'layers': 2}
    """
    if size not in SIZES:
        raise ValueError(f"models: size must be one of {SIZES}; got '{size}'")
    return dict(published) if size == "report" else {key: TEST[key] for key in published}


def hf_config(config_class, sizes: dict, names: dict | None = None, **fields):
    """``config_class`` with each dimension of ``sizes`` under its field name (``seq`` is no config field) and
    the model's other ``fields``."""
    field_names = {**HF_NAMES, **(names or {})}
    return config_class(**{field_names[k]: v for k, v in sizes.items() if k in field_names}, **fields)
