"""General error classes seen on unseen text (sentences written for these tests)."""

from __future__ import annotations

from tests.nlp.conftest import by_text, names

# ---------------------------------------------------------------- polarity: negation


def test_no_longer_is_not_a_denial(run):
    c = by_text(run("“After the treatment I was no longer tired,” patient Rosa Diaz said."), "no longer")
    assert c.polarity == "affirm"


def test_not_sure_is_hedge(run):
    c = by_text(run("Historian Carl Weber said he is not sure how the custom began."), "not sure")
    assert c.polarity == "hedge"


def test_descriptive_negation_is_affirm(run):
    body = (
        "The storm closed roads across the county.\n\n"
        "Coach Bill Hart said the boy did not attend practice that week."
    )
    c = by_text(run(body), "did not attend")
    assert c.polarity == "affirm"


def test_negation_of_the_story_proposition_is_deny(run):
    body = (
        "Rumours spread that the striker Leo Hale would be suspended for a month.\n\n"
        "“He is not going to be suspended,” his agent Maria Cruz said."
    )
    assert by_text(run(body), "not going to be").polarity == "deny"


def test_negated_future_passive_is_deny_without_context(run):
    c = by_text(run("Company spokesman Ian Gold said the radio service is not being shut down."), "shut down")
    assert c.polarity == "deny"


def test_negated_echo_of_rumour_is_deny(run):
    body = (
        "A blog claimed the mayor had resigned.\n\n"
        "“The mayor has not resigned and will finish his term,” aide Paula Rios said."
    )
    assert by_text(run(body), "has not resigned").polarity == "deny"


def test_real_denials_still_deny(run):
    claims = run(
        "“There is no truth to these claims,” a spokeswoman for the bakery said.\n\n"
        "Manager Olaf Berg said the report is not true."
    )
    assert by_text(claims, "no truth").polarity == "deny"
    assert by_text(claims, "not true").polarity == "deny"


# ---------------------------------------------------------------- speakers


def test_generic_plurals_are_not_speakers(run):
    assert run("Three media outlets reported that the actor had died.") == []
    assert run("Experts said the bridge was unsafe.") == []
    assert run("Presidents in our own country's recent memory have said the law was fair.") == []


def test_anchored_plurals_and_sources_are_speakers(run):
    c = by_text(run("U.S. officials said the strike killed ten fighters."), "strike killed")
    assert "U.S. officials" in names(c)
    c = by_text(run("Two sources close to the band said the tour was cancelled."), "tour was cancelled")
    assert c.speaker.type == "person"


def test_first_person_outside_quotes_is_the_author(run):
    assert run("I think the report is wrong and we believe the minister lied.") == []


def test_demonym_organisation_needs_a_noun(run):
    c = by_text(run("Jewish leaders said the new law was unfair."), "unfair")
    assert c.speaker.org is None


def test_mention_does_not_cross_paragraphs(run):
    for c in run("Chef Lina Moreau wins an award\n\nThe judge, Omar Haddad, said the soup was perfect."):
        assert "\n" not in c.speaker.name


# ---------------------------------------------------------------- pronouns


def test_she_skips_a_man_with_a_title(run):
    body = "Mr. Tom Reeves met actress Kim Dale on Monday. “The film is finished,” she said."
    assert by_text(run(body), "film is finished").speaker.name == "Kim Dale"


def test_he_skips_a_woman_with_a_title(run):
    body = "Mrs. Lee Carter met director Sam Fox. “We will build the bridge,” he said."
    assert by_text(run(body), "build the bridge").speaker.name == "Sam Fox"


def test_she_never_resolves_to_a_plural(run):
    body = "Officials met reporter Ann Bell. “The deal is done,” she said."
    assert by_text(run(body), "deal is done").speaker.name == "Ann Bell"


# ---------------------------------------------------------------- identity duplicates


def test_role_label_merges_with_the_named_host(run):
    claims = run("Dan Olsen, host of WVFN radio, said the prank was real.\nWVFN host: It was only a prank.")
    ids = {c.speaker.id for c in claims}
    assert ids == {"dan-olsen"}
    assert "WVFN host" in names(by_text(claims, "only a prank"))


def test_prenominal_role_is_an_alias(run):
    claims = run("WVFN host Dan Olsen said the video was staged. The host later said he regretted it.")
    assert {c.speaker.id for c in claims} == {"dan-olsen"}
    assert "WVFN host" in names(claims[0])


# ---------------------------------------------------------------- nested attribution


def test_reported_report_keeps_the_inner_speaker(run):
    claims = run("The Daily Post reported Norway's Health Ministry said the vaccine was safe.")
    c = by_text(claims, "vaccine was safe")
    assert "Health Ministry" in c.speaker.name
    assert not any(c.text.startswith("Norway's Health Ministry said") for c in claims)
