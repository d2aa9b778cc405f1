"""Speech acts the alerts depend on: accusations, rejections, relative-clause speakers,
refusals that are not denials, names as written. Sentences written
for these tests."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import by_text


def test_accusation_keeps_the_accused_and_the_charge(run):
    c = by_text(run("Western officials accused Moscow of meddling in the referendum."), "meddling")
    assert c.text == "Moscow of meddling in the referendum"
    assert c.polarity == "affirm" and c.cue == "accused"


def test_dismissed_as_nonsense_is_a_denial(run):
    claims = run("Critics say the dam leaks. The water board dismissed the reports as nonsense.")
    c = by_text(claims, "the reports")
    assert c.polarity == "deny" and c.speaker.name.lower().endswith("water board")


def test_dismissing_talk_of_something_denies_it_but_peace_talks_are_content(run):
    """ "talk" is a statement only as what a denial verb rejects."""
    claims = run("Reports say the league will expand. Commissioner Ann Ruiz, who has "
                 "previously dismissed talk of expanding beyond 30 teams, visited Seattle.")
    c = by_text(claims, "talk of expanding")
    assert c.polarity == "deny" and c.speaker.name == "Ann Ruiz"
    c = by_text(run("The rebels said the peace talks would resume in May."), "peace talks")
    assert "talk" in c.proposition.terms and c.polarity == "affirm"


@pytest.mark.parametrize("sentence", [
    "The manager shot down rumours that Smith would be sold.",
    "The manager laughed off reports that Smith would be sold.",
    "The club pushed back on reports that Smith would be sold.",
    "The manager poured cold water on reports that Smith would be sold.",
    "The manager brushed aside suggestions that Smith would be sold.",
], ids=["shot down", "laughed off", "pushed back on", "poured cold water on", "brushed aside"])
def test_a_phrasal_rejection_of_a_report_is_a_denial(run, sentence):
    c = by_text(run("Reports said the club would sell Smith. " + sentence), "Smith would be sold")
    assert c.polarity == "deny" and c.text == "Smith would be sold"


@pytest.mark.parametrize("sentence,fragment", [
    ('The club branded the claims "fake news".', "the claims"),
    ('The manager described the reports as "total nonsense".', "the reports as"),
    ("The minister denied ever meeting Jones.", "meeting Jones"),
    ('Smith called the report "a pack of lies".', "the report"),
    ("The minister denied having sent the emails.", "sent the emails"),
], ids=["branded fake news", "described as nonsense", "denied meeting", "pack of lies",
        "denied having sent"])
def test_labels_and_gerunds_that_reject(run, sentence, fragment):
    c = by_text(run("Reports said the club would sell Smith and the minister met Jones. " + sentence),
                fragment)
    assert c.polarity == "deny"


def test_describing_or_denying_without_rejecting_anything_is_no_denial(run):
    assert all(c.polarity != "deny" for c in run("The mayor described the scene as chaotic."))
    assert all(c.polarity != "deny" for c in run("She denied the request and called the "
                                                   "decision final."))


def test_a_phrasal_verb_without_a_report_to_reject_is_no_cue(run):
    """ "pushed him back into the car" neither reports nor cuts the clause it sits in."""
    c = by_text(run("Wilson tried to leave but Brown pushed him back into the car, police chief "
                    "Jon Belmar said."), "Wilson tried")
    assert c.text.endswith("pushed him back into the car") and c.polarity == "affirm"
    assert run("The army shot down a drone near the border.") == []


def test_a_denied_claim_with_its_maker_keeps_the_that_clause(run):
    c = by_text(run("Johnson pushed back against claims made by Rep. Duncan Hunter that ten "
                    "fighters were caught at the border."), "fighters")
    assert c.text == "ten fighters were caught at the border" and c.polarity == "deny"


def test_upper_case_us_is_the_country_not_the_pronoun(run):
    c = by_text(run("The US has denied claims that it bribed the customs officers."), "bribed")
    assert c.speaker.id == "united-states" and c.polarity == "deny"


def test_relative_clause_speaker_is_its_antecedent(run):
    c = by_text(run("The plan angered the farmers' unions, which said they had not been consulted."),
                "not been consulted")
    assert "union" in c.speaker.name.lower()


def test_who_is_denied_something_denies_nothing(run):
    """ "applied for parole but was denied release": the passive cue's subject is who it
    happened to, not a speaker (the subject of the clause before is no speaker either)."""
    assert run("Manson applied for parole in 2012 but was denied release and is not eligible "
               "to apply again until 2027.") == []
    c = by_text(run("Manson applied for parole and said the board was biased."), "board")
    assert c.speaker.name == "Manson"


def test_refusing_a_request_is_not_a_denial(run):
    claims = run("The mayor denied repeated requests for an interview.")
    assert all(c.polarity != "deny" for c in claims)


def test_found_that_reports_a_finding(run):
    c = by_text(run("A local newspaper investigated the rumour and found that no such clinic "
                    "exists."), "no such clinic")
    assert c.polarity == "deny" and "newspaper" in c.speaker.name.lower()


def test_hyphenated_names_stay_whole(run):
    c = by_text(run("Anne-Marie Duval-Rey said the museum will reopen."), "museum")
    assert c.speaker.name == "Anne-Marie Duval-Rey"


def test_quote_paragraph_without_a_verb_continues_the_previous_speaker(run):
    body = ("Mayor Jane Hill said on Monday that the plan was dead.\n\n"
            "\u201cWe will not go ahead with the bridge. It is over.\u201d\n\n"
            "The council meets again in May.")
    c = by_text(run(body), "go ahead with the bridge")
    assert c.speaker.name == "Jane Hill" and c.kind == "direct"


def test_a_quote_paragraph_after_narration_has_no_speaker(run):
    body = ("The council met on Monday.\n\n"
            "\u201cWe will not go ahead with the bridge.\u201d\n\n"
            "Mayor Jane Hill said the plan was dead.")
    assert all("bridge" not in c.text for c in run(body))


def test_a_number_word_is_no_speaker(run):
    claims = run("Reports said she was held. One said the woman was never in the city. "
                 "Two of the men said they were innocent.")
    assert all(c.speaker.name.lower() not in {"one", "two"} for c in claims)


def test_that_clause_after_the_hearer_is_the_statement(run):
    # the parser reads "that the ferry left early" as a relative clause on "the paper"
    c = by_text(run("Moreno told the paper that the ferry left two hours early."), "ferry left")
    assert c.text == "the ferry left two hours early" and c.speaker.name == "Moreno"


def test_a_relative_clause_on_the_hearer_is_not_a_statement(run):
    claims = run("Moreno told the story that she had heard from her aunt.")
    assert all("heard from her aunt" not in c.text for c in claims)


def test_as_clause_reports_the_clause_it_hangs_on(run):
    c = by_text(run("The ferry left two hours early, as the harbour master pointed out."), "ferry left")
    assert "harbour master" in c.speaker.name.lower()


def test_quoted_as_saying_credits_the_quoted_person(run):
    body = "The Gazette quoted Mayor Jane Hill as saying that the bridge stays closed."
    c = by_text(run(body), "bridge stays closed")
    assert c.speaker.name == "Jane Hill"


@pytest.mark.parametrize(("body", "quote", "speaker"), [
    ("“We did not negotiate with anyone. It is a lie,” AFP reported Abubakar Shekau as saying.",
     "did not negotiate", "Abubakar Shekau"),
    ("The Daily Mail reported Inspector Ravi Kumar as saying that the attackers would be found.",
     "attackers would be found", "Ravi Kumar"),
])
def test_reported_as_saying_credits_the_reported_person(run, body, quote, speaker):
    """ "'We did not negotiate,' AFP reported Shekau as saying": Shekau speaks, not AFP,
    before the quote as well as after it."""
    assert by_text(run(body), quote).speaker.name == speaker


def test_block_after_a_colon_is_the_speakers_statement(run):
    body = ("The ferry operator said in a statement:\n\n"
            "The crossing is suspended until the storm passes. No one was hurt.\n\n"
            "Shares in the company fell on Monday.")
    c = by_text(run(body), "crossing is suspended")
    assert c.kind == "direct" and "ferry operator" in c.speaker.name.lower()
    assert all("Shares" not in x.text for x in run(body))


@pytest.mark.parametrize("head, speaker", [
    ("The report has been disputed for weeks. From CNN:", "CNN"),
    ("Here's Mark Gurman at 9to5Mac:", "Mark Gurman"),
    ("Graphic artist Ashley Austen told Kent Online that the photo was edited:", "Ashley Austen"),
])
def test_a_named_source_or_a_statement_ending_in_a_colon_hands_over_to_the_block(run, head, speaker):
    """Blogs set a source's words off as a block after "From CNN:", "Here's X at Y:" or "X
    told Y that ...:" (the blockquote's marks lost in the feed)."""
    body = f"{head}\n\nThe crab in the picture was pasted onto a satellite image of the harbour."
    assert by_text(run(body), "crab in the picture").speaker.name == speaker


