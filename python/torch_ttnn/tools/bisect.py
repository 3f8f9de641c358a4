"""``torch-ttnn bisect MODEL``: which aten node of a compiled model loses the accuracy.

The model's aten graphs are captured as torch_ttnn would receive them, with the real inputs of one call, and
the aten reference (eager fp32) is run node by node. Then every node is compiled alone through torch_ttnn and
run on the reference values of its own inputs ("alone": the error that node adds by itself), and the whole
graph is compiled once with every node's value made an output ("in graph": the error accumulated up to that
node). Nodes are listed in graph order; a node departs when its device result alone has a PCC below
``--pcc`` or a max abs error above ``--atol`` + ``--rtol`` x max |reference|. The "bf16 round-off" column is
the error of merely storing the exact result in bfloat16: a departing node whose error alone is within it
computed its result as well as a bfloat16 output allows (low PCC then means values that vary less than a
bfloat16 step, not a lost computation).
"""

from __future__ import annotations

import operator
import sys


def add_arguments(sub) -> None:
    from torch_ttnn.tools.run import add_model_arguments

    parser = sub.add_parser("bisect", help="find the aten nodes whose device result departs from the reference")
    add_model_arguments(parser, many=False)
    parser.add_argument("--dtype", choices=("bfloat16", "float32", "bfloat8_b"), default="bfloat16")
    parser.add_argument("--pcc", type=float, default=0.999, help="a node departs below this PCC (default 0.999)")
    parser.add_argument("--atol", type=float, default=0.05, help="absolute part of the error bound (default 0.05)")
    parser.add_argument("--rtol", type=float, default=0.02, help="relative part, times max |reference| (0.02)")
    parser.add_argument("--top", type=int, default=20, help="departing nodes listed (default 20)")


def capture(case) -> list[tuple]:
    """(aten GraphModule, real inputs of one call) for every graph the model compiles into."""
    import torch
    from torch._dynamo.backends.common import aot_autograd

    from torch_ttnn import models

    graphs = []

    def compiler(gm, _example_inputs):
        def run(args):
            if not any(g is gm for g, _ in graphs):
                graphs.append((gm, [a.detach().clone() if isinstance(a, torch.Tensor) else a for a in args]))
            return gm(*args)

        run._boxed_call = True
        return run

    torch._dynamo.reset()
    with torch.no_grad(), models.compiling(case):
        torch.compile(case.model, backend=aot_autograd(fw_compiler=compiler))(*case.inputs, **case.kwargs)
    return graphs


def _tensor_outputs(value, used: set | None = None) -> list:
    """(position, tensor) of a node's results; with ``used``, only the positions read downstream."""
    import torch

    values = value if isinstance(value, (tuple, list)) else [value]
    return [(i, v) for i, v in enumerate(values) if isinstance(v, torch.Tensor) and (used is None or i in used)]


def used_outputs(node) -> set | None:
    """Positions of a multi-result node's results that the graph reads (native_layer_norm's mean and rstd are
    unused in inference, and their near-constant values make PCC meaningless); None for single results."""
    if not isinstance(node.meta.get("val"), (tuple, list)):
        return None
    if any(user.op == "output" for user in node.users):
        return set(range(len(node.meta["val"])))
    return {user.args[1] for user in node.users if user.target is operator.getitem}


def node_subgraph(node):
    """A GraphModule of ``node`` alone: its input nodes become placeholders, its tensor results the outputs."""
    import torch

    graph = torch.fx.Graph()
    env = {}
    for source in node.all_input_nodes:
        env[source] = graph.placeholder(source.name)
        env[source].meta = dict(source.meta)
    copy = graph.node_copy(node, lambda n: env[n])
    outputs = _tensor_outputs(node.meta.get("val"), used_outputs(node))
    if isinstance(node.meta.get("val"), (tuple, list)):
        results = []
        for i, _ in outputs:
            item = graph.call_function(operator.getitem, (copy, i))
            item.meta["val"] = node.meta["val"][i]
            results.append(item)
        graph.output(tuple(results))
    else:
        graph.output((copy,))
    return torch.fx.GraphModule(torch.nn.Module(), graph), [source for source in node.all_input_nodes]


def compare(reference, actual) -> tuple[float, float]:
    from torch_ttnn.report.accuracy import pcc

    if reference.dtype.is_floating_point or actual.dtype.is_floating_point:
        diff = (reference.double() - actual.double()).abs()
    else:
        diff = (reference.long() - actual.long()).abs().double()
    return pcc(reference.float(), actual.float()), float(diff.max()) if diff.numel() else 0.0


def reference_values(gm, inputs) -> dict:
    """Every node's value when the graph runs in eager PyTorch (inputs as captured)."""
    import torch

    values = {}

    class Recorder(torch.fx.Interpreter):
        def run_node(self, n):
            values[n] = super().run_node(n)
            return values[n]

    with torch.no_grad():
        Recorder(gm).run(*inputs)
    return values


def _compile(gm, inputs, option):
    import torch

    import torch_ttnn

    with torch.no_grad():
        compiled = torch_ttnn.backend(gm, inputs, options=option)
        return compiled(*inputs)


