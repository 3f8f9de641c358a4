"""Every example in a public docstring runs (docs/architecture.md, Text). To cover a new module, add it to MODULES."""

import doctest
import importlib

import pytest

MODULES = [
    "ttnn",
    "ttnn.device",
    "ttnn.torch_interop",
    "ttnn.tensor",
    "ttnn.core",
    "ttnn.enums",
    "ttnn.program_configs",
    "torch_ttnn.cli",
    "torch_ttnn.tools.stat",
    "torch_ttnn.models.sizes",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name, no_open_device):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no docstring examples"
    assert result.failed == 0