def test_a_statement_the_speaker_released_hands_over_to_the_block(run):
    """ "She released a statement to Facebook:" + a block is her statement; "X caught
    Snyder's comment:" + a block is not X's (nor a statement X put out)."""
    body = ("Dornella Conner spoke from hospital on Tuesday. She released a statement to "
            "Facebook:\n\nThanks to all my friends for your support. I am blind in my left eye.")
    assert by_text(run(body), "Thanks to all").speaker.name == "Dornella Conner"
    body = ("CBM caught Snyder's now-deleted comment on the following video:\n\nSnyder has "
            "removed his comment, but the reaction shows he was there.")
    assert all("removed his comment" not in c.text for c in run(body))


def test_here_is_what_names_no_source(run):
    body = "Here's what the office looks like:\n\nThe publisher did not return a request for comment."
    assert all("publisher" not in c.text for c in run(body))


def test_colon_without_a_reporting_verb_introduces_no_statement(run):
    body = "Watch the clip below, via the broadcaster:\n\nThe video shows the ferry leaving early."
    assert all("ferry leaving" not in c.text for c in run(body))


def test_capitalised_role_with_a_name_in_apposition_is_that_person(run):
    body = ("The Chairman of the Harbour Board, Ian Frost, insisted that the ferry is not "
            "being sold.")
    c = by_text(run(body), "ferry is not")
    assert c.speaker.name == "Ian Frost" and c.polarity == "deny"


