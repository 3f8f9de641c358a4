"""The model table, from metrics dicts: the same rows for the console and for README (markdown)."""

from __future__ import annotations

import math

COLUMNS = (
    "Model",
    "Status",
    "Size",
    "Ops before (unique)",
    "Ops on host (unique)",
    "Transfers/call",
    "Eager ms",
    "Eager bf16 ms",
    "Compiled first ms",
    "Compile ms",
    "First run ms",
    "Compiled ms",
    "Speedup",
    "Batch",
    "Throughput",
    "PCC %",
    "Max abs err",
    "Device peak MiB",
    "Params on device MiB (in dtype)",
    "Live activations MiB",
    "Memory target",
    "Dtype",
)


def _ms(value) -> str:
    return "" if value is None else f"{value:,.1f}"


# Above this load average (on the 2-core machine) a row's times are marked: eager's OpenMP barriers and our
# threads lose whole scheduler slices, so its speedup says little.
BUSY_LOAD = 2.0


def _speedup(m: dict) -> str:
    if not m.get("compiled_ms"):
        return ""
    busy = m.get("load_average") is not None and m["load_average"] > BUSY_LOAD
    return f"{m['eager_ms'] / m['compiled_ms']:.2f}x" + (f" (load {m['load_average']:.0f})" if busy else "")


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


def memory_ratio(m: dict) -> float | None:
    """The per-model memory target (issue 16): device peak <= 2x (parameters in the device dtype + the largest
    set of live activations of a graph). The ratio peak / (parameters + activations); the target holds at <= 2.
    None where the metrics predate the activation figure."""
    peak, params, live = (m.get(k) for k in ("device_peak_bytes", "param_dtype_bytes", "activation_peak_bytes"))
    if peak is None or params is None or live is None or params + live == 0:
        return None
    return peak / (params + live)


def _memory_target(m: dict) -> str:
    ratio = memory_ratio(m)
    return "" if ratio is None else f"{ratio:.2f}x {'ok' if ratio <= 2.0 else 'MISSED'}"


# A row's status: every op on the device, some on the host (the run still succeeds), or the run fails.
ON_DEVICE, HOST_OPS, FAILS = "all on device", "ops on host", "fails"


def status(m: dict) -> str:
    if not m.get("success"):
        return FAILS
    return HOST_OPS if m.get("ops_remaining_total") else ON_DEVICE


def whole_on_device(m: dict) -> bool:
    """No op on the host and, where measured, PCC >= 99 % against eager fp32."""
    pcc = m.get("accuracy", {}).get("pcc_percent")
    return status(m) == ON_DEVICE and (pcc is None or pcc >= 99.0)


def row(m: dict) -> list[str]:
    """The row of one metrics dict; a torch_stat row (eager only) leaves the compiled columns empty."""
    if not m.get("success"):
        return [m["model"], FAILS, m.get("size", "")] + [""] * (len(COLUMNS) - 4) + [m.get("dtype", "")]
    acc = m.get("accuracy", {})
    return [
        m["model"],
        status(m),
        m.get("size", ""),
        _count(m, "ops_before"),
        _count(m, "ops_remaining"),
        str(m.get("transfers_per_call", "")),
        _ms(m.get("eager_ms")),
        _ms(m.get("eager_bf16_ms")),
        _ms(m.get("compiled_first_ms")),
        _ms(m.get("compile_ms")),
        _ms(m.get("first_run_ms")),
        _ms(m.get("compiled_ms")),
        _speedup(m),
        str(m.get("batch_size", "")),
        _throughput(m),
        f"{acc['pcc_percent']:.2f}" if "pcc_percent" in acc else "",
        f"{acc['max_abs_error']:.3g}" if "max_abs_error" in acc else "",
        _mib(m.get("device_peak_bytes")),
        _params(m),
        _mib(m.get("activation_peak_bytes")),
        _memory_target(m),
        m.get("dtype", ""),
    ]


