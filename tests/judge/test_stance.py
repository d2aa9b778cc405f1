"""Rules, idempotency and state upkeep of judge_claim, on hand-made claims."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta

import pytest

from streams.judge.rules import alert_actors
from streams.judge.stance import JudgeSettings, judge_claim
from streams.nlp.lexicons import slug
from streams.records import Alert, Claim, parse_time
from tests.judge.factory import SEED_ALERTS, make_claim, when

NOW = datetime(2030, 1, 1, tzinfo=UTC)
SETTINGS = JudgeSettings()
RU_SDF = "cooperate:russia+sdf"
RU_US = "cooperate:russia+united-states"
STORY = "story:s1"
# two facts of one story: a suspension, and a round of golf
SUSPENSION = {"@tiger-woods": 1.0, "suspen": 0.95, "drug": 0.6, "test": 0.5}
GOLF = {"@tiger-woods": 1.0, "golf": 0.8, "round": 0.4, "augusta": 1.0}


def run(claims, settings=SETTINGS, table=None, roundtrip=False):
    """Judge claims in order against a dict stance table; return (alerts, table)."""
    table = {} if table is None else table
    alerts: list[Alert] = []
    for claim in claims:
        key = claim.proposition.key
        state = table.get(key)
        if roundtrip and state is not None:
            state = json.loads(json.dumps(state))
        state, new = judge_claim(state, claim, settings=settings, now=NOW)
        table[key] = state
        alerts.extend(new)
    return alerts, table


def kinds(alerts):
    return sorted((a.type, tuple(x.id for x in a.actors), tuple(a.article_ids)) for a in alerts)


def check_alert(alert: Alert) -> None:
    assert Alert.from_dict(alert.to_dict()) == alert
    assert Alert.from_dict(json.loads(alert.to_json())) == alert
    assert alert.alert_id.startswith("a-") and len(alert.alert_id) > 10
    assert 0.0 <= alert.score <= 1.0
    assert alert.headline and alert.proposition.summary
    assert alert.event_time == max(alert.claims, key=lambda c: parse_time(c.published_at)) \
        .published_at
    assert alert.detected_at == "2030-01-01T00:00:00Z"


def story_claim(article, speaker, polarity, terms, **kw):
    return make_claim(article, speaker, polarity, key=STORY, terms=terms, **kw)


# ----------------------------------------------------------------------------- propositions


def test_claims_about_different_facts_of_one_story_do_not_contradict():
    """Sharing a story is not sharing a proposition: the content must match."""
    claims = [story_claim("a1", "dan-olsen", "affirm", GOLF, start=10),
              story_claim("a1", "mark-steinberg", "deny", SUSPENSION, start=90)]
    alerts, _ = run(claims)
    assert kinds(alerts) == [("denial", ("mark-steinberg",), ("a1",))]
    claims.append(story_claim("a1", "dan-olsen", "affirm", SUSPENSION, start=200))
    alerts, _ = run(claims)
    assert ("contradiction", ("dan-olsen", "mark-steinberg"), ("a1",)) in kinds(alerts)


def test_same_fact_across_articles_contradicts_and_other_facts_do_not():
    aff = story_claim("a1", "dan-olsen", "affirm", SUSPENSION)
    other = story_claim("a2", "espn", "affirm", GOLF, at=when(0, 5), stype="organisation")
    den = story_claim("a3", "mark-steinberg", "deny", SUSPENSION, at=when(1))
    alerts, _ = run([aff, other, den])
    pairs = {tuple(x.id for x in a.actors) for a in alerts if a.type == "contradiction"}
    assert pairs == {("dan-olsen", "mark-steinberg")}


def test_a_reference_needs_a_claim_squarely_about_the_report():
    """ "These claims are false" carries the article's context: it meets a claim that is
    mostly about it, not one that merely mentions the same person."""
    context = {**SUSPENSION, "pga": 1.0}
    den = story_claim("a1", "mark-steinberg", "deny", context, start=300,
                      refers="Woods failed a drug test", text="These claims are false")
    loose = story_claim("a1", "tiger-woods", "affirm", {"@tiger-woods": 1.0, "return": 0.7,
                                                         "compet": 0.8, "tour": 0.5}, start=10)
    alerts, _ = run([loose, den])
    assert "contradiction" not in {a.type for a in alerts}
    squarely = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, start=100)
    alerts, _ = run([loose, squarely, den])
    assert [tuple(x.id for x in a.actors) for a in alerts if a.type == "contradiction"] == [
        ("dan-olsen", "mark-steinberg")]
    denial = next(a for a in alerts if a.type == "denial")
    assert denial.proposition.summary == "Woods failed a drug test"
    assert "denies the report “Woods failed a drug test”" in denial.headline


def test_stories_filed_by_anchor_need_similar_articles_to_meet():
    """Without a feed story id, two articles filed under one actor meet only when their
    contexts are alike (one story), not because they name the same person."""
    key = "story:about-tiger-woods"
    ctx_a = {"@tiger-woods": 1.0, "suspen": 0.95, "drug": 0.6, "pga": 1.0}
    ctx_b = {"@tiger-woods": 1.0, "augusta": 1.0, "golf": 0.8, "master": 0.9}
    aff = make_claim("a1", "dan-olsen", "affirm", key=key, terms=SUSPENSION, context=ctx_a)
    den_other_story = make_claim("a2", "mark-steinberg", "deny", key=key, terms=SUSPENSION,
                                 context=ctx_b, at=when(1))
    alerts, _ = run([aff, den_other_story])
    assert "contradiction" not in {a.type for a in alerts}
    den_same_story = make_claim("a3", "ty-votaw", "deny", key=key, terms=SUSPENSION,
                                context=ctx_a, at=when(1))
    alerts, _ = run([aff, den_same_story])
    assert "contradiction" in {a.type for a in alerts}


# ----------------------------------------------------------------------------- rules


def test_denial_once_per_actor_article_and_thing_denied():
    claims = [
        make_claim("a1", "talal-silo", "deny", start=10),
        make_claim("a1", "talal-silo", "deny", start=50),           # the same thing again
        make_claim("a1", "talal-silo", "deny", key=RU_US, start=90),  # other key
        make_claim("a2", "talal-silo", "deny", at=when(1), start=10),  # other article
        story_claim("a3", "talal-silo", "deny", SUSPENSION, at=when(1)),
        story_claim("a3", "talal-silo", "deny", GOLF, at=when(1), start=60),  # another thing
    ]
    alerts, _ = run(claims)
    denials = [a for a in alerts if a.type == "denial"]
    assert [(a.proposition.key, a.article_ids) for a in denials] == [
        (RU_SDF, ["a1"]), (RU_US, ["a1"]), (RU_SDF, ["a2"]), (STORY, ["a3"]), (STORY, ["a3"])]
    assert denials[0].claims == [claims[0]]  # the first deny is the evidence
    assert denials[0].headline.startswith("Talal Silo (SDF spokesman) denies cooperation with Russia: ")
    for a in alerts:
        check_alert(a)


def test_alert_actors_carry_every_name_their_claims_used_and_their_org():
    """A desk or a query finds an actor under the name its article used ("the US"), not
    only under the canonical one; the org is a field of its own, not part of the name."""
    first = make_claim("a1", "talal-silo", "deny", at=when(0))
    again = make_claim("a2", "talal-silo", "deny", at=when(1), start=50)
    again = Claim.from_dict({**again.to_dict(), "speaker": {
        **again.speaker.to_dict(), "aliases": ["Silo", "the SDF spokesman", "Talal Silo"]}})
    aff = make_claim("a2", "igor-konashenkov", "affirm", at=when(1), start=200)
    (silo, konashenkov) = alert_actors([first, again, aff])
    assert (silo.id, silo.name, silo.org) == ("talal-silo", "Talal Silo", "sdf")
    assert silo.aliases == ["Silo", "the spokesman", "the SDF spokesman"]  # union, no name
    assert (konashenkov.aliases, konashenkov.org) == (["Konashenkov", "the general"], "russian-mod")
    alerts, _ = run([first, aff])
    (c,) = [a for a in alerts if a.type == "contradiction"]
    assert [x.aliases for x in c.actors] == [["Konashenkov", "the general"], ["Silo", "the spokesman"]]
    check_alert(c)


def test_contradiction_across_articles_within_window():
    aff = make_claim("a1", "igor-konashenkov", "affirm", at=when(0))
    den = make_claim("a2", "talal-silo", "deny", at=when(6, minutes=59))
    alerts, _ = run([aff, den])
    (c,) = [a for a in alerts if a.type == "contradiction"]
    assert [x.id for x in c.actors] == ["igor-konashenkov", "talal-silo"]
    assert c.claims == [aff, den]
    assert c.article_ids == ["a1", "a2"]
    assert c.event_time == den.published_at
    assert c.score == pytest.approx(0.81)
    # both sides, name then affiliation
    assert c.headline == (f"Igor Konashenkov (Russian MoD general): “{aff.text}” — Talal Silo "
                          f"(SDF spokesman) denies cooperation with Russia: “{den.text}”")
    assert c.proposition.summary == "cooperation between Russia and SDF"
    check_alert(c)


def test_no_contradiction_outside_window():
    aff = make_claim("a1", "igor-konashenkov", "affirm", at=when(0))
    den = make_claim("a2", "talal-silo", "deny", at=when(7, minutes=1))
    alerts, _ = run([aff, den])
    assert [a.type for a in alerts] == ["denial"]
    alerts, _ = run([make_claim("b1", "talal-silo", "deny", at=when(0)),
                     make_claim("b2", "igor-konashenkov", "affirm", at=when(8))])
    assert [a.type for a in alerts] == ["denial"]


def test_contradiction_when_the_affirm_comes_second():
    den = make_claim("a1", "talal-silo", "deny", at=when(0))
    aff = make_claim("a2", "igor-konashenkov", "affirm", at=when(1))
    alerts, _ = run([den, aff])
    (c,) = [a for a in alerts if a.type == "contradiction"]
    assert [x.id for x in c.actors] == ["igor-konashenkov", "talal-silo"]
    assert c.claims == [aff, den]


def test_self_contradiction_needs_the_same_thing():
    claims = [make_claim("a1", "igor-konashenkov", "affirm", key=RU_US, start=10),
              make_claim("a1", "igor-konashenkov", "deny", key=RU_US, start=80),
              make_claim("a1", "igor-konashenkov", "deny", key=RU_US, start=150)]
    alerts, _ = run(claims)
    assert kinds(alerts) == [("denial", ("igor-konashenkov",), ("a1",)),
                             ("self_contradiction", ("igor-konashenkov",), ("a1",))]
    selfc = [a for a in alerts if a.type == "self_contradiction"][0]
    assert selfc.claims == claims[:2]
    assert "both affirms and denies" in selfc.headline
    check_alert(selfc)
    different = [story_claim("b1", "dan-olsen", "affirm", GOLF, start=10),
                 story_claim("b1", "dan-olsen", "deny", SUSPENSION, start=80)]
    alerts, _ = run(different)
    assert "self_contradiction" not in {a.type for a in alerts}


def test_reversal_across_articles():
    claims = [make_claim("a1", "talal-silo", "affirm", at=when(0), text="We work with Moscow"),
              make_claim("a2", "talal-silo", "deny", at=when(1), text="There is no coordination"),
              make_claim("a3", "talal-silo", "deny", at=when(2), text="No links at all to Russia"),
              make_claim("a4", "talal-silo", "affirm", at=when(3), text="Russia helps us, yes")]
    alerts, _ = run(claims)
    revs = [a for a in alerts if a.type == "reversal"]
    # one per direction while the window lasts: affirm→deny (a1→a2), deny→affirm (a2→a4)
    assert [a.article_ids for a in revs] == [["a1", "a2"], ["a2", "a4"]]
    assert revs[0].claims == claims[:2]
    assert revs[0].headline.startswith("Talal Silo (SDF spokesman) now denies: ")
    assert "contradiction" not in {a.type for a in alerts}
    for a in revs:
        check_alert(a)


def test_one_statement_quoted_twice_is_not_a_reversal():
    """Two outlets quoting the same words (read once as affirm, once as deny) is not a
    change of mind."""
    words = "He is not going to be suspended or reprimanded in any way"
    claims = [make_claim("a1", "talal-silo", "affirm", at=when(0), text=words),
              make_claim("a2", "talal-silo", "deny", at=when(1), text=words + ".")]
    alerts, _ = run(claims)
    assert "reversal" not in {a.type for a in alerts}


def test_one_speaker_on_two_facts_of_a_story_is_not_a_reversal():
    """Across articles every claim of a story names its actors; a change of mind needs a
    shared content word too ("at war with ISIS" is not taken back by a denial of ransom
    threats), as contradictions across articles do."""
    war = {"@united-states": 1.0, "@isis": 1.0, "war": 0.8}
    ransom = {"@united-states": 1.0, "@isis": 1.0, "ransom": 0.9, "threaten": 0.5}
    said, denied = "The United States is at war with ISIS", "We never threatened the families"
    apart = [story_claim("a1", "denis-mcdonough", "affirm", war, at=when(0), text=said),
             story_claim("a2", "denis-mcdonough", "deny", ransom, at=when(1), text=denied)]
    assert "reversal" not in {a.type for a in run(apart)[0]}
    same = [story_claim("a1", "denis-mcdonough", "affirm", war, at=when(0), text=said),
            story_claim("a2", "denis-mcdonough", "deny", {**war, "declare": 0.4}, at=when(1),
                        text="Nobody declared a war")]
    assert "reversal" in {a.type for a in run(same)[0]}


def test_no_reversal_outside_window():
    alerts, _ = run([make_claim("a1", "talal-silo", "affirm", at=when(0)),
                     make_claim("a2", "talal-silo", "deny", at=when(9))])
    assert [a.type for a in alerts] == ["denial"]


def test_hedges_never_alert():
    claims = [make_claim("a1", "igor-konashenkov", "hedge", start=1),
              make_claim("a1", "talal-silo", "hedge", start=2),
              make_claim("a2", "talal-silo", "hedge", at=when(1)),
              make_claim("a2", "igor-konashenkov", "affirm", at=when(1), start=5),
              make_claim("a2", "nasser-haji-mansur", "hedge", at=when(1), start=9)]
    alerts, _ = run(claims)
    assert alerts == []


def test_unknown_speakers_never_contradict():
    claims = [make_claim("a1", "igor-konashenkov", "affirm", start=1),
              make_claim("a1", "unknown", "deny", start=10),
              make_claim("a1", "", "deny", start=20),
              make_claim("a2", "unknown", "affirm", at=when(1)),
              make_claim("a3", "unknown", "deny", at=when(2))]
    alerts, _ = run(claims)
    assert alerts == []
    alerts, _ = run(claims, settings=JudgeSettings(unknown_denials=True))
    assert {a.type for a in alerts} == {"denial"}


def test_alert_types_filter():
    claims = [make_claim("a1", "igor-konashenkov", "affirm", start=1),
              make_claim("a1", "talal-silo", "deny", start=10)]
    alerts, _ = run(claims, settings=JudgeSettings(alert_types=frozenset({"contradiction"})))
    assert [a.type for a in alerts] == ["contradiction"]


def test_same_article_and_cross_article_contradictions():
    claims = [make_claim("a1", "igor-konashenkov", "affirm", at=when(0)),
              make_claim("a2", "igor-konashenkov", "affirm", at=when(1), start=5),
              make_claim("a2", "talal-silo", "deny", at=when(1), start=50)]
    alerts, _ = run(claims)
    contradictions = {tuple(a.article_ids): a for a in alerts if a.type == "contradiction"}
    assert set(contradictions) == {("a2",), ("a1", "a2")}
    assert contradictions[("a2",)].claims == [claims[1], claims[2]]
    assert contradictions[("a1", "a2")].claims == [claims[0], claims[2]]


def test_spokesman_and_own_organisation_do_not_contradict():
    claims = [story_claim("a1", "pga-tour", "affirm", SUSPENSION, stype="organisation",
                          name="PGA Tour"),
              story_claim("a1", "ty-votaw", "deny", SUSPENSION, start=40, org="pga-tour")]
    alerts, _ = run(claims)
    assert [a.type for a in alerts] == ["denial"]


def test_group_speakers_take_plural_verbs():
    den = story_claim("a1", "kurdish-sources", "deny", SUSPENSION, name="Kurdish sources",
                      stype="unknown", text="she was not in the area")
    alerts, _ = run([den])
    assert alerts[0].headline == "Kurdish sources deny: “she was not in the area”"


def test_seed_scenario():
    """The ARA News seed article, built by hand."""
    a = "seed-ara-001"
    claims = [
        make_claim(a, "igor-konashenkov", "affirm", start=100),
        make_claim(a, "talal-silo", "deny", start=400),
        make_claim(a, "nasser-haji-mansur", "deny", start=700),
        make_claim(a, "igor-konashenkov", "affirm", key=RU_US, start=900),
        make_claim(a, "igor-konashenkov", "deny", key=RU_US, start=1100),
        make_claim(a, "nasser-haji-mansur", "deny", key=RU_US, start=1300),
    ]
    alerts, _ = run(claims)
    got = sorted((a.type, a.proposition.key, tuple(x.id for x in a.actors)) for a in alerts)
    assert got == SEED_ALERTS
    for alert in alerts:
        check_alert(alert)
        assert alert.article_ids == [a]
    assert len({x.alert_id for x in alerts}) == len(alerts)


# ----------------------------------------------------------------------------- idempotency


def scenario():
    return [
        make_claim("a1", "igor-konashenkov", "affirm", at=when(0), start=1),
        make_claim("a1", "talal-silo", "deny", at=when(0), start=100),
        make_claim("a2", "nasser-haji-mansur", "deny", at=when(1), start=3),
        make_claim("a2", "talal-silo", "affirm", at=when(1), start=80),
        make_claim("a3", "igor-konashenkov", "deny", at=when(2), start=7),
        make_claim("a3", "igor-konashenkov", "affirm", at=when(2), start=70),
        make_claim("a4", "talal-silo", "hedge", at=when(3), start=7),
    ]


def test_redelivery_yields_no_new_alert_ids():
    claims = scenario()
    alerts, table = run(claims)
    ids = {a.alert_id for a in alerts}
    again, table = run(claims, table=table)           # every claim redelivered
    assert again == []
    for c in claims:                                   # and one by one, interleaved
        more, table = run([c, claims[0], c], table=table)
        assert {a.alert_id for a in more} <= ids


def test_redelivered_claim_with_a_fresh_state_gives_the_same_ids():
    """A worker that lost its state after the alerts were sent re-emits the same ids."""
    claims = scenario()
    first, _ = run(claims)
    second, _ = run(claims)
    assert [a.to_dict() for a in first] == [a.to_dict() for a in second]


def test_alert_ids_are_deterministic():
    claims = scenario()
    alerts, _ = run(claims)
    # distinct alerts of one run never share an id
    assert len({a.alert_id for a in alerts}) == len(alerts)
    later = judge_claim(None, claims[1], settings=SETTINGS, now=NOW + timedelta(days=3))
    assert later[1][0].alert_id == judge_claim(None, claims[1], settings=SETTINGS, now=NOW)[1][0].alert_id


def test_input_state_is_not_mutated():
    claims = scenario()
    _, table = run(claims[:3])
    before = copy.deepcopy(table)
    for c in claims[3:]:
        judge_claim(table.get(c.proposition.key), c, settings=SETTINGS, now=NOW)
    assert table == before


def test_late_claims_within_the_allowed_lateness_still_meet():
    """Arrival order must not matter: a claim 9 days behind the newest one still meets the
    claims of its own week; one behind the window plus the allowed lateness is forgotten."""
    in_time = [make_claim("a0", "talal-silo", "deny", at=when(1)),
               make_claim("a1", "igor-konashenkov", "affirm", at=when(1, 30)),
               make_claim("a9", "nasser-haji-mansur", "affirm", at=when(10))]
    late = [in_time[2], in_time[0], in_time[1]]
    ids = lambda claims: {a.alert_id for a in run(claims)[0]}  # noqa: E731
    assert ids(in_time) == ids(late)
    assert "contradiction" in {a.type for a in run(late)[0]}
    very_late = [make_claim("b9", "igor-konashenkov", "affirm", at=when(30)),
                 make_claim("b0", "talal-silo", "deny", at=when(1))]
    alerts, table = run(very_late)
    assert [a.type for a in alerts] == ["denial"]
    assert len(table[RU_SDF]["claims"]) == 1


def test_state_of_another_version_is_rebuilt_and_logged(caplog):
    old = {"v": 1, "max_t": 0, "actors": {}, "seen": {}, "fired": {}}
    state, alerts = judge_claim(old, make_claim("a1", "talal-silo", "deny"), settings=SETTINGS,
                                now=NOW)
    assert state["v"] == 2 and [a.type for a in alerts] == ["denial"]
    assert "rebuilt" in caplog.text


# ----------------------------------------------------------------------------- state


def test_state_json_round_trip():
    claims = scenario()
    plain, plain_table = run(claims)
    tripped, tripped_table = run(claims, roundtrip=True)
    assert [a.to_dict() for a in plain] == [a.to_dict() for a in tripped]
    for state in plain_table.values():
        assert json.loads(json.dumps(state)) == state
    assert json.loads(json.dumps(plain_table)) == tripped_table
    extra = [make_claim("a9", "nasser-haji-mansur", "affirm", at=when(3)),
             make_claim("a9", "talal-silo", "deny", at=when(3), start=40)]
    serialised = json.dumps(plain_table)
    cont1, _ = run(extra, table=plain_table)
    cont2, _ = run(extra, table=json.loads(serialised))
    assert cont1 and [a.to_dict() for a in cont1] == [a.to_dict() for a in cont2]


def test_state_is_bounded():
    """10k claims over 100 days on one key: the state stays flat and small."""
    actors = [f"actor-{i:02d}" for i in range(12)]
    pols = ["affirm", "deny", "affirm", "hedge", "deny"]
    table: dict = {}
    sizes = []
    n_alerts = 0
    for i in range(10_000):
        article = f"art-{i // 10}"
        at = datetime(2015, 1, 1, tzinfo=UTC) + timedelta(days=100 * (i // 10) / 1000)
        c = make_claim(article, actors[(i * 7) % len(actors)], pols[i % len(pols)],
                       at=at.isoformat().replace("+00:00", "Z"), start=i % 10 * 100)
        state, alerts = judge_claim(table.get(RU_SDF), c, settings=SETTINGS, now=NOW)
        table[RU_SDF] = state
        n_alerts += len(alerts)
        if i % 500 == 499:
            sizes.append(len(json.dumps(state)))
    state = table[RU_SDF]
    assert n_alerts > 1000
    assert len(state["seen"]) <= SETTINGS.max_seen
    assert len(state["fired"]) <= SETTINGS.max_fired
    assert len(state["claims"]) <= SETTINGS.max_claims
    horizon = state["max_t"] - SETTINGS.retention_us
    assert min(e["t"] for e in state["claims"].values()) >= horizon
    assert max(sizes[10:]) <= 1.1 * max(sizes[2:6])
    assert max(sizes) < 512_000, sizes


def test_claim_to_dict_round_trip_in_state():
    c = make_claim("a1", "talal-silo", "deny")
    _, table = run([c])
    assert Claim.from_dict(table[RU_SDF]["claims"][c.claim_id]["claim"]) == c


def test_across_articles_only_a_central_affirmation_is_contradicted():
    """A side remark that shares words with a denial elsewhere is not "the report" the
    denial rejects; an affirmation about what its own article is about is."""
    article_context = {"suspen": 1.0, "@tiger-woods": 1.0, "drug": 0.8, "test": 0.5}
    # an article about Woods' golf, quoting a remark on an NBA player's suspension
    aside = story_claim("a1", "espn", "affirm", {"suspen": 0.95, "fine": 0.9, "nba": 1.0},
                        context=GOLF, stype="organisation")
    central = story_claim("a2", "dan-olsen", "affirm", SUSPENSION, context=article_context,
                          at=when(0, 5))
    den = story_claim("a3", "mark-steinberg", "deny", SUSPENSION, at=when(1),
                      context=article_context)
    alerts, _ = run([aside, central, den])
    pairs = {tuple(x.id for x in a.actors) for a in alerts if a.type == "contradiction"}
    assert pairs == {("dan-olsen", "mark-steinberg")}


def test_across_articles_a_negated_or_questioning_affirmation_is_not_the_report():
    """ "He is not currently performing procedures" read as affirm, or a question, cannot be
    the report that a denial in another article rejects."""
    den = story_claim("a3", "clinic", "deny", SUSPENSION, at=when(1), stype="organisation")
    for text in ("Woods is not suspended for the drug test", "Is Woods suspended for a drug test?",
                 "Let me ask. Is Woods suspended for a drug test?",
                 "Woods is suspended. It is unlikely the test was positive."):
        odd = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, text=text)
        alerts, _ = run([odd, den])
        assert "contradiction" not in {a.type for a in alerts}, text
    plain = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, text="Woods is suspended")
    alerts, _ = run([plain, den])
    assert "contradiction" in {a.type for a in alerts}


def test_across_articles_a_negated_statement_must_negate_the_report_nearly_word_for_word():
    """A negated statement that counts as a denial in its own article ("X is not doing Y")
    contradicts another article only when it negates what that article affirms nearly word
    for word ("she is not his wife" / "they hold his wife"); a denial cue needs less."""
    from dataclasses import replace

    aff = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, text="Woods is suspended")
    near = {"@tiger-woods": 1.0, "suspen": 0.95, "month": 0.5, "caddie": 0.9, "augusta": 1.0}
    weak = replace(story_claim("a3", "mark-steinberg", "deny", near, at=when(1)),
                   basis="weak_negation")
    alerts, _ = run([aff, weak])
    assert "contradiction" not in {a.type for a in alerts}
    cue = replace(weak, basis="cue")
    alerts, _ = run([aff, cue])
    assert "contradiction" in {a.type for a in alerts}
    same = replace(weak, proposition=replace(weak.proposition, terms=SUSPENSION))
    alerts, _ = run([aff, same])
    assert "contradiction" in {a.type for a in alerts}


def test_across_articles_sharing_only_actors_is_not_sharing_a_proposition():
    names_only = {"@tiger-woods": 1.0, "@pga-tour": 1.0, "augusta": 0.2}
    aff = story_claim("a1", "dan-olsen", "affirm", names_only, text="Woods and the Tour talked")
    den = story_claim("a3", "mark-steinberg", "deny", {**names_only, "suspen": 0.95}, at=when(1))
    alerts, _ = run([aff, den])
    assert "contradiction" not in {a.type for a in alerts}


def test_a_reported_question_a_subjectless_fragment_or_a_lost_negation_is_not_the_affirming_side():
    """ 'a statement saying "a biopsy" has ever been performed': "has ever" needs a negation
    (or a question, a superlative, "first", "any...") that the text lost; it asserts nothing.
    Nor does an embedded question ("[told him] what sites he was accessing")."""
    den = story_claim("a1", "mark-steinberg", "deny", SUSPENSION, start=300,
                      text="Woods was never suspended")
    for text, asserts in (("did Woods serve a suspension", False),
                          ("was suspended for a month", False),
                          ("Will Smith says Woods is suspended", True),
                          ("a suspension has ever been handed to Woods", False),
                          ("it is the longest suspension the Tour has ever handed out", True),
                          ("what suspension Woods was serving", False),
                          ("how long the suspension of Woods lasted", False),
                          ("whoever suspended Woods was right", True)):
        aff = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, start=10, text=text)
        alerts, _ = run([aff, den])
        assert ("contradiction" in {a.type for a in alerts}) is asserts, text


def test_a_pointer_at_a_statement_is_not_the_affirming_side():
    """ "It was following reports about Rosenberg" points at a statement and asserts none:
    it cannot be the side a denial contradicts."""
    den = story_claim("a1", "mark-steinberg", "deny", SUSPENSION, start=300,
                      text="Woods was never suspended")
    pointer = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, start=10,
                          text="it was following the reports", refers="Woods was suspended")
    alerts, _ = run([pointer, den])
    assert "contradiction" not in {a.type for a in alerts}
    plain = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, start=10, text="Woods is suspended")
    alerts, _ = run([plain, den])
    assert "contradiction" in {a.type for a in alerts}


def test_a_spokesperson_or_minister_and_the_body_they_speak_for_are_one_side():
    for holder, body, one_side in (("interior minister", "Interior Ministry", True),
                                   ("spokesperson for the Yorkville Endoscopy clinic", "clinic", True),
                                   ("Pentagon spokesman", "Pentagon", True),
                                   ("Iraqi health official", "Iraqi Health Ministry", False),
                                   ("interior minister", "Foreign Ministry", False)):
        aff = story_claim("a1", slug(holder), "affirm", SUSPENSION, name=holder, text="Woods is suspended")
        den = story_claim("a2", slug(body), "deny", SUSPENSION, name=body, stype="organisation", at=when(1))
        alerts, _ = run([aff, den])
        assert ("contradiction" not in {a.type for a in alerts}) is one_side, (holder, body)


def test_two_names_for_the_voice_of_one_body_are_one_side():
    """Ahmed Rudaini, whom one line calls "spokesperson for the Iraqi health ministry", and
    "spokesman for the Iraqi health ministry" in another article are one voice; the interior
    ministry's spokesman is another."""
    for other, one_side in (("spokesman for the Iraqi health ministry", True),
                            ("spokesman for the Kurdish interior office", False)):
        aff = story_claim("a1", "ahmed-rudaini", "affirm", SUSPENSION, name="Ahmed Rudaini",
                          aliases=["Rudaini", "spokesperson for the Iraqi health ministry"],
                          text="Woods is suspended")
        den = story_claim("a1", slug(other), "deny", SUSPENSION, name=other, start=300)
        alerts, _ = run([aff, den])
        assert ("contradiction" not in {a.type for a in alerts}) is one_side, other


