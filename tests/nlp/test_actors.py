"""actors.py: names, pronouns, role nouns, appositives, acronyms, countries, aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.nlp.extract import Extractor
from streams.records import Article
from tests.nlp.conftest import by_text, names


def test_surname_resolves_to_full_name(run):
    body = "Police chief Maria Santos met reporters. “The suspect is in custody,” Santos said."
    c = by_text(run(body), "suspect is in custody")
    assert c.speaker.id == "maria-santos" and c.speaker.name == "Maria Santos"
    assert "Santos" in c.speaker.aliases


def test_a_name_never_starts_inside_another_name_of_the_article(run):
    """A photo caption "Nigeria Boko Haram Abubakar Shekau Archiv" gets the PERSON entity
    "Haram Abubakar Shekau"; "Haram" ends "Boko Haram", so Shekau stays Abubakar Shekau."""
    body = ("Militant group Boko Haram is reportedly holding a German hostage who was kidnapped in "
            "July. The group's leader has also claimed that a report of a ceasefire with the "
            "Nigerian government was a \"lie.\"\n Nigeria Boko Haram Abubakar Shekau Archiv\n"
            "Nigerian militant group Boko Haram claims to be holding a German hostage who was "
            "kidnapped from the state of Adamawa in northeastern Nigeria earlier this summer.\n"
            "Boko Haram leader Abubakar Shekau made the announcement in a video obtained by news "
            "agency Agence France Presse.\n"
            "But Shekau reportedly claims in the video that earlier claims of a ceasefire between "
            "Boko Haram and the government are false.")
    assert by_text(run(body), "ceasefire between").speaker.name == "Abubakar Shekau"


def test_a_hyphenated_name_stays_whole(run):
    """NER ends "Jean-Marie Le" before "Pen" and the parser hangs "Jean" on "Marie":
    the name is still the whole "Jean-Marie Le Pen", as "Bretton-Gordon" is."""
    c = by_text(run("National Front founder Jean-Marie Le Pen said the party would win."), "party")
    assert c.speaker.name == "Jean-Marie Le Pen"
    c = by_text(run("Colonel Hamish de Bretton-Gordon said the bombs created panic."), "panic")
    assert c.speaker.name.endswith("Bretton-Gordon")


def test_a_name_written_with_a_slash_is_one_name(run):
    """ "Re/Code reports ...": the parser leaves "Re/" out of the name before "Code"; the
    outlet is Re/code, not an actor called "Code"."""
    c = by_text(run("Update: Re/Code reports that the streaming service won't go anywhere."),
                "streaming service")
    assert c.speaker.name == "Re/code" and c.speaker.type == "organisation"


def test_an_organisation_named_with_of_keeps_its_whole_name(run):
    """ "The Department of Homeland Security denied ...": the subject's head is "Department";
    the speaker is the whole name (which department is the news), known by its head too."""
    c = by_text(run("The Department of Homeland Security flatly denied on Wednesday a claim that "
                    "fighters had crossed the border."), "crossed the border")
    assert c.speaker.name == "Department of Homeland Security" and "Department" in c.speaker.aliases
    c = by_text(run("Iraq's Ministry of Health also denied that anyone in Mosul had the virus."),
                "anyone in Mosul")
    assert c.speaker.name == "Ministry of Health"


def test_pronoun_resolution(run):
    body = (
        "Mayor John Reed opened the new school on Friday.\n\n"
        "“Every child deserves a good classroom,” he said."
    )
    c = by_text(run(body), "Every child")
    assert c.speaker.id == "john-reed"


@pytest.mark.parametrize(("body", "quote", "speaker"), [
    # a pronoun opening its paragraph: the speaker of the paragraph before, not whatever
    # was named last in it ("Hunter told ... that ISIS, the Islamic State of Iraq and
    # al-Sham, is ...\n\n'...,' he said")
    ("Congressman Duncan Hunter told Fox News on Tuesday that the group, led by Omar Farouk, "
     "is crossing the border.\n\n“I know that ten fighters have been caught in Texas,” he said.",
     "ten fighters", "duncan-hunter"),
    # a name before the pronoun in its own paragraph still wins
    ("Tiger Woods denied the report on Friday.\n\nThe rumour came from golfer Dan Olsen, on a "
     "radio show. But he had this to say: “I heard he is on a month's suspension,” he said.",
     "month's suspension", "dan-olsen"),
])
def test_a_pronoun_looks_to_its_paragraph_then_to_the_speaker_before(run, body, quote, speaker):
    assert by_text(run(body), quote).speaker.id == speaker


def test_role_noun_resolution(run):
    body = (
        "Army spokesman Colonel Hans Weber said that the convoy was attacked near the border. "
        "The colonel said the soldiers were unharmed."
    )
    c = by_text(run(body), "soldiers were unharmed")
    assert c.speaker.id == "hans-weber"
    assert any(a.lower() == "the colonel" for a in c.speaker.aliases)


def test_the_company_refers_back_to_the_organisation_before_it(run):
    """ "Amazon denied the report. The company said ..." is Amazon speaking; with no
    organisation before it (only an outlet), "the company" stays a bare speaker."""
    c = by_text(run("Amazon denied the report. The company said it had no plans to sell the unit."),
                "no plans")
    assert c.speaker.id == "amazon"
    c = by_text(run("The New York Post reported the sale. The company said it had no plans."),
                "no plans")
    assert c.speaker.id != "new-york-post"
    # another paragraph (the next item of a round-up) is another subject
    c = by_text(run("The Nobel Institute denied the letter.\n\nA photo of a mint condom went "
                    "viral. The company said it had no such product."), "no such product")
    assert c.speaker.id != "nobel-institute"


def test_the_company_finds_the_one_business_of_earlier_paragraphs(run):
    """With no organisation in its own paragraph, "the company" is the one business the
    article has been about; not when two are named (a round-up), nor an institution."""
    body = ("Apple is working on a new streaming service, according to people familiar with "
            "the plans.\n\nAnalysts expect it to compete with Spotify.\n\n"
            "The company said it does not comment on rumours.")
    assert by_text(run(body), "comment on rumours").speaker.id == "apple"
    body = ("Apple is working on a streaming service.\n\nAmazon is working on one too.\n\n"
            "The company said it does not comment on rumours.")
    assert by_text(run(body), "comment on rumours").speaker.id not in {"apple", "amazon"}


def test_appositive_gives_org_and_acronym_links_both_forms(run):
    body = (
        "Lina Haddad, spokesperson of the National Farmers Union (NFU), told reporters the harvest was "
        "the worst in a decade."
    )
    c = by_text(run(body), "harvest was")
    assert c.speaker.id == "lina-haddad"
    assert c.speaker.org == "national-farmers-union"
    assert any("spokesperson of the National Farmers Union" in a for a in c.speaker.aliases)


def test_described_speaker(run):
    c = by_text(run("“The deal is done,” a source close to the talks told the BBC."), "deal is done")
    assert "a source close to the talks" in names(c)
    assert c.speaker.type == "person"


def test_publication_is_an_organisation(run):
    c = by_text(run("The Guardian reported that the minister had resigned."), "minister had resigned")
    assert c.speaker.type == "organisation" and c.speaker.id == "the-guardian"


def test_demonym_to_country(run):
    c = by_text(run("The Russians said they would keep the embassy open."), "keep the embassy open")
    assert c.speaker.id == "russia" and c.speaker.type == "country"


def test_user_alias_registry(nlp, tmp_path: Path):
    reg = tmp_path / "aliases.yaml"
    reg.write_text(
        "actors:\n  - id: blue-party\n    name: Blue Party\n    type: organisation\n"
        "    aliases: [Blue Party, the Blues, BP]\n",
        encoding="utf-8",
    )
    ex = Extractor(nlp=nlp, aliases_path=reg)
    art = Article(
        id="t-al", published_at="2024-01-01T00:00:00Z", body="The Blues said the election was fair."
    )
    c = by_text(ex.extract(art), "election was fair")
    assert c.speaker.id == "blue-party"


def test_aliases_env_var(nlp, tmp_path: Path, monkeypatch):
    reg = tmp_path / "a.yaml"
    reg.write_text(
        "actors:\n  - id: green-front\n    name: Green Front\n    aliases: [Greens]\n", encoding="utf-8"
    )
    monkeypatch.setenv("GAINSAY_ALIASES", str(reg))
    ex = Extractor(nlp=nlp)
    art = Article(id="t-env", published_at="2024-01-01T00:00:00Z", body="The Greens said the law was unfair.")
    assert by_text(ex.extract(art), "law was unfair").speaker.id == "green-front"


def test_a_spokeswoman_for_a_named_organisation_speaks_for_it(run):
    """ "a spokeswoman for Ridgeway Medical Center" speaks for the centre, so she and the
    centre are one side."""
    claims = run("Ridgeway Medical Center says the patient came to its clinic. “These reports are "
                 "inaccurate,” a spokeswoman for Ridgeway Medical Center said.")
    assert by_text(claims, "reports are inaccurate").speaker.org == "ridgeway-medical-center"


def test_an_abbreviated_title_keeps_its_name(run):
    """ "said Det. Aldeson." : spaCy splits "Det." and ends the sentence there, so the
    speaker was "Det"; the abbreviation now stays one token, as "Dr." does."""
    c = by_text(run("Police came to the flat. “There was no sign of foul play,” said Det. Aldeson."),
                "foul play")
    assert c.speaker.name == "Aldeson"
    c = by_text(run("Sgt. Mike Brown said the road was closed."), "road was closed")
    assert c.speaker.name == "Mike Brown"


def test_a_name_under_an_article_is_a_thing_not_a_person(run):
    """NER calls "the iOS App Store" a PERSON; "he" then went to it. A name that takes an
    article is a thing's, unless a title stands between ("the Rev. Al Sharpton")."""
    body = ("Analyst John Miller published a note on Monday.\nBy comparison, it took the iOS App "
            "Store 16 months to hit 100,000 apps.\nHe writes that the watch will sell 40 million units.")
    assert by_text(run(body), "watch will sell").speaker.name == "John Miller"
    body = "The Rev. Al Sharpton spoke on Monday. He said the march will go ahead."
    assert by_text(run(body), "march will go ahead").speaker.name == "Al Sharpton"


