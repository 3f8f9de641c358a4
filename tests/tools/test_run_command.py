"""`torch-ttnn run MODEL` on models the suite does not contain: a save_pretrained folder with a tokenizer, one
with an image processor, a transformers model type with seeded weights (compiled and under torch_stat), a
generation task, a file.py:function, a torchvision name; and its errors."""

import json

import pytest
import torch
from torch_ttnn.cli import main
from torch_ttnn.tools import sources


def _run(capsys, *argv):
    code = main(["run", *argv, "--runs", "1"])
    return code, capsys.readouterr()


def _metrics(folder, name):
    return json.loads((folder / f"{name}.json").read_text())


def test_run_a_saved_folder_with_its_tokenizer(no_open_device, electra_folder, tmp_path, capsys):
    code, out = _run(capsys, str(electra_folder), "--seq", "12", "--metrics-dir", str(tmp_path))
    assert code == 0, out.err
    assert "Ops before (unique)" in out.out and "Throughput" in out.out
    row = next(line for line in out.out.splitlines() if line.startswith(electra_folder.name))
    assert " all on device " in row and "inf/s" in row
    m = _metrics(tmp_path, electra_folder.name)
    assert m["success"] and m["backend"] == "torch_ttnn" and m["batch_size"] == 1
    assert "ElectraForSequenceClassification" in m["note"] and "BertTokenizer" in m["note"]
    assert m["accuracy"]["pcc_percent"] > 99 and m["throughput"] > 0
    assert m["ops_before"]["aten.addmm.default"] > 0
    # The first call's parts: our pipeline and the programs' first run, each inside the whole first call.
    assert 0 < m["compile_ms"] < m["compiled_first_ms"] and 0 < m["first_run_ms"] < m["compiled_first_ms"]


def test_the_tokenizer_makes_the_inputs_from_real_text(electra_folder):
    from transformers import AutoTokenizer

    case = sources.resolve(str(electra_folder), sources.SourceOptions(seq=6, batch=2))
    tokenizer = AutoTokenizer.from_pretrained(electra_folder)
    assert case.kwargs["input_ids"].shape == (2, 6)
    assert tokenizer.decode(case.kwargs["input_ids"][0], skip_special_tokens=True) == "the quick brown fox"


def test_run_a_saved_vision_folder_with_its_image_processor(no_open_device, convnext_folder, tmp_path, capsys):
    code, out = _run(capsys, str(convnext_folder), "--batch", "2", "--metrics-dir", str(tmp_path))
    assert code == 0, out.err
    m = _metrics(tmp_path, convnext_folder.name)
    assert m["success"] and m["batch_size"] == 2 and "preprocessor_config.json" in m["note"]
    pixels = sources.resolve(str(convnext_folder)).kwargs["pixel_values"]
    # digits are mostly background (0): normalised by mean 0.5 and std 0.25 that is -2.0
    assert pixels.shape == (1, 3, 32, 32) and float(pixels.min()) == pytest.approx(-2.0)


def test_run_a_model_type_compiled_and_under_torch_stat(no_open_device, tmp_path, capsys):
    code, out = _run(capsys, "roberta", "--small", "--seq", "8", "--metrics-dir", str(tmp_path))
    assert code == 0, out.err
    compiled = _metrics(tmp_path, "roberta")
    code, out = _run(
        capsys, "roberta", "--small", "--seq", "8", "--backend", "torch_stat", "--metrics-dir", str(tmp_path)
    )
    assert code == 0, out.err
    stat = _metrics(tmp_path, "roberta")
    assert stat["backend"] == "torch_stat" and "compiled_ms" not in stat and stat["eager_ms"] > 0
    # the census of the eager graphs is the compiler's "ops before"
    assert stat["ops_before"] == compiled["ops_before"]


def test_run_a_generation_task_reports_tokens_per_second(no_open_device, tmp_path, capsys):
    # with the default key/value cache: its first step concatenates an empty tensor, then lengths change
    argv = ["opt", "--small", "--task", "text-generation", "--seq", "6", "--max-new-tokens", "3"]
    code, out = _run(capsys, *argv, "--metrics-dir", str(tmp_path))
    assert code == 0, out.err
    m = _metrics(tmp_path, "opt")
    assert m["tokens_per_s"] > 0 and "tok/s" in out.out
    assert m["accuracy"]["token_agreement"] == 1.0
    code, out = _run(capsys, *argv, "--backend", "torch_stat", "--metrics-dir", str(tmp_path))
    assert code == 0, out.err
    stat = _metrics(tmp_path, "opt")
    assert stat["tokens_per_s"] > 0 and stat["ops_before"]["aten.addmm.default"] > 0


def test_run_a_file_function_lists_host_ops_with_reasons(no_open_device, model_file, tmp_path, capsys):
    code, out = _run(capsys, f"{model_file}:build", "--metrics-dir", str(tmp_path))
    assert code == 0, out.err
    assert "aten ops left on the host (1):" in out.out
    assert "aten.logcumsumexp.default(f32[4, 32], dim=-1): no lowering rule for this overload" in out.out
    m = _metrics(tmp_path, "my_models_build")
    assert m["ops_remaining"] == {"aten.logcumsumexp.default": 1} and m["model"] == "my_models:build"