def test_a_person_and_an_organisation_inside_the_one_they_speak_for_are_one_side():
    """Dan Anderson of "university communications" and "the university" are one side; his
    org is not the clinic."""
    for body, one_side in (("university", True), ("clinic", False)):
        aff = story_claim("a1", "dan-anderson", "affirm", SUSPENSION, name="Dan Anderson",
                          org="university-communications", text="Woods is suspended")
        den = story_claim("a2", body, "deny", SUSPENSION, name=body, stype="organisation", at=when(1))
        alerts, _ = run([aff, den])
        assert ("contradiction" not in {a.type for a in alerts}) is one_side, body


def test_two_spellings_of_one_speaker_do_not_contradict_each_other():
    aff = story_claim("a1", "christine-hamele", "affirm", SUSPENSION, name="Christine Hamele",
                      text="Woods is suspended")
    den = story_claim("a2", "chris-hamele", "deny", SUSPENSION, name="Chris Hamele", at=when(1))
    alerts, _ = run([aff, den])
    assert "contradiction" not in {a.type for a in alerts}
    org = story_claim("a1", "elon-university", "affirm", SUSPENSION, name="Elon University",
                      stype="organisation", text="Woods is suspended")
    generic = story_claim("a2", "university", "deny", SUSPENSION, name="university",
                          stype="organisation", at=when(1))
    alerts, _ = run([org, generic])
    assert "contradiction" not in {a.type for a in alerts}
    accented = story_claim("a1", "raven-symone", "affirm", SUSPENSION, name="Raven-Symone",
                           text="Woods is suspended")
    plain = story_claim("a2", "raven-symone-2", "deny", SUSPENSION, name="Raven-Symoné", at=when(1))
    alerts, _ = run([accented, plain])
    assert "contradiction" not in {a.type for a in alerts}
    spaced = story_claim("a1", "raven-symone", "affirm", SUSPENSION, name="Raven Symone",
                         text="Woods is suspended")
    alerts, _ = run([spaced, plain])
    assert "contradiction" not in {a.type for a in alerts}
    other = story_claim("a2", "mark-steinberg", "deny", SUSPENSION, name="Mark Steinberg", at=when(1))
    alerts, _ = run([aff, other])
    assert "contradiction" in {a.type for a in alerts}
    given = story_claim("a2", "christine", "deny", SUSPENSION, name="Christine", at=when(1))
    alerts, _ = run([aff, given])
    assert "contradiction" not in {a.type for a in alerts}  # "Christine Hamele" and "Christine"
    stranger = story_claim("a2", "mark", "deny", SUSPENSION, name="Mark", at=when(1))
    alerts, _ = run([aff, stranger])
    assert "contradiction" in {a.type for a in alerts}


