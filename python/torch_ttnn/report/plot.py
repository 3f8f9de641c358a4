"""The README plot: per model, compiled speed relative to eager and accuracy (PCC), as a plain SVG.

Written by hand (no plotting dependency) and deterministic, so CI can diff it like the tables.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

ROW = 22
LEFT = 260
BAR = 300


def _bar(y: int, x0: int, fraction: float, color: str, label: str) -> str:
    width = max(1, round(BAR * min(max(fraction, 0.0), 1.0)))
    return (
        f'<rect x="{x0}" y="{y + 4}" width="{width}" height="{ROW - 8}" fill="{color}"/>'
        f'<text x="{x0 + width + 4}" y="{y + ROW - 7}" font-size="11">{escape(label)}</text>'
    )


def _title(x: int, text: str) -> str:
    return f'<text x="{x}" y="15" font-size="12" font-weight="bold">{escape(text)}</text>'


def summary_svg(metrics: list[dict]) -> str:
    speed_x, acc_x = LEFT, LEFT + BAR + 90
    height = ROW * (len(metrics) + 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{acc_x + BAR + 90}" height="{height}" '
        'font-family="sans-serif">',
        _title(speed_x, "eager time / compiled time (log scale, 1x at mid)"),
        _title(acc_x, "PCC vs eager fp32 (0.9 to 1.0)"),
    ]
    for i, m in enumerate(metrics):
        y = ROW * (i + 1)
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + ROW - 7}" font-size="11" text-anchor="end">{escape(m["model"])}</text>'
        )
        if not m.get("success"):
            parts.append(f'<text x="{speed_x}" y="{y + ROW - 7}" font-size="11" fill="#b00">failed</text>')
            continue
        ratio = m["eager_ms"] / m["compiled_ms"] if m.get("compiled_ms") else 0.0
        # log10 scale from 0.01x to 100x, 1x in the middle
        position = (math.log10(ratio) + 2) / 4 if ratio > 0 else 0.0
        parts.append(_bar(y, speed_x, position, "#4a7ab5", f"{ratio:.2f}x"))
        pcc = m.get("accuracy", {}).get("pcc_percent", 0.0) / 100
        parts.append(_bar(y, acc_x, (pcc - 0.9) / 0.1, "#5a9e5a", f"{100 * pcc:.2f}%"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
