"""`gainsay backtest --baseline --fail-under`: deltas printed and plotted, the floor enforced."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from streams import cli
from tests.offline.gold_sets import gold_set

runner = CliRunner()


def test_baseline_and_fail_under(tmp_path, extractor, monkeypatch):
    monkeypatch.setattr(cli, "_extractor", lambda settings: extractor)
    articles, gold, stories = gold_set("dev")
    base = ["backtest", str(articles), "--gold", str(gold), "--stories", str(stories)]
    first = runner.invoke(cli.app, [*base, "--out-dir", str(tmp_path / "a"), "--fail-under", "0"])
    assert first.exit_code == 0, first.output
    f1 = json.loads((tmp_path / "a/report.json").read_text())["alerts"]["all"]["f1"]
    assert 0.0 < f1 < 1.0
    second = runner.invoke(cli.app, [*base, "--out-dir", str(tmp_path / "b"),
                                     "--baseline", str(tmp_path / "a/report.json"),
                                     "--fail-under", f"{f1 + 0.001:.4f}"])
    assert second.exit_code == 1
    assert "is under --fail-under" in second.output
    assert "Change against the baseline" in second.output
    assert (tmp_path / "b/delta.svg").is_file()
    rows = json.loads((tmp_path / "b/report.json").read_text())["baseline"]["deltas"]
    assert {r["name"]: r["delta"]["f1"] for r in rows}["all"] == 0.0  # same code, same numbers
    at_floor = runner.invoke(cli.app, [*base, "--out-dir", str(tmp_path / "c"), "--fail-under", str(f1)])
    assert at_floor.exit_code == 0


def test_a_bad_baseline_is_refused_before_any_work(tmp_path):
    articles, gold, stories = gold_set("dev")
    (tmp_path / "old.json").write_text("[]")
    result = runner.invoke(cli.app, ["backtest", str(articles), "--gold", str(gold),
                                     "--baseline", str(tmp_path / "old.json"),
                                     "--out-dir", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "not a gainsay backtest report" in result.output
    assert not (tmp_path / "out").exists()