def test_across_articles_a_side_remark_denial_does_not_contradict_the_report():
    article_context = {"suspen": 1.0, "@tiger-woods": 1.0, "drug": 0.8, "test": 0.5}
    aff = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, context=article_context,
                      text="Woods is suspended")
    aside = story_claim("a3", "mark-steinberg", "deny", SUSPENSION, at=when(1), context=GOLF)
    alerts, _ = run([aff, aside])
    assert "contradiction" not in {a.type for a in alerts}
    central = story_claim("a3", "mark-steinberg", "deny", SUSPENSION, at=when(1),
                          context=article_context)
    alerts, _ = run([aff, central])
    assert "contradiction" in {a.type for a in alerts}


def test_an_affirmation_that_points_at_reports_or_doubts_is_not_the_report():
    """ "They were looking into reports that ...", "it is hard to relate X to Y", "the two
    are unrelated", "we have ruled out any case" stand with the doubters, not against them;
    "X should never have been there", "the government needs to step up" state no fact;
    "neither is", "we are yet to" negate, "I would be surprised if" and "tested negative"
    doubt, "checking if" asks; "Woods denies that ..." reports the other side (after a
    leftover dateline too) and "[Redacted]" says nothing."""
    den = story_claim("a3", "clinic", "deny", SUSPENSION, at=when(1), stype="organisation")
    for text in ("They were looking into reports that Woods is suspended",
                 "It is hard to relate the suspension of Woods to the drug test",
                 "Woods was suspended, and the drug test is unrelated",
                 "Dr. Korovin should have stayed out of the suspension row",
                 "The PGA Tour needs to suspend Woods",
                 "We have ruled out any suspension of Woods",
                 "Woods has two coaches but neither is suspended",
                 "Woods denies that he was suspended by the Tour",
                 "All sources contacted have negated any suspension of Woods",
                 "[Redacted]",
                 "We are yet to receive any order on the suspension of Woods",
                 "I would be surprised if Woods was suspended",
                 "Woods initially tested negative, the suspension by the Tour followed",
                 "Officials are checking if Woods was suspended by the Tour",
                 "CNN) -- Woods denies that he was suspended by the Tour"):
        odd = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, text=text)
        alerts, _ = run([odd, den])
        assert "contradiction" not in {a.type for a in alerts}, text


