"""The offline commands name the file and line of a bad record and exit non-zero."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from streams.cli import app

runner = CliRunner()
GOOD = json.dumps({"id": "a1", "published_at": "2015-01-01T00:00:00Z",
                   "body": "“We never met them,” the minister, John Smith, said on Monday."})


def test_extract_reports_the_bad_line_and_exits_2(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(GOOD + "\n{broken\n")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert f"{path}:2: invalid_json" in result.output


def test_extract_skip_bad_goes_on_and_counts(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("{broken\n" + GOOD + "\n")
    result = runner.invoke(app, ["extract", str(path), "--skip-bad"])
    assert result.exit_code == 0
    claims = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert claims and all(c["article_id"] == "a1" for c in claims)
    assert "1 bad lines skipped" in result.output


def test_detect_rejects_a_schema_violation_with_its_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(GOOD + "\n" + json.dumps({"id": "x", "published_at": "now", "body": ""}) + "\n")
    result = runner.invoke(app, ["detect", str(path)])
    assert result.exit_code == 2
    assert f"{path}:2: schema" in result.output
