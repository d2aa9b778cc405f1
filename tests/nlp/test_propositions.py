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
    assert claims and {c.proposition.key for c in claims} == {"story:about-woods"}
    assert {c.story for c in claims} == {"about-woods"}
    assert run(body, article_id="a-3")[0].proposition.key == "story:about-woods"


def test_without_a_feed_story_reports_naming_one_person_differently_meet(run):
    """A person files the story under their surname: one report says "James Wright Foley",
    the next "James Foley", a third "Foley"; a generational suffix is no surname."""
    keys = {run(body)[0].proposition.key for body in (
        "Officials said that journalist James Wright Foley had been seen in a video.",
        "Officials said that the journalist James Foley had been seen in a video.",
        "Officials said that Foley, an American journalist, had been seen in a video.")}
    assert keys == {"story:about-foley"}
    brown = run("Police said that officer Darren Wilson had not seen Michael Brown Jr. before. "
                "Michael Brown Jr. was unarmed, witnesses said.")
    assert {c.proposition.key for c in brown} <= {"story:about-brown", "story:about-wilson"}


def test_without_a_feed_story_a_tie_goes_to_the_actor_the_article_names_most(run):
    """Lead and claims name two actors equally; the rest of the article decides."""
    body = ("Durex and Ansell traded statements on Monday. A judge said that Ansell and Durex "
            "had both won prizes.\n\nThe weather was fine. The room was full. The talk was long."
            "\n\nDurex shares rose. Durex thanked its staff. Durex is British.")
    assert run(body)[0].proposition.key == "story:about-durex"  # not the first in the alphabet


def test_without_a_feed_story_an_actor_files_the_story_before_its_setting(run):
    """Two reports of one story name its actors alike but its setting variously ("in Iraq",
    "in Mosul"): the story is filed under the actor, whichever place the lead names."""
    keys = {
        run(body)[0].proposition.key for body in (
            "In Iraq, Iraqi officials said that Boko Haram fighters in Iraq had caught Ebola.",
            "Mosul officials in Mosul said that Boko Haram fighters near Mosul had caught Ebola.")}
    # the small model labels "Boko Haram" a person, so it files under its last word: the
    # same key for both reports, which is what matters
    assert keys == {"story:about-haram"}


def test_a_relation_in_a_relative_clause_belongs_to_its_antecedent(run):
    """ "individuals who have ties to ISIL" are the ones with ties, not the speaker's side:
    with no actor for them there is no relation key."""
    c = by_text(run("The suggestion that individuals who have ties to ISIL were caught at the "
                    "border is false, DHS spokeswoman Ann Cole told the paper."), "ties to ISIL")
    assert c.proposition.relation == "story"
    named = by_text(run("Defense minister Ali Demir said that Moscow, which has ties to the YPG, "
                        "was arming them."), "ties to the YPG")
    assert named.proposition.key == "cooperate:russia+sdf"


def test_a_family_is_one_object_whoever_stands_for_it(run):
    """ "threatened her family" (said by Diane Foley), "threatened James Foley's family" and
    "threatened the Foley family" are one proposition about the Foley family."""
    keys = {
        by_text(run("Diane Foley, the mother of James Foley, said US officials threatened her family "
                    "over ransom payments."), "her family").proposition.key,
        by_text(run("The US government denied that it threatened James Foley's family over ransom "
                    "payments."), "family").proposition.key,
        by_text(run("The Foley family said the US threatened the Foley family over ransom."),
                "Foley family over").proposition.key,
    }
    assert keys == {"threaten:foley-family+united-states"}
