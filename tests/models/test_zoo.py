"""The zoo (models.zoo_*): every architecture builds at test size and, compiled with the default options,
runs and matches eager (PCC >= 99 %) through the same run_model() that `torch-ttnn report` uses. A model runs
whole on the device unless HOST below names the ops it still leaves on the host, each an op whose lowering
is another change's work; an op outside that list on the host fails the test."""

import sys

import pytest
import torch
from torch_ttnn import models
from torch_ttnn.models import zoo_text, zoo_vision
from torch_ttnn.models.zoo_cnn import densenet, resnext, shufflenet_v2
from torch_ttnn.report.run_model import run_model

_MOE = {
    "aten.cumsum.default",
    "aten.empty_like.default",
    "aten.floor_divide.default",
    "aten.histc.default",
    "aten.index_put.default",
    "aten.sort.default",
    "aten.topk.default",
    "transformers.grouped_mm_fallback.default",
}
_SPEECH = {"aten._weight_norm_interface.default", "aten.native_group_norm.default"}
# model -> the ops it may leave on the host: mixture-of-experts routing, a channels-last as_strided view,
# group norm, weight norm.
HOST = {
    "mistralai/Mixtral-8x7B-v0.1": _MOE,
    "allenai/OLMoE-1B-7B-0924": _MOE,
    "microsoft/swin-tiny-patch4-window7-224": {"aten.as_strided.default"},
    "microsoft/swinv2-tiny-patch4-window8-256": {"aten.as_strided.default"},
    "openmmlab/upernet-convnext-tiny": {"aten.as_strided.default"},
    "google/bit-50": {"aten.native_group_norm.default"},
    "sail/poolformer_s12": {"aten.native_group_norm.default"},
    "facebook/wav2vec2-base": _SPEECH,
    "facebook/hubert-base-ls960": _SPEECH,
    "microsoft/wavlm-base": _SPEECH,
}

# models whose Spec sets torch._dynamo.config (Spec.dynamo) so that dynamo traces them whole: one graph each.
ONE_GRAPH = {"microsoft/deberta-base"}


def test_the_zoo_follows_the_seed_and_reaches_sixty_architectures():
    zoo = models.zoo_names()
    assert models.names()[: len(models.ORDER)] == list(models.ORDER)
    assert models.names()[-len(zoo) :] == zoo
    assert len(zoo) >= 60 - len(models.ORDER)
    tables = (zoo_text.TABLE, zoo_vision.TABLE)
    assert sum(spec.train for table in tables for spec in table.values()) >= 3
    assert set(HOST) <= set(zoo)


@pytest.mark.parametrize(
    ("builder", "count"), [(densenet, 7_978_856), (resnext, 25_028_904), (shufflenet_v2, 2_278_604)]
)
def test_torchvision_architectures_have_published_parameter_counts(builder, count):
    assert sum(p.numel() for p in builder().parameters()) == count


@pytest.fixture
def dynamo_globals_dropped():
    """dynamo installs each compiled graph as a `__compiled_fn_*` global of the module whose frame it compiled,
    and torch._dynamo.reset() leaves it there: a program holding a folded constant (DeBERTa's relative
    positions, a graph with no input after a graph break) would keep it on the device past the test. Torn
    down before `device` checks that the device's memory is free."""
    yield
    torch._dynamo.reset()
    for module in list(sys.modules.values()):
        found = getattr(module, "__dict__", None)
        if isinstance(found, dict):
            for key in [k for k in found if isinstance(k, str) and k.startswith("__compiled_fn_")]:
                found[key] = None  # not deleted: dynamo deletes the name itself once its guards die


@pytest.mark.parametrize("name", models.zoo_names())
def test_zoo_model_compiles_runs_and_matches_eager(name, device, dynamo_globals_dropped):
    metrics = run_model(name, "test", device, runs=1)
    assert metrics["success"], metrics.get("traceback")
    unexpected = set(metrics["ops_remaining"]) - HOST.get(name, set())
    assert not unexpected, {k: v for k, v in metrics["host_reasons"].items() if k.split("(")[0] in unexpected}
    assert metrics["accuracy"]["pcc_percent"] >= 99.0, metrics["accuracy"]
    if name in ONE_GRAPH:
        assert metrics["dynamo_graphs"] == 1, metrics["dynamo_graphs"]
    if "eager_losses" in metrics["accuracy"]:
        eager, compiled = metrics["accuracy"]["eager_losses"], metrics["accuracy"]["compiled_losses"]
        assert all(abs(e - c) <= 0.02 * max(1.0, abs(e)) for e, c in zip(eager, compiled, strict=True))
