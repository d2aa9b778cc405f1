"""Who speaks and what they reject, in forms found on the denial development sets
(dev3-dev5): an organisation quoted as "it", a speaker's negated statement next to their
own denial, and verbs that put rumours to rest.
Sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import by_text


def test_it_said_after_an_organisation_speaks_for_it(run):
    claims = run('Acme Corp opened a new plant in Ohio. "No worker lost a job," it said.')
    assert by_text(claims, "No worker lost a job").speaker.name == "Acme Corp"


def test_it_said_after_a_report_names_no_speaker(run):
    """ "It" continuing a report, a post or a place is the report, not the organisation
    named inside it."""
    claims = run('A 2013 Civil Liberties Union report called the city "the arrest capital." '
                 'It said that the county had 20,000 arrests in 2010.')
    assert not [c for c in claims if "20,000 arrests" in c.text]


def test_it_under_another_cue_stays_in_the_reported_clause(run):
    claim = by_text(run("Apple said it expects users to charge the watch nightly."), "charge the watch")
    assert claim.speaker.name == "Apple"
    assert claim.text.startswith("it expects")


def test_it_after_a_subordinate_clause_is_not_guessed(run):
    """ "when the incident was reported by the Daily News it stated ...": the subject
    before "it" is in a clause of its own; the sentence before is about someone else."""
    claims = run("NBC reported the incident on Monday. However when the incident was reported "
                 "the next day by the Daily News it stated that a helicopter was hit.")
    assert all(c.speaker.name != "NBC" for c in claims if "helicopter was hit" in c.text)


@pytest.mark.parametrize("next_words,polarity", [
    ("It's a fake account", "deny"),  # the same speaker's denial in so many words
    ("We are looking into it", "affirm"),  # no denial nearby: a negative statement
])
def test_a_negated_statement_denies_next_to_the_speakers_own_denial(run, next_words, polarity):
    body = ('A Twitter account is issuing legal threats. But the account is not official, '
            f'a Fox News spokesperson told reporters. "{next_words}," the spokesperson said.')
    assert by_text(run(body), "the account is not official").polarity == polarity


@pytest.mark.parametrize("verb", ["quashed", "squashed", "dispelled", "scotched"])
def test_putting_rumours_to_rest_is_a_denial(run, verb):
    claim = by_text(run(f"The ministry {verb} rumours that the president had died."),
                    "the president had died")
    assert claim.polarity == "deny"
    assert claim.speaker.name == "ministry"


def test_putting_down_something_that_is_no_statement_denies_nothing(run):
    assert not run("The army quashed the rebellion in the north.")


@pytest.mark.parametrize("sentence,fragment", [
    ("Reports said a bomb threat was made. NBC officials said they see no potential threat.",
     "no potential threat"),
    ("Reports said a body was found. Police said they found no trace of a struggle.",
     "no trace of a struggle"),
])
def test_finding_nothing_that_was_looked_for_is_a_denial(run, sentence, fragment):
    assert by_text(run(sentence), fragment).polarity == "deny"


def test_seeing_no_reason_is_an_idiom_not_a_denial(run):
    assert by_text(run("John Smith said he sees no reason to worry."), "no reason").polarity == "affirm"


def test_a_not_the_parser_hung_on_the_complement_still_negates_the_clause(run):
    """ 'is not "cloistered"': spaCy files "not" under the quoted participle."""
    body = ('A cloistered nun gave birth, reports said. The abbess explained that the nun who '
            'gave birth is not "cloistered" in one of the convents of the area.')
    assert by_text(run(body), "not \"cloistered\"").polarity == "deny"


def test_a_negated_denial_verb_in_the_reported_clause_is_part_of_it(run):
    """ "and Wintour did not dismiss employees' concerns" is what the insider said, not a
    report by Wintour; "but the rebels denied that ..." is a report of its own."""
    insider = by_text(run("A Vogue insider insisted there's no rat issue and Wintour did not "
                          "dismiss employees' concerns."), "no rat issue")
    assert "did not dismiss" in insider.text
    claims = run("The minister said the talks had failed, but the rebels denied that any talks took place.")
    assert "denied" not in by_text(claims, "the talks had failed").text
    assert by_text(claims, "any talks took place").polarity == "deny"


def test_an_article_quoting_someone_as_saying_gives_their_words(run):
    """ "ran an article quoting Pope Francis as saying '...'": Francis said it, and the
    article's outlet running it is no statement of his."""
    claims = run('The Washington Post ran an article quoting Pope Francis as saying "We will go '
                 'to heaven with the animals" and more.')
    assert by_text(claims, "heaven with the animals").speaker.name == "Francis"
    assert not [c for c in claims if "ran an article" in c.text]


def test_which_after_an_organisation_refers_to_it(run):
    """The parser hangs "which stated" on "kidnapping"; the organisation named right before
    the comma is what "which" stands for."""
    claims = run('His disappearance was classified as a kidnapping by the FBI, which stated he '
                 '"was taken by an organized gang after departing from the airport."')
    assert by_text(claims, "organized gang").speaker.name == "FBI"


@pytest.mark.parametrize("body,fragment,speaker", [
    ("John Smith was quoted as saying that the talks had failed.", "the talks had failed", "John Smith"),
    ("The minister was quoted by Reuters as saying the talks had failed.", "the talks had failed",
     "minister"),
])
def test_who_was_quoted_as_saying_speaks(run, body, fragment, speaker):
    """In the passive the one quoted is the subject, not the outlet that quoted them."""
    assert by_text(run(body), fragment).speaker.name == speaker
