"""propositions.py: relation keys and the story fallback."""

from __future__ import annotations

from tests.nlp.conftest import by_text


def test_cooperation_key_with_registry_family(run):
    c = by_text(
        run("Defense minister Ali Demir said that Moscow is cooperating with the YPG."), "cooperating"
    )
    assert c.proposition.relation == "cooperate"
    assert c.proposition.key == "cooperate:russia+sdf"


def test_first_person_is_speakers_org_and_opposite_polarity_same_key(run):
    body = (
        "Omar Said, spokesman of the Syrian Democratic Forces (SDF), told reporters "
        "there are no contacts at all with Moscow."
    )
    c = by_text(run(body), "no contacts")
    assert c.polarity == "deny"
    assert c.proposition.key == "cooperate:russia+sdf"


def test_story_fallback(run):
    c = by_text(run("The chef said that the soup was too salty.", story="story-9"), "soup")
    assert c.proposition.key == "story:story-9"
    assert c.proposition.relation == "story"
    assert c.proposition.subject == c.speaker.id
    assert c.story == "story-9"


def test_without_a_feed_story_the_article_is_filed_under_its_main_actor(run):
    """The same article always gets the same story, whatever arrived before it."""
    body = ("Tiger Woods has been suspended for a failed drug test, radio host Dan Olsen said. "
            "Woods has not played since February. Olsen said that Woods was serving a suspension.")
    claims = run(body, article_id="a-2")
    assert claims and {c.proposition.key for c in claims} == {"story:about-tiger-woods"}
    assert {c.story for c in claims} == {"about-tiger-woods"}
    assert run(body, article_id="a-3")[0].proposition.key == "story:about-tiger-woods"


def test_a_relation_in_a_relative_clause_belongs_to_its_antecedent(run):
    """ "individuals who have ties to ISIL" are the ones with ties, not the speaker's side:
    with no actor for them there is no relation key."""
    c = by_text(run("The suggestion that individuals who have ties to ISIL were caught at the "
                    "border is false, DHS spokeswoman Ann Cole told the paper."), "ties to ISIL")
    assert c.proposition.relation == "story"
    named = by_text(run("Defense minister Ali Demir said that Moscow, which has ties to the YPG, "
                        "was arming them."), "ties to the YPG")
    assert named.proposition.key == "cooperate:russia+sdf"