def test_a_denial_in_a_later_clause_leaves_the_assertion_standing():
    den = story_claim("a3", "clinic", "deny", SUSPENSION, at=when(1), stype="organisation")
    aff = story_claim("a1", "dan-olsen", "affirm", SUSPENSION,
                      text="Woods has been suspended for a month -- a claim the Tour denied")
    alerts, _ = run([aff, den])
    assert "contradiction" in {a.type for a in alerts}


def test_a_denial_hedged_where_it_denies_contradicts_nothing():
    aff = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, text="Woods is suspended")
    for text, contradicts in (("It is a hoax, but maybe not.", False),
                              ("It is a hoax. It may, however, be looked at again.", True)):
        den = story_claim("a3", "clinic", "deny", SUSPENSION, at=when(1), stype="organisation",
                          text=text)
        alerts, _ = run([aff, den])
        assert ("contradiction" in {a.type for a in alerts}) is contradicts, text


def test_a_state_of_another_version_keeps_its_claims_so_later_alerts_still_fire(caplog):
    """Migration, not amnesia: the affirmation stored under an old version still meets the
    denial that arrives after the upgrade; its own old alerts are not raised again."""
    aff = make_claim("a1", "igor-konashenkov", "affirm", at=when(0))
    den = make_claim("a2", "talal-silo", "deny", at=when(1))
    _alerts, table = run([aff])
    old = copy.deepcopy(table[aff.proposition.key])
    old["v"] = 1
    old["claims"]["broken"] = {"t": 0, "claim": {"claim_id": "x"}}  # no longer decodes
    state, alerts = judge_claim(old, den, settings=SETTINGS, now=NOW)
    assert state["v"] == 2
    assert {a.type for a in alerts} == {"denial", "contradiction"}
    assert set(state["seen"]) == {aff.claim_id, den.claim_id}
    assert "rebuilt as version 2 from 1 stored claims (1 undecodable, dropped)" in caplog.text
    again, none = judge_claim(state, aff, settings=SETTINGS, now=NOW)
    assert none == [] and again == state  # the migrated state remembers what it judged


