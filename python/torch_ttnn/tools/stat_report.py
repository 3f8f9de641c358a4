"""The seed's report files, built from the raw per-graph records in ``<out>/raw/``:

- ``fw_node_count.csv`` / ``bw_node_count.csv``: per model (a row each, then a TOTAL row), the number of aten
  nodes of each op type over all its forward (backward) graphs; the ``_TOTAL_`` column sums them;
- ``fw_total_input_size_dist/`` and ``fw_total_output_size_dist/`` (and ``bw_`` ones): for each op type and
  input (output) position, ``<op>_<position>.csv`` (size in bytes, count) and ``<op>_<position>.svg``, a
  histogram of those sizes in powers of two.
"""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

PREFIXES = ("fw_", "bw_")


def load_raw(raw: Path, prefix: str) -> dict[str, list[dict]]:
    """model -> every node record of its graphs of one kind, from ``raw/<prefix><model>.json``."""
    found = {}
    for path in sorted(raw.glob(f"{prefix}*.json")):
        record = json.loads(path.read_text())
        found[record["model"]] = [node for graph in record["graphs"] for node in graph["nodes"]]
    return found


def write_node_count(nodes: dict[str, list[dict]], path: Path) -> None:
    ops = sorted({n["op_type"] for records in nodes.values() for n in records})
    header = ["model_name", "_TOTAL_", *ops]
    rows = []
    for model in sorted(nodes):
        counts = Counter(n["op_type"] for n in nodes[model])
        rows.append([model, len(nodes[model]), *(counts.get(op, 0) for op in ops)])
    rows.append(["TOTAL", *(sum(r[i] for r in rows) for i in range(1, len(header)))])
    with path.open("w", newline="") as f:
        csv.writer(f).writerows([header, *rows])


def size_distributions(nodes: dict[str, list[dict]], key: str) -> dict[str, Counter]:
    """``<op>_<position>`` -> Counter of tensor sizes in bytes over every node of every model."""
    sizes: dict[str, Counter] = {}
    for records in nodes.values():
        for node in records:
            for position, tensor in enumerate(node[key]):
                sizes.setdefault(f"{node['op_type']}_{position}", Counter())[tensor["bytes"]] += 1
    return sizes


def histogram_svg(title: str, sizes: Counter) -> str:
    """Counts of sizes in bins of powers of two, as a plain SVG bar chart."""
    bins = Counter()
    for size, count in sizes.items():
        bins[0 if size <= 0 else math.floor(math.log2(size))] += count
    low, high = min(bins), max(bins)
    width, height, bar = 60 + 28 * (high - low + 1), 220, 24
    top = max(bins.values())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{max(width, 420)}" height="{height}" '
        'font-family="sans-serif">',
        f'<text x="10" y="16" font-size="12" font-weight="bold">{escape(title)}</text>',
        f'<text x="10" y="{height - 4}" font-size="10">size in bytes (bin 2^k holds sizes in [2^k, 2^(k+1)))</text>',
    ]
    for i, k in enumerate(range(low, high + 1)):
        h = round(150 * bins.get(k, 0) / top)
        x = 40 + 28 * i
        parts.append(f'<rect x="{x}" y="{180 - h}" width="{bar}" height="{h}" fill="#4a7ab5"/>')
        parts.append(f'<text x="{x}" y="{176 - h}" font-size="9">{bins.get(k, 0) or ""}</text>')
        parts.append(f'<text x="{x}" y="194" font-size="9">2^{k}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def write_size_dist(nodes: dict[str, list[dict]], key: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    what = "input" if key == "inputs" else "output"
    for name, sizes in sorted(size_distributions(nodes, key).items()):
        stem = name.replace("/", "_")
        with (folder / f"{stem}.csv").open("w", newline="") as f:
            csv.writer(f).writerows([["size_bytes", "count"], *sorted(sizes.items())])
        (folder / f"{stem}.svg").write_text(histogram_svg(f"{name}: distribution of {what} size", sizes))


def write_report(out: Path) -> list[Path]:
    """Every report file from ``out/raw``; returns the files and folders written."""
    written = []
    for prefix in PREFIXES:
        nodes = load_raw(out / "raw", prefix)
        if not nodes:
            continue
        write_node_count(nodes, out / f"{prefix}node_count.csv")
        write_size_dist(nodes, "inputs", out / f"{prefix}total_input_size_dist")
        write_size_dist(nodes, "outputs", out / f"{prefix}total_output_size_dist")
        written += [out / f"{prefix}node_count.csv", out / f"{prefix}total_input_size_dist"]
        written.append(out / f"{prefix}total_output_size_dist")
    return written