def test_hyphenated_given_names_with_a_lower_case_half_stay_whole(run):
    c = by_text(run("\u201cThe talks are over,\u201d said Park Min-jun, a spokesman for the "
                    "ministry."), "talks are over")
    assert c.speaker.name == "Park Min-jun"


def test_abstract_nouns_are_not_speakers(run):
    claims = run("The level of interest around the band suggests that a tour is coming. "
                 "The movement said nothing.")
    assert all(c.speaker.name.lower() not in {"level of interest around the band", "movement"}
               for c in claims)


def test_records_and_updates_are_not_speakers(run):
    """ "The show's archive of guests confirms ...", "the following update is ..." name a
    record, not someone who speaks."""
    claims = run("Rumours say the actor was a guest. The show's archive of guests confirms there "
                 "was no show on that date. The update said the story was a hoax.")
    assert claims == [] or all(c.speaker.name.split()[-1].lower() not in {"guests", "update"}
                               and "archive" not in c.speaker.name for c in claims)
    assert [c for c in run("Rumours say the actor was a guest. The show's host confirms there "
                           "was no show on that date.") if "no show" in c.text]


def test_a_statement_from_someone_before_a_colon_introduces_their_block(run):
    body = ("Here is a statement from the harbour board:\n\n"
            "The ferry was never sold and will sail again in May.")
    c = by_text(run(body), "ferry was never sold")
    assert "harbour board" in c.speaker.name.lower() and c.kind == "direct"


