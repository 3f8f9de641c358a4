"""The model suite: the seed's 19 models, built from their published configurations with seeded weights.

Hub downloads are impossible here, so every model is constructed from its configuration written in code
(``transformers`` classes, or exact re-implementations of the torchvision architectures) and initialised
from a fixed seed. Each model has two sizes:
- ``report``: the published size (Falcon-7B and Llama-7B keep their architecture with fewer layers, so they
  fit this machine; the case's ``note`` says so);
- ``test``: the same architecture cut to a few layers and a small hidden size, for CI.

How to add a model: write a builder ``(size) -> ModelCase`` in the family module and register it with
``@register("<name>")``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SIZES = ("report", "test")


@dataclass
class ModelCase:
    model: Any  # torch.nn.Module, in eval() mode unless `train` is set
    inputs: tuple  # positional inputs of one call
    kwargs: dict = field(default_factory=dict)
    note: str = ""  # anything that differs from the published model
    train: bool = False  # run forward + backward + optimizer step (Mnist (Train))
    targets: Any = None  # train only: what `loss` compares the output with
    loss: Callable | None = None  # train only: loss(output, targets) -> scalar tensor
    # Picks the tensors to compare out of the model's output (a ModelOutput, tuple or tensor).
    outputs: Callable[[Any], list] | None = None
    # A generation row: keyword arguments of model.generate (max_new_tokens, ...); the compiled run compiles
    # model.forward and calls generate.
    generate: dict | None = None
    # torch._dynamo.config settings under which the model is compiled and called (see compiling): what a user of
    # this model would set so dynamo traces it whole, applied alike to every backend compared.
    dynamo: dict = field(default_factory=dict)


_REGISTRY: dict[str, Callable[[str], ModelCase]] = {}
_ZOO_NAMES: dict[str, str] = {}  # zoo model -> its zoo module ("zoo_text", ...)
_FAMILIES = ("hf_text", "hf_vision", "vision", "mnist", "generation")
# The zoo (models.zoo): architectures beyond the seed's, after the seed's rows in the README table.
_ZOO = ("zoo_text", "zoo_decoder", "zoo_seq2seq", "zoo_vision", "zoo_cnn", "zoo_speech")
# The seed's order, which the README table follows.
ORDER = (
    "BERT",
    "Bloom",
    "Falcon",
    "GPT-2",
    "Llama",
    "Mnist (Eval)",
    "Mnist (Train)",
    "MobileNetV2",
    "ResNet18",
    "YOLOS",
    "albert/albert-base-v2",
    "albert/albert-large-v2",
    "albert/albert-xlarge-v2",
    "albert/albert-xxlarge-v2",
    "distilbert-base-uncased",
    "facebook/deit-base-patch16-224",
    "microsoft/beit-base-patch16-224",
    "microsoft/beit-large-patch16-224",
    "textattack/albert-base-v2-imdb",
)


def register(name: str, zoo: str = ""):
    """Registers a builder; ``zoo`` names the zoo module of a zoo model (models.zoo)."""

    def add(builder: Callable[[str], ModelCase]) -> Callable[[str], ModelCase]:
        if name in _REGISTRY:
            raise ValueError(f"models: '{name}' is registered twice")
        _REGISTRY[name] = builder
        if zoo:
            _ZOO_NAMES[name] = zoo.rsplit(".", 1)[-1]
        return builder

    return add


def _load() -> None:
    # Importing a family module registers its models (importing one twice is a no-op).
    for family in (*_FAMILIES, *_ZOO):
        importlib.import_module(f"{__name__}.{family}")


def names() -> list[str]:
    """The model names in the order of the README table: the seed's, the suite's others (generation rows),
    then the zoo module by module; registration order within a group."""
    _load()
    registered = list(_REGISTRY)

    def key(name: str) -> tuple:
        if name in ORDER:
            return (0, ORDER.index(name), 0)
        if name in _ZOO_NAMES:
            return (2, _ZOO.index(_ZOO_NAMES[name]), registered.index(name))
        return (1, 0, registered.index(name))

    return sorted(_REGISTRY, key=key)


def zoo_names() -> list[str]:
    """The zoo's model names (registered by the zoo_* modules), in the order of the README table."""
    _load()
    return [n for n in names() if n in _ZOO_NAMES]


def build(name: str, size: str = "test") -> ModelCase:
    """Builds model ``name`` at ``size`` ("report" or "test") with seeded weights."""
    _load()
    if name not in _REGISTRY:
        raise KeyError(f"models: unknown model '{name}'; expected one of {names()}")
    if size not in SIZES:
        raise ValueError(f"models: size must be one of {SIZES}; got '{size}'")
    import torch

    torch.manual_seed(0)
    case = _REGISTRY[name](size)
    if not case.train:
        case.model.eval()
    return case


def compiling(case: ModelCase):
    """A context that applies ``case.dynamo`` to torch._dynamo.config: around compiled calls (dynamo traces on the
    first call and may retrace on later ones)."""
    import contextlib

    import torch

    return torch._dynamo.config.patch(**case.dynamo) if case.dynamo else contextlib.nullcontext()


def output_tensors(case: ModelCase, output) -> list:
    """The tensors of a model output, flattened in a fixed order."""
    import torch

    if case.outputs is not None:
        return case.outputs(output)
    if isinstance(output, torch.Tensor):
        return [output]
    if hasattr(output, "to_tuple"):
        output = output.to_tuple()
    flat = []
    for item in output if isinstance(output, list | tuple) else [output]:
        if isinstance(item, torch.Tensor):
            flat.append(item)
        elif isinstance(item, list | tuple):
            flat.extend(t for t in item if isinstance(t, torch.Tensor))
    return flat


def _tensors(case: ModelCase) -> list:
    import torch

    return [t for t in (*case.inputs, *case.kwargs.values()) if isinstance(t, torch.Tensor) and t.dim() > 0]


def batch_size(case: ModelCase) -> int:
    """The batch size of a case: the first dimension of its first tensor input."""
    tensors = _tensors(case)
    return int(tensors[0].shape[0]) if tensors else 1


def batched(case: ModelCase, batch: int) -> ModelCase:
    """``case`` with batch size ``batch``: every input (and training target) batched like the first input is cut
    or tiled along dimension 0 (tiling repeats the samples, so a batch of 4 is 4 copies of a batch of 1)."""
    import dataclasses

    if batch < 1:
        raise ValueError(f"models: batch must be at least 1; got {batch}")
    current = batch_size(case)
    if batch == current:
        return case

    def resize(value):
        if not (hasattr(value, "dim") and value.dim() > 0 and value.shape[0] == current):
            return value
        tiles = -(-batch // current)
        return value.repeat(tiles, *[1] * (value.dim() - 1))[:batch]

    return dataclasses.replace(
        case,
        inputs=tuple(resize(v) for v in case.inputs),
        kwargs={k: resize(v) for k, v in case.kwargs.items()},
        targets=resize(case.targets),
    )
