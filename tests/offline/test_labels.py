"""Gold label files are validated against schemas/label*.schema.json, every bad line named."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from streams import cli
from streams.offline.labels import BadLabels, read_labels
from tests.offline.gold_sets import GOLD_SETS, gold_set

CLAIM = {"speaker": "John Smith", "aliases": ["Smith"], "org": None, "text": "We never met them",
         "kind": "direct", "polarity": "deny", "topic": "Smith met them"}
ARTICLE = {"id": "a1", "published_at": "2015-01-01T00:00:00Z",
           "body": "“We never met them,” the minister, John Smith, said on Monday."}


def write(path, lines):
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines))
    return path


@pytest.mark.parametrize("name", sorted(GOLD_SETS))
def test_every_shipped_gold_set_is_valid(name):
    _articles, gold, stories = gold_set(name)
    assert read_labels(gold, "label")
    assert read_labels(stories, "story_label")


def test_each_bad_line_is_reported_with_file_and_line(tmp_path):
    path = write(tmp_path / "gold.jsonl", [
        {"article_id": "a1", "claims": [CLAIM], "alerts": [{"type": "denial", "actors": ["John Smith"]}]},
        "{broken",
        {"article_id": "a2", "claims": [{**CLAIM, "polarity": "maybe"}]},
        {"claims": []},
        {"article_id": "a1", "claims": []},
        {"article_id": "a3", "claims": [], "alerts": [{"type": "rumour", "actors": ["X"]}]},
    ])
    with pytest.raises(BadLabels) as caught:
        read_labels(path)
    lines = {bad.line: bad for bad in caught.value.lines}
    assert sorted(lines) == [2, 3, 4, 5, 6]
    assert lines[2].code == "invalid_json"
    assert lines[3].code == "schema" and "claims/0/polarity" in lines[3].detail
    assert "'article_id' is a required property" in lines[4].detail
    assert lines[5].code == "duplicate" and "line 1" in lines[5].detail
    assert "alerts/0/type" in lines[6].detail
    assert str(lines[3]).startswith(f"{path}:3: schema: ")


def test_story_labels_need_articles(tmp_path):
    path = write(tmp_path / "stories.jsonl",
                 [{"type": "contradiction", "actors": ["A", "B"], "articles": []}])
    with pytest.raises(BadLabels, match=r"stories.jsonl:1: schema: articles"):
        read_labels(path, "story_label")


def test_backtest_cli_names_bad_label_lines_and_scores_nothing(tmp_path):
    articles = write(tmp_path / "articles.jsonl", [ARTICLE])
    gold = write(tmp_path / "gold.jsonl", [{"article_id": "a1", "claims": [CLAIM]},
                                           {"article_id": "a2", "claims": [{**CLAIM, "kind": "quote"}]}])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.app, ["backtest", str(articles), "--gold", str(gold),
                                          "--out-dir", str(out)])
    assert result.exit_code == 2
    assert f"{gold}:2: schema: claims/0/kind" in result.output
    assert not out.exists()


def test_schema_command_prints_the_label_schema():
    result = CliRunner().invoke(cli.app, ["schema", "label"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "label"
