"""Backtest over the DEV gold with a perfect ("oracle") extractor, scored by score.py."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from streams.offline import backtest as bt
from tests.offline.gold_oracle import GOLD_DIR, GoldExtractor

ARTICLES = GOLD_DIR / "dev_articles.jsonl"
GOLD = GOLD_DIR / "dev.jsonl"
STORIES = GOLD_DIR / "dev_stories.jsonl"

needs_gold = pytest.mark.skipif(not (ARTICLES.is_file() and bt.scorer_path().is_file()),
                                reason="shared gold data or reference scorer not present")


@needs_gold
def test_backtest_with_gold_claims(tmp_path):
    report = bt.backtest(ARTICLES, GOLD, STORIES, GoldExtractor(GOLD), tmp_path)
    for name in ("claims.jsonl", "alerts.jsonl", "report.json"):
        assert (tmp_path / name).is_file()
    assert (tmp_path / "report.png").is_file() or (tmp_path / "report.svg").is_file()
    assert json.loads((tmp_path / "report.json").read_text())["alerts"] == report["alerts"]
    by_type = report["alerts"]["by_type"]
    # with perfect claims, every gold alert is found
    assert by_type["denial"]["recall"] == 1.0
    assert by_type["denial"]["precision"] == 1.0
    assert by_type["contradiction"]["recall"] >= 0.9
    assert by_type["self_contradiction"]["recall"] == 1.0
    assert report["alerts"]["all"]["precision"] >= 0.8
    assert report["claims"]["claims_found"]["recall"] == 1.0
    alerts = [json.loads(line) for line in (tmp_path / "alerts.jsonl").open()]
    assert len({a["alert_id"] for a in alerts}) == len(alerts)
    console = Console(record=True, width=120)
    bt.print_report(report, console=console)
    text = console.export_text()
    assert "contradiction" in text and "denial" in text


def test_load_scorer_from_env(tmp_path, monkeypatch):
    fake = tmp_path / "score.py"
    fake.write_text("def score_alerts(*a):\n    return 'ok'\n")
    monkeypatch.setenv(bt.SCORER_ENV, str(fake))
    assert bt.scorer_path() == fake
    assert bt.load_scorer().score_alerts() == "ok"
    monkeypatch.setenv(bt.SCORER_ENV, str(tmp_path / "missing.py"))
    with pytest.raises(FileNotFoundError):
        bt.load_scorer()


def test_svg_chart_is_small_and_well_formed(tmp_path):
    import xml.etree.ElementTree as ET

    report = {"alerts": {"all": {"precision": 0.5, "recall": 0.75, "f1": 0.6},
                         "by_type": {"denial": {"precision": 1.0, "recall": 0.5, "f1": 0.667},
                                     "a<b": {"precision": 0.0, "recall": 0.0, "f1": 0.0}}}}
    svg = bt.svg_chart(bt.chart_rows(report))
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert len(svg) < 6000
    assert len(root.findall("{http://www.w3.org/2000/svg}rect")) == 2 * 3 + 2
