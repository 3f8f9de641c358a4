"""The model table, from metrics dicts: the same rows for the console and for README (markdown)."""

from __future__ import annotations

COLUMNS = (
    "Model",
    "Status",
    "Ops before (unique)",
    "Ops on host (unique)",
    "Transfers/call",
    "Eager ms",
    "Compiled first ms",
    "Compiled ms",
    "Speedup",
    "Batch",
    "Throughput",
    "PCC %",
    "Max abs err",
    "Device peak MiB",
    "Params on device MiB (in dtype)",
    "Dtype",
)


def _ms(value) -> str:
    return "" if value is None else f"{value:,.1f}"


def _throughput(m: dict) -> str:
    """Tokens per second for a generation row, samples per second for a training row, else inferences per
    second."""
    if m.get("tokens_per_s"):
        return f"{m['tokens_per_s']:,.1f} tok/s"
    unit = "samples/s" if "eager_losses" in m.get("accuracy", {}) else "inf/s"
    return f"{m['throughput']:,.1f} {unit}" if m.get("throughput") else ""


def _count(m: dict, key: str) -> str:
    return "" if m.get(f"{key}_total") is None else f"{m[f'{key}_total']} ({m[f'{key}_unique']})"


def _mib(value) -> str:
    return "" if value is None else f"{value / 2**20:,.1f}"


def _params(m: dict) -> str:
    held, size = m.get("device_param_bytes"), m.get("param_dtype_bytes")
    return "" if held is None else f"{_mib(held)} ({_mib(size)})"


def row(m: dict) -> list[str]:
    """The row of one metrics dict; a torch_stat row (eager only) leaves the compiled columns empty."""
    if not m.get("success"):
        return [m["model"], "failed"] + [""] * (len(COLUMNS) - 3) + [m.get("dtype", "")]
    acc = m.get("accuracy", {})
    speedup = m["eager_ms"] / m["compiled_ms"] if m.get("compiled_ms") else None
    return [
        m["model"],
        "ok",
        _count(m, "ops_before"),
        _count(m, "ops_remaining"),
        str(m.get("transfers_per_call", "")),
        _ms(m.get("eager_ms")),
        _ms(m.get("compiled_first_ms")),
        _ms(m.get("compiled_ms")),
        "" if speedup is None else f"{speedup:.2f}x",
        str(m.get("batch_size", "")),
        _throughput(m),
        f"{acc['pcc_percent']:.2f}" if "pcc_percent" in acc else "",
        f"{acc['max_abs_error']:.3g}" if "max_abs_error" in acc else "",
        _mib(m.get("device_peak_bytes")),
        _params(m),
        m.get("dtype", ""),
    ]


def console_table(metrics: list[dict]) -> str:
    rows = [list(COLUMNS)] + [row(m) for m in metrics]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def markdown_table(metrics: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for m in metrics:
        cells = row(m)
        note = m.get("note")
        if note:
            cells[0] = f"{cells[0]} [^{_note_key(m['model'])}]"
        lines.append("| " + " | ".join(cells) + " |")
    notes = [f"[^{_note_key(m['model'])}]: {m['model']}: {m['note']}" for m in metrics if m.get("note")]
    failures = [f"- {m['model']}: {m['error']}" for m in metrics if not m.get("success")]
    out = "\n".join(lines)
    if notes:
        out += "\n\n" + "\n".join(notes)
    if failures:
        out += "\n\nFailed runs:\n" + "\n".join(failures)
    return out


def _note_key(model: str) -> str:
    return "".join(c for c in model.lower() if c.isalnum())


GENERATION_COLUMNS = (
    "Model",
    "Cache",
    "New tokens",
    "Prefill ms (eager / compiled)",
    "Decode ms/token (eager / compiled)",
    "Tokens/s (eager / compiled)",
    "Dynamo graphs",
    "Programs",
    "Greedy tokens vs eager",
)


def _pair(values: dict, fmt: str = "{:,.1f}") -> str:
    return f"{fmt.format(values['eager'])} / {fmt.format(values['compiled'])}"


def generation_row(m: dict) -> list[str]:
    g, acc = m["generation"], m.get("accuracy", {})
    first = acc.get("first_token_differing")
    return [
        m["model"],
        g["cache"],
        str(g["new_tokens"]),
        _pair(g["prefill_ms"]),
        _pair(g["decode_ms_per_token"], "{:,.2f}"),
        f"{g['eager_tokens_per_s']:,.1f} / {m['tokens_per_s']:,.1f}",
        str(m.get("dynamo_graphs", "")),
        str(m.get("graphs", "")),
        "equal" if first is None else f"first differs at new token {first}",
    ]


def generation_table(metrics: list[dict]) -> str:
    """The generation rows (models whose metrics have a ``generation`` section), or "" when there are none."""
    rows = [generation_row(m) for m in metrics if m.get("success") and m.get("generation")]
    if not rows:
        return ""
    lines = ["| " + " | ".join(GENERATION_COLUMNS) + " |", "|" + "---|" * len(GENERATION_COLUMNS)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])
