"""Per-actor events and the in-memory rolling counters."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from streams.judge.activity import record, totals
from streams.judge.actors import actor_counter_events, actor_events, latest_claim_summary
from streams.judge.stance import JudgeSettings, judge_claim
from tests.judge.factory import make_claim

NOW = datetime(2030, 1, 1, tzinfo=UTC)
T = datetime(2015, 10, 15, tzinfo=UTC)


def judged(claims):
    table, out = {}, []
    for c in claims:
        state, alerts = judge_claim(table.get(c.proposition.key), c, settings=JudgeSettings(),
                                    now=NOW)
        table[c.proposition.key] = state
        out.append((c, alerts))
    return out


def test_actor_events_counts_claims_denials_and_contradictions():
    aff = make_claim("a1", "igor-konashenkov", "affirm", start=1)
    den = make_claim("a1", "talal-silo", "deny", start=50, text="x" * 300)
    (_, a1), (_, a2) = judged([aff, den])
    assert actor_counter_events(aff, a1) == [("igor-konashenkov", "claims")]
    assert actor_counter_events(den, a2) == [
        ("talal-silo", "claims"), ("talal-silo", "denials"),
        ("igor-konashenkov", "contradictions"), ("talal-silo", "contradictions")]
    events = dict(actor_events(den, a2))
    assert events["talal-silo"]["counters"] == ["claims", "denials", "contradictions"]
    assert events["igor-konashenkov"] == {"counters": ["contradictions"], "latest": None}
    latest = events["talal-silo"]["latest"]
    assert latest == latest_claim_summary(den)
    assert latest["text"] == "x" * 200 and latest["proposition"] == "cooperate:russia+sdf"
    assert set(latest) == {"claim_id", "article_id", "published_at", "polarity", "text",
                           "proposition"}


def test_unknown_speakers_have_no_actor_events():
    c = make_claim("a1", "unknown", "deny")
    assert actor_events(c, []) == []


def test_activity_counts_per_window_and_stays_bounded():
    t0 = T.timestamp()
    act = None
    for minutes in range(0, 60 * 24 * 10, 30):  # one claim every 30 min for 10 days
        act = record(act, ["claims"], t0 + 60 * minutes)
    now = t0 + 60 * (60 * 24 * 10 - 30)
    got = totals(act, now)
    assert got["1h"]["claims"] == 2
    assert got["24h"]["claims"] == 48
    assert got["7d"]["claims"] == 7 * 48
    assert len(act["fine"]) <= 13 and len(act["coarse"]) <= 169
    assert json.loads(json.dumps(act)) == act


def test_activity_from_judged_claims_keeps_latest_first():
    claims = [make_claim("a1", "igor-konashenkov", "affirm", start=1),
              make_claim("a1", "talal-silo", "deny", start=50),
              make_claim("a2", "talal-silo", "deny", start=5, at="2015-10-16T00:00:00Z")]
    acts: dict = {}
    at = T.timestamp()
    for claim, alerts in judged(claims):
        for actor, payload in actor_events(claim, alerts):
            acts[actor] = record(acts.get(actor), payload["counters"], at, payload["latest"])
    silo = totals(acts["talal-silo"], at)
    assert silo["24h"] == {"claims": 2, "denials": 2, "contradictions": 2}
    assert [x["article_id"] for x in acts["talal-silo"]["latest"]] == ["a2", "a1"]
    assert totals(acts["igor-konashenkov"], at + 8 * 86400)["7d"]["claims"] == 0
