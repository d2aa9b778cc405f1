"""Alert wording: plural speakers, accusations, relation denials seen from the speaker."""

from __future__ import annotations

from dataclasses import replace

from streams.judge import headline as hl
from streams.records import Proposition, Speaker
from tests.judge.factory import make_claim


def speaker(name: str, typ: str = "organisation", sid: str = "x") -> Speaker:
    return Speaker(id=sid, name=name, aliases=[], type=typ, org=None)


def test_plural_group_speakers_take_plural_verbs():
    assert hl.is_plural(speaker("UK banks"))
    assert hl.is_plural(speaker("health officials", typ="person"))
    assert not hl.is_plural(speaker("Reuters"))
    assert not hl.is_plural(speaker("Fox News"))
    assert not hl.is_plural(speaker("Chris Jones", typ="person"))


def test_the_head_noun_before_a_prepositional_tail_decides_the_number():
    assert hl.is_plural(speaker("Sources in the Kurdish underground in Syria"))
    assert hl.is_plural(speaker("officials close to the talks", typ="person"))
    assert not hl.is_plural(speaker("spokesman for the health ministers", typ="person"))


def test_denial_headline_agrees_with_a_plural_speaker():
    deny = make_claim("a1", "uk-banks", "deny", key="story:s1", text="the launch is delayed",
                      name="UK banks", stype="organisation")
    assert hl.headline("denial", [deny]).startswith("UK banks deny")


def test_accusation_reads_as_one_sentence():
    aff = make_claim("a1", "officials", "affirm", key="story:s1",
                     text="Moscow of meddling in the vote", name="Western officials",
                     stype="organisation")
    aff = replace(aff, cue="accused")
    deny = make_claim("a1", "russia", "deny", key="story:s1", start=50, text="the reports",
                      name="Russia", stype="country", refers="Moscow of meddling in the vote")
    line = hl.headline("contradiction", [aff, deny])
    assert line.startswith("Western officials accuse Moscow of meddling in the vote — Russia denies")


def test_relation_denial_is_phrased_from_the_speakers_side():
    deny = make_claim("a1", "united-states", "deny", key="threaten:james-foley+united-states",
                      name="United States", stype="country", text="it threatened the family")
    deny = replace(deny, proposition=Proposition(subject="united-states", relation="threaten",
                                                 object="james-foley", key=deny.proposition.key))
    assert hl.headline("denial", [deny]).startswith("United States denies threats against James Foley:")


def test_a_relation_read_off_the_speakers_own_mention_falls_back_to_the_quote():
    deny = make_claim("a1", "kurdish-sources", "deny", key="attack:gill-rosenberg+kurdish-sources",
                      name="Kurdish sources", stype="organisation",
                      text="Rosenberg was not in the area when it was attacked")
    deny = replace(deny, proposition=Proposition(subject="gill-rosenberg", relation="attack",
                                                 object="kurdish-sources", key=deny.proposition.key))
    line = hl.headline("denial", [deny])
    assert line == "Kurdish sources deny: “Rosenberg was not in the area when it was attacked”"
    assert hl.summary("denial", [deny]) == "Rosenberg was not in the area when it was attacked"
