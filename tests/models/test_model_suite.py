"""All 19 seed models and the generation rows at test size, compiled through torch_ttnn and compared with
eager, through the same run_model() that `torch-ttnn report` uses: the run succeeds, accuracy holds, and the
host-op and transfer counts are exactly the expected ones below (a model that silently fell back to the host
would still match eager, so the counts are asserted, not only the numbers).

When a change moves an op onto the device, the count drops and this test asks for the table to be updated.
"""

import pytest
from torch_ttnn import models
from torch_ttnn.report.run_model import run_model

# model -> (aten ops left on the host, to/from-device transfers per steady-state call, why any op stays)
EXPECTED = {
    "BERT": (0, 4, ""),
    "Bloom": (0, 3, ""),
    "Falcon": (0, 3, ""),
    "GPT-2": (0, 3, ""),
    "Llama": (0, 3, ""),
    "Mnist (Eval)": (0, 2, ""),
    # Training: the tensors the forward saves for the backward stay on the device (torch_ttnn/saved.py).
    "Mnist (Train)": (2, 19, "training dropout kept on the host to keep torch's random stream"),
    "MobileNetV2": (0, 2, ""),
    "ResNet18": (0, 2, ""),
    "YOLOS": (0, 4, ""),
    "albert/albert-base-v2": (0, 3, ""),
    "albert/albert-large-v2": (0, 3, ""),
    "albert/albert-xlarge-v2": (0, 3, ""),
    "albert/albert-xxlarge-v2": (0, 3, ""),
    "distilbert-base-uncased": (0, 3, ""),
    "facebook/deit-base-patch16-224": (0, 2, ""),
    "microsoft/beit-base-patch16-224": (0, 2, ""),
    "microsoft/beit-large-patch16-224": (0, 2, ""),
    "textattack/albert-base-v2-imdb": (0, 3, ""),
    # Generation rows: transfers summed over the prefill and decode graphs. The static cache stays on the
    # device; each step downloads the new token's keys and values (and their index) for the host's copy.
    "GPT-2 (generate)": (0, 27, ""),
    "Llama (generate, static cache)": (0, 49, ""),
    "T5 (generate)": (0, 78, ""),
}


# The zoo has its own test (test_zoo.py).
SUITE = [n for n in models.names() if n not in models.zoo_names()]


def test_every_model_has_an_expectation():
    assert sorted(EXPECTED) == sorted(SUITE)


@pytest.mark.parametrize("name", SUITE)
def test_model_compiles_runs_and_matches_eager(name, device):
    metrics = run_model(name, "test", device, runs=1)
    assert metrics["success"], metrics.get("traceback")
    host_ops, transfers, why = EXPECTED[name]
    assert metrics["ops_remaining_total"] == host_ops, (
        f"{name}: {metrics['ops_remaining']} on the host, expected {host_ops} ({why or 'none'}); update EXPECTED "
        "if an op moved onto the device"
    )
    assert metrics["transfers_per_call"] == transfers
    accuracy = metrics["accuracy"]
    assert accuracy["pcc_percent"] >= 99.0, accuracy
    assert accuracy["max_abs_error"] <= 0.05, accuracy
    if "generation" in metrics:  # greedy tokens: the same as eager's at test size, every cache kind
        assert accuracy["token_agreement"] == 1.0, accuracy
        assert metrics["dynamo_graphs"] <= 4, metrics["dynamo_graphs"]
    if name == "Mnist (Train)":
        eager, compiled = accuracy["eager_losses"], accuracy["compiled_losses"]
        assert all(abs(e - c) <= 0.02 * max(1.0, abs(e)) for e, c in zip(eager, compiled, strict=True)), (
            eager,
            compiled,
        )
