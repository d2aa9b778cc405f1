"""Attribution: direct and indirect speech, with sentences written for these tests."""

from __future__ import annotations

from tests.nlp.conftest import by_text, names


def test_direct_quote_with_trailing_cue(run):
    claims = run("“The bridge will reopen in May,” Maria Lopez said.")
    c = by_text(claims, "bridge will reopen")
    assert c.kind == "direct" and c.text == "The bridge will reopen in May"
    assert c.speaker.name == "Maria Lopez" and c.speaker.type == "person"
    assert c.cue == "said"


def test_quote_split_by_he_said(run):
    body = (
        "Governor Tom Baker spoke on Monday. “We have enough water for the summer,” he said, "
        "“but the reservoirs need repairs.”"
    )
    claims = run(body)
    a = by_text(claims, "enough water")
    b = by_text(claims, "reservoirs need repairs")
    assert a.speaker.id == b.speaker.id == "tom-baker"


def test_colon_introduced_quote_and_continuation(run):
    body = (
        "Union leader Ann Carter addressed the crowd. She added: “The strike goes on.”\n\n"
        "“Nobody will break it before Christmas,” she said."
    )
    claims = run(body)
    assert by_text(claims, "strike goes on").speaker.id == "ann-carter"
    assert by_text(claims, "Nobody will break").speaker.id == "ann-carter"


def test_multi_paragraph_quote_is_one_claim(run):
    body = (
        "Coach Lee Park was blunt. “We lost because we were slow.\n\n"
        "“Next week we will be faster,” Park said."
    )
    claims = run(body)
    c = by_text(claims, "We lost because")
    assert "Next week we will be faster" in c.text
    assert c.speaker.id == "lee-park"


def test_scare_quote_is_not_a_claim(run):
    claims = run("The so-called “friendly opposition” met in Geneva on Tuesday.")
    assert claims == []


def test_boilerplate_yields_no_claims(run):
    body = "Share this article\nFollow us on Twitter :\nLeave a comment\n4 × one =\nReporting by: John Smith"
    assert run(body) == []


def test_indirect_said_that(run):
    claims = run("Senator Paula Grant said that the budget would pass next week.")
    c = by_text(claims, "budget would pass")
    assert c.kind == "indirect" and c.text == "the budget would pass next week"
    assert c.speaker.id == "paula-grant"


def test_told_reuters(run):
    claims = run("Finance minister Karl Ohm told Reuters the bank had enough capital.")
    c = by_text(claims, "enough capital")
    assert c.text == "the bank had enough capital"
    assert c.cue == "told" and c.speaker.id == "karl-ohm"


def test_according_to(run):
    claims = run("According to the Associated Press, the factory closed in June.")
    c = by_text(claims, "factory closed")
    assert c.text == "the factory closed in June"
    assert c.kind == "indirect" and c.speaker.type == "organisation"
    assert "Associated Press" in names(c)


def test_according_to_at_end(run):
    claims = run("The mine will employ 300 people, according to the regional council.")
    c = by_text(claims, "mine will employ")
    assert c.text == "The mine will employ 300 people"


def test_denied_noun_phrase(run):
    claims = run("The rebels denied any financial ties to the cartel.")
    c = by_text(claims, "financial ties")
    assert c.text == "any financial ties to the cartel"
    assert c.polarity == "deny" and c.cue == "denied"


def test_denied_claims_without_content_is_not_a_claim(run):
    assert run("The club denied the claims on Friday.") == []


def test_inverted_reporting_clause(run):
    claims = run("The plant will close next year, the company reported.")
    c = by_text(claims, "plant will close")
    assert c.text == "The plant will close next year"


def test_transcript_label(run):
    claims = run("Radio host: Well, the team looked tired tonight and nobody can deny it.")
    c = by_text(claims, "team looked tired")
    assert c.kind == "direct"
    assert "host" in c.speaker.name.lower()


def test_attributor_keeps_no_state_between_articles(extractor, run):
    """The shared Attributor holds only what it was built with; each article's state is a
    DocContext of that call."""
    before = dict(vars(extractor.attributor))
    run("“The bridge will reopen in May,” Maria Lopez said. She added that tolls would stay.")
    after = vars(extractor.attributor)
    assert after.keys() == before.keys() and all(after[k] is v for k, v in before.items())


def test_a_paragraph_break_is_a_sentence_break(run):
    """The parser may run a sentence on across a blank line (a closing quote mark read as
    the next paragraph's subject); a news paragraph never continues one, so the report in
    the next paragraph stays whole."""
    body = ("The picture was posted on a local oddities blog called Strange Margate, and soon "
            "dubbed \"Sharknado.\"\n\nQuentin Autumn, who runs the blog, told the Daily Star that "
            "he had seen a huge shark near the pier while fishing with his son last summer.")
    c = by_text(run(body), "huge shark")
    assert c.speaker.name == "Quentin Autumn"
    assert c.text.startswith("he had seen a huge shark")


def test_per_after_a_word_is_a_rate_not_a_source(run):
    """ "65 apps per iPhone" made iPhone a speaker; "per the Times" credits the Times."""
    assert not run("On average there are 65 apps per iPhone and 100 per tablet.")
    c = by_text(run("The team will move to Las Vegas next year, per the Times."), "team will move")
    assert c.speaker.name == "The Times"


def test_a_report_claiming_something_is_not_the_claim_of_who_denies_it(run):
    """ "The clinic denied reports claiming they conducted a biopsy": the reports claim it,
    not the clinic; "a report by Reuters claiming ..." is Reuters'; "released a statement
    saying ..." is the issuer's own."""
    claims = run("The clinic previously denied reports claiming they administered a general "
                 "anaesthetic and conducted a vocal cord biopsy on the late star.")
    assert [c.polarity for c in claims if c.speaker.name == "clinic"] == ["deny"]
    claims = run("The company denied a report by Reuters claiming it would cut 1,000 jobs.")
    assert by_text(claims, "would cut 1,000 jobs").speaker.name in {"Reuters", "company"}
    assert any(c.speaker.name == "Reuters" and c.polarity == "affirm" for c in claims)
    claims = run("Prime Minister David Cameron released a statement saying the murder was "
                 "shocking and depraved.")
    assert by_text(claims, "shocking and depraved").speaker.name == "David Cameron"


def test_a_participle_hung_on_a_reported_claim_is_the_handlers(run):
    """ "A biologist killed off claims that a giant crab is living on the coast - insisting
    the image is a hoax": the parser hangs "insisting" on the claims' clause, whose subject
    (the crab) says nothing; the biologist, who handles the claims, insists."""
    claims = run("A marine biologist has killed off claims that a giant crab is living on the "
                 "Kent coast - insisting the image is probably a well-doctored hoax.")
    hoax = by_text(claims, "well-doctored hoax")
    assert hoax.speaker.name == "marine biologist" and hoax.polarity == "deny"
    claims = run("Police rejected claims that the suspect fled, adding that he was arrested at "
                 "home.")
    assert by_text(claims, "arrested at home").speaker.name == "Police"
    # "reported" is a verb whose lemma is a statement noun: its clause's subject still speaks
    claims = run("The Daily Mail reported that Mark Evans left his home in London, saying he "
                 "was leaving everything behind.")
    assert next(c for c in claims if c.cue == "saying").speaker.id == "mark-evans"
