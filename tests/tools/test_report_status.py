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