def test_according_to_a_tweet_from_someone_credits_that_someone(run):
    c = by_text(run("The team will move to Quebec in 2017, according to a tweet from the "
                    "reporter Sam Hill."), "move to Quebec")
    assert c.speaker.name == "Sam Hill" and c.cue == "according to"


def test_a_verb_like_add_with_an_object_is_no_nested_report(run):
    """ "Seattle added a franchise, according to X": "added" has a thing as its object, so
    it reports nothing and X stays the speaker."""
    c = by_text(run("Seattle added a franchise in 2017, according to Gary Bettman."), "franchise")
    assert c.speaker.name == "Gary Bettman"


def test_claiming_to_have_done_something_is_a_claim(run):
    """ "The rebels claimed to have downed the jet": the to-infinitive is what is claimed;
    "claimed the prize" claims nothing said."""
    c = by_text(run("The rebel group claimed to have shot down the army jet on Monday."), "shot down")
    assert c.text == "to have shot down the army jet on Monday"
    assert c.speaker.name.lower().endswith("group")
    assert run("The cyclist Ann Berg claimed the prize on Monday.") == []


def test_a_bit_or_piece_of_something_is_not_a_speaker(run):
    """ "The final bit of evidence suggests ..." names a thing, as "the evidence" does."""
    claims = run("Blogs said the photo was real. The final bit of evidence suggests the photo "
                 "is fake. A piece of the footage shows the letter was forged.")
    assert all(c.speaker.name.split()[0].lower() not in {"bit", "piece", "final"} for c in claims)
    assert all("bit of" not in c.speaker.name and "piece of" not in c.speaker.name for c in claims)


def test_a_speaking_participle_speaks_for_the_noun_it_modifies(run):
    c = by_text(run("The council approved the budget, with a spokeswoman saying the vote was "
                    "unanimous."), "vote was unanimous")
    assert c.speaker.name.lower().endswith("spokeswoman")  # never "spokeswoman saying ..."


def test_a_participle_after_a_reported_clause_is_the_reporting_speakers_act(run):
    """ "X said Y had been travelling ..., contradicting reports that ...": X contradicts,
    not Y; an outlet that "reported" a clause narrates, so its subject keeps the act."""
    claims = run("A senior Lebanese security official said al-Baghdadi's wife had been "
                 "travelling with her daughter, contradicting earlier reports that it was his son.")
    c = next(c for c in claims if c.cue == "contradicting")
    assert c.text == "it was his son" and c.polarity == "deny"
    assert "official" in c.speaker.name.lower()
    claims = run("Screenwriter Aaron Sorkin confirmed that Christian Bale would play the role, "
                 "saying the actor didn't need to audition.")
    assert next(c for c in claims if c.cue == "saying").speaker.name.endswith("Aaron Sorkin")
    claims = run("The Daily Mail reported that Mark Evans left his home in London, saying he "
                 "was leaving everything behind.")
    assert next(c for c in claims if c.cue == "saying").speaker.id == "mark-evans"


def test_a_participle_with_a_subject_of_its_own_speaks_for_that_subject(run):
    """ "the set of Batman v Superman: Dawn of Justice, with police spokesman Michael Woody
    saying ...": the parser hangs "saying" on the title, but Woody is its subject."""
    claims = run("The car is safe on the set of Batman v Superman: Dawn of Justice with Detroit "
                 "police spokesman Sgt. Michael Woody saying that the car had not been stolen.")
    assert next(c for c in claims if c.cue == "saying").speaker.id == "michael-woody"


def test_a_reported_clause_the_parser_hangs_elsewhere_is_still_what_the_cue_reports(run):
    """ "..., with an Iraqi official denying on Wednesday she was ...": the parser hangs the
    clause on "reports"; it is still what the official denied. A cue with an object of its
    own ("denied the report") keeps it, and the next sentence's subject is never taken."""
    c = by_text(run("There have been conflicting reports about the identity of the woman, with an "
                    "Iraqi official denying on Wednesday she was al-Baghdadi's ex wife."), "ex wife")
    assert c.text == "she was al-Baghdadi's ex wife" and c.polarity == "deny"
    assert "official" in c.speaker.name.lower()
    claims = run("The ministry denied the report. The minister resigned a day later.")
    assert all("resigned" not in c.text for c in claims)


