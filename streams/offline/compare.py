"""Compare a backtest report with a baseline report: per-type deltas of P/R/F1.

A type present on one side only counts as zeros on the other (a new alert type with
findings is an improvement; a type that disappeared is a regression).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

CLAIM_METRICS = ("claims_found", "speaker_attribution", "denials", "content_chars")
ZERO = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "predicted": 0, "gold": 0}


@dataclass(frozen=True)
class Delta:
    """One row: a metric's baseline and new precision/recall/F1."""

    name: str
    base: dict[str, float]
    new: dict[str, float]

    def change(self, key: str) -> float:
        return round(self.new[key] - self.base[key], 4)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "delta": {k: self.change(k) for k in ("precision", "recall", "f1")}}


def load_report(path: str | Path) -> dict[str, Any]:
    """A report.json written by ``gainsay backtest``; a clear error for anything else."""
    try:
        report = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a readable JSON report: {exc}") from exc
    if not isinstance(report, dict) or "all" not in (report.get("alerts") or {}):
        raise ValueError(f"{path}: not a gainsay backtest report (no alerts.all)")
    return report


def _pick(v: dict[str, Any] | None) -> dict[str, float]:
    v = v or ZERO
    return {k: v[k] for k in ("precision", "recall", "f1", "predicted", "gold")}


def deltas(report: dict[str, Any], baseline: dict[str, Any]) -> list[Delta]:
    """Alert types (sorted), then ``all``, then the claim-level metrics both reports have."""
    new_types = (report.get("alerts") or {}).get("by_type") or {}
    old_types = (baseline.get("alerts") or {}).get("by_type") or {}
    rows = [Delta(t, _pick(old_types.get(t)), _pick(new_types.get(t)))
            for t in sorted(set(new_types) | set(old_types))]
    rows.append(Delta("all", _pick(baseline["alerts"]["all"]), _pick(report["alerts"]["all"])))
    new_claims, old_claims = report.get("claims") or {}, baseline.get("claims") or {}
    rows += [Delta(f"claims {m}", _pick(old_claims[m]), _pick(new_claims[m]))
             for m in CLAIM_METRICS if m in new_claims and m in old_claims]
    return rows


def chart_rows(rows: list[Delta]) -> list[tuple[str, float, float, float]]:
    """The alert rows of a comparison as (name, ΔP, ΔR, ΔF1) for the delta chart."""
    return [(d.name, d.change("precision"), d.change("recall"), d.change("f1"))
            for d in rows if not d.name.startswith("claims ")]


def delta_table(rows: list[Delta], title: str):
    """A Rich table: baseline F1, new F1 and the signed changes, coloured."""
    from rich.table import Table

    table = Table(title=title)
    for col in ("metric", "base F1", "new F1", "ΔP", "ΔR", "ΔF1"):
        table.add_column(col, justify="left" if col == "metric" else "right")

    def signed(x: float) -> str:
        colour = "green" if x > 0 else "red" if x < 0 else "dim"
        return f"[{colour}]{x:+.3f}[/]"

    for d in rows:
        table.add_row(d.name, f"{d.base['f1']:.3f}", f"{d.new['f1']:.3f}", signed(d.change("precision")),
                      signed(d.change("recall")), signed(d.change("f1")))
    return table
