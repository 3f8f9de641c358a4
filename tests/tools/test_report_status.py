"""README's status per row and its summary line: all on device, ops on host (with the compiler's reason), or
fails; a row on the device below PCC 99 % does not count as whole on device."""

from torch_ttnn.report import tables


def _row(model, host=None, pcc=100.0, success=True):
    host = host or {}
    return {
        "model": model,
        "success": success,
        "error": None if success else "RuntimeError: boom",
        "ops_remaining": host,
        "ops_remaining_total": sum(host.values()),
        "ops_remaining_unique": len(host),
        "host_reasons": {f"{op}(f32[4])": "no lowering rule for this overload" for op in host},
        "accuracy": {"pcc_percent": pcc},
        "eager_ms": 2.0,
        "compiled_ms": 1.0,
    }


def test_status_summary_and_host_reasons():
    rows = [
        _row("a"),
        _row("b", {"aten.sort.default": 2}),
        _row("c", pcc=96.0),
        _row("d", success=False),
        _row("e"),
    ]
    assert [tables.status(m) for m in rows] == [
        "all on device",
        "ops on host",
        "all on device",
        "fails",
        "all on device",
    ]
    text = tables.markdown_table(rows, zoo=["d", "e"])
    assert text.startswith("All rows: **2 of 5 whole on device** (no op on the host, PCC >= 99 %); 1 on device with ")
    assert "PCC < 99 %; 1 run with ops on the host; 1 fail. The zoo: **1 of 2 whole on device**" in text
    assert "- b: `aten.sort.default` x2: no lowering rule for this overload" in text
    assert "- d: RuntimeError: boom" in text


def test_memory_target_per_row_and_counted():
    mib = 2**20
    held = _row("a") | {"device_peak_bytes": 30 * mib, "param_dtype_bytes": 10 * mib, "activation_peak_bytes": 5 * mib}
    missed = _row("b") | {
        "device_peak_bytes": 50 * mib,
        "param_dtype_bytes": 10 * mib,
        "activation_peak_bytes": 5 * mib,
    }
    old = _row("c") | {"device_peak_bytes": 50 * mib, "param_dtype_bytes": 10 * mib}  # metrics before the figure
    cells = [dict(zip(tables.COLUMNS, tables.row(m), strict=True)) for m in (held, missed, old)]
    assert [c["Memory target"] for c in cells] == ["2.00x ok", "3.33x MISSED", ""]
    assert [c["Live activations MiB"] for c in cells] == ["5.0", "5.0", ""]
    text = tables.markdown_table([held, missed, old])
    assert "**1 of 2 measured rows hold it**; 1 rows predate the activation figure." in text


def test_speed_against_eager_bf16_on_quiet_rows_only():
    quiet = [
        _row("a") | {"eager_bf16_ms": 2.0, "load_average": 0.5},  # compiled 1.0: 0.5 of eager bf16
        _row("b") | {"eager_bf16_ms": 0.5, "load_average": 1.0},  # 2.0 of eager bf16
        _row("c") | {"eager_ms": 0.5, "load_average": 1.5},  # slower than eager fp32, no bf16 time
    ]
    busy = _row("d") | {"eager_bf16_ms": 100.0, "load_average": 9.0}
    old = _row("e") | {"eager_bf16_ms": 100.0}  # no load recorded: left out
    cells = [dict(zip(tables.COLUMNS, tables.row(m), strict=True)) for m in (*quiet, busy)]
    assert [c["Eager bf16 ms"] for c in cells] == ["2.0", "0.5", "", "100.0"]
    assert [c["Speedup"] for c in cells] == ["2.00x", "2.00x", "0.50x", "2.00x (load 9)"]
    text = tables.markdown_table([*quiet, busy, old])
    assert "over the 3 rows timed at load <= 2: compiled is faster than eager fp32 on 2" in text
    assert "compiled / eager bf16 time, geomean over 2 rows: **1.00**" in text


def test_training_rows_list_their_worst_gradient_error():
    trained = _row("t") | {"accuracy": {"pcc_percent": 100.0, "worst_gradient_error": 0.0604}}
    text = tables.markdown_table([_row("a"), trained])
    assert "Training rows, worst per-parameter gradient error" in text and "- t: 0.0604" in text
    assert "- a:" not in text