def test_run_a_torchvision_name(no_open_device, tmp_path, capsys):
    code, out = _run(capsys, "resnet18", "--image", "32", "--metrics-dir", str(tmp_path))
    assert code == 0, out.err
    m = _metrics(tmp_path, "resnet18")
    assert m["success"] and m["ops_before"]["aten.convolution.default"] == 20
    if sources.torchvision_error() is not None:  # PyPI's torchvision does not import beside torch's CPU build
        assert "the suite's exact re-implementation of resnet18" in m["note"]


def test_file_function_cases_take_tuples_and_dicts(model_file):
    assert sources.resolve(f"{model_file}:build").inputs[0].shape == (4, 16)
    case = sources.resolve(f"{model_file}:build_dict", sources.SourceOptions(batch=3))
    assert case.inputs == () and case.kwargs["x"].shape == (3, 16)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["no-such-model"], "is not a folder, a file.py:function"),
        (["patchtst", "--small"], "PatchTSTModel takes 'past_values'; inputs are made only for input_ids"),
        (["roberta", "--task", "image-classification", "--small"], "Unrecognized configuration class"),
        (["roberta", "--config", "nope=1"], "--config keys ['nope'] are not fields of RobertaConfig"),
        (["missing.py:build"], "no file 'missing.py'"),
    ],
)
def test_run_rejects_bad_models_naming_the_problem(argv, message, capsys, tmp_path):
    code, out = _run(capsys, *argv, "--metrics-dir", str(tmp_path))
    assert code == 2 and message in out.err


@pytest.mark.parametrize(
    ("name", "key", "shape"),
    [
        ("wav2vec2", "input_values", (1, 4000)),  # raw samples: --seq of them
        ("whisper", "input_features", (1, 80, 3000)),  # log-mel [mel bins, 2 x encoder positions]
        ("speech_to_text", "input_features", (1, 4000, 80)),  # [frames, features]
        ("audio-spectrogram-transformer", "input_values", (1, 1024, 128)),  # [time, mel bins]
    ],
)
def test_speech_models_get_seeded_audio_inputs(name, key, shape):
    case = sources.resolve(f"hf:{name}", sources.SourceOptions(seq=4000, small=True))
    assert case.kwargs[key].shape == shape


def test_small_keeps_per_stage_lists_and_reads_ids_without_a_vocabulary():
    pvt = sources.resolve("hf:pvt", sources.SourceOptions(small=True)).model.config
    assert isinstance(pvt.num_attention_heads, (list, tuple)) and len(pvt.num_attention_heads) == 4
    canine = sources.resolve("hf:canine", sources.SourceOptions(seq=8, small=True))
    assert int(canine.kwargs["input_ids"].max()) < 512


def test_file_function_must_return_a_model_and_inputs(model_file):
    with pytest.raises(TypeError, match="must return \\(model, inputs\\); got Linear"):
        sources.resolve(f"{model_file}:not_a_pair")


def test_models_batched_tiles_or_cuts_every_batched_input():
    from torch_ttnn import models

    case = models.ModelCase(torch.nn.Identity(), (torch.arange(2).view(2, 1),), {"m": torch.ones(2, 3), "s": 5})
    four = models.batched(case, 4)
    assert four.inputs[0].flatten().tolist() == [0, 1, 0, 1] and four.kwargs["m"].shape == (4, 3)
    assert models.batch_size(models.batched(case, 1)) == 1 and four.kwargs["s"] == 5
    with pytest.raises(ValueError, match="batch must be at least 1"):
        models.batched(case, 0)


def test_report_batch_replaces_the_models_own(device):
    from torch_ttnn.report.run_model import run_model
    from torch_ttnn.report.tables import COLUMNS, row

    metrics = run_model("Mnist (Eval)", "test", device, runs=1, batch=3)
    assert metrics["success"], metrics.get("traceback")
    assert metrics["batch_size"] == 3 and metrics["throughput"] == pytest.approx(3e3 / metrics["compiled_ms"])
    cells = dict(zip(COLUMNS, row(metrics), strict=True))
    assert cells["Batch"] == "3" and cells["Throughput"] == f"{metrics['throughput']:,.1f} inf/s"
    # The memory target on a real model: the activations are the planner's, and the peak stays within 2x.
    assert 0 < metrics["activation_peak_bytes"] < metrics["device_peak_bytes"], metrics
    assert cells["Memory target"].endswith(" ok"), cells
    torch._dynamo.reset()


def test_profile_takes_any_model(no_open_device, model_file, capsys):
    assert main(["profile", f"{model_file}:build", "--runs", "1", "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert f"{model_file}:build (report): eager" in out and "host aten.logcumsumexp.default" in out
