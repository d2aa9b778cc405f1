"""Backtest: run extract + detect over an article file and score it against gold labels.

The scoring code is the reference scorer ``shared/tools/score.py``, imported from its file
(``$GAINSAY_SCORER`` or ``<repo>/../shared/tools/score.py``), never copied. Outputs in
``out_dir``: ``claims.jsonl``, ``alerts.jsonl``, ``report.json`` and a per-type
precision/recall bar chart (``report.png`` with matplotlib, else a hand-written
``report.svg``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.sax.saxutils import escape

from streams.judge.stance import JudgeSettings
from streams.records import Article

from .detect import ClaimExtractor, judge_articles

SCORER_ENV = "GAINSAY_SCORER"
REPO_ROOT = Path(__file__).resolve().parents[2]


def scorer_path() -> Path:
    env = os.environ.get(SCORER_ENV)
    return Path(env) if env else REPO_ROOT.parent / "shared" / "tools" / "score.py"


def load_scorer(path: str | Path | None = None) -> ModuleType:
    """Import the reference scorer from its file."""
    path = Path(path) if path else scorer_path()
    if not path.is_file():
        raise FileNotFoundError(f"reference scorer not found at {path} (set ${SCORER_ENV})")
    spec = importlib.util.spec_from_file_location("gainsay_reference_scorer", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import scorer from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _write_jsonl(path: Path, rows) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            n += 1
    return n


def backtest(
    articles_path: str | Path,
    gold_path: str | Path,
    stories_path: str | Path | None,
    extractor: ClaimExtractor,
    out_dir: str | Path,
    *,
    settings: JudgeSettings | None = None,
    scorer: str | Path | None = None,
    batch_size: int = 64,
) -> dict[str, Any]:
    """Extract + detect over ``articles_path`` (sorted by event time), score, write reports."""
    settings = settings or JudgeSettings()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    score = load_scorer(scorer)

    raw = read_jsonl(articles_path)
    articles = sorted((Article.from_dict(a) for a in raw), key=lambda a: (a.published_at, a.id))
    started = time.perf_counter()
    claims, alerts = [], []
    pairs = extractor.extract_many(articles, batch_size=batch_size)
    for _article, article_claims, article_alerts in judge_articles(pairs, settings=settings):
        claims.extend(c.to_dict() for c in article_claims)
        alerts.extend(a.to_dict() for a in article_alerts)
    seconds = time.perf_counter() - started
    _write_jsonl(out / "claims.jsonl", claims)
    _write_jsonl(out / "alerts.jsonl", alerts)

    # score exactly as score.py's main() does, with its own functions
    bodies = {a.id: a.body for a in articles}
    gold = [g for g in read_jsonl(gold_path) if g["article_id"] in bodies]
    scope = {g["article_id"] for g in gold}
    stories = read_jsonl(stories_path) if stories_path else []
    preds = defaultdict(list)
    for c in claims:
        if c.get("article_id") in scope:
            preds[c["article_id"]].append(c)
    report: dict[str, Any] = {
        "articles": len(gold),
        "claims": score.score_claims(bodies, gold, preds),
        "alerts": score.score_alerts(gold, stories, alerts, scope),
        "run": {
            "articles_in": len(articles),
            "claims_out": len(claims),
            "alerts_out": len(alerts),
            "alerts_by_type": _count_types(alerts),
            "seconds": round(seconds, 3),
            "contradiction_window_s": settings.contradiction_window.total_seconds(),
            "alert_types": sorted(settings.alert_types),
            "scorer": str(Path(scorer) if scorer else scorer_path()),
        },
    }
    (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
    report["run"]["chart"] = str(write_chart(report, out))
    (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
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
    """Per-type precision/recall bars: report.png via matplotlib if present, else report.svg."""
    out = Path(out_dir)
    rows = chart_rows(report)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        path = out / "report.svg"
        path.write_text(svg_chart(rows), encoding="utf-8")
        return path
    fig, ax = plt.subplots(figsize=(1.6 * max(3, len(rows)), 3.2))
    xs = range(len(rows))
    ax.bar([x - 0.2 for x in xs], [r[1] for r in rows], width=0.4, label="precision")
    ax.bar([x + 0.2 for x in xs], [r[2] for r in rows], width=0.4, label="recall")
    ax.set_xticks(list(xs), [r[0] for r in rows], rotation=15)
    ax.set_ylim(0, 1)
    ax.set_title("Gainsay backtest: alerts")
    ax.legend()
    fig.tight_layout()
    path = out / "report.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def svg_chart(rows: list[tuple[str, float, float, float]]) -> str:
    """A small grouped bar chart (precision, recall) as standalone SVG."""
    bar, gap, height, top, left = 18, 24, 160, 30, 40
    group = 2 * bar + gap
    width = left + max(1, len(rows)) * group + 20
    total_h = top + height + 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total_h}" '
        f'font-family="sans-serif" font-size="11">',
        f'<text x="{left}" y="16" font-size="13">Gainsay backtest: alert precision / recall'
        f'</text>',
        f'<line x1="{left}" y1="{top + height}" x2="{width - 10}" y2="{top + height}" '
        f'stroke="#444"/>',
    ]
    for tick in (0.0, 0.5, 1.0):
        y = top + height - tick * height
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:.1f}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" '
                     f'stroke="#ddd"/>')
    for i, (name, p, r, _f) in enumerate(rows):
        x = left + gap / 2 + i * group
        for j, (value, colour) in enumerate(((p, "#4c72b0"), (r, "#dd8452"))):
            h = max(0.0, min(1.0, value)) * height
            parts.append(f'<rect x="{x + j * bar:.1f}" y="{top + height - h:.1f}" width="{bar}" '
                         f'height="{h:.1f}" fill="{colour}"><title>{escape(name)} '
                         f'{"PR"[j]}={value:.3f}</title></rect>')
        parts.append(f'<text x="{x + bar:.1f}" y="{top + height + 14}" text-anchor="middle">'
                     f'{escape(name)}</text>')
    ly = top + height + 34
    parts.append(f'<rect x="{left}" y="{ly - 9}" width="10" height="10" fill="#4c72b0"/>'
                 f'<text x="{left + 14}" y="{ly}">precision</text>'
                 f'<rect x="{left + 90}" y="{ly - 9}" width="10" height="10" fill="#dd8452"/>'
                 f'<text x="{left + 104}" y="{ly}">recall</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


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
    """Print the per-type P/R/F1 table with Rich."""
    from rich.console import Console

    (console or Console()).print(report_table(report))
