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
    "PCC %",
    "Max abs err",
    "Device peak MiB",
    "Params on device MiB (in dtype)",
    "Dtype",
)


def _ms(value) -> str:
    return "" if value is None else f"{value:,.1f}"


def _mib(value) -> str:
    return "" if value is None else f"{value / 2**20:,.1f}"


def _params(m: dict) -> str:
    held, size = m.get("device_param_bytes"), m.get("param_dtype_bytes")
    return "" if held is None else f"{_mib(held)} ({_mib(size)})"


def row(m: dict) -> list[str]:
    if not m.get("success"):
        return [m["model"], "failed"] + [""] * (len(COLUMNS) - 3) + [m.get("dtype", "")]
    acc = m.get("accuracy", {})
    speedup = m["eager_ms"] / m["compiled_ms"] if m.get("compiled_ms") else None
    return [
        m["model"],
        "ok",
        f"{m['ops_before_total']} ({m['ops_before_unique']})",
        f"{m['ops_remaining_total']} ({m['ops_remaining_unique']})",
        str(m["transfers_per_call"]),
        _ms(m.get("eager_ms")),
        _ms(m.get("compiled_first_ms")),
        _ms(m.get("compiled_ms")),
        "" if speedup is None else f"{speedup:.2f}x",
        f"{acc.get('pcc_percent', 0.0):.2f}",
        f"{acc.get('max_abs_error', 0.0):.3g}",
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