def test_a_contracted_has_said_speaks_but_is_said_to_does_not(run):
    """ "He's also said he plans ...": the parser reads "'s said" as the passive "is said";
    with a reported clause of its own it is "has said". "He is said to be ..." and "It's
    said that ..." stay hearsay without a speaker."""
    c = by_text(run("Elon Musk spoke on Monday. He's also said he plans to build more factories."),
                "plans to build")
    assert c.speaker.name == "Elon Musk"
    assert run("Elon Musk spoke on Monday. He is said to be planning more factories.") == []
    assert run("It's said that the factory will close.") == []


def test_a_group_naming_its_members_speaks_through_the_first_one(run):
    c = by_text(run("Several newspapers, including The Guardian, reported that the minister "
                    "would resign."), "minister would resign")
    assert c.speaker.name == "The Guardian"
    c = by_text(run("Officials, including two ministers, said the talks had failed."), "talks")
    assert c.speaker.name == "Officials"


def test_reports_in_general_are_no_outlet(run):
    """ "Reports said ..." is hearsay in general, not the outlet named later in the story;
    "The Mirror reported ... The report said ..." is the Mirror's report."""
    claims = run('Reports said the club would sell Smith. A club spokesman told Reuters: '
                 '"The reports are false."')
    assert [c.speaker.name for c in claims] == ["club spokesman"]
    c = by_text(run("The Mirror reported the club would sell Smith. The report said the fee "
                    "was 20 million."), "fee")
    assert c.speaker.name.endswith("Mirror")


def test_a_count_of_speakers_speaks_as_what_it_counts(run):
    """ "a pair of reports" names nobody (reports are no speakers); "a couple of Reuters
    reporters" are the Reuters reporters; "the couple" on its own is a couple."""
    assert run("The league is considering expanding by four teams, according to a pair of "
               "reports.") == []
    c = by_text(run("A couple of Reuters reporters said the border was closed."), "border")
    assert c.speaker.name == "Reuters reporters"
    c = by_text(run("The couple said they had been married for ten years."), "married")
    assert c.speaker.name == "couple"


def test_a_folktale_or_a_legend_says_nothing_as_a_speaker(run):
    """Lore is no source: "a folktale that says ..." is part of what the paper reports."""
    c = by_text(run("Kirchner adopted the teen as part of a folktale that says the seventh son "
                    "will turn into a werewolf, the Daily News reports."), "werewolf")
    assert c.speaker.name.endswith("Daily News") and "adopted the teen" in c.text
    assert run("According to legend, the lake is bottomless.") == []


def test_a_full_stop_that_lost_its_space_still_ends_the_sentence(run):
    """ "Monday.The government said ...": two sentences, and the speaker is the government,
    not "Monday.The government"; a web address stays one word."""
    c = by_text(run("The minister resigned on Monday.The government said the talks had "
                    "failed."), "talks had failed")
    assert c.speaker.name == "government"
    c = by_text(run("The site MSNBC.website.com said the singer had died."), "singer")
    assert c.speaker.name == "MSNBC.website.com"


def test_what_anybody_might_say_is_nobodys_statement(run):
    """ "100 out of 100 people would read that and think ...", "some might say ...": no
    speaker; "people said ..." still reports what people said."""
    assert run("100 out of 100 people would read that sentence and think ESPN would be "
               "televising a panel tonight.") == []
    assert run("Some might say that spending $2.5 million on a car is too much.") == []
    assert by_text(run("Residents said that the bridge would stay closed."), "bridge").speaker


def test_a_statement_saying_something_speaks_for_whoever_issued_it(run):
    c = by_text(run("The ministry issued a statement saying the talks had failed."), "talks had failed")
    assert c.speaker.name.lower().endswith("ministry")


