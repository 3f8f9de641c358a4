"""pytest plugin: model tests the seed's way (installed through the ``pytest11`` entry point).

A test that passes its eager run and records its model::

    def test_my_model(record_property):
        record_property("model_name", "my-model")
        outputs = model(**inputs)
        record_property("torch_ttnn", (model, inputs, outputs))  # or (model.generate, inputs, outputs)

gets the model compiled with torch_ttnn after the test body, run eager and compiled exactly as
``torch-ttnn report`` runs a model, and its metrics written as ``<metrics dir>/<model_name>.json`` in the
report's format, so ``torch-ttnn docs --metrics-dir <metrics dir>`` builds a README table from them. Inputs
may be a tensor, a tuple of positional inputs or a dict of keyword inputs; passing ``model.generate`` makes a
generation row (its non-tensor inputs, such as ``max_new_tokens``, go to ``generate``).

A compiled run that fails fails the test, unless the test is marked ``@pytest.mark.compilation_xfail``: then
it is reported as xfailed (the eager run passed, the compiled one is expected to fail).
Options: ``--torch-ttnn-metrics DIR`` (default ``metrics``), ``--torch-ttnn-dtype``, ``--torch-ttnn-runs``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("torch_ttnn", "torch_ttnn model tests")
    group.addoption("--torch-ttnn-metrics", default="metrics", help="folder for <model_name>.json (default metrics)")
    group.addoption("--torch-ttnn-dtype", default="bfloat16", choices=("bfloat16", "float32", "bfloat8_b"))
    group.addoption("--torch-ttnn-runs", type=int, default=1, help="timed runs after warm-up (default 1)")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "compilation_xfail: the eager run passes and the compiled run is expected to fail"
    )


def model_case(model, inputs):
    """The models.ModelCase of a recorded (model, inputs); ``model.generate`` makes a generation case."""
    import torch

    from torch_ttnn.tools.sources import case_from

    module = getattr(model, "__self__", None)
    if getattr(model, "__name__", "") == "generate" and isinstance(module, torch.nn.Module):
        values = dict(inputs) if isinstance(inputs, dict) else {"input_ids": inputs}
        tensors = {k: v for k, v in values.items() if isinstance(v, torch.Tensor)}
        case = case_from(module, tensors)
        case.generate = {k: v for k, v in values.items() if k not in tensors}
        return case
    if not isinstance(model, torch.nn.Module):
        raise TypeError(
            f"torch_ttnn plugin: record_property('torch_ttnn', ...) needs a module or its generate; "
            f"got {type(model).__name__}"
        )
    return case_from(model, inputs)


def compile_recorded(name: str, model, inputs, config) -> dict:
    """Compiles and runs a recorded model on device 0; returns its metrics, also written to the metrics folder."""
    import ttnn

    from torch_ttnn.report.docs import file_stem
    from torch_ttnn.report.run_model import run_case

    case = model_case(model, inputs)
    dtype, runs = config.getoption("--torch-ttnn-dtype"), config.getoption("--torch-ttnn-runs")
    with ttnn.open_device(device_id=0) as device:
        metrics = run_case(name, case, device, dtype=dtype, runs=runs, extra={"size": "pytest"})
    folder = Path(config.getoption("--torch-ttnn-metrics"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{file_stem(name)}.json").write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n")
    return metrics


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield  # the test body: the eager run; an exception here ends the test as usual
    properties = dict(item.user_properties)
    if "torch_ttnn" not in properties:
        return result
    model, inputs, _outputs = properties["torch_ttnn"]
    name = str(properties.get("model_name", item.name))
    # The recorded objects would otherwise stay alive in the test report (and go into junitxml as text).
    item.user_properties[:] = [(k, v) for k, v in item.user_properties if k != "torch_ttnn"]
    metrics = compile_recorded(name, model, inputs, item.config)
    item.user_properties.append(("torch_ttnn", "ok" if metrics["success"] else metrics["error"]))
    if not metrics["success"]:
        if item.get_closest_marker("compilation_xfail"):
            pytest.xfail(f"{name}: compiled run failed: {metrics['error']}")
        pytest.fail(f"{name}: compiled run failed: {metrics['error']}\n{metrics.get('traceback', '')}")
    return result
