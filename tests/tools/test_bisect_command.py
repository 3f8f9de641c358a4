"""`torch-ttnn bisect MODEL`: the node whose device result departs from the aten reference is named first, in
graph order, with its PCC and max abs error alone and accumulated in the graph."""

import torch
import torch_ttnn
from torch_ttnn.cli import main
from torch_ttnn.tools import bisect
from torch_ttnn.tools.sources import case_from


class Cancels(torch.nn.Module):
    """(x + 1000) - 1000 in bfloat16 keeps x only to a step of 8: the add is where the accuracy goes."""

    def forward(self, x):
        y = torch.relu(x) * 2.0
        return (y + 1000.0) - 1000.0, torch.nn.functional.layer_norm(x, (16,))


def test_the_first_departing_node_is_the_lossy_add(device):
    case = case_from(Cancels(), (torch.randn(8, 16, generator=torch.Generator().manual_seed(0)),))
    [(gm, inputs)] = bisect.capture(case)
    option = torch_ttnn.TorchTtnnOption(device=device)
    rows = bisect.bisect_graph(gm, inputs, option, {"pcc": 0.999, "atol": 0.05, "rtol": 0.02})
    option.release()
    by_op = {r["op"]: r for r in rows}
    departing = [r["op"] for r in rows if r["departs"]]
    assert departing[0] == "aten.add.Tensor", rows
    assert not by_op["aten.relu.default"]["departs"] and not by_op["aten.mul.Tensor"]["departs"]
    add = by_op["aten.add.Tensor"]
    assert add["device"] and add["pcc_alone"] < 0.9 and add["max_abs_alone"] >= 1.0
    # native_layer_norm's mean and rstd are not read in inference: only its output is compared
    assert by_op["aten.native_layer_norm.default"]["shape"] == [8, 16]
    assert [r["index"] for r in rows] == list(range(len(rows)))


def test_bisect_command_prints_the_departing_nodes(no_open_device, tmp_path, capsys):
    path = tmp_path / "cancel.py"
    path.write_text(
        "import torch\n"
        "class Shift(torch.nn.Module):\n"
        "    def forward(self, x):\n"
        "        return torch.tanh((x + 1000.0) - 1000.0)\n"
        "def build():\n"
        "    return Shift(), (torch.randn(4, 8, generator=torch.Generator().manual_seed(1)),)\n"
    )
    assert main(["bisect", f"{path}:build"]) == 0
    out = capsys.readouterr().out
    assert "graph 0: 3 nodes (3 on the device); 2 depart" in out
    first = out.split("first departing nodes, in graph order (of 2):")[1].splitlines()
    assert first[1].startswith("| # | node | aten op | shape | PCC alone | max abs alone | bf16 round-off |")
    assert first[3].startswith("| 0 | add | aten.add.Tensor | [4, 8] |")
    assert "last node in graph: PCC" in out
