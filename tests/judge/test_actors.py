"""Per-actor events and the in-memory rolling counters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from streams.judge.actors import actor_counter_events, actor_events, latest_claim_summary
from streams.judge.stance import JudgeSettings, judge_claim
from streams.judge.windows import RollingCounts
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


def test_rolling_counts_window_and_expiry():
    rc = RollingCounts(size=timedelta(hours=24), step=timedelta(hours=1))
    for h in range(48):
        rc.add("silo", "claims", T + timedelta(hours=h, minutes=30))
    assert rc.count("silo", "claims", T + timedelta(hours=47, minutes=30)) == 24
    assert rc.count("silo", "claims", T + timedelta(hours=60)) == 11
    assert len(rc) <= 25  # old buckets are gone
    rc.add("silo", "claims", T)  # far too old: ignored
    assert rc.count("silo", "claims", T) == 0
    rc.add("silo", "claims", T + timedelta(days=30))
    assert len(rc) == 1


def test_rolling_counts_from_judged_claims():
    rc = RollingCounts(size=timedelta(days=7), step=timedelta(hours=6))
    claims = [make_claim("a1", "igor-konashenkov", "affirm", start=1),
              make_claim("a1", "talal-silo", "deny", start=50),
              make_claim("a1", "nasser-haji-mansur", "deny", start=90)]
    for c, alerts in judged(claims):
        rc.add_claim(c, alerts)
    assert rc.snapshot("igor-konashenkov", T) == {"claims": 1, "denials": 0, "contradictions": 2}
    assert rc.snapshot("talal-silo", T) == {"claims": 1, "denials": 1, "contradictions": 1}
    assert rc.snapshot("talal-silo", T + timedelta(days=8)) == {
        "claims": 0, "denials": 0, "contradictions": 0}
