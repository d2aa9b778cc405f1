"""Standalone SVG bar charts for backtest reports: no plotting dependency, diff-able text.

``pr_chart`` draws per-type precision/recall; ``delta_chart`` draws the per-type change in
precision, recall and F1 against a baseline report (bars up = better, down = worse).
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

COLOURS = ("#4c72b0", "#dd8452", "#55a868")
BAR, GAP, LEFT, TOP = 18, 24, 44, 30


def _frame(width: int, height: int, title: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'font-family="sans-serif" font-size="11">',
            f'<text x="{LEFT}" y="16" font-size="13">{escape(title)}</text>']


def _legend(y: float, names: Sequence[str]) -> str:
    parts = []
    for i, name in enumerate(names):
        x = LEFT + 90 * i
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{COLOURS[i]}"/>'
                     f'<text x="{x + 14}" y="{y}">{escape(name)}</text>')
    return "".join(parts)


def _bars(rows: Sequence[tuple[str, Sequence[float]]], series: Sequence[str], title: str,
          lo: float, hi: float, height: int = 160) -> str:
    """Grouped bars of values in [lo, hi] with a zero line, one group per row."""
    group = len(series) * BAR + GAP
    width = LEFT + max(1, len(rows)) * group + 20
    scale = height / (hi - lo)

    def y_of(v: float) -> float:
        return TOP + (hi - max(lo, min(hi, v))) * scale

    parts = _frame(width, TOP + height + 50, title)
    for tick in sorted({lo, (lo + hi) / 2, hi, 0.0} if lo < 0 else {lo, (lo + hi) / 2, hi}):
        y = y_of(tick)
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:+.1f}</text>'
                     if lo < 0 else
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:.1f}</text>')
        stroke = "#444" if tick == max(lo, 0.0) else "#ddd"
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="{stroke}"/>')
    zero = y_of(max(lo, 0.0))
    for i, (name, values) in enumerate(rows):
        x = LEFT + GAP / 2 + i * group
        for j, value in enumerate(values):
            top, bottom = sorted((y_of(value), zero))
            parts.append(f'<rect x="{x + j * BAR:.1f}" y="{top:.1f}" width="{BAR}" '
                         f'height="{bottom - top:.1f}" fill="{COLOURS[j]}"><title>{escape(name)} '
                         f'{escape(series[j])}={value:+.3f}</title></rect>')
        parts.append(f'<text x="{x + len(values) * BAR / 2:.1f}" y="{TOP + height + 14}" '
                     f'text-anchor="middle">{escape(name)}</text>')
    parts.append(_legend(TOP + height + 34, series))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def pr_chart(rows: Sequence[tuple[str, float, float, float]]) -> str:
    """Per-type precision and recall, 0 to 1."""
    return _bars([(name, (p, r)) for name, p, r, _f in rows], ("precision", "recall"),
                 "Gainsay backtest: alert precision / recall", 0.0, 1.0)


def delta_chart(rows: Sequence[tuple[str, float, float, float]]) -> str:
    """Per-type change (new - baseline) of precision, recall and F1, -1 to +1."""
    return _bars([(name, (dp, dr, df)) for name, dp, dr, df in rows], ("Δ precision", "Δ recall", "Δ F1"),
                 "Gainsay backtest: change against the baseline", -1.0, 1.0)
