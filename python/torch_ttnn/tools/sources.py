"""MODEL arguments of ``torch-ttnn run``, ``trace`` and ``bisect``, resolved into a models.ModelCase.

A MODEL is, in the order tried:
- ``path/to/file.py:function``: ``function()`` returns ``(model, inputs)``; inputs a tensor, a tuple of
  positional inputs or a dict of keyword inputs;
- a folder written by ``save_pretrained`` (transformers): its real weights, and its tokenizer or image
  processor when the folder has one (tools/hf_source.py);
- a model name of the suite (``torch-ttnn report --list``);
- ``torchvision:NAME`` or a torchvision builder name (``resnet18``) with seeded weights, when torchvision
  imports; without it, ``resnet18`` and ``mobilenet_v2`` are the suite's exact re-implementations;
- ``hf:NAME`` or a transformers model type (``roberta``) or config class (``RobertaConfig``), built with
  seeded weights (the hub is never contacted).
"""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

from torch_ttnn import models

# The suite's exact re-implementations of torchvision builders, used when torchvision does not import.
_SUITE_TORCHVISION = {"resnet18": "resnet18", "mobilenet_v2": "mobilenet_v2"}


@dataclasses.dataclass
class SourceOptions:
    batch: int | None = None  # batch size (default 1, or the suite model's own)
    seq: int | None = None  # text models: tokens per sample (default 32); speech models: samples or frames
    image: int | None = None  # image models: height and width (default: the config's, else 224)
    task: str | None = None  # transformers task: picks the head (tools/hf_source.TASKS)
    small: bool = False  # shrink a seeded transformers config (2 layers, width 64) or take a suite model's test size
    config: dict = dataclasses.field(default_factory=dict)  # transformers config overrides
    max_new_tokens: int = 8  # generation tasks


def display_name(spec: str) -> str:
    path = Path(spec.split(":", 1)[0])
    if spec.endswith(".py") or ".py:" in spec:
        return f"{path.stem}:{spec.rsplit(':', 1)[1]}"
    return path.name if path.is_dir() else spec


def resolve(spec: str, opts: SourceOptions | None = None) -> models.ModelCase:
    """The ModelCase for MODEL ``spec`` (see the module doc), batched to ``opts.batch``."""
    from torch_ttnn.tools import hf_source

    opts = opts or SourceOptions()
    if ".py:" in spec:
        case = _from_file(spec)
    elif Path(spec).is_dir():
        case = hf_source.from_folder(Path(spec), opts)
    elif spec in models.names():
        case = models.build(spec, "test" if opts.small else "report")
    elif spec.startswith("torchvision:") or (not spec.startswith("hf:") and _is_torchvision_name(spec)):
        case = _from_torchvision(spec.removeprefix("torchvision:"), opts)
    else:
        case = hf_source.from_type(spec.removeprefix("hf:"), opts)
    return case if opts.batch is None else models.batched(case, opts.batch)


def _from_file(spec: str) -> models.ModelCase:
    import torch

    path, function = spec.rsplit(":", 1)
    if not Path(path).is_file():
        raise FileNotFoundError(f"no file {path!r}; expected path/to/file.py:function")
    module_spec = importlib.util.spec_from_file_location(Path(path).stem, path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    if not callable(getattr(module, function, None)):
        raise AttributeError(f"{path} has no function {function!r}")
    torch.manual_seed(0)
    result = getattr(module, function)()
    if not (isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], torch.nn.Module)):
        raise TypeError(f"{spec}() must return (model, inputs); got {type(result).__name__}")
    return case_from(*result)


def case_from(model, inputs, note: str = "") -> models.ModelCase:
    """A ModelCase for ``model`` called with ``inputs``: a tensor, a tuple/list (positional) or a dict."""
    if isinstance(inputs, dict):
        return models.ModelCase(model.eval(), (), dict(inputs), note=note)
    positional = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    return models.ModelCase(model.eval(), positional, note=note)


def torchvision_error() -> str | None:
    """Why torchvision cannot be used, or None when it imports."""
    try:
        import torchvision  # noqa: F401
    except Exception as error:  # PyPI's torchvision fails beside torch's CPU build with a RuntimeError
        return f"{type(error).__name__}: {error}"
    return None


def _is_torchvision_name(name: str) -> bool:
    if torchvision_error() is None:
        import torchvision

        return name in torchvision.models.list_models()
    return name in _SUITE_TORCHVISION


def _from_torchvision(name: str, opts: SourceOptions) -> models.ModelCase:
    import torch

    size = opts.image or 224
    image = torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(0))
    torch.manual_seed(0)
    why = torchvision_error()
    if why is None:
        import torchvision

        return case_from(torchvision.models.get_model(name, weights=None), (image,))
    if name not in _SUITE_TORCHVISION:
        raise ValueError(
            f"torchvision does not import here ({why}); without it only {sorted(_SUITE_TORCHVISION)} "
            f"(the suite's re-implementations) are known; got {name!r}"
        )
    from torch_ttnn.models import vision

    note = f"torchvision unavailable ({why.splitlines()[0]}): the suite's exact re-implementation of {name}"
    return case_from(getattr(vision, _SUITE_TORCHVISION[name])(), (image,), note=note)
