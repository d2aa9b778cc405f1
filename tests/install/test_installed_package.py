"""The wheel works on its own: built, installed into a fresh virtualenv outside the repo,
then `gainsay extract`, `detect`, `backtest` and `schema` run from a directory with no
checkout (and no ``../shared``) around it. Needs PyPI for the dependencies (~1 min)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from streams.judge.stance import JudgeSettings
from streams.offline.detect import detect
from streams.records import Article
from tests.offline.gold_sets import gold_set

pytestmark = pytest.mark.install
REPO = Path(__file__).resolve().parents[2]


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600):
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd[:3]}… exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """``bin/`` of a fresh virtualenv with the wheel of this checkout (and pinned deps)."""
    root = tmp_path_factory.mktemp("installed")
    assert REPO not in root.parents
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root / "dist"), str(REPO)], root)
    wheel = next((root / "dist").glob("gainsay-*.whl"))
    run([sys.executable, "-m", "venv", str(root / "venv")], root)
    bin_dir = root / "venv" / "bin"
    run([str(bin_dir / "pip"), "install", "-q", "-c", str(REPO / "constraints.txt"), str(wheel)], root,
        timeout=900)
    return bin_dir


def test_installed_gainsay_runs_outside_the_repo(installed, tmp_path, extractor):
    articles, gold, stories = gold_set("dev")
    work = tmp_path / "elsewhere"
    work.mkdir()
    for src in (articles, gold, stories):
        shutil.copy(src, work / src.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GAINSAY_", "PYTHON"))}
    gainsay = str(installed / "gainsay")

    where = run([str(installed / "python"), "-c", "import streams; print(streams.__file__)"], work, env)
    assert str(installed.parent) in where.stdout and str(REPO) not in where.stdout

    run([gainsay, "extract", articles.name, "-o", "claims.jsonl"], work, env)
    claims = [json.loads(x) for x in (work / "claims.jsonl").read_text().splitlines()]
    assert len(claims) > 50 and {c["article_id"] for c in claims} <= {
        json.loads(x)["id"] for x in articles.read_text().splitlines() if x.strip()}

    run([gainsay, "detect", articles.name, "-o", "alerts.jsonl"], work, env)
    ids = {json.loads(x)["alert_id"] for x in (work / "alerts.jsonl").read_text().splitlines()}
    lines = [x for x in articles.read_text().splitlines() if x.strip()]
    in_repo = sorted((Article.from_dict(json.loads(x)) for x in lines), key=lambda a: (a.published_at, a.id))
    assert ids == {a.alert_id for a in detect(in_repo, extractor, settings=JudgeSettings())}

    run([gainsay, "backtest", articles.name, "--gold", gold.name, "--stories", stories.name,
         "--out-dir", "report", "--fail-under", "0.5"], work, env)
    report = json.loads((work / "report/report.json").read_text())
    assert report["run"]["scorer"] == "streams.offline.scoring"
    assert report["alerts"]["all"]["f1"] >= 0.5 and (work / "report/report.svg").is_file()

    label = run([gainsay, "schema", "label"], work, env)
    assert json.loads(label.stdout)["title"] == "label"