def alone(node, values: dict, option) -> tuple[list, bool]:
    """The node's results when compiled alone and run on the reference values of its inputs; whether the node
    ran on the device (a node left on the host reproduces the reference)."""
    sub, sources = node_subgraph(node)
    before = len(option._records)
    # Alone, the node's result is a graph output, which would be computed in float32; inside the graph it is not.
    kept, option.float32_outputs = option.float32_outputs, False
    try:
        results = _compile(sub, [values[s] for s in sources], option)
    finally:
        option.float32_outputs = kept
    on_device = any(not m["ops_remaining"] for m in option.metrics()[before:] if m["ops_before"])
    return list(results), on_device


def in_graph(gm, inputs, nodes: list, option) -> list:
    """The compiled graph with every node in ``nodes`` made an output: each node's accumulated results."""
    import copy

    twin = copy.deepcopy(gm)
    by_name = {n.name: n for n in twin.graph.nodes}
    outputs = []
    for node in nodes:
        twin_node = by_name[node.name]
        for i, _ in _tensor_outputs(node.meta.get("val"), used_outputs(node)):
            if isinstance(node.meta.get("val"), (tuple, list)):
                with twin.graph.inserting_after(twin_node):
                    item = twin.graph.call_function(operator.getitem, (twin_node, i))
                    item.meta["val"] = node.meta["val"][i]
                outputs.append(item)
            else:
                outputs.append(twin_node)
    output = next(n for n in twin.graph.nodes if n.op == "output")
    output.args = ((*output.args[0], *outputs),)
    twin.graph.lint()
    twin.recompile()
    results = list(_compile(twin, inputs, option))
    return results[len(results) - len(outputs) :]


def bisect_graph(gm, inputs, option, bounds) -> list[dict]:
    """One row per aten node with a tensor result, in graph order."""
    values = reference_values(gm, inputs)
    nodes = [
        n
        for n in gm.graph.nodes
        if n.op == "call_function"
        and n.target is not operator.getitem
        and _tensor_outputs(n.meta.get("val"), used_outputs(n))
    ]
    accumulated = iter(in_graph(gm, inputs, nodes, option))
    rows = []
    for index, node in enumerate(nodes):
        reference = [v for _, v in _tensor_outputs(values[node], used_outputs(node))]
        results, on_device = alone(node, values, option)
        scores = [compare(r, a) for r, a in zip(reference, results, strict=True)]
        graph_scores = [compare(r, next(accumulated)) for r in reference]
        bound = max(
            bounds["atol"] + bounds["rtol"] * float(r.double().abs().max()) if r.numel() else 0 for r in reference
        )
        pcc_alone, err_alone = min(s[0] for s in scores), max(s[1] for s in scores)
        rows.append(
            {
                "index": index,
                "node": node.name,
                "op": str(node.target),
                "shape": list(reference[0].shape),
                "device": on_device,
                "pcc_alone": pcc_alone,
                "max_abs_alone": err_alone,
                # The error of storing the exact result in bfloat16: a node within it lost nothing else.
                "bf16_round_off": max(compare(r, r.bfloat16())[1] for r in reference if r.is_floating_point())
                if any(r.is_floating_point() for r in reference)
                else 0.0,
                "pcc_in_graph": min(s[0] for s in graph_scores),
                "max_abs_in_graph": max(s[1] for s in graph_scores),
                "departs": on_device and (pcc_alone < bounds["pcc"] or err_alone > bound),
            }
        )
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| # | node | aten op | shape | PCC alone | max abs alone | bf16 round-off | PCC in graph | max abs in graph |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['index']} | {r['node']} | {r['op']} | {r['shape']} | {r['pcc_alone']:.6f} | "
            f"{r['max_abs_alone']:.4g} | {r['bf16_round_off']:.4g} | {r['pcc_in_graph']:.6f} | "
            f"{r['max_abs_in_graph']:.4g} |"
        )
    return "\n".join(lines)


def run_bisect(args) -> int:
    import ttnn

    import torch_ttnn
    from torch_ttnn.tools import sources
    from torch_ttnn.tools.run import source_options

    try:
        case = sources.resolve(args.model, source_options(args))
    except (ValueError, FileNotFoundError, AttributeError, TypeError) as error:
        print(f"torch-ttnn bisect: {error}", file=sys.stderr)
        return 2
    if case.train or case.generate:
        print("torch-ttnn bisect: bisects inference calls only; got a training or generation case", file=sys.stderr)
        return 2
    bounds = {"pcc": args.pcc, "atol": args.atol, "rtol": args.rtol}
    graphs = capture(case)
    with ttnn.open_device(device_id=0) as device:
        option = torch_ttnn.TorchTtnnOption(device=device, dtype=getattr(ttnn, args.dtype))
        for number, (gm, inputs) in enumerate(graphs):
            rows = bisect_graph(gm, inputs, option, bounds)
            departing = [r for r in rows if r["departs"]]
            on_device = sum(r["device"] for r in rows)
            print(
                f"graph {number}: {len(rows)} nodes ({on_device} on the device); {len(departing)} depart "
                f"(PCC alone < {args.pcc} or max abs error > {args.atol} + {args.rtol} x max |reference|)"
            )
            if departing:
                print(f"first departing nodes, in graph order (of {len(departing)}):")
                print(table(departing[: args.top]))
            worst = sorted((r for r in rows if r["device"]), key=lambda r: r["pcc_alone"])[:5]
            print("lowest PCC alone:")
            print(table(worst))
            final = rows[-1] if rows else None
            if final:
                print(f"last node in graph: PCC {final['pcc_in_graph']:.6f}, max abs {final['max_abs_in_graph']:.4g}")
        option.release()
    return 0
