"""How hoax stories are told: embedded posts, "exposed X to be a hoax", "- but according to
X, ...", "no press conference had been called", "a disgusting rumor". Sentences written for
these tests (the forms were found on the dev3_denials development set)."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import by_text

#: (body, fragment of the claim, a part of the speaker's name, text the claim must not hold, why)
SPEAKERS = [
    ("Rumours spread on Friday that Fidel Castro had died.\n\n"
     "UPDATE - Cuba will hold no news conference today. Bad info from Reuters. pic.twitter.com/Ab12Cd\n\n"
     "— Maria Ortega (@mortega_news) January 10, 2015\n", "Cuba will hold no news conference",
     "Maria Ortega", "pic.twitter.com", "an embedded post is its signing account's"),
    ("The group posted a claim about the airstrike.\n\n"
     "Our fighters were killed by the airstrikes two weeks ago http://t.co/N1PUeX\n\n"
     "— \nState Times ❤️ (@StateTimes1) October 07, 2014\n", "Our fighters were killed",
     "State Times", "http", "a dash line alone and a decorated display name"),
    ("Rumours spread that the king would fly the airstrikes. Jordanian author Waleed Abu Anada "
     "posted:\n\nKing Abdullah will personally fly and lead the airstrikes against ISIS tomorrow. "
     "#IAmMoath— Waleed Abu Nada (@waleedabunada) February 4, 2015\n", "will personally fly",
     "Waleed Abu Nada", "#IAmMoath", "a signature run on at the end of the post overrules a block"),
    ("A parody site claimed the comedian had abused actress Jane Rowe. The fact-checker Snopes "
     "debunked this rumor awhile ago, but Jane Rowe posted her own response to this on her "
     "Instagram page today:\n\nEveryone on that show treated me with nothing but kindness. Now "
     "keep me out of this!\n", "Everyone on that show", "Jane Rowe", None,
     "a block after a colon is spoken by the cue nearest the colon"),
    ("The shooting was described in several ways. Here's what the New York Times said about what "
     "eyewitnesses have told police:\n\nSome of the accounts seem to agree on how the fatal "
     "altercation initially unfolded.\n", "Some of the accounts", "New York Times", None,
     "a cue inside an earlier cue's words does not take the block"),
    ("Actress Jane Rowe arrived first. Her co-star Ann Lake came an hour later.\n\n"
     "“Ann Lake never said that about the director,” she said.", "never said that", "Jane Rowe",
     None, "'she' after a quote is not whoever the quote names"),
    ("But now, anchor Brian Williams has leapt in to save the day — he explained that NBC "
     "meteorologist Mike Seidel wasn’t peeing in the snow while on-air, and he called for an "
     "apology.", "Seidel wasn’t peeing", "Brian Williams", "leapt",
     "of a cue's two complements the that-clause is what was said"),
]


@pytest.mark.parametrize("body,fragment,speaker,absent,why", SPEAKERS, ids=[c[4] for c in SPEAKERS])
def test_speakers_of_debunking_forms(run, body, fragment, speaker, absent, why):
    c = by_text(run(body), fragment)
    assert speaker in c.speaker.name, why
    assert absent is None or absent not in c.text, why


def test_a_signature_without_a_date_or_a_post_in_another_script_is_no_claim(run):
    claims = run("Fans reacted online.\n\nWe love this team so much tonight\n\n"
                 "— Sam Cole (@samcole)\n\n"
                 "سعودي يتزوج الثلج الشعب بدأ يفصل شيئاً\n\n"
                 "— Yousef (@YOUSEF) December 16, 2013\n")
    assert claims == []


def test_exposed_the_story_to_be_a_hoax_is_a_denial_of_the_story(run):
    body = ("The National Report claimed that Banksy was arrested in London. "
            "The newspaper Daily Post exposed the story to be a hoax.")
    c = by_text(run(body), "to be a hoax")
    assert c.text == "the story to be a hoax"
    assert c.polarity == "deny"


def test_believing_a_man_to_be_dangerous_keeps_its_object(run):
    claims = run("Police chief Ann Moss said the man was armed. Police believe the man to be "
                 "dangerous, Moss added.")
    assert any("the man to be dangerous" in c.text for c in claims)


def test_but_according_to_after_a_dash_opens_a_statement_of_its_own(run):
    body = ("Website National Report said that “London Police Chief Lyndon Edwards” had held a "
            "press conference - but according to the Met, no such officer exists.")
    claims = run(body)
    c = by_text(claims, "no such officer exists")
    assert c.speaker.name == "Met" and c.polarity == "deny"
    site = by_text(claims, "held a press conference")
    assert site.polarity == "affirm" and "according" not in site.text


#: (body, fragment of the claim, whether it denies, why)
POLARITY = [
    ('Agents said the gang had been arrested. "There’s no better feeling than putting the '
     'bad guys behind bars," Detective Tom Downey said.', "no better feeling", False,
     "'there is no better X' is praise, not an existential denial"),
    ("Reports said there was turmoil at the top. Analyst Michael Madden said the reports of "
     "turmoil at the top are probably exaggerated.", "probably exaggerated", False,
     "a verdict under 'probably' does not commit"),
    ("Reports said there was turmoil at the top. Analyst Michael Madden said the reports of "
     "turmoil at the top are exaggerated.", "exaggerated", True,
     "the same verdict without the hedge denies"),
    ('Officials said an attack was possible. "It’s not out of the realm of possibility," '
     "spokesman John Kirby said.", "realm of possibility", False,
     "litotes: 'not out of the realm of possibility' says it may be"),
    ("The newspaper Diario de Cuba reported that Cuba had scheduled a news conference on "
     "Castro's health. Cuban officials told news media in Havana that no press conference had "
     "been called.", "no press conference", True,
     "a subject under 'no' that another speaker's claim names"),
    ("Major hurricanes have become rare on the coast. Forecaster Marc Moore said no major "
     "hurricanes have made landfall for over a decade.", "no major hurricanes", False,
     "a subject under 'no' that only the lead names"),
    ("The storm hit the coast on Monday. Mayor Jo Hart said no school had been damaged.",
     "no school had been damaged", False, "a subject under 'no' that nothing else names"),
    ("Hip Hop Hangover claimed that the actor had assaulted actress Raven Cole. Cole wrote on "
     "Instagram: “This is a truly disgusting rumor that I want no part of!”", "disgusting rumor",
     True, "called a rumour"),
    ("The rumor spread quickly online, actor Tom Hill said.", None, False,
     "a rumour as the subject reports talk"),
    ("North Korea has finally admitted its leader Kim Jong-un is poorly - sparking new rumours "
     "he may have gout, state media said.", None, False, "new rumours sparked by an admission"),
    ("A parody site claimed the comedian had abused actress Jane Rowe. Rowe responded on "
     "Instagram: “I was NOT taken advantage of by him when I was on the show!”",
     "NOT taken advantage", True, "a negation in capitals inside lower-case text"),
    ("Coach Tim Rowe said: “WE DID NOT PLAY WELL TODAY AND WE KNOW IT.”", "DID NOT PLAY", False,
     "a shouted headline shouts every word"),
    ("Reports said the king flew combat missions.\n\nIt made a great story, but it wasn’t true, "
     "the Jordanian government said.", "great story", True,
     "'wasn’t true' with a curly apostrophe the parser files as punctuation"),
    ("Reports said the king flew combat missions. Mohammed al-Momani said in a statement that "
     "reports about the personal involvement of the King in combat missions on IS targets is "
     "unfounded and baseless.", "personal involvement", True,
     "'that reports about ... is baseless', which the parser splits at 'is'"),
    ("Reports said the video was staged. “This isn’t right,” his brother Kevin Nickel said.",
     "This isn’t right", False, "'not right' of a deed is a complaint"),
    ("Reports said Durex launched a spiced condom. Durex said the rumor is not right.",
     "rumor is not right", True, "'not right' of a statement rejects it"),
    ("Forecaster Mike Seidel reported from the storm. Anchor Brian Williams said Seidel is no "
     "stranger to inclement weather.", "no stranger", False, "'no stranger to' is an idiom"),
]


@pytest.mark.parametrize("body,fragment,denies,why", POLARITY, ids=[c[3] for c in POLARITY])
def test_polarity_of_debunking_forms(run, body, fragment, denies, why):
    claims = run(body)
    found = [by_text(claims, fragment)] if fragment else claims
    assert [c.polarity == "deny" for c in found] == [denies] * len(found), why


def test_not_sure_in_capitals_stays_a_hedge(run):
    body = ("Reports said a gas attack hit the town. “We are NOT sure what the cause is yet,” "
            "doctor Ali Ahmed told the agency.")
    assert by_text(run(body), "NOT sure").polarity == "hedge"


def test_a_name_that_who_takes_up_is_a_person_even_when_ner_says_organisation(run):
    body = ("Bonet isn't the first of Cosby's Huxtable family to speak out. Raven-Symoné (who "
            "played Cosby's step-granddaughter, Olivia, on the show) took to social media last "
            "week to deny rumors that she was one of his victims.\n\n"
            "\"I was NOT taking advantage of by Mr. Cosby when I was on the Cosby Show!\" she "
            "posted on her Instagram.")
    c = by_text(run(body), "NOT taking advantage")
    assert c.speaker.name == "Raven-Symoné" and c.speaker.type == "person"


def test_a_question_word_who_after_a_company_leaves_it_a_company(run):
    body = ("Conal O'Rourke claims he never told anyone at Comcast who he worked for. Comcast "
            "said it would review the bill.")
    c = by_text(run(body), "review the bill")
    assert c.speaker.name == "Comcast" and c.speaker.type != "person"


def test_a_quoted_name_opening_a_reported_clause_keeps_the_rest_of_the_clause(run):
    body = ("Website National Report said that “London Police Chief Lyndon Edwards” had held a "
            "press conference unmasking Banksy after the arrest.")
    c = by_text(run(body), "Lyndon Edwards")
    assert c.text.endswith("had held a press conference unmasking Banksy after the arrest")


def test_according_to_closing_a_conjoined_clause_stays_in_the_claim(run):
    body = ("Police chief Jon Belmar said the officer tried to leave the car and the man pushed "
            "him back, according to a preliminary investigation.")
    assert "the man pushed him back" in by_text(run(body), "tried to leave").text


def test_revealing_himself_to_be_someone_is_no_statement(run):
    body = ("Police spokesman Michael Woody said the car was safe. He then removed a rubber mask, "
            "revealing himself to be The Joker in disguise.")
    assert all("to be The Joker" not in c.text for c in run(body))


def test_posts_run_together_on_one_line_are_credited_to_nobody(run):
    body = ("Owners complained online.\n\n"
            "My phone keeps pulling my hair out of my beard.— Quinn Nelson (@SnazzyQ) October 6, "
            "2014The seam catches my hair every single call I make\n\n"
            "— Kavan (@KavKilledKenny) October 1, 2014\n")
    assert all("Quinn Nelson" not in c.text for c in run(body))


def test_reports_denied_by_someone_in_the_passive_are_that_ones_denial(run):
    claims = run("The Sun reported that the minister resigned. The reports that the minister "
                 "resigned were denied by the ministry on Monday.")
    denial = [c for c in claims if c.polarity == "deny"]
    assert [c.speaker.name for c in denial] == ["ministry"] and "minister resigned" in denial[0].text
    assert all(c.polarity != "deny" for c in run("Manson applied for parole. Manson was denied "
                                                 "parole by the board on Monday."))


@pytest.mark.parametrize("body", [
    "Special forces arrived at the target location in the desert to find Mr Somers was not there.",
    "And while Kansas City is no contender, saying no to Quebec City in favour of two more U.S. "
    "cities is almost certainly not going to happen.",
], ids=["arrived to find: a discovery", "saying no to: a refusal"])
def test_cue_verbs_that_report_nothing(run, body):
    assert run(body) == []


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_a_curly_contraction_reads_as_the_straight_one(run, apostrophe):
    """ "there’s no rat issue": spaCy's attribute ruler knows "'s" as "be"; its curly twin
    (news text) must read the same, or the existential denial is lost."""
    claims = run("Page Six sources said there were rats in the office. A Vogue insider told "
                 f"People there{apostrophe}s no rat issue.")
    assert by_text(claims, "no rat issue").polarity == "deny"
