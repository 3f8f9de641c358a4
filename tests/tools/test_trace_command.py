"""`torch-ttnn trace MODEL...`: the seed's stat/ folder (raw per-graph records, node counts, size distributions
with a plot each) and Chrome traces of the eager and the compiled run; the counting checked on known records."""

import csv
import json
import xml.etree.ElementTree as ET
from collections import Counter

import torch
from torch_ttnn.cli import main
from torch_ttnn.tools import stat_report
from torch_ttnn.tools.stat import StatBackend


def _rows(path):
    with path.open() as f:
        return list(csv.reader(f))


def test_trace_writes_the_seeds_files(no_open_device, model_file, tmp_path, capsys):
    out = tmp_path / "stat"
    assert main(["trace", f"{model_file}:build", "--backward", "--profile", "--out", str(out)]) == 0
    raw = json.loads((out / "raw" / "fw_my_models_build.json").read_text())
    assert raw["model"] == "my_models:build" and raw["graphs"][0]["graph"] == "fw_0"
    assert (out / "raw" / "bw_my_models_build.json").exists()
    for prefix in ("fw_", "bw_"):
        rows = _rows(out / f"{prefix}node_count.csv")
        assert rows[0][:2] == ["model_name", "_TOTAL_"] and rows[-1][0] == "TOTAL"
        assert rows[1][0] == "my_models:build" and int(rows[1][1]) == sum(int(c) for c in rows[1][2:])
    forward = dict(zip(*_rows(out / "fw_node_count.csv")[:2], strict=True))
    assert forward["aten.logcumsumexp.default"] == "1" and forward["aten.addmm.default"] == "2"
    sizes = _rows(out / "fw_total_input_size_dist" / "aten.logcumsumexp.default_0.csv")
    assert sizes == [["size_bytes", "count"], [str(4 * 32 * 4), "1"]]  # one f32[4, 32] input
    ET.fromstring((out / "fw_total_output_size_dist" / "aten.logcumsumexp.default_0.svg").read_text())
    assert any(p.name.startswith("aten.") for p in (out / "bw_total_input_size_dist").iterdir())
    eager = json.loads((out / "profile" / "my_models_build_eager.json").read_text())
    compiled = json.loads((out / "profile" / "my_models_build_ttnn.json").read_text())
    assert any(e.get("name", "").startswith("aten::") for e in eager["traceEvents"])
    events = compiled["traceEvents"]
    assert {e["ph"] for e in events} == {"X"} and {"forward_0", "backward_1"} <= {e["tid"] for e in events}
    assert any(e["name"] == "host aten.logcumsumexp.default" for e in events)


def test_node_counts_and_size_distributions_from_records(tmp_path):
    def node(op, *shapes):
        return {"op_type": op, "inputs": [{"shape": s, "dtype": "torch.float32", "bytes": 4 * s[0]} for s in shapes]}

    raw = tmp_path / "raw"
    raw.mkdir()
    records = {
        "a": [node("aten.add.Tensor", [2], [2]), node("aten.mm.default", [4])],
        "b": [node("aten.add.Tensor", [8])],
    }
    for model, nodes in records.items():
        for n in nodes:
            n["outputs"] = n["inputs"][:1]
        graphs = [{"graph": "fw_0", "kind": "fw", "nodes": nodes}]
        (raw / f"fw_{model}.json").write_text(json.dumps({"model": model, "graphs": graphs}))
    stat_report.write_report(tmp_path)
    assert _rows(tmp_path / "fw_node_count.csv") == [
        ["model_name", "_TOTAL_", "aten.add.Tensor", "aten.mm.default"],
        ["a", "2", "1", "1"],
        ["b", "1", "1", "0"],
        ["TOTAL", "3", "2", "1"],
    ]
    assert _rows(tmp_path / "fw_total_input_size_dist" / "aten.add.Tensor_0.csv")[1:] == [["8", "1"], ["32", "1"]]
    assert stat_report.size_distributions(stat_report.load_raw(raw, "fw_"), "inputs")["aten.add.Tensor_1"] == Counter(
        {8: 1}
    )
    assert not (tmp_path / "bw_node_count.csv").exists()


def test_stat_backend_records_backward_graphs_and_runs_eager():
    stat = StatBackend()
    linear = torch.nn.Linear(3, 2)
    out = torch.compile(linear, backend=stat)(torch.ones(1, 3))
    out.sum().backward()
    assert [g["kind"] for g in stat.graphs] == ["fw", "bw"]
    assert stat.census("fw") == {"aten.addmm.default": 1, "aten.t.default": 1}
    assert linear.weight.grad is not None and torch.equal(out, linear(torch.ones(1, 3)))