def test_a_document_speaks_for_whoever_issued_it(run):
    """ "a statement from X said", "a report by X found", "a report in X revealed", "X's
    statement said": X is the speaker; "the report said" names no issuer and no speaker."""
    for sentence, issuer in (
        ("A statement from the Royal Free Hospital said the patient had recovered.", "Royal Free Hospital"),
        ("“She is recovering well,” said a statement from the Royal Free Hospital.", "Royal Free Hospital"),
        ("A report by the United Nations found that the camps were overcrowded.", "United Nations"),
        ("A report on Tuesday in The Province revealed that the league will add four teams.", "Province"),
        ("The hospital's statement said the patient had recovered.", "hospital"),
    ):
        claims = run(sentence)
        assert len(claims) == 1, sentence
        assert issuer in claims[0].speaker.name and "'s" not in claims[0].speaker.name, sentence
    assert run("The report said the patient had recovered.") == []


def test_as_someone_claimed_after_a_negated_clause_is_not_their_statement(run):
    """ "She is not his wife, as officials had claimed": the officials claimed the opposite;
    "the tape is fake, as the paper reported" is the paper's."""
    claims = run("The minister said she is not the leader's wife, as officials had claimed.")
    assert [c.speaker.name for c in claims if "wife" in c.text] == ["minister"]
    c = by_text(run("The tape is fake, as the Daily Post reported on Monday."), "tape is fake")
    assert "Daily Post" in c.speaker.name


def test_a_set_off_participle_is_not_part_of_what_was_said(run):
    """ "denied that the plant would close, saying the reports were false": the denied clause
    stops at the comma, and the participle is the denier's next statement."""
    claims = run("The company denied that the plant would close, saying the reports were false.")
    assert by_text(claims, "the plant would close").text == "the plant would close"
    assert "company" in by_text(claims, "the reports were false").speaker.name.lower()
    claims = run('A Vogue source denies that there is a rodent presence in the offices, telling '
                 'Page Six: "That conversation never happened."')
    assert by_text(claims, "rodent presence").text == "there is a rodent presence in the offices"


def test_a_participle_that_modifies_a_noun_stays_in_the_clause(run):
    claims = run("Wilson said that he received the dispatch call reporting the robbery and "
                 "then turned back.")
    assert "reporting the robbery" in by_text(claims, "dispatch call").text


def test_contradicting_reports_never_points_at_the_speakers_own_words(extractor):
    """The reports an official contradicts are someone else's: the denial must not refer to
    the official's own claim in the same sentence (a self-contradiction the text never has)."""
    from streams.offline import judge_stream
    from streams.records import Article

    article = Article(id="t-own", published_at="2024-01-01T00:00:00Z",
                      body="A senior security official said the wife had been travelling with her "
                           "daughter, contradicting earlier reports that it was his son.")
    claims = extractor.extract(article)
    assert "contradicting" not in by_text(claims, "travelling with her daughter").text
    assert [a.type for a in judge_stream([(article, claims)])] == ["denial"]


def test_they_in_a_clause_that_a_group_reports_is_that_group(run):
    """ "X and Y both said that they initially felt ...": they = X and Y (one claim each);
    "officials said they believed ...": the officials. A single speaker's "they" is left to
    the pronoun resolver ("He said they believed ...": not him)."""
    claims = run("Analyst Tom Fuentes and former police officer David Klinger both said on "
                 "Wednesday that they initially felt the recording was a hoax.")
    assert {c.speaker.name for c in claims if "recording was a hoax" in c.text} == {
        "Tom Fuentes", "David Klinger"}
    claims = run("Two U.S. officials said they believed the video was authentic.")
    assert "officials" in by_text(claims, "the video was authentic").speaker.name
    claims = run("Senator Jane Smith met the rebels. She said they believed the ceasefire would hold.")
    assert all(c.speaker.name != "Jane Smith" for c in claims if "ceasefire" in c.text)
