"""The desk's static files: shipped as package data, self-contained (no CDN, nothing from
elsewhere), and safe with untrusted alert text (no HTML built from strings)."""

from __future__ import annotations

import re

from streams.app.desk import SECURITY_HEADERS, load_static, matches, resume_point

REFERENCE = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


def test_pages_reference_only_shipped_files() -> None:
    files = load_static()
    assert {"desk.html", "actor.html", "desk.js", "actor.js", "desk.css"} <= set(files)
    for page in ("desk.html", "actor.html"):
        html = files[page][0].decode()
        assert 'name="viewport"' in html, f"{page} is not laid out for phones"
        for ref in REFERENCE.findall(html):
            if ref.startswith("data:") or ref == "/desk":
                continue
            assert ref.startswith("/desk/static/"), f"{page} loads {ref}"
            assert ref.removeprefix("/desk/static/") in files, f"{page}: {ref} is not shipped"


def test_nothing_comes_from_elsewhere() -> None:
    for name, (body, _type) in load_static().items():
        text = body.decode()
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text), f"{name} names a host"
        assert "@import" not in text
    assert "default-src 'self'" in SECURITY_HEADERS["Content-Security-Policy"]


def test_scripts_never_build_html_from_strings() -> None:
    for name in ("desk.js", "actor.js"):
        text = load_static()[name][0].decode()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in text, f"{name} uses {sink}"


def test_filters_and_resume_point() -> None:
    alert = {"type": "denial", "actors": [{"id": "sdf", "name": "SDF"}]}
    assert matches(alert, None, None) and matches(alert, "denial", "sdf")
    assert not matches(alert, "contradiction", None) and not matches(alert, None, "russia")

    class Feed:
        epoch = "abc"

    assert resume_point(Feed(), "abc-17") == 17
    assert resume_point(Feed(), "old-17") == 0, "after a worker restart the page gets everything"
    assert resume_point(Feed(), None) == 0 and resume_point(Feed(), "abc-x") == 0


def test_alert_feed_dedupes_bounds_and_wakes() -> None:
    import asyncio

    from prometheus_client import CollectorRegistry

    from streams.app.desk_feed import AlertFeed
    from streams.metrics import DeskMetrics

    async def go() -> None:
        feed = AlertFeed(3, DeskMetrics.create(CollectorRegistry()))
        assert not await feed.wait(0, 0.05), "nothing yet: times out"
        waiter = asyncio.create_task(feed.wait(0, 5))
        await asyncio.sleep(0)
        assert feed.add({"alert_id": "a1"})
        assert await waiter, "a waiting page is woken by a new alert"
        assert not feed.add({"alert_id": "a1"}), "a redelivered alert is shown once"
        feed.add_raw(b"not json")
        feed.add_raw(b'{"no": "id"}')
        for n in range(2, 6):
            feed.add({"alert_id": f"a{n}"})
        assert [a["alert_id"] for _s, a in feed.after(0)] == ["a3", "a4", "a5"]
        assert [s for s, _a in feed.after(4)] == [5]
        assert feed.add({"alert_id": "a1"}), "an id that fell out of the window may return"
        outcomes = {s.labels["outcome"]: s.value for s in feed.metrics.records.collect()[0].samples
                    if s.name.endswith("_total")}
        assert outcomes == {"shown": 6, "duplicate": 1, "undecodable": 2}
        feed.close()
        assert not await feed.wait(feed.seq, 5), "close ends every wait at once"

    asyncio.run(asyncio.wait_for(go(), 10))
