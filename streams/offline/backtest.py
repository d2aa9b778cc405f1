"""Backtest: run extract + detect over an article file and score it against gold labels.

Scored by :mod:`streams.offline.scoring` (the packaged port of ``../shared/tools/score.py``).
Labels are validated against ``schemas/label.schema.json`` / ``story_label.schema.json``.
Outputs in ``out_dir``: ``claims.jsonl``, ``alerts.jsonl``, ``report.json``, a per-type
precision/recall chart ``report.svg`` and, given a baseline report, ``delta.svg``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streams.jsonl import read_articles
from streams.judge.stance import JudgeSettings
from streams.records import Article

from . import charts, scoring
from .compare import Delta, deltas
from .detect import ClaimExtractor, judge_articles
from .labels import read_labels


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def _write_report(out: Path, report: dict[str, Any]) -> None:
    (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n",
                                     encoding="utf-8")


@dataclass(frozen=True)
class BacktestInputs:
    """Validated inputs: articles in event-time order, gold labels, story-level gold."""

    articles: list[Article]
    gold: list[dict[str, Any]]
    stories: list[dict[str, Any]]


def load_inputs(
    articles_path: str | Path,
    gold_path: str | Path,
    stories_path: str | Path | None = None,
    *,
    max_article_bytes: int = 1_048_576,
    languages: frozenset[str] = frozenset({"en"}),
) -> BacktestInputs:
    """Read and validate everything first, so a bad line fails before the model loads.

    Raises :class:`~streams.jsonl.BadLine` for an article line and
    :class:`~streams.offline.labels.BadLabels` (every bad line) for label files.
    """
    gold = read_labels(gold_path, "label")
    stories = read_labels(stories_path, "story_label") if stories_path else []
    articles = sorted(read_articles(articles_path, max_bytes=max_article_bytes, languages=languages),
                      key=lambda a: (a.published_at, a.id))
    return BacktestInputs(articles, gold, stories)


def backtest(
    inputs: BacktestInputs,
    extractor: ClaimExtractor,
    out_dir: str | Path,
    *,
    settings: JudgeSettings | None = None,
    baseline: dict[str, Any] | None = None,
    batch_size: int = 64,
) -> dict[str, Any]:
    """Extract + detect over the articles, score against the gold, write the reports."""
    settings = settings or JudgeSettings()
    articles, gold, stories = inputs.articles, inputs.gold, inputs.stories
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    claims: list[dict] = []
    alerts: list[dict] = []
    pairs = extractor.extract_many(articles, batch_size=batch_size)
    for _article, article_claims, article_alerts in judge_articles(pairs, settings=settings):
        claims.extend(c.to_dict() for c in article_claims)
        alerts.extend(a.to_dict() for a in article_alerts)
    seconds = time.perf_counter() - started
    _write_jsonl(out / "claims.jsonl", claims)
    _write_jsonl(out / "alerts.jsonl", alerts)

    report = scoring.score(({"id": a.id, "body": a.body} for a in articles), gold, stories,
                           claims, alerts)
    report["run"] = {
        "articles_in": len(articles),
        "claims_out": len(claims),
        "alerts_out": len(alerts),
        "alerts_by_type": _count_types(alerts),
        "seconds": round(seconds, 3),
        "contradiction_window_s": settings.contradiction_window.total_seconds(),
        "alert_types": sorted(settings.alert_types),
        "scorer": scoring.__name__,
    }
    report["run"]["chart"] = str(write_chart(report, out))
    if baseline is not None:
        rows = deltas(report, baseline)
        report["baseline"] = {"deltas": [d.to_dict() for d in rows],
                              "chart": str(write_delta_chart(rows, out))}
    _write_report(out, report)
    return report


def _count_types(alerts: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for a in alerts:
        counts[a["type"]] = counts.get(a["type"], 0) + 1
    return dict(sorted(counts.items()))


def chart_rows(report: dict[str, Any]) -> list[tuple[str, float, float, float]]:
    """(name, precision, recall, f1) for every alert type plus the overall row."""
    alerts = report.get("alerts") or {}
    rows = [(t, v["precision"], v["recall"], v["f1"])
            for t, v in sorted((alerts.get("by_type") or {}).items())]
    if "all" in alerts:
        v = alerts["all"]
        rows.append(("all", v["precision"], v["recall"], v["f1"]))
    return rows


def write_chart(report: dict[str, Any], out_dir: str | Path) -> Path:
    """Per-type precision/recall bars as ``report.svg``."""
    path = Path(out_dir) / "report.svg"
    path.write_text(charts.pr_chart(chart_rows(report)), encoding="utf-8")
    return path


def write_delta_chart(rows: list[Delta], out_dir: str | Path) -> Path:
    """Per-type ΔP/ΔR/ΔF1 bars against the baseline as ``delta.svg``."""
    from .compare import chart_rows as delta_rows

    path = Path(out_dir) / "delta.svg"
    path.write_text(charts.delta_chart(delta_rows(rows)), encoding="utf-8")
    return path


def report_table(report: dict[str, Any]):
    """A Rich table of per-type alert P/R/F1 plus the claim-level headline metrics."""
    from rich.table import Table

    table = Table(title=f"Gainsay backtest ({report.get('articles', 0)} articles)")
    for col, justify in (("metric", "left"), ("P", "right"), ("R", "right"), ("F1", "right"),
                         ("pred", "right"), ("gold", "right")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]

    def row(name: str, v: dict) -> None:
        table.add_row(name, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}",
                      str(v["predicted"]), str(v["gold"]))

    alerts = report.get("alerts") or {}
    for t, v in sorted((alerts.get("by_type") or {}).items()):
        row(f"alerts {t}", v)
    if "all" in alerts:
        row("alerts (all)", alerts["all"])
    claims = report.get("claims") or {}
    for name in ("claims_found", "speaker_attribution", "denials", "content_chars"):
        if name in claims:
            row(f"claims {name}", claims[name])
    return table


def print_report(report: dict[str, Any], console=None) -> None:
    """Print the per-type P/R/F1 table (and the deltas, if compared) with Rich."""
    from rich.console import Console

    from .compare import delta_table

    console = console or Console()
    console.print(report_table(report))
    if "baseline" in report:
        rows = [Delta(d["name"], d["base"], d["new"]) for d in report["baseline"]["deltas"]]
        console.print(delta_table(rows, "Change against the baseline"))