def console_table(metrics: list[dict]) -> str:
    rows = [list(COLUMNS)] + [row(m) for m in metrics]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def markdown_table(metrics: list[dict], zoo: list[str] | None = None) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for m in metrics:
        cells = row(m)
        note = m.get("note")
        if note:
            cells[0] = f"{cells[0]} [^{_note_key(m['model'])}]"
        lines.append("| " + " | ".join(cells) + " |")
    notes = [f"[^{_note_key(m['model'])}]: {m['model']}: {m['note']}" for m in metrics if m.get("note")]
    failures = [f"- {m['model']}: {m['error']}" for m in metrics if not m.get("success")]
    out = summary(metrics, zoo) + "\n\n" + "\n".join(lines)
    if notes:
        out += "\n\n" + "\n".join(notes)
    trained = gradient_errors(metrics)
    if trained:
        out += (
            "\n\nTraining rows, worst per-parameter gradient error of the first step against eager fp32 "
            "(`|g - g_ref| / |g_ref|` by norm, `|g_ref|` floored at 1 % of the largest; "
            "[docs/performance.md](docs/performance.md) compares eager bf16's):\n" + "\n".join(trained)
        )
    hosted = host_ops(metrics)
    if hosted:
        out += "\n\nOps on the host, and why (`host_reasons`):\n" + "\n".join(hosted)
    if failures:
        out += "\n\nFailed runs:\n" + "\n".join(failures)
    return out


def summary(metrics: list[dict], zoo: list[str] | None = None) -> str:
    """The counts line above the table, and the zoo's own count when ``zoo`` names its models."""

    def counts(rows: list[dict]) -> str:
        whole = sum(whole_on_device(m) for m in rows)
        low = sum(status(m) == ON_DEVICE and not whole_on_device(m) for m in rows)
        host = sum(status(m) == HOST_OPS for m in rows)
        failed = sum(status(m) == FAILS for m in rows)
        return (
            f"**{whole} of {len(rows)} whole on device** (no op on the host, PCC >= 99 %); {low} on device with "
            f"PCC < 99 %; {host} run with ops on the host; {failed} fail"
        )

    line = f"All rows: {counts(metrics)}."
    zoo_rows = [m for m in metrics if m["model"] in (zoo or [])]
    line += f" The zoo: {counts(zoo_rows)}." if zoo_rows else ""
    return line + _memory_summary(metrics) + _speed_summary(metrics)


def _geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def _speed_summary(metrics: list[dict]) -> str:
    """Compiled time against eager bf16 (geomean over the rows that measured it) and against eager fp32, over the
    rows timed on a quiet machine (load average <= BUSY_LOAD; older rows did not record it and are left out)."""
    quiet = [
        m for m in metrics if m.get("success") and m.get("compiled_ms") and 0 <= m.get("load_average", -1) <= BUSY_LOAD
    ]
    bf16 = [m["compiled_ms"] / m["eager_bf16_ms"] for m in quiet if m.get("eager_bf16_ms")]
    if not quiet:
        return ""
    faster = sum(m["compiled_ms"] < m["eager_ms"] for m in quiet)
    line = f"\n\nSpeed, over the {len(quiet)} rows timed at load <= {BUSY_LOAD:g}: compiled is faster than eager fp32"
    line += f" on {faster}"
    if bf16:
        line += f"; compiled / eager bf16 time, geomean over {len(bf16)} rows: **{_geomean(bf16):.2f}**"
    return line + "."


def gradient_errors(metrics: list[dict]) -> list[str]:
    """One line per training row that measured its gradients."""
    rows = [(m["model"], m.get("accuracy", {}).get("worst_gradient_error")) for m in metrics if m.get("success")]
    return [f"- {model}: {error:.3g}" for model, error in rows if error is not None]


def _memory_summary(metrics: list[dict]) -> str:
    """How many measured rows hold the memory target, and how many have no activation figure yet."""
    ratios = [memory_ratio(m) for m in metrics if m.get("success")]
    measured = [r for r in ratios if r is not None]
    if not measured:
        return ""
    missing = len(ratios) - len(measured)
    return (
        "\n\nMemory target (device peak <= 2x (parameters in the device dtype + the largest set of live "
        f"activations)): **{sum(r <= 2.0 for r in measured)} of {len(measured)} measured rows hold it**"
        + (f"; {missing} rows predate the activation figure." if missing else ".")
    )


def host_ops(metrics: list[dict]) -> list[str]:
    """One line per model with host ops: each op, its count, and the first reason given for it."""
    lines = []
    for m in metrics:
        if status(m) != HOST_OPS:
            continue
        reasons: dict[str, str] = {}
        for variation, reason in m.get("host_reasons", {}).items():
            reasons.setdefault(variation.split("(", 1)[0], reason)
        ops = "; ".join(f"`{op}` x{n}: {reasons.get(op, 'no reason recorded')}" for op, n in m["ops_remaining"].items())
        lines.append(f"- {m['model']}: {ops}")
    return lines


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
