"""The desk page in a real headless Chromium (Debian's, driven by Playwright).

Load /desk, produce an article to the real broker, and watch its alerts appear without a
reload, newest first, with headline, both sides' quotes, actor links and article ids;
filter by type and by actor; open an actor page. Screenshots go to reports/ (artifacts);
``docs/img/desk.png`` in the README is a copy of one.
"""

from __future__ import annotations

import json
import tempfile
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.front_worker import REPO, FrontWorker, front_worker, wait_for  # noqa: F401

pytestmark = pytest.mark.kafka

CHROMIUM = "/usr/bin/chromium"  # Debian package chromium (make setup installs it)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REPORTS = REPO / "reports"


@pytest.fixture(scope="module")
def browser_page() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} missing: run `make setup` (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True,
            viewport={"width": 412, "height": 915}, device_scale_factor=1)
        try:
            yield context.new_page()
        finally:
            context.close()


def actor_known(front: FrontWorker, actor_id: str) -> bool:
    try:
        return bool(json.loads(front.worker.get(f"/actors/{actor_id}"))["latest_claims"])
    except urllib.error.HTTPError:
        return False


def test_alerts_appear_live_and_filter(front_worker: FrontWorker, browser_page) -> None:  # noqa: F811
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(front_worker.worker.web + "/desk")
    page.wait_for_selector("#status.live", timeout=30_000)
    before = page.locator("li.alert").count()
    page.evaluate("window.__sameDocument = true")  # survives only if the page is never reloaded

    article_id = front_worker.produce_seed_copy("desk")
    mine = page.locator(f"li.alert:has(code:text-is('{article_id}'))")
    mine.first.wait_for(timeout=120_000)
    page.wait_for_timeout(3000)  # the article's later alerts too
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded"
    count = mine.count()
    assert count >= 3, f"only {count} alerts of {article_id} shown"
    assert page.locator("li.alert").count() == before + count

    # newest first: detected_at never increases down the list
    stamps = page.locator("li.alert time").evaluate_all(
        "ts => ts.map(t => t.title.replace('detected ', ''))")
    assert stamps == sorted(stamps, reverse=True), stamps

    contradiction = page.locator(f"li.alert[data-type='contradiction']:has(code:text-is('{article_id}'))")
    card = contradiction.first
    assert card.locator(".headline").inner_text().strip()
    quotes = card.locator("figure.quote")
    assert quotes.count() == 2, "a contradiction shows both sides"
    assert {q.get_attribute("class").split()[-1] for q in quotes.all()} == {"affirm", "deny"}
    for q in quotes.all():
        assert q.locator("blockquote").inner_text().startswith("“")
    links = card.locator(".actors a")
    assert links.count() == 2 and all((a.get_attribute("href") or "").startswith("/actors/")
                                      for a in links.all())
    REPORTS.mkdir(exist_ok=True)
    page.screenshot(path=str(REPORTS / "desk.png"), full_page=False)

    # filter by type: only denials remain visible
    page.select_option("#filter-type", "denial")
    visible_types = page.locator("li.alert:visible").evaluate_all("ls => ls.map(l => l.dataset.type)")
    assert visible_types and set(visible_types) == {"denial"}
    assert "type=denial" in page.url
    # and by actor: the contradiction's first actor, across all types
    page.select_option("#filter-type", "")
    actor_id = links.first.get_attribute("data-actor")
    page.fill("#filter-actor", actor_id)
    shown = page.locator("li.alert:visible")
    assert 0 < shown.count() < page.locator("li.alert").count()
    for item in shown.all():
        assert actor_id in item.locator(".actors a").evaluate_all("as => as.map(a => a.dataset.actor)")
    page.screenshot(path=str(REPORTS / "desk-filtered.png"))

    # the actor page: counts, recent claims and denials, and the alerts naming the actor.
    # The actor table is fed through its own topic, so on a busy machine it may trail the alerts.
    assert wait_for(lambda: actor_known(front_worker, actor_id), 90), f"{actor_id} not in the table"
    page.goto(front_worker.worker.web + f"/actors/{actor_id}")
    page.wait_for_selector("#claims li.claim", timeout=30_000)
    assert page.locator("#counts tbody tr").count() == 3
    assert page.locator("#alerts li.alert").count() >= 1
    page.screenshot(path=str(REPORTS / "desk-actor.png"), full_page=True)
    assert not errors, errors


def test_readme_screenshot_is_committed() -> None:
    """The README shows the desk; the image it links is in the repository."""
    assert "docs/img/desk.png" in (REPO / "README.md").read_text(encoding="utf-8")
    image = REPO / "docs/img/desk.png"
    assert image.is_file() and image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

