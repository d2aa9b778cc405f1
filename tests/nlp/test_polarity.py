"""polarity.py: deny / hedge / affirm, scoped to the claim clause."""

from __future__ import annotations

from tests.nlp.conftest import by_text


def test_negated_clause_is_deny(run):
    c = by_text(run("“The minister is not going to resign,” the spokesman Tom Hill said."), "not going")
    assert c.polarity == "deny"


def test_there_is_no_is_deny(run):
    c = by_text(
        run("Company spokesman Peter Lund said there is no agreement with the union."), "no agreement"
    )
    assert c.polarity == "deny"


def test_emphatic_idiom_is_affirm(run):
    c = by_text(
        run("“They tried to change her mind but there is no chance,” a friend of the singer said."),
        "no chance",
    )
    assert c.polarity == "affirm"


def test_discredit_predicate_is_deny(run):
    c = by_text(run("“These reports are completely false,” lawyer Sara Cole said."), "completely false")
    assert c.polarity == "deny"


def test_not_true_is_deny(run):
    c = by_text(
        run('A spokeswoman for the firm, Eva Stone, told reporters the story was "not true."'),
        "the story was",
    )
    assert c.polarity == "deny"


def test_negation_outside_claim_clause_does_not_flip(run):
    # the negation belongs to the reporting sentence, not to the reported clause
    c = by_text(
        run("Although she did not attend, Judge Ruth Moss said the trial was fair."), "trial was fair"
    )
    assert c.polarity == "affirm"


def test_hedge(run):
    c = by_text(run("Analyst Jon Berg said the merger may collapse next month."), "merger may collapse")
    assert c.polarity == "hedge"
    c = by_text(run("Coach Ben Ray said the striker is unlikely to play on Sunday."), "unlikely to play")
    assert c.polarity == "hedge"


def test_retraction_is_deny(run):
    c = by_text(
        run("“What I said was only my opinion and I retract it,” blogger Dan Fisk said."), "only my opinion"
    )
    assert c.polarity == "deny"


def test_correction_not_x_but_y_is_affirm(run):
    c = by_text(
        run("“It's not the engine, but it's something in the gearbox,” mechanic Al Reyes said."),
        "not the engine",
    )
    assert c.polarity == "affirm"


def test_cannot_idioms_are_attitudes_not_denials(extractor):
    from streams.records import Article

    body = ("The new beer is called Blackout. “I can’t think of a better name for it,” "
            "brewer Jane Roe said. “We will not sell it in Ohio,” she added.")
    claims = extractor.extract(Article(id="p1", published_at="2015-01-01T00:00:00Z", body=body))
    by_text = {c.text: c.polarity for c in claims}
    assert by_text.get("I can’t think of a better name for it") == "affirm", by_text