def test_he_said_after_a_clause_about_someone_is_not_that_someone(run):
    """ "Dulaimi's children were at a care centre while she was questioned, he said": the
    one the clause talks about is tried last; the minister who has been speaking said it."""
    body = ("Interior Minister Nouhad Mashnuq spoke on Wednesday. DNA tests showed the girl was "
            "her daughter, he said.\nMashnuq offered no further information.\nDulaimi's children "
            "were at a children's care centre while she was being interrogated, he said.")
    assert by_text(run(body), "care centre").speaker.name == "Nouhad Mashnuq"
    body = "Tom Baker was stopped by police on Monday. His car had been stolen, he said."
    assert by_text(run(body), "car had been stolen").speaker.name == "Tom Baker"


def test_a_lede_that_describes_a_speaker_names_them_in_the_next_paragraph(run):
    """ "A former PGA Tour player claims ..." / "Dan Olsen, who ..., made the claim": one
    speaker. A source role stays unnamed, and a name with another description is another."""
    body = ("A former PGA Tour player claims Tiger Woods has been suspended for one month.\n"
            "Dan Olsen, who has made 35 career PGA Tour starts, made the claim on Friday.")
    assert by_text(run(body), "has been suspended").speaker.name == "Dan Olsen"
    body = ("A police spokesman said the road was closed on Monday.\n"
            "John Smith, 45, said he heard a loud bang.")
    assert by_text(run(body), "road was closed").speaker.name != "John Smith"
    body = ("A retired golfer said the course was flooded on Monday.\n"
            "John Smith, a neighbour, said he heard a loud bang.")
    assert by_text(run(body), "course was flooded").speaker.name != "John Smith"


