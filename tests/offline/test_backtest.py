"""`backtest` end to end: real extraction on DEV scored like the reference scorer scores it,
the judge against gold alerts given gold claims, and comparison with a baseline report."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from rich.console import Console

from streams.offline import backtest as bt
from streams.offline import charts
from streams.offline.compare import deltas, load_report
from tests.offline.gold_oracle import GoldExtractor
from tests.offline.gold_sets import REFERENCE_SCORER, gold_set

SVG = "{http://www.w3.org/2000/svg}"


class WithoutDenials(GoldExtractor):
    """Gold claims minus every denial: a worse 'model' with a known effect."""

    def claims_for(self, article):
        return [c for c in super().claims_for(article) if c.polarity != "deny"]


@pytest.fixture(scope="module")
def dev_inputs():
    articles, gold, stories = gold_set("dev")
    return bt.load_inputs(articles, gold, stories)


def test_backtest_with_real_extraction_scores_like_the_reference(dev_inputs, extractor, tmp_path):
    report = bt.backtest(dev_inputs, extractor, tmp_path)
    for name in ("claims.jsonl", "alerts.jsonl", "report.json", "report.svg"):
        assert (tmp_path / name).is_file(), name
    assert json.loads((tmp_path / "report.json").read_text()) == json.loads(json.dumps(report))
    articles, gold, stories = gold_set("dev")
    reference = subprocess.run(
        [sys.executable, str(REFERENCE_SCORER), "--articles", str(articles), "--gold", str(gold),
         "--stories", str(stories), "--claims", str(tmp_path / "claims.jsonl"),
         "--alerts", str(tmp_path / "alerts.jsonl"), "--json"],
        capture_output=True, text=True, check=True)
    expected = json.loads(reference.stdout)
    assert json.loads(json.dumps(report["claims"])) == expected["claims"]
    assert report["alerts"] == expected["alerts"]
    # quality floors on the development set (measured 0.983 / 0.88), with margin
    assert report["claims"]["speaker_attribution"]["f1"] >= 0.90
    assert report["alerts"]["all"]["f1"] >= 0.75
    alerts = [json.loads(line) for line in (tmp_path / "alerts.jsonl").open()]
    assert len({a["alert_id"] for a in alerts}) == len(alerts) == report["run"]["alerts_out"]


def test_judge_recovers_gold_alerts_from_gold_claims(dev_inputs, tmp_path):
    _articles, gold, _stories = gold_set("dev")
    full = bt.backtest(dev_inputs, GoldExtractor(gold), tmp_path / "full")["alerts"]["by_type"]
    assert full["denial"]["recall"] == 1.0 and full["denial"]["precision"] == 1.0
    assert full["contradiction"]["recall"] >= 0.9
    assert full["self_contradiction"]["recall"] == 1.0
    # the control: without denials there is nothing to deny or contradict
    blind = bt.backtest(dev_inputs, WithoutDenials(gold), tmp_path / "blind")["alerts"]["by_type"]
    assert blind["denial"]["recall"] == 0.0
    assert blind["contradiction"]["recall"] == 0.0


def test_baseline_comparison_shows_per_type_deltas(dev_inputs, tmp_path):
    _articles, gold, _stories = gold_set("dev")
    bt.backtest(dev_inputs, WithoutDenials(gold), tmp_path / "old")
    baseline = load_report(tmp_path / "old" / "report.json")
    report = bt.backtest(dev_inputs, GoldExtractor(gold), tmp_path / "new", baseline=baseline)
    rows = {d["name"]: d for d in report["baseline"]["deltas"]}
    assert rows["denial"]["delta"]["recall"] == 1.0
    assert rows["denial"]["base"]["predicted"] == 0
    assert rows["contradiction"]["delta"]["f1"] > 0.5
    assert rows["all"]["delta"]["f1"] == pytest.approx(
        report["alerts"]["all"]["f1"] - baseline["alerts"]["all"]["f1"], abs=1e-4)
    assert "claims denials" in rows
    svg = ET.parse(tmp_path / "new" / "delta.svg").getroot()
    titles = [r.findtext(f"{SVG}title") for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert "denial Δ recall=+1.000" in titles
    console = Console(record=True, width=140)
    bt.print_report(report, console=console)
    text = console.export_text()
    assert "Change against the baseline" in text and "+1.000" in text
    # the same comparison the other way round is a regression
    back = {d.name: d for d in deltas(baseline, report)}
    assert back["denial"].change("recall") == -1.0


def test_load_report_rejects_what_is_not_a_report(tmp_path):
    (tmp_path / "x.json").write_text('{"articles": 3}')
    with pytest.raises(ValueError, match="not a gainsay backtest report"):
        load_report(tmp_path / "x.json")
    (tmp_path / "y.json").write_text("{nope")
    with pytest.raises(ValueError, match="y.json"):
        load_report(tmp_path / "y.json")


def test_pr_chart_is_small_and_well_formed():
    report = {"alerts": {"all": {"precision": 0.5, "recall": 0.75, "f1": 0.6},
                         "by_type": {"denial": {"precision": 1.0, "recall": 0.5, "f1": 0.667},
                                     "a<b": {"precision": 0.0, "recall": 0.0, "f1": 0.0}}}}
    svg = charts.pr_chart(bt.chart_rows(report))
    root = ET.fromstring(svg)
    assert len(svg) < 6000
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 2 * 3
    heights = {r.findtext(f"{SVG}title"): float(r.get("height")) for r in bars}
    assert heights["denial precision=+1.000"] == pytest.approx(2 * heights["denial recall=+0.500"])
    assert heights["a<b recall=+0.000"] == 0.0


def test_delta_chart_draws_losses_below_the_zero_line():
    root = ET.fromstring(charts.delta_chart([("denial", 0.5, -0.5, 0.0)]))
    bars = {r.findtext(f"{SVG}title"): r for r in root.iter(f"{SVG}rect")
            if r.find(f"{SVG}title") is not None}
    gain, loss = bars["denial Δ precision=+0.500"], bars["denial Δ recall=-0.500"]
    zero = float(gain.get("y")) + float(gain.get("height"))
    assert float(loss.get("y")) == pytest.approx(zero)
    assert float(loss.get("height")) == pytest.approx(float(gain.get("height")))