def test_a_title_does_not_end_the_sentence_whose_negation_counts():
    """ "Dr. Korovin never should ..." is negated in its first sentence: the full stop of
    "Dr." does not end it, so the negation is seen."""
    den = story_claim("a3", "clinic", "deny", SUSPENSION, at=when(1), stype="organisation")
    for text, contradicts in (("Mr. Woods was never suspended by the tour.", False),
                              ("Mr. Woods was suspended. Nobody saw it coming.", True)):
        aff = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, text=text)
        alerts, _ = run([aff, den])
        assert ("contradiction" in {a.type for a in alerts}) is contradicts, text


def test_a_self_contradiction_needs_a_plain_affirmation():
    """ "They would never send invoices" and "we don't send invoices - ever" are one side
    said twice, though the first reads as affirm."""
    said = "Woods would never be suspended by the tour for a drug test"
    neg = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, text=said, start=10)
    den = story_claim("a1", "dan-olsen", "deny", SUSPENSION, text="Woods is not suspended after "
                      "any drug test", start=300)
    alerts, _ = run([neg, den])
    assert "self_contradiction" not in {a.type for a in alerts}
    plain = story_claim("a1", "dan-olsen", "affirm", SUSPENSION, text="Woods is suspended after "
                        "a drug test", start=10)
    alerts, _ = run([plain, den])
    assert "self_contradiction" in {a.type for a in alerts}
