"""Property tests: serialising the state between claims changes nothing; redelivery is a no-op."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.judge.stance import JudgeSettings, judge_claim
from streams.records import Alert
from tests.judge.factory import make_claim, when

NOW = datetime(2030, 1, 1, tzinfo=UTC)
ACTORS = ["igor-konashenkov", "talal-silo", "nasser-haji-mansur", "unknown", "apple"]
KEYS = ["cooperate:russia+sdf", "story:s1"]


@st.composite
def claim_sequences(draw, max_day: float = 12.0):
    n_articles = draw(st.integers(1, 6))
    days = draw(st.lists(st.floats(0, max_day, allow_nan=False), min_size=n_articles,
                         max_size=n_articles))
    steps = draw(st.lists(st.tuples(
        st.integers(0, n_articles - 1), st.sampled_from(ACTORS),
        st.sampled_from(["affirm", "deny", "hedge"]), st.sampled_from(KEYS),
        st.integers(0, 6), st.floats(0.1, 1.0)), min_size=1, max_size=40))
    return [make_claim(f"art-{a}", actor, pol, key=key, at=when(days[a]), start=start * 10,
                       confidence=round(conf, 3))
            for a, actor, pol, key, start, conf in steps]


def judge_all(claims, cfg, *, roundtrip: bool, table=None) -> list[Alert]:
    table = {} if table is None else table
    out = []
    for c in claims:
        state = table.get(c.proposition.key)
        if roundtrip and state is not None:
            state = json.loads(json.dumps(state))
        state, alerts = judge_claim(state, c, settings=cfg, now=NOW)
        if roundtrip:
            state = json.loads(json.dumps(state))
        table[c.proposition.key] = state
        out.extend(alerts)
    return out


SMALL = JudgeSettings(contradiction_window=timedelta(days=3), max_claims=4, max_seen=6,
                      max_fired=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim_sequences(), st.sampled_from([JudgeSettings(), SMALL]))
def test_serialising_state_between_claims_changes_nothing(claims, cfg):
    plain = judge_all(claims, cfg, roundtrip=False)
    tripped = judge_all(claims, cfg, roundtrip=True)
    assert [a.to_dict() for a in plain] == [a.to_dict() for a in tripped]
    content: dict[str, tuple] = {}
    for a in plain:
        assert Alert.from_dict(a.to_dict()) == a
        # one id, one alert: an id never names two different things
        what = (a.type, a.proposition.key, tuple(sorted(x.id for x in a.actors)))
        assert content.setdefault(a.alert_id, what) == what
        assert all(x.id not in ("", "unknown") for x in a.actors)
        assert all(c.polarity != "hedge" for c in a.claims)


@settings(max_examples=200, deadline=None)
@given(claim_sequences(max_day=5.0))
def test_redelivering_everything_yields_nothing(claims):
    cfg = JudgeSettings()
    table: dict = {}
    first = judge_all(claims, cfg, roundtrip=False, table=table)
    assert len({a.alert_id for a in first}) == len(first)  # never the same alert twice
    again = judge_all(claims, cfg, roundtrip=False, table=table)
    assert again == []


@settings(max_examples=200, deadline=None)
@given(claim_sequences(max_day=5.0), st.randoms(use_true_random=False))
def test_article_arrival_order_does_not_change_the_alerts(claims, rnd):
    """Partitions may deliver articles in any order; each article's claims stay in order."""
    cfg = JudgeSettings()
    by_article: dict[str, list] = {}
    for c in claims:
        by_article.setdefault(c.article_id, []).append(c)
    order = list(by_article)
    rnd.shuffle(order)
    shuffled = [c for aid in order for c in by_article[aid]]
    in_file_order = [c for aid in sorted(by_article, key=lambda a: by_article[a][0].published_at)
                     for c in by_article[aid]]
    assert ({a.alert_id for a in judge_all(in_file_order, cfg, roundtrip=False)}
            == {a.alert_id for a in judge_all(shuffled, cfg, roundtrip=False)})