def test_a_pronoun_right_after_a_name_tells_its_gender(run):
    """ "attacked Peter Molefe, 25, ... while he was drinking": Molefe is "he", so "She said
    Molefe had tricked her" is not his; a pronoun after a reporting verb ("Reed says that
    photos of her ...") is someone else and tells nothing."""
    body = ("The girl, whose name cannot be published, attacked Peter Molefe, 25, with acid while "
            "he was drinking with friends.\nShe said Molefe had tricked her.\n"
            "“It happened in a blink of an eye,” he said.")
    claims = run(body)
    assert by_text(claims, "blink of an eye").speaker.name == "Peter Molefe"
    assert all(c.speaker.name != "Peter Molefe" for c in claims if "tricked" in c.text)
    body = ("Analyst Tom Reed runs a blog. Reed says that some photos of her as a child were found.\n"
            "Reed also says he believes she played a large role in the trip.")
    assert by_text(run(body), "large role").speaker.name == "Tom Reed"



def test_a_pronoun_after_two_names_or_another_participant_tells_nothing(extractor):
    """ "Burton and Hammond had asked the killer to sign a document that would let them take
    his body when he dies": "he" is the killer; Burton's gender stays unknown."""
    from streams.nlp.actors import ArticleActors

    body = ("Initially, Amy Burton and Craig Hammond had asked the killer to sign a document that "
            "would let them take his body when he dies.\nPeter Molefe, 25, was at a bar with "
            "a cousin when he was attacked.")
    doc = extractor.nlp(body)
    actors = ArticleActors(doc, extractor.lexicon, [])
    gender = {a.name: a.pron_gender for a in actors.actors.values()}
    assert gender.get("Amy Burton") is None
    assert gender.get("Peter Molefe") == "m"
